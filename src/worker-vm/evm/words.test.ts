import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WordPool } from './trace/columns';
import { bitLength, bytesToWord, MAX_WORD, readWord, wordToBytes, writeWord } from './words';

const word = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_WORD }),
  fc.bigInt({ min: 0n, max: 1n << 70n }),
  fc.constantFrom(0n, 1n, MAX_WORD),
);

const reference = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

describe('word conversions', () => {
  it('bytesToWord matches a hex reading for every length up to 32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 32 }), fc.nat(8), (bytes, pad) => {
        const padded = new Uint8Array(bytes.length + pad);
        padded.set(bytes, pad);
        expect(bytesToWord(padded, pad, bytes.length)).toBe(reference(bytes));
      }),
    );
  });

  it('writeWord/readWord round-trip at any offset, big-endian', () => {
    fc.assert(
      fc.property(word, fc.nat(16), (value, offset) => {
        const view = new DataView(new ArrayBuffer(64));
        writeWord(view, offset, value);
        expect(readWord(view, offset)).toBe(value);
        expect(reference(new Uint8Array(view.buffer, offset, 32))).toBe(value);
        expect(reference(wordToBytes(value))).toBe(value);
      }),
    );
  });

  it('bitLength', () => {
    expect(bitLength(0n)).toBe(0);
    expect(bitLength(1n)).toBe(1);
    expect(bitLength(0xffffffffn)).toBe(32);
    expect(bitLength(1n << 32n)).toBe(33);
    expect(bitLength(MAX_WORD)).toBe(256);
  });

  it('the trace word pool stores and returns any word exactly (small, large, complemented)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            word,
            word.map((w) => MAX_WORD ^ w),
          ),
          { maxLength: 50 },
        ),
        (words) => {
          const pool = new WordPool();
          const handles = words.map((w) => pool.append(w));
          expect(handles.map((h) => pool.get(h))).toEqual(words);
        },
      ),
    );
  });
});
