import { invalidInput } from '../../errors';
import { FC, Imm, OPS, Op, opName, REJECTED_OPCODES, valTypeName } from './opcodes';
import type { ByteReader } from './reader';
import type { ByteWriter } from './writer';

/**
 * A function body's instructions as parallel typed arrays: opcode id and up to two numeric immediates
 * per instruction, with a side list for the few immediates that do not fit (i64 constants, branch
 * tables). Compact for megabyte-sized actors and cheap to walk in the instrumentation passes.
 *
 * Immediates by shape: block type → a; label/func/local/global/table/data/elem index → a;
 * call_indirect → a = type, b = table; memarg → a = alignment exponent, b = offset; i32 → a;
 * f32 → a = bits; f64 → a = low bits, b = high bits; i64 → extra[a]; br_table → extra[a] = targets,
 * b = default; memory.init → a = data, b = memory; memory.copy / table.copy → a = destination,
 * b = source; table.init → a = element segment, b = table; select t / ref.null → a = type.
 */
export class InstrList {
  length = 0;
  op: Uint16Array;
  a: Float64Array;
  b: Float64Array;
  readonly extra: (bigint | Uint32Array)[] = [];

  constructor(capacity = 16) {
    this.op = new Uint16Array(capacity);
    this.a = new Float64Array(capacity);
    this.b = new Float64Array(capacity);
  }

  push(op: number, a = 0, b = 0): void {
    if (this.length === this.op.length) this.grow();
    const i = this.length++;
    this.op[i] = op;
    this.a[i] = a;
    this.b[i] = b;
  }

  pushI64(value: bigint): void {
    this.push(Op.I64Const, this.extra.length);
    this.extra.push(value);
  }

  pushBrTable(targets: Uint32Array, defaultLabel: number): void {
    this.push(Op.BrTable, this.extra.length, defaultLabel);
    this.extra.push(targets);
  }

  /** Appends instruction `i` of `from`, carrying its side-table immediate along. */
  copyFrom(from: InstrList, i: number): void {
    const op = from.op[i]!;
    if (op === Op.I64Const) this.pushI64(from.i64(i));
    else if (op === Op.BrTable) this.pushBrTable(from.brTargets(i), from.b[i]!);
    else this.push(op, from.a[i]!, from.b[i]!);
  }

  /** A copy holding exactly `length` instructions (for lists decoded into a scratch buffer). */
  trimmed(): InstrList {
    const out = new InstrList(Math.max(1, this.length));
    out.length = this.length;
    out.op.set(this.op.subarray(0, this.length));
    out.a.set(this.a.subarray(0, this.length));
    out.b.set(this.b.subarray(0, this.length));
    for (let i = 0; i < this.length; i++) {
      const op = this.op[i];
      if (op === Op.I64Const || op === Op.BrTable) {
        out.a[i] = out.extra.length;
        out.extra.push(this.extra[this.a[i]!]!);
      }
    }
    return out;
  }

  /** Forgets the contents, keeping the buffers for reuse. */
  clear(): void {
    this.length = 0;
    this.extra.length = 0;
  }

  i64(i: number): bigint {
    return this.extra[this.a[i]!] as bigint;
  }

  brTargets(i: number): Uint32Array {
    return this.extra[this.a[i]!] as Uint32Array;
  }

  private grow(): void {
    const size = this.op.length * 2;
    const op = new Uint16Array(size);
    op.set(this.op);
    const a = new Float64Array(size);
    a.set(this.a);
    const b = new Float64Array(size);
    b.set(this.b);
    this.op = op;
    this.a = a;
    this.b = b;
  }
}

const rejected = (what: string, at: number) =>
  invalidInput(
    `${what} is not supported by the FVM (disabled Wasm feature)`,
    `wasm code at byte 0x${at.toString(16)}`,
  );

/**
 * Reads one instruction sequence up to and including the `end` that closes it (a function body or a
 * constant expression). Checks block nesting; typing is left to the engine's validator.
 */
export function readInstructions(r: ByteReader, out: InstrList): void {
  let depth = 0;
  for (;;) {
    const at = r.pos;
    const byte = r.u8();
    let op = byte;
    if (byte === 0xfc) {
      const sub = r.u32();
      if (sub >= 0x13 && sub <= 0x16) throw rejected('wide arithmetic', at);
      if (sub > 0x11) r.fail(`unknown opcode 0xfc ${sub}`, at);
      op = FC + sub;
    }
    const info = OPS[op];
    if (info === undefined) {
      const feature = REJECTED_OPCODES.get(byte);
      if (feature !== undefined) {
        if (byte === 0xfd) {
          const sub = r.u32();
          throw rejected(sub >= 0x100 ? 'relaxed SIMD' : 'SIMD', at);
        }
        throw rejected(feature, at);
      }
      r.fail(`unknown opcode 0x${byte.toString(16)}`, at);
    }
    switch (info.imm) {
      case Imm.None:
        out.push(op);
        break;
      case Imm.BlockType:
        out.push(op, r.s33());
        break;
      case Imm.Label:
      case Imm.Func:
      case Imm.Local:
      case Imm.Global:
      case Imm.Table:
      case Imm.Data:
      case Imm.Elem:
        out.push(op, r.u32());
        break;
      case Imm.BrTable: {
        const count = r.u32();
        if (count > r.end - r.pos) r.fail('branch table larger than the code', at);
        const targets = new Uint32Array(count);
        for (let i = 0; i < count; i++) targets[i] = r.u32();
        out.pushBrTable(targets, r.u32());
        break;
      }
      case Imm.CallIndirect: {
        const type = r.u32();
        out.push(op, type, r.u32());
        break;
      }
      case Imm.MemArg: {
        const align = r.u32();
        if (align & 0x40) throw rejected('multi-memory (memory index in a load or store)', at);
        if (align >= 32) r.fail('malformed memop alignment', at);
        out.push(op, align, r.u32());
        break;
      }
      case Imm.Memory: {
        const memory = r.u32();
        if (memory !== 0) throw rejected('multi-memory (memory index other than 0)', at);
        out.push(op, memory);
        break;
      }
      case Imm.I32:
        out.push(op, r.s32());
        break;
      case Imm.I64:
        out.pushI64(r.s64());
        break;
      case Imm.F32:
        out.push(op, r.u32le());
        break;
      case Imm.F64: {
        const low = r.u32le();
        out.push(op, low, r.u32le());
        break;
      }
      case Imm.SelectT: {
        const count = r.u32();
        if (count !== 1) throw rejected('multi-value (select with several result types)', at);
        out.push(op, readValueTypeForCode(r));
        break;
      }
      case Imm.HeapType:
        out.push(op, r.u8());
        break;
      case Imm.MemoryInit: {
        const data = r.u32();
        const memory = r.u32();
        if (memory !== 0) throw rejected('multi-memory (memory index other than 0)', at);
        out.push(op, data, memory);
        break;
      }
      case Imm.MemoryCopy: {
        const dst = r.u32();
        const src = r.u32();
        if (dst !== 0 || src !== 0) throw rejected('multi-memory (memory index other than 0)', at);
        out.push(op, dst, src);
        break;
      }
      case Imm.TableInit:
      case Imm.TableCopy: {
        const first = r.u32();
        out.push(op, first, r.u32());
        break;
      }
    }
    if (op === Op.Block || op === Op.Loop || op === Op.If) depth++;
    else if (op === Op.Else) {
      if (depth === 0) r.fail('else outside of if', at);
    } else if (op === Op.End) {
      if (depth === 0) return;
      depth--;
    }
  }
}

function readValueTypeForCode(r: ByteReader): number {
  const at = r.pos;
  const type = r.u8();
  if (type === 0x7b) throw rejected('SIMD (v128 value type)', at);
  if (type < 0x6f || type > 0x7f || (type > 0x70 && type < 0x7c))
    r.fail(`unknown value type 0x${type.toString(16)}`, at);
  return type;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Writes instruction `i` of `list` in canonical form (shortest LEB128, wasm-encoder's choices). */
export function writeInstruction(w: ByteWriter, list: InstrList, i: number): void {
  const op = list.op[i]!;
  const a = list.a[i]!;
  const b = list.b[i]!;
  if (op >= FC) {
    w.u8(0xfc);
    w.u32(op - FC);
  } else {
    w.u8(op);
  }
  switch (OPS[op]!.imm) {
    case Imm.None:
      return;
    case Imm.BlockType:
      w.s33(a);
      return;
    case Imm.Label:
    case Imm.Func:
    case Imm.Local:
    case Imm.Global:
    case Imm.Table:
    case Imm.Data:
    case Imm.Elem:
    case Imm.Memory:
      w.u32(a);
      return;
    case Imm.BrTable: {
      const targets = list.brTargets(i);
      w.u32(targets.length);
      for (let t = 0; t < targets.length; t++) w.u32(targets[t]!);
      w.u32(b);
      return;
    }
    case Imm.CallIndirect:
    case Imm.MemArg:
    case Imm.MemoryInit:
    case Imm.MemoryCopy:
    case Imm.TableInit:
    case Imm.TableCopy:
      w.u32(a);
      w.u32(b);
      return;
    case Imm.I32:
      w.s32(a);
      return;
    case Imm.I64: {
      const value = list.i64(i);
      if (value >= -SAFE && value <= SAFE) w.s33(Number(value));
      else w.s64(value);
      return;
    }
    case Imm.F32:
      w.u32le(a);
      return;
    case Imm.F64:
      w.u32le(a);
      w.u32le(b);
      return;
    case Imm.SelectT:
      w.u32(1);
      w.u8(a);
      return;
    case Imm.HeapType:
      w.u8(a);
      return;
  }
}

/** One instruction as text (for tests, traces and the UI's module view). */
export function formatInstruction(list: InstrList, i: number): string {
  const op = list.op[i]!;
  const a = list.a[i]!;
  const b = list.b[i]!;
  const name = opName(op);
  switch (OPS[op]?.imm) {
    case Imm.None:
    case undefined:
      return name;
    case Imm.BlockType:
      // -64 is the empty type, other negatives are value types (0x7f → -1), the rest type indices.
      return a === -64 ? name : a < 0 ? `${name} (result ${valTypeName(a + 128)})` : `${name} (type ${a})`;
    case Imm.I64:
      return `${name} ${list.i64(i)}`;
    case Imm.BrTable:
      return `${name} ${[...list.brTargets(i)].join(' ')} ${b}`;
    case Imm.CallIndirect:
      return `${name} (type ${a}) (table ${b})`;
    case Imm.MemArg:
      return b === 0 ? `${name} align=${2 ** a}` : `${name} offset=${b} align=${2 ** a}`;
    case Imm.MemoryInit:
    case Imm.MemoryCopy:
    case Imm.TableInit:
    case Imm.TableCopy:
      return `${name} ${a} ${b}`;
    case Imm.F64:
      return `${name} 0x${b.toString(16).padStart(8, '0')}${a.toString(16).padStart(8, '0')}`;
    default:
      return `${name} ${a}`;
  }
}

/** All instructions of a list as text, one per entry. */
export function formatInstructions(list: InstrList): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) out.push(formatInstruction(list, i));
  return out;
}
