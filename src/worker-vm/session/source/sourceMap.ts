import { malformed } from '../../errors';

/** How an instruction moves between Solidity functions: into one, out of one, or neither. */
export type JumpKind = 'i' | 'o' | '-';

/** One instruction's place in the source, as solc's source map gives it. */
export interface SourceMapEntry {
  /** UTF-8 byte offset into the file. */
  readonly start: number;
  readonly length: number;
  /** solc's source id; -1 when the instruction belongs to no source. */
  readonly fileIndex: number;
  readonly jump: JumpKind;
  readonly modifierDepth: number;
}

/**
 * Decodes solc's compressed source map: one `s:l:f:j:m` entry per instruction, separated by `;`; a field
 * left empty (or missing at the end of an entry) repeats the previous entry's value.
 */
export function decodeSourceMap(compressed: string): SourceMapEntry[] {
  const entries: SourceMapEntry[] = [];
  if (compressed.length === 0) return entries;
  let start = 0;
  let length = 0;
  let fileIndex = -1;
  let jump: JumpKind = '-';
  let modifierDepth = 0;
  const parts = compressed.split(';');
  for (let i = 0; i < parts.length; i++) {
    const fields = parts[i]!.split(':');
    const number = (field: string | undefined, previous: number, name: string) => {
      if (field === undefined || field === '') return previous;
      if (!/^-?\d+$/.test(field)) throw malformed(`entry ${i} has a bad ${name} "${field}"`, 'source map');
      return Number(field);
    };
    start = number(fields[0], start, 'start');
    length = number(fields[1], length, 'length');
    fileIndex = number(fields[2], fileIndex, 'file index');
    const j = fields[3];
    if (j !== undefined && j !== '') {
      if (j !== 'i' && j !== 'o' && j !== '-')
        throw malformed(`entry ${i} has a bad jump "${j}"`, 'source map');
      jump = j;
    }
    modifierDepth = number(fields[4], modifierDepth, 'modifier depth');
    entries.push({ start, length, fileIndex, jump, modifierDepth });
  }
  return entries;
}

const PUSH1 = 0x60;
const PUSH32 = 0x7f;

/**
 * Maps each byte offset (pc) of the code to its instruction's index (the index source maps use), or -1
 * for bytes that are PUSH data. Instructions are counted the way solc counts them: one per opcode, its
 * immediate bytes included.
 */
export function instructionIndexByPc(code: Uint8Array): Int32Array {
  const indexes = new Int32Array(code.length).fill(-1);
  let instruction = 0;
  for (let pc = 0; pc < code.length; pc++) {
    indexes[pc] = instruction++;
    const op = code[pc]!;
    if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1;
  }
  return indexes;
}
