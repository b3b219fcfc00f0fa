/**
 * Reading precompile input the EVM way: the input behaves as if followed by infinitely many zeros
 * (builtin-actors' `ValueReader`, geth's `getData`).
 */

/** `length` bytes at `offset`, zero-padded past the end. */
export function padded(input: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (offset < input.length) out.set(input.subarray(offset, Math.min(input.length, offset + length)));
  return out;
}

/** A big-endian unsigned integer of any length. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  let i = 0;
  // Eight bytes at a time keeps long moduli (modexp) from costing a bigint operation per byte.
  for (; i + 8 <= bytes.length; i += 8) {
    let chunk = 0n;
    for (let j = 0; j < 8; j++) chunk = (chunk << 8n) | BigInt(bytes[i + j]!);
    value = (value << 64n) | chunk;
  }
  for (; i < bytes.length; i++) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/** The 32-byte big-endian word at `offset` (zero-padded). */
export const wordAt = (input: Uint8Array, offset: number): bigint => bytesToBigInt(padded(input, offset, 32));

/** `value` as `length` big-endian bytes (the low bytes when it does not fit). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0 && rest > 0n; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}
