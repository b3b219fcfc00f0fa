import { blake2b } from '@noble/hashes/blake2.js';
import { base32 } from 'multiformats/bases/base32';
import { invalidInput } from '../errors';
import { concatBytes as concat, equalBytes } from '../util/bytes';
import { decodeUvarint, encodeUvarint } from './leb128';

/** Address protocols (spec 8.1). */
export const Protocol = { ID: 0, Secp256k1: 1, Actor: 2, BLS: 3, Delegated: 4 } as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

export type Network = 'f' | 't';

export const PAYLOAD_HASH_LENGTH = 20;
export const SECP_PUBLIC_KEY_LENGTH = 65;
export const BLS_PUBLIC_KEY_LENGTH = 48;
export const MAX_SUBADDRESS_LENGTH = 54;
export const CHECKSUM_LENGTH = 4;
export const MAX_ADDRESS_STRING_LENGTH = 138;
const MAX_U64 = 0xffff_ffff_ffff_ffffn;

/**
 * A Filecoin address, kept in its binary form (protocol byte ‖ payload), which is what CBOR, the Init
 * actor's map and syscalls use. Immutable; build one with the `Address.*` constructors or parse one.
 */
export class Address {
  /** Binary form: protocol byte followed by the payload. */
  readonly bytes: Uint8Array;
  private cachedKey: string | undefined;

  private constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  get protocol(): Protocol {
    return this.bytes[0] as Protocol;
  }

  get payload(): Uint8Array {
    return this.bytes.subarray(1);
  }

  /** The actor ID of an f0 address. */
  get id(): bigint {
    if (this.protocol !== Protocol.ID) throw invalidInput(`${this} is not an ID address`);
    return decodeUvarint(this.bytes, 1).value;
  }

  /** Namespace (an actor ID) of an f4 address. */
  get namespace(): bigint {
    if (this.protocol !== Protocol.Delegated) throw invalidInput(`${this} is not a delegated address`);
    return decodeUvarint(this.bytes, 1).value;
  }

  /** Subaddress of an f4 address (for f410, the 20-byte Ethereum address). */
  get subaddress(): Uint8Array {
    if (this.protocol !== Protocol.Delegated) throw invalidInput(`${this} is not a delegated address`);
    return this.bytes.subarray(1 + decodeUvarint(this.bytes, 1).length);
  }

  /** A string usable as a Map key (the binary form, one char per byte). */
  get key(): string {
    this.cachedKey ??= String.fromCharCode(...this.bytes);
    return this.cachedKey;
  }

  equals(other: Address): boolean {
    return this.key === other.key;
  }

  toString(network: Network = 'f'): string {
    const protocol = this.protocol;
    if (protocol === Protocol.ID) return `${network}0${this.id}`;
    if (protocol === Protocol.Delegated) {
      const sub = this.subaddress;
      return `${network}4${this.namespace}f${base32.baseEncode(concat(sub, checksum(this.bytes)))}`;
    }
    return `${network}${protocol}${base32.baseEncode(concat(this.payload, checksum(this.bytes)))}`;
  }

  toJSON(): string {
    return this.toString();
  }

  static newId(id: bigint | number): Address {
    return new Address(concat(Uint8Array.of(Protocol.ID), encodeUvarint(BigInt(id))));
  }

  /** f1 from a 65-byte uncompressed secp256k1 public key. */
  static newSecp256k1(publicKey: Uint8Array): Address {
    if (publicKey.length !== SECP_PUBLIC_KEY_LENGTH) {
      throw invalidInput(
        `a secp256k1 public key has ${SECP_PUBLIC_KEY_LENGTH} bytes, not ${publicKey.length}`,
      );
    }
    return new Address(concat(Uint8Array.of(Protocol.Secp256k1), addressHash(publicKey)));
  }

  /** f2 from arbitrary data (hashed). */
  static newActor(data: Uint8Array): Address {
    return new Address(concat(Uint8Array.of(Protocol.Actor), addressHash(data)));
  }

  static newBls(publicKey: Uint8Array): Address {
    if (publicKey.length !== BLS_PUBLIC_KEY_LENGTH) {
      throw invalidInput(`a BLS public key has ${BLS_PUBLIC_KEY_LENGTH} bytes, not ${publicKey.length}`);
    }
    return new Address(concat(Uint8Array.of(Protocol.BLS), publicKey));
  }

  static newDelegated(namespace: bigint | number, subaddress: Uint8Array): Address {
    if (subaddress.length > MAX_SUBADDRESS_LENGTH) {
      throw invalidInput(
        `a delegated subaddress has at most ${MAX_SUBADDRESS_LENGTH} bytes, not ${subaddress.length}`,
      );
    }
    return new Address(
      concat(Uint8Array.of(Protocol.Delegated), encodeUvarint(BigInt(namespace)), subaddress),
    );
  }

  /** Parses the binary form with the FVM's length rules (spec 8.1). */
  static fromBytes(bytes: Uint8Array): Address {
    if (bytes.length < 2) throw invalidInput(`an address has at least 2 bytes, not ${bytes.length}`);
    const protocol = bytes[0]!;
    const payloadLength = bytes.length - 1;
    switch (protocol) {
      case Protocol.ID: {
        const { length } = decodeUvarint(bytes, 1);
        if (length !== payloadLength) throw invalidInput('ID address has bytes after its varint');
        break;
      }
      case Protocol.Secp256k1:
      case Protocol.Actor:
        if (payloadLength !== PAYLOAD_HASH_LENGTH) {
          throw invalidInput(
            `f${protocol} address payload has ${PAYLOAD_HASH_LENGTH} bytes, not ${payloadLength}`,
          );
        }
        break;
      case Protocol.BLS:
        if (payloadLength !== BLS_PUBLIC_KEY_LENGTH) {
          throw invalidInput(`f3 address payload has ${BLS_PUBLIC_KEY_LENGTH} bytes, not ${payloadLength}`);
        }
        break;
      case Protocol.Delegated: {
        const { length } = decodeUvarint(bytes, 1);
        if (payloadLength - length > MAX_SUBADDRESS_LENGTH) {
          throw invalidInput(`a delegated subaddress has at most ${MAX_SUBADDRESS_LENGTH} bytes`);
        }
        break;
      }
      default:
        throw invalidInput(`unknown address protocol ${protocol}`);
    }
    return new Address(bytes.slice());
  }

  /** Parses `f…`/`t…` strings, checking the checksum (spec 8.2). */
  static fromString(text: string): Address {
    return parseAddressString(text).address;
  }
}

/** Parses an address string and also reports its network prefix. */
export function parseAddressString(text: string): { address: Address; network: Network } {
  const fail = (why: string) => invalidInput(`"${text}" is not a Filecoin address: ${why}`);
  if (text.length < 3 || text.length > MAX_ADDRESS_STRING_LENGTH) throw fail('wrong length');
  const network = text[0];
  if (network !== 'f' && network !== 't') throw fail('it must start with f (mainnet) or t (testnet)');
  const protocol = text[1];
  const raw = text.slice(2);
  switch (protocol) {
    case '0': {
      if (raw.length > 20) throw fail('an ID has at most 20 digits');
      return { address: Address.newId(parseU64(raw, fail)), network };
    }
    case '1':
    case '2':
    case '3': {
      const decoded = decodeBase32(raw, fail);
      if (decoded.length < CHECKSUM_LENGTH) throw fail('too short');
      const payload = decoded.subarray(0, decoded.length - CHECKSUM_LENGTH);
      const expectedLength = protocol === '3' ? BLS_PUBLIC_KEY_LENGTH : PAYLOAD_HASH_LENGTH;
      if (payload.length !== expectedLength) throw fail(`payload must have ${expectedLength} bytes`);
      const bytes = concat(Uint8Array.of(Number(protocol)), payload);
      if (!equalBytes(checksum(bytes), decoded.subarray(payload.length))) throw fail('bad checksum');
      return { address: Address.fromBytes(bytes), network };
    }
    case '4': {
      const separator = raw.indexOf('f');
      if (separator <= 0) throw fail('an f4 address is f4<namespace>f<subaddress>');
      const namespace = parseU64(raw.slice(0, separator), fail);
      const decoded = decodeBase32(raw.slice(separator + 1), fail);
      if (decoded.length < CHECKSUM_LENGTH) throw fail('too short');
      const sub = decoded.subarray(0, decoded.length - CHECKSUM_LENGTH);
      if (sub.length > MAX_SUBADDRESS_LENGTH)
        throw fail(`subaddress longer than ${MAX_SUBADDRESS_LENGTH} bytes`);
      const address = Address.newDelegated(namespace, sub);
      if (!equalBytes(checksum(address.bytes), decoded.subarray(sub.length))) throw fail('bad checksum');
      return { address, network };
    }
    default:
      throw fail(`unknown protocol "${protocol}"`);
  }
}

function parseU64(digits: string, fail: (why: string) => Error): bigint {
  if (!/^[0-9]{1,20}$/.test(digits)) throw fail(`"${digits}" is not a decimal number`);
  const value = BigInt(digits);
  if (value > MAX_U64) throw fail(`${digits} does not fit in 64 bits`);
  return value;
}

function decodeBase32(text: string, fail: (why: string) => Error): Uint8Array {
  if (!/^[a-z2-7]*$/.test(text)) throw fail('payload is not lowercase base32');
  try {
    return base32.baseDecode(text);
  } catch {
    throw fail('payload is not valid base32');
  }
}

/** 4-byte blake2b checksum of the binary address (spec 8.2). */
export function checksum(addressBytes: Uint8Array): Uint8Array {
  return blake2b(addressBytes, { dkLen: CHECKSUM_LENGTH });
}

function addressHash(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: PAYLOAD_HASH_LENGTH });
}
