import { SourcePositions } from '../../../compiler/output/positions';
import type { SourceRange } from '../../../compiler/types';
import { decodeSourceMap, instructionIndexByPc, type JumpKind, type SourceMapEntry } from './sourceMap';

/** A compiled source: what solc called file `id` in its source maps. */
export interface SourceText {
  readonly id: number;
  readonly path: string;
  readonly content: string;
}

/** The sources of one compilation, with line tables built on first use. */
export class SourceTexts {
  private readonly byId = new Map<number, SourceText>();
  private readonly positions = new Map<number, SourcePositions>();

  constructor(sources: readonly SourceText[]) {
    for (const source of sources) this.byId.set(source.id, source);
  }

  get(id: number): SourceText | undefined {
    return this.byId.get(id);
  }

  ids(): IterableIterator<number> {
    return this.byId.keys();
  }

  positionsOf(id: number): SourcePositions | undefined {
    let positions = this.positions.get(id);
    if (!positions) {
      const source = this.byId.get(id);
      if (!source) return undefined;
      positions = new SourcePositions(source.content);
      this.positions.set(id, positions);
    }
    return positions;
  }
}

/** Where an instruction comes from: the file, and the range solc gave (editor lines and columns). */
export interface SourceLocation {
  readonly fileId: number;
  readonly path: string;
  readonly range: SourceRange;
}

/** Lines are keyed as one number, `fileId * LINE_KEY_FILE + line`, so "same line" is one comparison. */
export const LINE_KEY_FILE = 1 << 21;
export const NO_LINE = -1;
export const lineKeyOf = (fileId: number, line: number) => fileId * LINE_KEY_FILE + line;
export const fileOfLineKey = (key: number) => Math.floor(key / LINE_KEY_FILE);
export const lineOfLineKey = (key: number) => key % LINE_KEY_FILE;

/**
 * One bytecode's source map, ready for lookups by pc: the instruction's entry, its line (as a line key),
 * its jump kind and its full location. Lines are computed once per source-map entry, on first use, so a
 * million-step trace costs a few array reads per step.
 */
export class CodeSourceMap {
  private readonly entryByPc: Int32Array;
  private readonly entries: SourceMapEntry[];
  /** Per entry: line key, NO_LINE, or NaN before it is computed. */
  private readonly lineKeys: Float64Array;

  constructor(
    code: Uint8Array,
    compressedMap: string,
    private readonly sources: SourceTexts,
  ) {
    this.entries = decodeSourceMap(compressedMap);
    const instructionByPc = instructionIndexByPc(code);
    this.entryByPc = new Int32Array(code.length);
    for (let pc = 0; pc < code.length; pc++) {
      const instruction = instructionByPc[pc]!;
      this.entryByPc[pc] = instruction >= 0 && instruction < this.entries.length ? instruction : -1;
    }
    this.lineKeys = new Float64Array(this.entries.length).fill(Number.NaN);
  }

  entryAt(pc: number): SourceMapEntry | undefined {
    const index = pc < this.entryByPc.length ? this.entryByPc[pc]! : -1;
    return index < 0 ? undefined : this.entries[index];
  }

  jumpAt(pc: number): JumpKind {
    return this.entryAt(pc)?.jump ?? '-';
  }

  /** The line key of the instruction at pc (its range's first line), or NO_LINE if it maps nowhere. */
  lineKeyAt(pc: number): number {
    const index = pc < this.entryByPc.length ? this.entryByPc[pc]! : -1;
    if (index < 0) return NO_LINE;
    let key = this.lineKeys[index]!;
    if (Number.isNaN(key)) {
      const location = this.locationOfEntry(this.entries[index]!);
      key = location ? lineKeyOf(location.fileId, location.range.startLine) : NO_LINE;
      this.lineKeys[index] = key;
    }
    return key;
  }

  locationAt(pc: number): SourceLocation | undefined {
    const entry = this.entryAt(pc);
    return entry ? this.locationOfEntry(entry) : undefined;
  }

  private locationOfEntry(entry: SourceMapEntry): SourceLocation | undefined {
    // A file index outside the compilation's sources is compiler-generated Yul: no text to show.
    if (entry.fileIndex < 0) return undefined;
    const source = this.sources.get(entry.fileIndex);
    const positions = this.sources.positionsOf(entry.fileIndex);
    if (!source || !positions) return undefined;
    return {
      fileId: entry.fileIndex,
      path: source.path,
      range: positions.rangeFromBytes(entry.start, entry.start + entry.length),
    };
  }
}
