/**
 * The instruction set our decoder accepts, as a table indexed by opcode id: a plain byte for one-byte
 * opcodes, 0x100 + sub-opcode for the 0xFC prefix (saturating truncation, bulk memory, tables).
 * Everything here is what wasmtime accepts with ref-fvm's feature set; instructions of disabled
 * proposals (SIMD, threads, exceptions, tail calls, GC) are recognised only to be rejected by name.
 */

/** Immediate operand shapes. */
export enum Imm {
  None,
  /** Block type: s33 (0x40 empty, a value type, or a type index). */
  BlockType,
  /** Branch depth. */
  Label,
  /** Branch table: targets (side table) and default. */
  BrTable,
  /** Function index. */
  Func,
  /** call_indirect: type index and table index. */
  CallIndirect,
  Local,
  Global,
  Table,
  /** Memory access: alignment exponent and offset. */
  MemArg,
  /** A memory index (memory.size, memory.grow, memory.fill). */
  Memory,
  I32,
  I64,
  F32,
  F64,
  /** select with one explicit value type. */
  SelectT,
  /** ref.null heap type. */
  HeapType,
  /** memory.init: data index, memory index. */
  MemoryInit,
  Data,
  /** memory.copy: destination and source memory. */
  MemoryCopy,
  /** table.init: element segment, table. */
  TableInit,
  Elem,
  /** table.copy: destination and source table. */
  TableCopy,
}

/** Prefix for the 0xFC opcodes in our id space. */
export const FC = 0x100;
export const OP_COUNT = 0x120;

export const Op = {
  Unreachable: 0x00,
  Nop: 0x01,
  Block: 0x02,
  Loop: 0x03,
  If: 0x04,
  Else: 0x05,
  End: 0x0b,
  Br: 0x0c,
  BrIf: 0x0d,
  BrTable: 0x0e,
  Return: 0x0f,
  Call: 0x10,
  CallIndirect: 0x11,
  Drop: 0x1a,
  Select: 0x1b,
  SelectT: 0x1c,
  LocalGet: 0x20,
  LocalSet: 0x21,
  LocalTee: 0x22,
  GlobalGet: 0x23,
  GlobalSet: 0x24,
  TableGet: 0x25,
  TableSet: 0x26,
  I32Load: 0x28,
  I64Store32: 0x3e,
  MemorySize: 0x3f,
  MemoryGrow: 0x40,
  I32Const: 0x41,
  I64Const: 0x42,
  F32Const: 0x43,
  F64Const: 0x44,
  I32Add: 0x6a,
  I32Sub: 0x6b,
  I32Mul: 0x6c,
  I32GtU: 0x4b,
  I32LtU: 0x49,
  I64LtS: 0x53,
  I64Sub: 0x7d,
  I64Mul: 0x7e,
  I64ExtendI32U: 0xad,
  RefNull: 0xd0,
  RefIsNull: 0xd1,
  RefFunc: 0xd2,
  MemoryInit: FC + 8,
  DataDrop: FC + 9,
  MemoryCopy: FC + 10,
  MemoryFill: FC + 11,
  TableInit: FC + 12,
  ElemDrop: FC + 13,
  TableCopy: FC + 14,
  TableGrow: FC + 15,
  TableSize: FC + 16,
  TableFill: FC + 17,
} as const;

/**
 * How an instruction moves the operand stack, in the terms of the stack limiter's height pass:
 * `Simple` pops `pop` then pushes `push`; the others are handled one by one.
 */
export enum Effect {
  Simple,
  Control,
  Special,
}

export interface OpInfo {
  readonly name: string;
  readonly imm: Imm;
  readonly effect: Effect;
  readonly pop: number;
  readonly push: number;
}

const table: (OpInfo | undefined)[] = new Array(OP_COUNT);

function def(id: number, name: string, imm: Imm, effect: Effect, pop = 0, push = 0): void {
  table[id] = { name, imm, effect, pop, push };
}
const simple = (id: number, name: string, imm: Imm, pop: number, push: number) =>
  def(id, name, imm, Effect.Simple, pop, push);
const unary = (id: number, name: string) => simple(id, name, Imm.None, 1, 1);
const binary = (id: number, name: string) => simple(id, name, Imm.None, 2, 1);

def(0x00, 'unreachable', Imm.None, Effect.Control);
def(0x01, 'nop', Imm.None, Effect.Control);
def(0x02, 'block', Imm.BlockType, Effect.Control);
def(0x03, 'loop', Imm.BlockType, Effect.Control);
def(0x04, 'if', Imm.BlockType, Effect.Control);
def(0x05, 'else', Imm.None, Effect.Control);
def(0x0b, 'end', Imm.None, Effect.Control);
def(0x0c, 'br', Imm.Label, Effect.Control);
def(0x0d, 'br_if', Imm.Label, Effect.Control);
def(0x0e, 'br_table', Imm.BrTable, Effect.Control);
def(0x0f, 'return', Imm.None, Effect.Control);
def(0x10, 'call', Imm.Func, Effect.Special);
def(0x11, 'call_indirect', Imm.CallIndirect, Effect.Special);
simple(0x1a, 'drop', Imm.None, 1, 0);
def(0x1b, 'select', Imm.None, Effect.Special);
def(0x1c, 'select', Imm.SelectT, Effect.Special);
simple(0x20, 'local.get', Imm.Local, 0, 1);
simple(0x21, 'local.set', Imm.Local, 1, 0);
simple(0x22, 'local.tee', Imm.Local, 1, 1);
simple(0x23, 'global.get', Imm.Global, 0, 1);
simple(0x24, 'global.set', Imm.Global, 1, 0);
simple(0x25, 'table.get', Imm.Table, 1, 1);
simple(0x26, 'table.set', Imm.Table, 2, 0);

const loads = [
  'i32.load',
  'i64.load',
  'f32.load',
  'f64.load',
  'i32.load8_s',
  'i32.load8_u',
  'i32.load16_s',
  'i32.load16_u',
  'i64.load8_s',
  'i64.load8_u',
  'i64.load16_s',
  'i64.load16_u',
  'i64.load32_s',
  'i64.load32_u',
];
loads.forEach((name, i) => {
  simple(0x28 + i, name, Imm.MemArg, 1, 1);
});
const stores = [
  'i32.store',
  'i64.store',
  'f32.store',
  'f64.store',
  'i32.store8',
  'i32.store16',
  'i64.store8',
  'i64.store16',
  'i64.store32',
];
stores.forEach((name, i) => {
  simple(0x36 + i, name, Imm.MemArg, 2, 0);
});
simple(0x3f, 'memory.size', Imm.Memory, 0, 1);
simple(0x40, 'memory.grow', Imm.Memory, 1, 1);
simple(0x41, 'i32.const', Imm.I32, 0, 1);
simple(0x42, 'i64.const', Imm.I64, 0, 1);
simple(0x43, 'f32.const', Imm.F32, 0, 1);
simple(0x44, 'f64.const', Imm.F64, 0, 1);

const cmp = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const fcmp = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
unary(0x45, 'i32.eqz');
cmp.forEach((n, i) => {
  binary(0x46 + i, `i32.${n}`);
});
unary(0x50, 'i64.eqz');
cmp.forEach((n, i) => {
  binary(0x51 + i, `i64.${n}`);
});
fcmp.forEach((n, i) => {
  binary(0x5b + i, `f32.${n}`);
});
fcmp.forEach((n, i) => {
  binary(0x61 + i, `f64.${n}`);
});

const iun = ['clz', 'ctz', 'popcnt'];
const ibin = [
  'add',
  'sub',
  'mul',
  'div_s',
  'div_u',
  'rem_s',
  'rem_u',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
];
const fun = ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'];
const fbin = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'];
iun.forEach((n, i) => {
  unary(0x67 + i, `i32.${n}`);
});
ibin.forEach((n, i) => {
  binary(0x6a + i, `i32.${n}`);
});
iun.forEach((n, i) => {
  unary(0x79 + i, `i64.${n}`);
});
ibin.forEach((n, i) => {
  binary(0x7c + i, `i64.${n}`);
});
fun.forEach((n, i) => {
  unary(0x8b + i, `f32.${n}`);
});
fbin.forEach((n, i) => {
  binary(0x92 + i, `f32.${n}`);
});
fun.forEach((n, i) => {
  unary(0x99 + i, `f64.${n}`);
});
fbin.forEach((n, i) => {
  binary(0xa0 + i, `f64.${n}`);
});

const conversions = [
  'i32.wrap_i64',
  'i32.trunc_f32_s',
  'i32.trunc_f32_u',
  'i32.trunc_f64_s',
  'i32.trunc_f64_u',
  'i64.extend_i32_s',
  'i64.extend_i32_u',
  'i64.trunc_f32_s',
  'i64.trunc_f32_u',
  'i64.trunc_f64_s',
  'i64.trunc_f64_u',
  'f32.convert_i32_s',
  'f32.convert_i32_u',
  'f32.convert_i64_s',
  'f32.convert_i64_u',
  'f32.demote_f64',
  'f64.convert_i32_s',
  'f64.convert_i32_u',
  'f64.convert_i64_s',
  'f64.convert_i64_u',
  'f64.promote_f32',
  'i32.reinterpret_f32',
  'i64.reinterpret_f64',
  'f32.reinterpret_i32',
  'f64.reinterpret_i64',
  'i32.extend8_s',
  'i32.extend16_s',
  'i64.extend8_s',
  'i64.extend16_s',
  'i64.extend32_s',
];
conversions.forEach((n, i) => {
  unary(0xa7 + i, n);
});

simple(0xd0, 'ref.null', Imm.HeapType, 0, 1);
simple(0xd1, 'ref.is_null', Imm.None, 1, 1);
simple(0xd2, 'ref.func', Imm.Func, 0, 1);

const truncSat = [
  'i32.trunc_sat_f32_s',
  'i32.trunc_sat_f32_u',
  'i32.trunc_sat_f64_s',
  'i32.trunc_sat_f64_u',
  'i64.trunc_sat_f32_s',
  'i64.trunc_sat_f32_u',
  'i64.trunc_sat_f64_s',
  'i64.trunc_sat_f64_u',
];
truncSat.forEach((n, i) => {
  unary(FC + i, n);
});
simple(FC + 8, 'memory.init', Imm.MemoryInit, 3, 0);
simple(FC + 9, 'data.drop', Imm.Data, 0, 0);
simple(FC + 10, 'memory.copy', Imm.MemoryCopy, 3, 0);
simple(FC + 11, 'memory.fill', Imm.Memory, 3, 0);
simple(FC + 12, 'table.init', Imm.TableInit, 3, 0);
simple(FC + 13, 'elem.drop', Imm.Elem, 0, 0);
simple(FC + 14, 'table.copy', Imm.TableCopy, 3, 0);
simple(FC + 15, 'table.grow', Imm.Table, 2, 1);
simple(FC + 16, 'table.size', Imm.Table, 0, 1);
simple(FC + 17, 'table.fill', Imm.Table, 3, 0);

/** Opcode info by id, or undefined for ids we do not accept. */
export const OPS: readonly (OpInfo | undefined)[] = table;

export function opName(op: number): string {
  return table[op]?.name ?? `<0x${op.toString(16)}>`;
}

/** One-byte opcodes of proposals the FVM disables, named for the error message. */
export const REJECTED_OPCODES: ReadonlyMap<number, string> = new Map([
  [0x06, 'exception handling (try)'],
  [0x07, 'exception handling (catch)'],
  [0x08, 'exception handling (throw)'],
  [0x09, 'exception handling (rethrow)'],
  [0x0a, 'exception handling (throw_ref)'],
  [0x18, 'exception handling (delegate)'],
  [0x19, 'exception handling (catch_all)'],
  [0x1f, 'exception handling (try_table)'],
  [0x12, 'tail calls (return_call)'],
  [0x13, 'tail calls (return_call_indirect)'],
  [0x14, 'typed function references (call_ref)'],
  [0x15, 'tail calls (return_call_ref)'],
  [0xd3, 'typed function references (ref.as_non_null)'],
  [0xd4, 'typed function references (br_on_null)'],
  [0xd5, 'garbage collection (ref.eq)'],
  [0xd6, 'typed function references (br_on_non_null)'],
  [0xfb, 'garbage collection'],
  [0xfd, 'SIMD'],
  [0xfe, 'threads (atomic instructions)'],
]);

/** Value types. */
export const ValType = {
  I32: 0x7f,
  I64: 0x7e,
  F32: 0x7d,
  F64: 0x7c,
  V128: 0x7b,
  FuncRef: 0x70,
  ExternRef: 0x6f,
} as const;

export function valTypeName(type: number): string {
  switch (type) {
    case 0x7f:
      return 'i32';
    case 0x7e:
      return 'i64';
    case 0x7d:
      return 'f32';
    case 0x7c:
      return 'f64';
    case 0x70:
      return 'funcref';
    case 0x6f:
      return 'externref';
    default:
      return `<type 0x${type.toString(16)}>`;
  }
}

/** Block type for "no params, no results". */
export const BLOCK_EMPTY = -64;
