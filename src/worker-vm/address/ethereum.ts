import { invalidInput } from '../errors';
import { bytesToHex, hexToBytes } from '../util/bytes';
import { Address, Protocol } from './address';

/** The EAM's actor ID: f410 addresses live in its namespace (spec 8.3). */
export const EAM_ACTOR_ID = 10n;
export const ETH_ADDRESS_LENGTH = 20;

/** A 20-byte Ethereum address. */
export type EthAddress = Uint8Array;

/** Masked ID address: 0xff ‖ 11 zero bytes ‖ u64 big-endian id (spec 8.3). */
export function isMaskedId(eth: EthAddress): boolean {
  if (eth.length !== ETH_ADDRESS_LENGTH || eth[0] !== 0xff) return false;
  for (let i = 1; i < 12; i++) if (eth[i] !== 0) return false;
  return true;
}

export function maskedIdAddress(id: bigint): EthAddress {
  const out = new Uint8Array(ETH_ADDRESS_LENGTH);
  out[0] = 0xff;
  new DataView(out.buffer).setBigUint64(12, id);
  return out;
}

export function idFromMaskedId(eth: EthAddress): bigint {
  return new DataView(eth.buffer, eth.byteOffset, eth.byteLength).getBigUint64(12);
}

/** Reserved precompile range: 0x00…00XX or 0xfe00…00XX with XX > 0, plus 0x…0100 (spec 8.3, 10.10). */
export function isPrecompileAddress(eth: EthAddress): boolean {
  if (eth.length !== ETH_ADDRESS_LENGTH) return false;
  const first = eth[0];
  if (first !== 0x00 && first !== 0xfe) return false;
  for (let i = 1; i < 18; i++) if (eth[i] !== 0) return false;
  if (eth[18] === 0 && eth[19]! > 0) return true;
  return first === 0x00 && eth[18] === 0x01 && eth[19] === 0x00;
}

export function isNullEthAddress(eth: EthAddress): boolean {
  return eth.every((byte) => byte === 0);
}

/**
 * The Filecoin address an Ethereum address stands for: a masked ID maps to f0, anything else to f410.
 */
export function ethToFilecoin(eth: EthAddress): Address {
  if (eth.length !== ETH_ADDRESS_LENGTH)
    throw invalidInput(`an Ethereum address has 20 bytes, not ${eth.length}`);
  return isMaskedId(eth) ? Address.newId(idFromMaskedId(eth)) : Address.newDelegated(EAM_ACTOR_ID, eth);
}

/** The 20-byte subaddress of an f410 address, or undefined for any other address. */
export function f410Subaddress(address: Address): EthAddress | undefined {
  if (address.protocol !== Protocol.Delegated || address.namespace !== EAM_ACTOR_ID) return undefined;
  const sub = address.subaddress;
  return sub.length === ETH_ADDRESS_LENGTH ? sub : undefined;
}

/** Parses `0x` + 40 hex digits (any case). */
export function parseEthAddress(text: string): EthAddress {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw invalidInput(`"${text}" is not an Ethereum address (0x followed by 40 hex digits)`);
  }
  return hexToBytes(text.slice(2));
}

export function formatEthAddress(eth: EthAddress): string {
  return `0x${bytesToHex(eth)}`;
}
