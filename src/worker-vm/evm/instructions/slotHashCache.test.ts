import { keccak_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keccak256Of64 } from './slotHashCache';

const expected = (memory: Uint8Array, offset: number) =>
  BigInt(`0x${Buffer.from(keccak_256(memory.subarray(offset, offset + 64))).toString('hex')}`);

describe('keccak256Of64 (direct-mapped cache of 64-byte hashes)', () => {
  it('agrees with keccak_256 on random memory at any offset, first and repeated lookups (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 200 }), fc.nat(), (memory, at) => {
        const offset = at % (memory.length - 63);
        const want = expected(memory, offset);
        expect(keccak256Of64(memory, offset)).toBe(want);
        expect(keccak256Of64(memory, offset)).toBe(want);
      }),
      { numRuns: 300 },
    );
  });

  it('never answers for a different input: more inputs than entries, then all of them again', () => {
    // 6,000 inputs into 4,096 entries: many share an entry, so earlier ones were overwritten.
    const count = 6000;
    const memory = new Uint8Array(64 * count);
    const view = new DataView(memory.buffer);
    // Mapping-slot shaped inputs: a small key and a slot number, differing only in a few low bytes.
    for (let i = 0; i < count; i++) {
      view.setUint32(64 * i + 28, i);
      view.setUint32(64 * i + 60, i % 3);
    }
    const wants = Array.from({ length: count }, (_, i) => expected(memory, 64 * i));
    for (let i = 0; i < count; i++) expect(keccak256Of64(memory, 64 * i)).toBe(wants[i]);
    for (let i = count - 1; i >= 0; i--) expect(keccak256Of64(memory, 64 * i)).toBe(wants[i]);
  });

  it('sees a change to memory it has hashed before (same offset, one byte different)', () => {
    const memory = new Uint8Array(64).fill(7);
    const before = keccak256Of64(memory, 0);
    memory[63] = 8;
    expect(keccak256Of64(memory, 0)).toBe(expected(memory, 0));
    expect(keccak256Of64(memory, 0)).not.toBe(before);
    memory[0] = 1;
    expect(keccak256Of64(memory, 0)).toBe(expected(memory, 0));
  });
});
