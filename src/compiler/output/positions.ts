import type { SourceRange } from '../types';

/** A line and column as editors count them: both 1-based, the column in UTF-16 code units. */
export interface LineColumn {
  line: number;
  column: number;
}

/**
 * Converts offsets in one source to lines and columns. solc reports UTF-8 byte offsets; editors (Monaco)
 * count UTF-16 code units, so the two differ as soon as a line holds a non-ASCII character. Lines break at
 * `\n` only, as in solc (a `\r` before it is part of the line and never lies before a reported column).
 */
export class SourcePositions {
  /** UTF-16 index where each line starts. */
  private readonly lineChars: number[] = [0];
  /** UTF-8 byte offset where each line starts. */
  private readonly lineBytes: number[] = [0];
  readonly byteLength: number;

  constructor(private readonly text: string) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) {
        bytes += 1;
        this.lineChars.push(i + 1);
        this.lineBytes.push(bytes);
      } else if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (isHighSurrogate(code) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    this.byteLength = bytes;
  }

  get lineCount(): number {
    return this.lineChars.length;
  }

  /** The position of a UTF-8 byte offset (clamped to the text; inside a character, its start). */
  fromByte(byteOffset: number): LineColumn {
    const target = Math.max(0, Math.min(byteOffset, this.byteLength));
    const line = lastAtOrBelow(this.lineBytes, target);
    let bytes = this.lineBytes[line]!;
    let index = this.lineChars[line]!;
    while (index < this.text.length && bytes < target) {
      const code = this.text.charCodeAt(index);
      const width =
        code < 0x80
          ? 1
          : code < 0x800
            ? 2
            : isHighSurrogate(code) && isLowSurrogate(this.text.charCodeAt(index + 1))
              ? 4
              : 3;
      if (bytes + width > target) break;
      bytes += width;
      index += width === 4 ? 2 : 1;
    }
    return { line: line + 1, column: index - this.lineChars[line]! + 1 };
  }

  /** The position of a UTF-16 index into the text. */
  fromChar(charOffset: number): LineColumn {
    const target = Math.max(0, Math.min(charOffset, this.text.length));
    const line = lastAtOrBelow(this.lineChars, target);
    return { line: line + 1, column: target - this.lineChars[line]! + 1 };
  }

  /** The UTF-8 byte offset of a UTF-16 index. */
  byteOfChar(charOffset: number): number {
    const target = Math.max(0, Math.min(charOffset, this.text.length));
    const line = lastAtOrBelow(this.lineChars, target);
    let bytes = this.lineBytes[line]!;
    for (let i = this.lineChars[line]!; i < target; i++) {
      const code = this.text.charCodeAt(i);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (isHighSurrogate(code) && isLowSurrogate(this.text.charCodeAt(i + 1)) && i + 1 < target) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  /** A range from solc's byte offsets (`start`, `end` exclusive). */
  rangeFromBytes(startByte: number, endByte: number): SourceRange {
    const start = this.fromByte(startByte);
    const end = this.fromByte(Math.max(startByte, endByte));
    return {
      startLine: start.line,
      startColumn: start.column,
      endLine: end.line,
      endColumn: end.column,
      startByte: Math.max(0, Math.min(startByte, this.byteLength)),
      endByte: Math.max(0, Math.min(Math.max(startByte, endByte), this.byteLength)),
    };
  }

  /** A range from UTF-16 indexes (`start`, `end` exclusive). */
  rangeFromChars(startChar: number, endChar: number): SourceRange {
    const start = this.fromChar(startChar);
    const end = this.fromChar(Math.max(startChar, endChar));
    return {
      startLine: start.line,
      startColumn: start.column,
      endLine: end.line,
      endColumn: end.column,
      startByte: this.byteOfChar(startChar),
      endByte: this.byteOfChar(Math.max(startChar, endChar)),
    };
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Index of the last element <= value in an ascending array whose first element is 0. */
function lastAtOrBelow(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sorted[mid]! <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}
