import { malformed } from '../errors';

/**
 * The occupancy bitmap of a HAMT/KAMT node: bit i set means slot i holds a pointer. Kept as 32-bit
 * words, least significant first, sized for the node's 2^bitWidth slots. On the wire it is the
 * bitmap read as a big-endian integer with leading zero bytes stripped (empty when no bit is set).
 */
export type Bitfield = Uint32Array;

export function emptyBitfield(bitWidth: number): Bitfield {
  return new Uint32Array(Math.max(1, (1 << bitWidth) >>> 5));
}

export function testBit(bitfield: Bitfield, index: number): boolean {
  return ((bitfield[index >>> 5]! >>> (index & 31)) & 1) === 1;
}

export function setBit(bitfield: Bitfield, index: number): void {
  bitfield[index >>> 5] = bitfield[index >>> 5]! | (1 << (index & 31));
}

export function clearBit(bitfield: Bitfield, index: number): void {
  bitfield[index >>> 5] = bitfield[index >>> 5]! & ~(1 << (index & 31));
}

function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** How many slots below `index` are occupied: the position of slot `index` in the pointer array. */
export function rank(bitfield: Bitfield, index: number): number {
  const word = index >>> 5;
  let count = 0;
  for (let i = 0; i < word; i++) count += popcount32(bitfield[i]!);
  const bit = index & 31;
  return bit === 0 ? count : count + popcount32(bitfield[word]! & (0xffffffff >>> (32 - bit)));
}

export function popcount(bitfield: Bitfield): number {
  let count = 0;
  for (const word of bitfield) count += popcount32(word);
  return count;
}

/** The highest set slot, or -1 when none is set. */
export function lastSetBit(bitfield: Bitfield): number {
  for (let word = bitfield.length - 1; word >= 0; word--) {
    const value = bitfield[word]!;
    if (value !== 0) return word * 32 + 31 - Math.clz32(value);
  }
  return -1;
}

export function bitfieldToBytes(bitfield: Bitfield): Uint8Array {
  const bytes = new Uint8Array(bitfield.length * 4);
  for (let word = 0; word < bitfield.length; word++) {
    const value = bitfield[word]!;
    const at = bytes.length - 4 * (word + 1);
    bytes[at] = value >>> 24;
    bytes[at + 1] = (value >>> 16) & 0xff;
    bytes[at + 2] = (value >>> 8) & 0xff;
    bytes[at + 3] = value & 0xff;
  }
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/**
 * Reads a wire bitfield. Leading zero bytes are accepted (Rust accepts them), but a bitfield wider
 * than 256 bits or with bits beyond the node's 2^bitWidth slots is rejected: no writer produces one
 * and no lookup could reach the pointers such bits would claim.
 */
export function bitfieldFromBytes(bytes: Uint8Array, bitWidth: number, where: () => string): Bitfield {
  if (bytes.length > 32) throw malformed(`bitfield of ${bytes.length} bytes is wider than 256 bits`, where());
  const slots = 1 << bitWidth;
  const bitfield = emptyBitfield(bitWidth);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[bytes.length - 1 - i]!;
    if (byte === 0) continue;
    if (i * 8 + 31 - Math.clz32(byte) >= slots) {
      throw malformed(
        `bitfield sets bits beyond the ${slots} slots of a node with bit width ${bitWidth}`,
        where(),
      );
    }
    const word = i >>> 2;
    bitfield[word] = bitfield[word]! | (byte << ((i & 3) * 8));
  }
  return bitfield;
}
