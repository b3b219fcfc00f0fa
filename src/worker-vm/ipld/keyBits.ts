/**
 * Reading a hashed key as a path: `count` bits (1..8) starting at bit `offset`, most significant bit
 * first, exactly as the HAMT/KAMT `HashBits` do. The caller keeps the offset in range.
 */
export function readBits(bytes: Uint8Array, offset: number, count: number): number {
  const byteIndex = offset >>> 3;
  const window = (bytes[byteIndex]! << 8) | (bytes[byteIndex + 1] ?? 0);
  return (window >>> (16 - (offset & 7) - count)) & ((1 << count) - 1);
}

/** Writes the low `count` bits (1..8) of `value` at bit `offset`, MSB first, into zeroed space. */
export function writeBits(bytes: Uint8Array, offset: number, value: number, count: number): void {
  const byteIndex = offset >>> 3;
  const shifted = (value & ((1 << count) - 1)) << (16 - (offset & 7) - count);
  bytes[byteIndex] = bytes[byteIndex]! | (shifted >>> 8);
  if (byteIndex + 1 < bytes.length) bytes[byteIndex + 1] = bytes[byteIndex + 1]! | (shifted & 0xff);
}
