// Filecoin addresses in binary form (spec 8.1): a protocol byte and a payload. IDs are LEB128 varints; an
// f410 address is a delegated address in namespace 10 (the EAM) over a 20-byte Ethereum address.
import { abort, check, ErrorNumber, ExitCode } from "./errors";
import {
  actor_get_actor_code_cid,
  actor_lookup_delegated_address,
  actor_resolve_address,
  SCRATCH,
} from "./sys";

export namespace Protocol {
  export const ID: u8 = 0;
  export const SECP256K1: u8 = 1;
  export const ACTOR: u8 = 2;
  export const BLS: u8 = 3;
  export const DELEGATED: u8 = 4;
}

/** The namespace of f410 addresses: the Ethereum Address Manager's actor ID. */
export const EAM_NAMESPACE: u64 = 10;

/** The longest binary address (a delegated one). */
export const MAX_ADDRESS_LENGTH: u32 = 65;

function leb128(value: u64): Uint8Array {
  const out = new Uint8Array(10);
  let length = 0;
  do {
    let byte = <u8>(value & 0x7f);
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out[length++] = byte;
  } while (value != 0);
  return out.slice(0, length);
}

/** The ID address f0`id`. */
export function idAddress(id: u64): Uint8Array {
  const payload = leb128(id);
  const out = new Uint8Array(payload.length + 1);
  out[0] = Protocol.ID;
  out.set(payload, 1);
  return out;
}

/** A delegated address f4`namespace`f… over `subaddress`. */
export function delegatedAddress(namespace: u64, subaddress: Uint8Array): Uint8Array {
  const prefix = leb128(namespace);
  const out = new Uint8Array(1 + prefix.length + subaddress.length);
  out[0] = Protocol.DELEGATED;
  out.set(prefix, 1);
  out.set(subaddress, 1 + prefix.length);
  return out;
}

/** The f410 address of a 20-byte Ethereum address. */
export function f410Address(ethAddress: Uint8Array): Uint8Array {
  if (ethAddress.length != 20) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "an Ethereum address has 20 bytes");
  return delegatedAddress(EAM_NAMESPACE, ethAddress);
}

/** The Ethereum form of an actor ID without an f410 address: 0xff, 11 zero bytes, the ID big-endian. */
export function maskedIdEthAddress(id: u64): Uint8Array {
  const out = new Uint8Array(20);
  out[0] = 0xff;
  for (let i = 0; i < 8; i++) out[12 + i] = <u8>(id >> (<u64>(7 - i) * 8));
  return out;
}

/** The actor ID in an ID address, or -1 when `address` is not one. */
export function idOf(address: Uint8Array): i64 {
  if (address.length < 2 || address[0] != Protocol.ID) return -1;
  let value: u64 = 0;
  let shift: u64 = 0;
  for (let i = 1; i < address.length; i++) {
    const byte = address[i];
    if (shift == 63 && byte > 1) return -1;
    value |= (<u64>(byte & 0x7f)) << shift;
    if ((byte & 0x80) == 0) return i == address.length - 1 ? <i64>value : -1;
    shift += 7;
    if (shift > 63) return -1;
  }
  return -1;
}

/**
 * The actor ID an address refers to, or -1 when no actor has it. An ID address resolves to its ID whether or
 * not that actor exists (as in the FVM); `actorExists` tells.
 */
export function resolveAddress(address: Uint8Array): i64 {
  const errno = actor_resolve_address(SCRATCH, address.dataStart, <u32>address.length);
  if (errno == ErrorNumber.NotFound) return -1;
  if (errno == ErrorNumber.IllegalArgument) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "not a valid address");
  check(errno, "actor.resolve_address");
  return load<i64>(SCRATCH);
}

/** The code CID of actor `id`, or null when there is no such actor. */
export function actorCodeCid(id: u64): Uint8Array | null {
  const buffer = new Uint8Array(100);
  const errno = actor_get_actor_code_cid(SCRATCH, id, buffer.dataStart, 100);
  if (errno == ErrorNumber.NotFound) return null;
  check(errno, "actor.get_actor_code_cid");
  return buffer.slice(0, <i32>load<u32>(SCRATCH));
}

/** True when actor `id` exists. */
export function actorExists(id: u64): bool {
  return actorCodeCid(id) !== null;
}

/** The actor's f4 address, or null when it has none (or does not exist). */
export function lookupDelegatedAddress(id: u64): Uint8Array | null {
  const buffer = new Uint8Array(<i32>MAX_ADDRESS_LENGTH);
  const errno = actor_lookup_delegated_address(SCRATCH, id, buffer.dataStart, MAX_ADDRESS_LENGTH);
  if (errno == ErrorNumber.NotFound) return null;
  check(errno, "actor.lookup_delegated_address");
  const length = load<u32>(SCRATCH);
  if (length == 0) return null;
  return buffer.slice(0, <i32>length);
}

/**
 * The Ethereum address the EVM sees for an actor: its f410 subaddress, or the masked ID when it has none
 * (as the EVM's `resolve_ethereum_address` does, spec 8.3).
 */
export function ethAddressOf(id: u64): Uint8Array {
  const delegated = lookupDelegatedAddress(id);
  if (delegated !== null && delegated.length == 22 && delegated[0] == Protocol.DELEGATED && delegated[1] == 10) {
    return delegated.slice(2);
  }
  return maskedIdEthAddress(id);
}

/** "f0…" for an ID address; other protocols as "f<protocol>:0x<payload hex>" (their checksums need blake2b-32). */
export function addressToString(address: Uint8Array): string {
  const id = idOf(address);
  if (id >= 0) return "f0" + id.toString();
  if (address.length == 0) return "(empty address)";
  return "f" + address[0].toString() + ":0x" + toHex(address.slice(1));
}

/** Lowercase hex of some bytes (no prefix). */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out += String.fromCharCode(hexDigit(b >> 4)) + String.fromCharCode(hexDigit(b & 15));
  }
  return out;
}

function hexDigit(n: u8): i32 {
  return n < 10 ? 48 + n : 87 + n;
}
