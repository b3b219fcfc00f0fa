import { Op } from './opcodes';

/**
 * Bytecode with what the interpreter learns about it once: valid jump destinations (JUMPDEST bytes that
 * are not PUSH data) and, lazily, the value of each PUSH. A host can cache a `CodeInfo` per code hash so
 * repeated calls to the same contract skip the analysis.
 */
export interface CodeInfo {
  readonly code: Uint8Array;
  /** 1 at every valid JUMPDEST offset. */
  readonly jumpdests: Uint8Array;
  /** PUSH values by pc, filled on first execution (a word is built from bytes once, not on every run). */
  readonly pushValues: Array<bigint | undefined>;
}

export function analyzeCode(code: Uint8Array): CodeInfo {
  const jumpdests = new Uint8Array(code.length);
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === Op.JUMPDEST) jumpdests[pc] = 1;
    else if (op >= Op.PUSH1 && op <= Op.PUSH32) pc += op - Op.PUSH0;
  }
  return { code, jumpdests, pushValues: new Array<bigint | undefined>(code.length).fill(undefined) };
}

/** A small cache of analysed code keyed by the code bytes' identity, for hosts without code hashes. */
export class CodeCache {
  private readonly byCode = new WeakMap<Uint8Array, CodeInfo>();

  get(code: Uint8Array): CodeInfo {
    let info = this.byCode.get(code);
    if (info === undefined) {
      info = analyzeCode(code);
      this.byCode.set(code, info);
    }
    return info;
  }
}
