import { keccak_256, sha3_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropFastKeccak,
  keccak256,
  keccak256Into,
  keccak256Word,
  keccakEngine,
  loadFastKeccak,
} from './keccak';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const toBigInt = (bytes: Uint8Array) => BigInt(`0x${hex(bytes)}`);

/** Deterministic, non-repeating bytes so no length's input is a prefix pattern of another's. */
function patternBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

// Both engines must give noble's keccak_256 digests: the fallback is noble itself, the fast one hash-wasm.
describe.each(['@noble/hashes', 'hash-wasm'] as const)('keccak256 with %s', (engine) => {
  beforeAll(async () => {
    if (engine === 'hash-wasm') await loadFastKeccak();
    else dropFastKeccak();
    expect(keccakEngine()).toBe(engine);
  });
  afterAll(() => dropFastKeccak());

  it('matches the known vectors: empty input and "abc"', () => {
    expect(hex(keccak256(new Uint8Array(0)))).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(hex(keccak256(new TextEncoder().encode('abc')))).toBe(
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
  });

  it('uses Keccak padding (0x01), not SHA-3 (0x06)', () => {
    const data = patternBytes(64, 7);
    expect(hex(keccak256(data))).not.toBe(hex(sha3_256(data)));
  });

  it('matches @noble keccak_256 for every length 0..600, in all three forms', () => {
    const out = new Uint8Array(40);
    for (let length = 0; length <= 600; length++) {
      const data = patternBytes(length, length);
      const expected = keccak_256(data);
      expect(hex(keccak256(data)), `length ${length}`).toBe(hex(expected));
      out.fill(0xee);
      keccak256Into(data, out, 5);
      expect(hex(out.subarray(5, 37)), `into, length ${length}`).toBe(hex(expected));
      // Bytes around the digest are untouched.
      expect([...out.subarray(0, 5), ...out.subarray(37)]).toEqual(Array(8).fill(0xee));
      expect(keccak256Word(data), `word, length ${length}`).toBe(toBigInt(expected));
    }
  });

  it('hashes a sub-range of a larger buffer (start/end), at and around multiples of the 136-byte rate', () => {
    const buffer = patternBytes(700, 99);
    const out = new Uint8Array(32);
    for (const length of [0, 1, 3, 4, 5, 131, 132, 133, 134, 135, 136, 137, 271, 272, 273, 408, 544]) {
      for (const start of [0, 1, 2, 3, 17]) {
        const expected = keccak_256(buffer.subarray(start, start + length));
        keccak256Into(buffer, out, 0, start, start + length);
        expect(hex(out), `start ${start} length ${length}`).toBe(hex(expected));
        expect(keccak256Word(buffer, start, start + length)).toBe(toBigInt(expected));
      }
    }
  });

  it('matches @noble keccak_256 on random inputs (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 1200 }), (data) => {
        const expected = keccak_256(data);
        expect(hex(keccak256(data))).toBe(hex(expected));
        expect(keccak256Word(data)).toBe(toBigInt(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('matches on random lengths near multiples of the rate and on unaligned views (fast-check)', () => {
    const nearRate = fc
      .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -3, max: 3 }))
      .map(([blocks, delta]) => Math.max(0, blocks * 136 + delta));
    fc.assert(
      fc.property(nearRate, fc.integer({ min: 0, max: 7 }), fc.integer(), (length, offset, seed) => {
        const backing = patternBytes(length + offset, seed);
        const view = backing.subarray(offset);
        expect(hex(keccak256(view))).toBe(hex(keccak_256(view)));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no state behind between calls', () => {
    const a = patternBytes(300, 1);
    const b = patternBytes(20, 2);
    keccak256(a);
    expect(hex(keccak256(b))).toBe(hex(keccak_256(b)));
    expect(hex(keccak256(a))).toBe(hex(keccak_256(a)));
  });
});
