import { checksumAddress, isAddress } from 'viem';
import { type Address, Protocol, parseAddressString } from '../../address/address';
import { EAM_ACTOR_ID, f410Subaddress, formatEthAddress, maskedIdAddress } from '../../address/ethereum';
import { invalidInput } from '../../errors';
import { bytesToHex } from '../../util/bytes';

/** Looks an address up in the state tree: its actor ID, or undefined when no actor has it. */
export type ActorResolver = (address: Address) => number | undefined;

/** An address a user typed: an Ethereum `0x…` address, or a Filecoin address (f0–f4 or t0–t4). */
export type TypedAddress = { kind: 'eth'; eth: `0x${string}` } | { kind: 'filecoin'; address: Address };

/** Parses address text without looking anything up. Throws InvalidInput saying which forms work. */
export function parseTypedAddress(text: string, where: string): TypedAddress {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw invalidInput('an address is required', where);
  if (/^0x/i.test(trimmed)) {
    const hex = `0x${trimmed.slice(2)}`;
    if (!/^0x[0-9a-fA-F]{40}$/.test(hex))
      throw invalidInput('an Ethereum address is 0x followed by 40 hex digits', where);
    if (!isAddress(hex)) throw invalidInput('the mixed-case checksum (EIP-55) is wrong', where);
    return { kind: 'eth', eth: hex.toLowerCase() as `0x${string}` };
  }
  if (/^[ft][0-4]/.test(trimmed)) {
    try {
      return { kind: 'filecoin', address: parseAddressString(trimmed).address };
    } catch (error) {
      throw invalidInput(error instanceof Error ? error.message : String(error), where);
    }
  }
  throw invalidInput('not an address: use f0…, f1…, f2…, f3…, f4… (or t…) or 0x…', where);
}

/**
 * The 20-byte Ethereum form an ABI `address` needs: 0x as typed; f410 → its Ethereum address; f0 → the
 * masked ID `0xff00…id`; f1/f2/f3 (and f4 outside the EAM) → the masked ID of the actor they resolve to,
 * which needs `resolve` (without it, undefined: the form is right but the value is not known yet).
 */
export function ethAddressArg(
  typed: TypedAddress,
  where: string,
  resolve: ActorResolver | undefined,
): `0x${string}` | undefined {
  if (typed.kind === 'eth') return checksumAddress(typed.eth);
  const address = typed.address;
  const sub = f410Subaddress(address);
  if (sub) return checksumAddress(formatEthAddress(sub) as `0x${string}`);
  if (address.protocol === Protocol.ID) return maskedId(address.id);
  if (address.protocol === Protocol.Delegated && address.namespace === EAM_ACTOR_ID)
    throw invalidInput('an f410 address carries exactly 20 bytes', where);
  if (!resolve) return undefined;
  const id = resolve(address);
  if (id === undefined)
    throw invalidInput(
      `${address} has no actor yet, so it has no Ethereum form; send it FIL first (or use its f0/0x address)`,
      where,
    );
  return maskedId(BigInt(id));
}

/** An actor ID for `CommonTypes.FilActorId` (uint64) parameters: f0 directly, other forms resolved. */
export function actorIdArg(typed: TypedAddress, where: string, resolve: ActorResolver | undefined) {
  if (typed.kind === 'filecoin' && typed.address.protocol === Protocol.ID) return typed.address.id;
  if (!resolve) return undefined;
  const address = typed.kind === 'filecoin' ? typed.address : undefined;
  if (!address)
    throw invalidInput('an actor ID is an f0… address (or another Filecoin address of an actor)', where);
  const id = resolve(address);
  if (id === undefined) throw invalidInput(`${address} is not an actor in this state`, where);
  return BigInt(id);
}

/** The binary Filecoin address for `CommonTypes.FilAddress.data` (bytes). */
export function filAddressBytesArg(typed: TypedAddress, where: string): `0x${string}` {
  if (typed.kind === 'eth')
    throw invalidInput('FilAddress takes a Filecoin address (f0…–f4…); write an f410 address for 0x', where);
  return `0x${bytesToHex(typed.address.bytes)}`;
}

const maskedId = (id: bigint) => checksumAddress(formatEthAddress(maskedIdAddress(id)) as `0x${string}`);
