import { invalidInput } from '../errors';

/** Unsigned LEB128 of a u64 (the payload of ID addresses and the namespace of f4 addresses). */
export function encodeUvarint(value: bigint): Uint8Array {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw invalidInput(`${value} is not a u64`);
  const out: number[] = [];
  let rest = value;
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest !== 0n) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0n);
  return Uint8Array.from(out);
}

/**
 * Reads an unsigned LEB128 u64 at `offset`: at most 10 bytes, minimal encoding (no trailing zero
 * group), no overflow. Returns the value and the number of bytes read.
 */
export function decodeUvarint(bytes: Uint8Array, offset = 0): { value: bigint; length: number } {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw invalidInput('unsigned varint is truncated');
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > 0) throw invalidInput('unsigned varint is not minimally encoded');
      if (value > 0xffff_ffff_ffff_ffffn) throw invalidInput('unsigned varint overflows u64');
      return { value, length: i + 1 };
    }
  }
  throw invalidInput('unsigned varint is longer than 10 bytes');
}
