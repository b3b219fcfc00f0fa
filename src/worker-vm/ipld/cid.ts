import * as dagCbor from '@ipld/dag-cbor';
import { blake2b } from '@noble/hashes/blake2.js';
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import { malformed } from '../errors';
import { BLAKE2B_256 } from './codecs';

export { CID };

/** The FVM's CIDs: CIDv1, multihash blake2b-256 (spec 7.1). */
export function cidForBlock(codec: number, bytes: Uint8Array): CID {
  return CID.createV1(codec, Digest.create(BLAKE2B_256, blake2b(bytes, { dkLen: 32 })));
}

export function encodeDagCbor(value: unknown): Uint8Array {
  return dagCbor.encode(value);
}

/** Decodes DAG-CBOR, turning the library's errors into a typed MalformedData error. */
export function decodeDagCbor<T = unknown>(bytes: Uint8Array, what = 'block'): T {
  try {
    return dagCbor.decode<T>(bytes);
  } catch (error) {
    throw malformed(`not valid DAG-CBOR (${(error as Error).message})`, what);
  }
}

/** Parses a CID from its string form with a typed error. */
export function parseCid(text: string, where = 'CID'): CID {
  try {
    return CID.parse(text);
  } catch (error) {
    throw malformed(`"${text}" is not a CID (${(error as Error).message})`, where);
  }
}
