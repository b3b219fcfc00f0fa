/**
 * 256-bit words as `bigint`s in [0, 2^256).
 *
 * Why bigint and not limbs (measured, `npm run bench -- evm`, Node 20 on this project's 2-core machine):
 * the interpreter runs Solidity at ~30-35 ns per instruction (ray tracer, 7 M instructions in ~240 ms)
 * and is 11-21x faster than @ethereumjs/evm on the ERC-20 loops, the keccak chain and the ray tracer
 * (docs/PERFORMANCE.md), above the 5x goal; the keccak chain was the one row below it (~4x) until
 * hashing moved to hash-wasm's Keccak, which limbs would not have changed. So the simpler representation
 * stays (the "without per-opcode allocation where possible": results that are not small values
 * allocate a bigint).
 * Conversions to and from bytes are the hot spots; they go through a DataView in 64-bit chunks, with
 * fast paths for small values (pointers, lengths, booleans).
 */

export const WORD_BITS = 256;
export const MAX_WORD = (1n << 256n) - 1n;
export const SIGN_BIT = 1n << 255n;
export const ADDRESS_MASK = (1n << 160n) - 1n;
export const U32_MAX = 0xffffffffn;

export const toSigned = (value: bigint): bigint => BigInt.asIntN(256, value);
export const toUnsigned = (value: bigint): bigint => BigInt.asUintN(256, value);

/** Reads a big-endian word from 32 bytes at `offset` of a view (the caller guarantees the bounds). */
export function readWord(view: DataView, offset: number): bigint {
  // Most words read from memory are small (pointers, lengths): skip bigint shifts when the top is zero.
  if (
    view.getUint32(offset) === 0 &&
    view.getUint32(offset + 4) === 0 &&
    view.getUint32(offset + 8) === 0 &&
    view.getUint32(offset + 12) === 0 &&
    view.getUint32(offset + 16) === 0 &&
    view.getUint32(offset + 20) === 0
  ) {
    return view.getBigUint64(offset + 24);
  }
  return (
    (view.getBigUint64(offset) << 192n) |
    (view.getBigUint64(offset + 8) << 128n) |
    (view.getBigUint64(offset + 16) << 64n) |
    view.getBigUint64(offset + 24)
  );
}

/** Writes `value` as 32 big-endian bytes at `offset` of a view (the caller guarantees the bounds). */
export function writeWord(view: DataView, offset: number, value: bigint): void {
  if (value <= 0xffffffffffffffffn) {
    view.setBigUint64(offset, 0n);
    view.setBigUint64(offset + 8, 0n);
    view.setBigUint64(offset + 16, 0n);
    view.setBigUint64(offset + 24, value);
    return;
  }
  view.setBigUint64(offset, value >> 192n);
  view.setBigUint64(offset + 8, BigInt.asUintN(64, value >> 128n));
  view.setBigUint64(offset + 16, BigInt.asUintN(64, value >> 64n));
  view.setBigUint64(offset + 24, BigInt.asUintN(64, value));
}

/** Big-endian bytes (any length up to 32, e.g. PUSH data or a hash) to a word. */
export function bytesToWord(bytes: Uint8Array, start = 0, length = bytes.length - start): bigint {
  // Up to 6 bytes fit a double exactly: one BigInt() call.
  if (length <= 6) {
    let n = 0;
    for (let i = 0; i < length; i++) n = n * 256 + bytes[start + i]!;
    return BigInt(n);
  }
  let result = 0n;
  let i = 0;
  const head = length % 6;
  if (head > 0) {
    let n = 0;
    for (; i < head; i++) n = n * 256 + bytes[start + i]!;
    result = BigInt(n);
  }
  for (; i < length; i += 6) {
    const p = start + i;
    const n =
      bytes[p]! * 0x10000000000 +
      bytes[p + 1]! * 0x100000000 +
      (((bytes[p + 2]! << 24) | (bytes[p + 3]! << 16) | (bytes[p + 4]! << 8) | bytes[p + 5]!) >>> 0);
    result = (result << 48n) | BigInt(n);
  }
  return result;
}

/** A word as 32 big-endian bytes. */
export function wordToBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  writeWord(new DataView(out.buffer), 0, value);
  return out;
}

/** An address word as 20 big-endian bytes. */
export function addressToBytes(address: bigint): Uint8Array {
  return wordToBytes(address & ADDRESS_MASK).subarray(12);
}

/** Number of significant bits (0 for 0). */
export function bitLength(value: bigint): number {
  if (value === 0n) return 0;
  let bits = 0;
  let v = value;
  while (v > 0xffffffffn) {
    v >>= 32n;
    bits += 32;
  }
  return bits + 32 - Math.clz32(Number(v));
}

export const wordToHex = (value: bigint): string => `0x${value.toString(16).padStart(64, '0')}`;
export const addressToHex = (address: bigint): string => `0x${address.toString(16).padStart(40, '0')}`;
