import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourcePositions } from './positions';

const utf8 = (text: string) => new TextEncoder().encode(text).length;

/** The slow, obviously right answer: decode the bytes before the offset and count. */
function naive(text: string, byteOffset: number) {
  const before = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, byteOffset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

describe('SourcePositions', () => {
  it('maps byte offsets of an ASCII source', () => {
    const p = new SourcePositions('ab\ncd\n\nef');
    expect(p.fromByte(0)).toEqual({ line: 1, column: 1 });
    expect(p.fromByte(2)).toEqual({ line: 1, column: 3 });
    expect(p.fromByte(3)).toEqual({ line: 2, column: 1 });
    expect(p.fromByte(7)).toEqual({ line: 4, column: 1 });
    expect(p.fromByte(99)).toEqual({ line: 4, column: 3 });
    expect(p.lineCount).toBe(4);
  });

  it('counts UTF-8 bytes for offsets and UTF-16 units for columns', () => {
    // "é" is 2 bytes and 1 unit, "€" 3 bytes and 1 unit, "😀" 4 bytes and 2 units.
    const text = 'é€😀x\n😀y';
    const p = new SourcePositions(text);
    expect(p.byteLength).toBe(utf8(text));
    expect(p.fromByte(2 + 3 + 4)).toEqual({ line: 1, column: 5 }); // at "x"
    expect(p.fromByte(2 + 3 + 4 + 1 + 1 + 4)).toEqual({ line: 2, column: 3 }); // at "y"
    expect(p.rangeFromBytes(2, 5)).toMatchObject({ startLine: 1, startColumn: 2, endLine: 1, endColumn: 3 });
  });

  it('maps an offset inside a character to that character', () => {
    expect(new SourcePositions('€x').fromByte(1)).toEqual({ line: 1, column: 1 });
  });

  it('converts UTF-16 offsets to positions and byte offsets', () => {
    const p = new SourcePositions('ab\n€😀z');
    expect(p.fromChar(6)).toEqual({ line: 2, column: 4 });
    expect(p.byteOfChar(6)).toBe(3 + 3 + 4);
    expect(p.rangeFromChars(3, 4)).toEqual({
      startLine: 2,
      startColumn: 1,
      endLine: 2,
      endColumn: 2,
      startByte: 3,
      endByte: 6,
    });
  });

  it('agrees with decoding for any text and any character boundary', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '\n', ' ', '\r') }),
        fc.nat(),
        (text, n) => {
          const p = new SourcePositions(text);
          // Byte offsets that fall on character boundaries.
          const boundaries = [0];
          for (const char of text) boundaries.push(boundaries[boundaries.length - 1]! + utf8(char));
          const offset = boundaries[n % boundaries.length]!;
          expect(p.fromByte(offset)).toEqual(naive(text, offset));
          const charOffset = new TextDecoder().decode(
            new TextEncoder().encode(text).subarray(0, offset),
          ).length;
          expect(p.byteOfChar(charOffset)).toBe(offset);
          expect(p.fromChar(charOffset)).toEqual(naive(text, offset));
        },
      ),
    );
  });
});
