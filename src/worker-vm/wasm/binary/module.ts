import { invalidInput } from '../../errors';
import { InstrList, readInstructions, writeInstruction } from './instructions';
import { Op } from './opcodes';
import { ByteReader } from './reader';
import { ByteWriter } from './writer';

/** Section ids in the binary format. */
export const SectionId = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
  Tag: 13,
} as const;

export interface FuncType {
  params: number[];
  results: number[];
}

export interface Limits {
  min: number;
  max: number | undefined;
}

export interface TableType extends Limits {
  elemType: number;
}

export interface GlobalType {
  valType: number;
  mutable: boolean;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global';

export type Import =
  | { module: string; name: string; kind: 'func'; typeIndex: number }
  | { module: string; name: string; kind: 'table'; table: TableType }
  | { module: string; name: string; kind: 'memory'; memory: Limits }
  | { module: string; name: string; kind: 'global'; global: GlobalType };

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

/** A constant expression: its instructions without the closing `end`. */
export type ConstExpr = InstrList;

export interface Global {
  type: GlobalType;
  init: ConstExpr;
}

export interface ElementSegment {
  /** The encoding flags 0..7 (kept so that re-encoding is exact). */
  flags: number;
  mode: 'active' | 'passive' | 'declared';
  table: number;
  offset: ConstExpr | undefined;
  elemType: number;
  /** Function indices (flags 0–3) or one expression per element (flags 4–7). */
  funcs: number[] | undefined;
  exprs: ConstExpr[] | undefined;
}

export interface DataSegment {
  flags: number;
  mode: 'active' | 'passive';
  memory: number;
  offset: ConstExpr | undefined;
  bytes: Uint8Array;
}

export interface FunctionBody {
  /** Local declaration entries, as written: `(count, type)` pairs. */
  locals: [count: number, type: number][];
  instrs: InstrList;
}

export interface CustomSection {
  name: string;
  /** The section payload (name and data) as it appears in the module. */
  payload: Uint8Array;
}

/** Where a section lies in the original bytes, for raw copies and reports. */
export interface SectionSpan {
  id: number;
  /** Offset of the payload (after id and size). */
  start: number;
  end: number;
  /** For custom sections: index into `customs`. */
  custom?: number;
}

export interface WasmModule {
  bytes: Uint8Array;
  sections: SectionSpan[];
  customs: CustomSection[];
  types: FuncType[];
  imports: Import[];
  /** Type index of each defined function. */
  functions: number[];
  tables: TableType[];
  memories: Limits[];
  globals: Global[];
  exports: Export[];
  start: number | undefined;
  elements: ElementSegment[];
  dataCount: number | undefined;
  codes: FunctionBody[];
  datas: DataSegment[];
}

const rejected = (what: string, where: string) =>
  invalidInput(`${what} is not supported by the FVM (disabled Wasm feature)`, where);

const WASM_MAGIC = 0x6d736100;

/** The order sections must appear in (custom sections may appear anywhere). */
const SECTION_RANK: Record<number, number> = {
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  13: 6,
  6: 7,
  7: 8,
  8: 9,
  9: 10,
  12: 11,
  10: 12,
  11: 13,
};

/**
 * Decodes a whole module: every section, every function body as an instruction list. Proposals the FVM
 * disables are rejected with `invalidInput` naming the feature; structural problems are `malformed`.
 */
export function decodeModule(bytes: Uint8Array): WasmModule {
  const r: ByteReader = new ByteReader(bytes);
  if (bytes.length < 8) r.fail('too short to be a Wasm module', 0);
  if (r.u32le() !== WASM_MAGIC) r.fail('not a Wasm module (bad magic number)', 0);
  const version = r.u32le();
  if (version !== 1) r.fail(`unsupported Wasm binary version ${version} (a component?)`, 4);

  const m: WasmModule = {
    bytes,
    sections: [],
    customs: [],
    types: [],
    imports: [],
    functions: [],
    tables: [],
    memories: [],
    globals: [],
    exports: [],
    start: undefined,
    elements: [],
    dataCount: undefined,
    codes: [],
    datas: [],
  };
  let lastRank = 0;
  while (!r.eof()) {
    const idAt = r.pos;
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    if (size > r.end - start) r.fail('section extends past the end of the module', idAt);
    const end = start + size;
    const s = new ByteReader(bytes, start, end);
    if (id === SectionId.Custom) {
      const name = s.name();
      m.sections.push({ id, start, end, custom: m.customs.length });
      m.customs.push({ name, payload: bytes.subarray(start, end) });
      r.pos = end;
      continue;
    }
    const rank = SECTION_RANK[id];
    if (id === SectionId.Tag) throw rejected('exception handling (tag section)', 'wasm tag section');
    if (rank === undefined) r.fail(`unknown section id ${id}`, idAt);
    if (rank <= lastRank) r.fail(`section ${id} out of order or repeated`, idAt);
    lastRank = rank;
    m.sections.push({ id, start, end });
    readSection(id, s, m);
    if (s.pos !== end) s.fail(`section ${id} has trailing bytes`);
    r.pos = end;
  }
  if (m.functions.length !== m.codes.length) {
    r.fail(`function and code section counts differ (${m.functions.length} vs ${m.codes.length})`);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.datas.length) {
    r.fail('data count section does not match the data section');
  }
  return m;
}

function vec<T>(r: ByteReader, read: (r: ByteReader, i: number) => T): T[] {
  const count = r.u32();
  // Every entry takes at least one byte: reject absurd counts before allocating.
  if (count > r.end - r.pos) r.fail('vector count larger than the section');
  const out: T[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = read(r, i);
  return out;
}

function readSection(id: number, r: ByteReader, m: WasmModule): void {
  switch (id) {
    case SectionId.Type:
      m.types = vec(r, readFuncType);
      return;
    case SectionId.Import:
      m.imports = vec(r, readImport);
      return;
    case SectionId.Function:
      m.functions = vec(r, (r) => r.u32());
      return;
    case SectionId.Table:
      m.tables = vec(r, readTableType);
      return;
    case SectionId.Memory:
      m.memories = vec(r, readMemoryType);
      return;
    case SectionId.Global:
      m.globals = vec(r, (r) => ({ type: readGlobalType(r), init: readConstExpr(r) }));
      return;
    case SectionId.Export:
      m.exports = vec(r, readExport);
      return;
    case SectionId.Start:
      m.start = r.u32();
      return;
    case SectionId.Element:
      m.elements = vec(r, readElement);
      return;
    case SectionId.DataCount:
      m.dataCount = r.u32();
      return;
    case SectionId.Code:
      m.codes = vec(r, readBody);
      return;
    case SectionId.Data:
      m.datas = vec(r, readData);
      return;
  }
}

export function readValType(r: ByteReader): number {
  const at = r.pos;
  const type = r.u8();
  switch (type) {
    case 0x7f:
    case 0x7e:
    case 0x7d:
    case 0x7c:
    case 0x70:
    case 0x6f:
      return type;
    case 0x7b:
      throw rejected('SIMD (v128 value type)', `wasm at byte 0x${at.toString(16)}`);
    case 0x63:
    case 0x64:
      throw rejected('typed function references', `wasm at byte 0x${at.toString(16)}`);
    default:
      if (type >= 0x65 && type <= 0x6e) {
        throw rejected('garbage collection (reference type)', `wasm at byte 0x${at.toString(16)}`);
      }
      return r.fail(`unknown value type 0x${type.toString(16)}`, at);
  }
}

function readFuncType(r: ByteReader): FuncType {
  const at = r.pos;
  const form = r.u8();
  if (form === 0x4e || form === 0x4f || form === 0x50 || form === 0x5e || form === 0x5f) {
    throw rejected('garbage collection (type definitions)', `wasm at byte 0x${at.toString(16)}`);
  }
  if (form !== 0x60) r.fail(`expected a function type (0x60), found 0x${form.toString(16)}`, at);
  return { params: vec(r, readValType), results: vec(r, readValType) };
}

function readLimits(r: ByteReader, what: 'memory' | 'table'): Limits {
  const at = r.pos;
  const flags = r.u8();
  const where = `wasm ${what} at byte 0x${at.toString(16)}`;
  if (flags & 0x02) throw rejected('threads (shared memory)', where);
  if (flags & 0x04) throw rejected('memory64 (64-bit limits)', where);
  if (flags & 0x08) throw rejected('custom page sizes', where);
  if (flags > 1) r.fail(`unknown limits flags 0x${flags.toString(16)}`, at);
  const min = r.u32();
  const max = flags & 1 ? r.u32() : undefined;
  return { min, max };
}

function readTableType(r: ByteReader): TableType {
  const elemType = readValType(r);
  return { elemType, ...readLimits(r, 'table') };
}

function readMemoryType(r: ByteReader): Limits {
  return readLimits(r, 'memory');
}

function readGlobalType(r: ByteReader): GlobalType {
  const valType = readValType(r);
  const at = r.pos;
  const mut = r.u8();
  if (mut > 1) r.fail('global mutability must be 0 or 1', at);
  return { valType, mutable: mut === 1 };
}

function readImport(r: ByteReader): Import {
  const module = r.name();
  const name = r.name();
  const at = r.pos;
  const kind = r.u8();
  switch (kind) {
    case 0:
      return { module, name, kind: 'func', typeIndex: r.u32() };
    case 1:
      return { module, name, kind: 'table', table: readTableType(r) };
    case 2:
      return { module, name, kind: 'memory', memory: readMemoryType(r) };
    case 3:
      return { module, name, kind: 'global', global: readGlobalType(r) };
    case 4:
      throw rejected('exception handling (tag import)', `import ${module}.${name}`);
    default:
      return r.fail(`unknown import kind ${kind}`, at);
  }
}

const EXPORT_KINDS: ExternKind[] = ['func', 'table', 'memory', 'global'];

function readExport(r: ByteReader): Export {
  const name = r.name();
  const at = r.pos;
  const kind = r.u8();
  if (kind === 4) throw rejected('exception handling (tag export)', `export ${name}`);
  const k = EXPORT_KINDS[kind];
  if (k === undefined) r.fail(`unknown export kind ${kind}`, at);
  return { name, kind: k, index: r.u32() };
}

/** A constant expression: instructions up to `end` (the `end` itself is not stored). */
export function readConstExpr(r: ByteReader): ConstExpr {
  const list = new InstrList(2);
  readInstructions(r, list);
  list.length--; // drop the closing `end`
  return list;
}

function readElement(r: ByteReader): ElementSegment {
  const at = r.pos;
  const flags = r.u32();
  if (flags > 7) r.fail(`unknown element segment flags ${flags}`, at);
  const usesExprs = (flags & 4) !== 0;
  const mode = flags & 1 ? (flags & 2 ? 'declared' : 'passive') : 'active';
  const table = mode === 'active' && flags & 2 ? r.u32() : 0;
  const offset = mode === 'active' ? readConstExpr(r) : undefined;
  let elemType = 0x70;
  if (flags & 3) {
    if (usesExprs) elemType = readValType(r);
    else {
      const kindAt = r.pos;
      if (r.u8() !== 0) r.fail('unknown element kind', kindAt);
    }
  }
  const funcs = usesExprs ? undefined : vec(r, (r) => r.u32());
  const exprs = usesExprs ? vec(r, readConstExpr) : undefined;
  return { flags, mode, table, offset, elemType, funcs, exprs };
}

function readData(r: ByteReader): DataSegment {
  const at = r.pos;
  const flags = r.u32();
  if (flags > 2) r.fail(`unknown data segment flags ${flags}`, at);
  const mode = flags === 1 ? 'passive' : 'active';
  const memory = flags === 2 ? r.u32() : 0;
  if (memory !== 0) throw rejected('multi-memory (data segment for memory other than 0)', 'wasm data');
  const offset = mode === 'active' ? readConstExpr(r) : undefined;
  const bytes = r.take(r.u32());
  return { flags, mode, memory, offset, bytes };
}

const scratch = new InstrList(1 << 12);

function readBody(r: ByteReader): FunctionBody {
  const size = r.u32();
  const start = r.pos;
  if (size > r.end - start) r.fail('function body extends past the code section');
  const body = new ByteReader(r.bytes, start, start + size);
  const locals = vec(body, (b): [number, number] => [b.u32(), readValType(b)]);
  // Decode into a reused scratch list, then keep an exact-size copy: no growth, little garbage.
  scratch.clear();
  readInstructions(body, scratch);
  if (body.pos !== body.end) body.fail('function body has bytes after its final end');
  r.pos = start + size;
  return { locals, instrs: scratch.trimmed() };
}

// ---------------------------------------------------------------------------------------------------
// Encoding

export function writeFuncType(w: ByteWriter, t: FuncType): void {
  w.u8(0x60);
  w.u32(t.params.length);
  for (const p of t.params) w.u8(p);
  w.u32(t.results.length);
  for (const p of t.results) w.u8(p);
}

/** Limits as wasm-encoder writes them (flag 1 when a maximum is present). */
export function writeLimits(w: ByteWriter, l: Limits): void {
  w.u8(l.max === undefined ? 0 : 1);
  w.u32(l.min);
  if (l.max !== undefined) w.u32(l.max);
}

export function writeTableType(w: ByteWriter, t: TableType): void {
  w.u8(t.elemType);
  writeLimits(w, t);
}

export function writeGlobalType(w: ByteWriter, g: GlobalType): void {
  w.u8(g.valType);
  w.u8(g.mutable ? 1 : 0);
}

export function writeImport(w: ByteWriter, imp: Import): void {
  w.name(imp.module);
  w.name(imp.name);
  switch (imp.kind) {
    case 'func':
      w.u8(0);
      w.u32(imp.typeIndex);
      return;
    case 'table':
      w.u8(1);
      writeTableType(w, imp.table);
      return;
    case 'memory':
      w.u8(2);
      writeLimits(w, imp.memory);
      return;
    case 'global':
      w.u8(3);
      writeGlobalType(w, imp.global);
      return;
  }
}

export function writeExport(w: ByteWriter, e: Export): void {
  w.name(e.name);
  w.u8(EXPORT_KINDS.indexOf(e.kind));
  w.u32(e.index);
}

export function writeConstExpr(w: ByteWriter, expr: ConstExpr): void {
  for (let i = 0; i < expr.length; i++) writeInstruction(w, expr, i);
  w.u8(Op.End);
}

/** An element segment in the encoding its flags name. */
export function writeElement(w: ByteWriter, e: ElementSegment): void {
  w.u32(e.flags);
  if (e.mode === 'active' && e.flags & 2) w.u32(e.table);
  if (e.offset) writeConstExpr(w, e.offset);
  if (e.flags & 3) {
    if (e.flags & 4) w.u8(e.elemType);
    else w.u8(0);
  }
  if (e.funcs) {
    w.u32(e.funcs.length);
    for (const f of e.funcs) w.u32(f);
  } else {
    const exprs = e.exprs ?? [];
    w.u32(exprs.length);
    for (const x of exprs) writeConstExpr(w, x);
  }
}

export function writeData(w: ByteWriter, d: DataSegment): void {
  w.u32(d.flags);
  if (d.flags === 2) w.u32(d.memory);
  if (d.offset) writeConstExpr(w, d.offset);
  w.u32(d.bytes.length);
  w.bytes(d.bytes);
}

/** A function body: size, local declaration entries, instructions (including the final `end`). */
export function writeBody(w: ByteWriter, body: FunctionBody, scratch = new ByteWriter(1024)): void {
  scratch.reset();
  scratch.u32(body.locals.length);
  for (const [count, type] of body.locals) {
    scratch.u32(count);
    scratch.u8(type);
  }
  const list = body.instrs;
  for (let i = 0; i < list.length; i++) writeInstruction(scratch, list, i);
  w.sized(scratch.view());
}

function writeVec<T>(w: ByteWriter, items: readonly T[], write: (w: ByteWriter, item: T) => void): void {
  w.u32(items.length);
  for (const item of items) write(w, item);
}

/** The payload of one section of `m`, encoded from its decoded form. */
export function encodeSectionPayload(m: WasmModule, span: SectionSpan): Uint8Array {
  if (span.custom !== undefined) return m.customs[span.custom]!.payload;
  const w = new ByteWriter(Math.max(64, span.end - span.start));
  switch (span.id) {
    case SectionId.Type:
      writeVec(w, m.types, writeFuncType);
      break;
    case SectionId.Import:
      writeVec(w, m.imports, writeImport);
      break;
    case SectionId.Function:
      writeVec(w, m.functions, (w, t) => w.u32(t));
      break;
    case SectionId.Table:
      writeVec(w, m.tables, writeTableType);
      break;
    case SectionId.Memory:
      writeVec(w, m.memories, writeLimits);
      break;
    case SectionId.Global:
      writeVec(w, m.globals, (w, g) => {
        writeGlobalType(w, g.type);
        writeConstExpr(w, g.init);
      });
      break;
    case SectionId.Export:
      writeVec(w, m.exports, writeExport);
      break;
    case SectionId.Start:
      w.u32(m.start!);
      break;
    case SectionId.Element:
      writeVec(w, m.elements, writeElement);
      break;
    case SectionId.DataCount:
      w.u32(m.dataCount!);
      break;
    case SectionId.Code: {
      const scratch = new ByteWriter(1024);
      writeVec(w, m.codes, (w, body) => writeBody(w, body, scratch));
      break;
    }
    case SectionId.Data:
      writeVec(w, m.datas, writeData);
      break;
  }
  return w.view();
}

/** Writes the module header and then each `[id, payload]` section in the order given. */
export function assembleModule(sections: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  let total = 8;
  for (const [, payload] of sections) total += 1 + 5 + payload.length;
  const w = new ByteWriter(total);
  w.u32le(WASM_MAGIC);
  w.u32le(1);
  for (const [id, payload] of sections) {
    w.u8(id);
    w.sized(payload);
  }
  return w.finish();
}

/**
 * Encodes a decoded module again, section by section in the original order, from the decoded
 * structures (custom sections are copied). For canonically encoded input (what compilers emit) the
 * result is byte-identical; non-minimal LEB128 encodings come out minimal.
 */
export function encodeModule(m: WasmModule): Uint8Array {
  return assembleModule(m.sections.map((s) => [s.id, encodeSectionPayload(m, s).slice()] as const));
}
