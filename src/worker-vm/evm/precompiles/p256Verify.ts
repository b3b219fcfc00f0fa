import { p256 } from '@noble/curves/nist.js';
import { bytesToBigInt } from './input';
import { EMPTY, type Precompile } from './types';

const N = p256.Point.Fn.ORDER;
const P = p256.Point.Fp.ORDER;

/**
 * 0x0100 P256VERIFY (RIP-7212 / EIP-7951, FIP-0113): input exactly 160 bytes, hash ‖ r ‖ s ‖ x ‖ y. A
 * valid secp256r1 signature of the (already hashed) message gives the word 1; anything else — wrong
 * length, r or s outside [1, n), a public key off the curve or at infinity — gives empty output. It never
 * fails the call. High-s signatures are valid (no malleability rule), as in the Rust `p256` crate.
 */
export const p256Verify: Precompile = (input) => {
  if (input.length !== 160) return EMPTY;
  const r = bytesToBigInt(input.subarray(32, 64));
  const s = bytesToBigInt(input.subarray(64, 96));
  const x = bytesToBigInt(input.subarray(96, 128));
  const y = bytesToBigInt(input.subarray(128, 160));
  if (r === 0n || r >= N || s === 0n || s >= N || x >= P || y >= P) return EMPTY;
  try {
    const key = p256.Point.fromAffine({ x, y });
    key.assertValidity();
    const valid = p256.verify(input.subarray(32, 96), input.subarray(0, 32), key.toBytes(false), {
      prehash: false,
      lowS: false,
    });
    if (!valid) return EMPTY;
  } catch {
    return EMPTY;
  }
  const out = new Uint8Array(32);
  out[31] = 1;
  return out;
};
