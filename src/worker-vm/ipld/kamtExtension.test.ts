import { describe, expect, it } from 'vitest';
import { bitfieldToBytes, emptyBitfield, lastSetBit, popcount, rank, setBit } from './bitfield';
import { encodeDagCbor } from './cid';
import {
  commonPrefix,
  extensionFromBits,
  joinExtensions,
  matchExtension,
  splitExtension,
} from './kamtExtension';
import { readBits } from './keyBits';

// The unit vectors of ref-fvm's ipld/kamt/src/{ext,hash_bits}.rs and ipld/hamt/src/bitfield.rs.
const key = () => {
  const bytes = new Uint8Array(32);
  bytes.set([0b10001000, 0b10010010, 0b10101010, 0b11011011, 0b11101110]);
  return bytes;
};

describe('key bits (hash_bits.rs)', () => {
  it('reads MSB first across byte boundaries, the last chunk shorter', () => {
    const bytes = new Uint8Array(32);
    bytes.set([0b10001000, 0b10101010, 0b10111111, 0b11111111]);
    expect(readBits(bytes, 0, 8)).toBe(0b10001000);
    expect(readBits(bytes, 8, 5)).toBe(0b10101);
    expect(readBits(bytes, 13, 5)).toBe(0b01010);
    expect(readBits(bytes, 18, 6)).toBe(0b111111);
    expect(readBits(bytes, 24, 8)).toBe(0b11111111);
    const last = new Uint8Array(32);
    last[31] = 1;
    expect(readBits(last, 255, 1)).toBe(1);
  });
});

describe('KAMT extensions (ext.rs)', () => {
  it('test_longest: the common prefix stops at the first differing 3-bit chunk', () => {
    const k1 = key();
    const k2 = key();
    k2[3] = 0b11010111;
    const k3 = key();
    k3[4] = 0b11111110;
    const extension = commonPrefix(k1, [k2, k3], 6, 3);
    expect(extension.bits).toBe(2 + 8 + 8 + 3);
    expect([...extension.path]).toEqual([0b00100100, 0b10101010, 0b10110000]);
    expect(matchExtension(extension, k1, 6, 3)).toBe(extension.bits);
    expect(matchExtension(extension, k1, 6 + extension.bits, 3)).toBe(0);
  });

  it('test_split: split at 20 bits, then join back', () => {
    const extension = extensionFromBits(key(), 3, 253);
    expect(extension.bits).toBe(253);
    expect(extension.path[0]).toBe(0b01000100);
    const { head, index, tail } = splitExtension(extension, 20, 3);
    expect(head.bits).toBe(20);
    expect([...head.path]).toEqual([0b01000100, 0b10010101, 0b01010000]);
    expect(index).toBe(0b011);
    expect(tail.bits).toBe(230);
    expect([tail.path[0], tail.path[1]]).toEqual([0b01101111, 0b10111000]);
    expect(joinExtensions(head, index, 3, tail)).toEqual(extension);
  });
});

describe('HAMT/KAMT bitfield (bitfield.rs)', () => {
  it('serializes as a minimal big-endian byte string', () => {
    const bitfield = emptyBitfield(8);
    expect(encodeDagCbor(bitfieldToBytes(bitfield))).toEqual(Uint8Array.of(64));
    setBit(bitfield, 0);
    expect(encodeDagCbor(bitfieldToBytes(bitfield))).toEqual(Uint8Array.of(65, 1));
    setBit(bitfield, 64);
    expect(encodeDagCbor(bitfieldToBytes(bitfield))).toEqual(Uint8Array.of(73, 1, 0, 0, 0, 0, 0, 0, 0, 1));
    setBit(bitfield, 255);
    expect([
      popcount(bitfield),
      rank(bitfield, 64),
      rank(bitfield, 65),
      rank(bitfield, 255),
      lastSetBit(bitfield),
    ]).toEqual([3, 1, 2, 2, 255]);
  });
});
