import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { padded, wordAt } from './input';
import { EMPTY, type Precompile } from './types';

const SECP256K1_N = secp256k1.Point.CURVE().n;

/**
 * The checks ecRecover makes before recovering (FEVM spec 10.10, as Ethereum since Homestead): input
 * `hash ‖ v ‖ r ‖ s` zero-padded to 128 bytes, v a whole word equal to 27 or 28, 1 ≤ r, s < n. Returns the
 * hash and the 65-byte `r ‖ s ‖ recovery id` signature, or null when the input is not a valid request.
 */
export function ecRecoverRequest(input: Uint8Array): { hash: Uint8Array; signature: Uint8Array } | null {
  const data = padded(input, 0, 128);
  const v = wordAt(data, 32);
  const r = wordAt(data, 64);
  const s = wordAt(data, 96);
  if ((v !== 27n && v !== 28n) || r === 0n || s === 0n || r >= SECP256K1_N || s >= SECP256K1_N) return null;
  const signature = new Uint8Array(65);
  signature.set(data.subarray(64, 128));
  signature[64] = Number(v - 27n);
  return { hash: data.subarray(0, 32), signature };
}

/** The address of an uncompressed public key, left-padded to a word. */
export function addressWord(publicKey: Uint8Array, keccak: (data: Uint8Array) => Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(keccak(publicKey.subarray(1)).subarray(12), 12);
  return out;
}

/** 0x01: the signer's address; an invalid request or signature gives empty output (still a success). */
export const ecRecover: Precompile = (input) => {
  const request = ecRecoverRequest(input);
  if (request === null) return EMPTY;
  try {
    const signature = secp256k1.Signature.fromBytes(request.signature.subarray(0, 64), 'compact');
    const key = signature.addRecoveryBit(request.signature[64]!).recoverPublicKey(request.hash);
    return addressWord(key.toBytes(false), keccak_256);
  } catch {
    return EMPTY;
  }
};
