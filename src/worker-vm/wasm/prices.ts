import { FC, OP_COUNT, Op } from './binary/opcodes';

/**
 * Wasm instruction prices, in milligas, as ref-fvm's `impl Rules for WasmGasPrices` assigns them with
 * the WATERMELON/TEEP price list (FIP-0032; spec 6.5). The instrumenter charges these per metered block.
 */
export const WASM_PRICES = {
  instructionDefault: 4000,
  mathDefault: 4000,
  jumpUnconditional: 4000,
  jumpConditional: 4000,
  jumpIndirect: 4000,
  call: 0,
  memoryFillBase: 0,
  memoryAccess: 0,
  memoryCopyPerByte: 400,
  memoryFillPerByte: 400,
} as const;

/** Milligas in one gas. */
export const MILLIGAS_PER_GAS = 1000;
/** Table elements are priced as 8 bytes each. */
export const TABLE_ELEMENT_SIZE = 8;
export const WASM_PAGE_SIZE = 65536;

export type InstructionCost =
  | { kind: 'fixed'; milligas: number }
  /** `base` plus `perUnit` times the i32 operand on top of the stack (bytes, elements or pages). */
  | { kind: 'linear'; base: number; perUnit: number }
  | { kind: 'unsupported' };

const P = WASM_PRICES;
const FREE = new Set<number>([
  Op.Nop,
  Op.Block,
  Op.Loop,
  Op.Unreachable,
  Op.Return,
  Op.Else,
  Op.End,
  Op.Drop,
]);
const UNSUPPORTED = new Set<number>([Op.RefNull, Op.RefIsNull, Op.RefFunc]);
const LINEAR = new Map<number, { base: number; perUnit: number }>([
  [
    Op.TableInit,
    { base: P.instructionDefault + P.memoryAccess, perUnit: P.memoryCopyPerByte * TABLE_ELEMENT_SIZE },
  ],
  [
    Op.TableCopy,
    { base: P.instructionDefault + P.memoryAccess, perUnit: P.memoryCopyPerByte * TABLE_ELEMENT_SIZE },
  ],
  [
    Op.TableFill,
    { base: P.instructionDefault + P.memoryFillBase, perUnit: P.memoryFillPerByte * TABLE_ELEMENT_SIZE },
  ],
  [
    Op.TableGrow,
    { base: P.instructionDefault + P.memoryFillBase, perUnit: P.memoryFillPerByte * TABLE_ELEMENT_SIZE },
  ],
  [
    Op.MemoryGrow,
    { base: P.instructionDefault + P.memoryFillBase, perUnit: P.memoryFillPerByte * WASM_PAGE_SIZE },
  ],
  [Op.MemoryFill, { base: P.instructionDefault + P.memoryFillBase, perUnit: P.memoryFillPerByte }],
  [Op.MemoryInit, { base: P.instructionDefault + P.memoryAccess, perUnit: P.memoryCopyPerByte }],
  [Op.MemoryCopy, { base: P.instructionDefault + P.memoryAccess, perUnit: P.memoryCopyPerByte }],
]);

/** The fixed part of each instruction's cost (the base for linear ones), by opcode id. */
export const FIXED_COST = new Float64Array(OP_COUNT);
/** Per-unit milligas for linearly priced instructions, 0 for the rest. */
export const UNIT_COST = new Float64Array(OP_COUNT);
/** 1 where the instruction makes the module unloadable. */
export const UNSUPPORTED_OP = new Uint8Array(OP_COUNT);

for (let op = 0; op < OP_COUNT; op++) {
  const cost = instructionCost(op);
  if (cost.kind === 'fixed') FIXED_COST[op] = cost.milligas;
  else if (cost.kind === 'linear') {
    FIXED_COST[op] = cost.base;
    UNIT_COST[op] = cost.perUnit;
  } else UNSUPPORTED_OP[op] = 1;
}

/**
 * The price of one instruction. Every accepted instruction not listed as free, linear or unsupported
 * costs 4 gas: jumps (br, br_if, if, br_table), calls, constants, locals, globals, select, all integer
 * and float math, conversions, loads and stores, table.get/set, data.drop, elem.drop, memory.size,
 * table.size.
 */
export function instructionCost(op: number): InstructionCost {
  if (FREE.has(op)) return { kind: 'fixed', milligas: 0 };
  if (UNSUPPORTED.has(op)) return { kind: 'unsupported' };
  const linear = LINEAR.get(op);
  if (linear) return { kind: 'linear', ...linear };
  switch (op) {
    case Op.Br:
      return { kind: 'fixed', milligas: P.jumpUnconditional };
    case Op.BrIf:
    case Op.If:
      return { kind: 'fixed', milligas: P.jumpConditional };
    case Op.BrTable:
      return { kind: 'fixed', milligas: P.jumpIndirect + P.memoryAccess };
    case Op.Call:
      return { kind: 'fixed', milligas: P.jumpUnconditional + P.call };
    case Op.CallIndirect:
      return { kind: 'fixed', milligas: P.jumpIndirect + P.memoryAccess + P.call };
  }
  // Loads (0x28–0x35) and table.get pay a memory access; stores (0x36–0x3e) and table.set a fill base.
  if ((op >= 0x28 && op <= 0x35) || op === Op.TableGet) {
    return { kind: 'fixed', milligas: P.instructionDefault + P.memoryAccess };
  }
  if ((op >= 0x36 && op <= 0x3e) || op === Op.TableSet) {
    return { kind: 'fixed', milligas: P.instructionDefault + P.memoryFillBase };
  }
  // Math, comparisons, conversions, sign extension and saturating truncation use the math price (the
  // reference prices wrap/extend_u/reinterpret at the instruction default instead: the same 4 gas).
  if ((op >= 0x45 && op <= 0xc4) || (op >= FC && op <= FC + 7))
    return { kind: 'fixed', milligas: P.mathDefault };
  return { kind: 'fixed', milligas: P.instructionDefault };
}

/**
 * `wasm_memory_init`: 0.4 gas per byte of the module's minimum memory, charged before instantiation
 * (ref-fvm's `charge_for_init`; spec 6.4). Milligas.
 */
export function memoryInitMilligas(minPages: number): number {
  return minPages * WASM_PAGE_SIZE * P.memoryFillPerByte;
}

/** `wasm_table_init`: 3.2 gas per minimum element of the table exported as `table`. Milligas. */
export function tableInitMilligas(minElements: number): number {
  return minElements * TABLE_ELEMENT_SIZE * P.memoryFillPerByte;
}

/**
 * The part of metered Wasm gas reported as `wasm_memory_grow` for `bytes` of growth since the last
 * sync (0.4 gas per byte; already paid by the instrumented memory.grow, split out for traces). Milligas.
 */
export function memoryGrowMilligas(bytes: number): number {
  return bytes * P.memoryFillPerByte;
}
