import { InstrList, writeInstruction } from '../binary/instructions';
import {
  assembleModule,
  type FuncType,
  type Import,
  type Limits,
  SectionId,
  writeBody,
  writeConstExpr,
  writeElement,
  writeExport,
  writeFuncType,
  writeGlobalType,
  writeImport,
  writeLimits,
  writeTableType,
} from '../binary/module';
import { Op, ValType } from '../binary/opcodes';
import { ByteWriter } from '../binary/writer';
import type { Cost } from './cost';
import { InstrumentError } from './errors';
import { planMetering } from './meteredBlocks';
import type { StackLimitedModule } from './stackLimiter';

/** The import the gas pass adds: a mutable i64 global holding the remaining milligas. */
export const GAS_MODULE = 'gas';
export const GAS_COUNTER_NAME = 'gas_counter';

export interface MeteredModule {
  bytes: Uint8Array;
  /** Function index of the appended gas-charging function. */
  gasFunction: number;
  /** Global index of the imported gas counter (0: it is the only imported global). */
  gasGlobal: number;
  /** Global index of the stack-height global after the gas import shifted the globals. */
  stackHeightGlobal: number;
}

/**
 * Optional lowering of declared maxima, applied to the module's own memory and table so that growth
 * fails in the browser where wasmtime's limits would make it fail under ref-fvm (not part of the
 * reference instrumentation: with no caps the output is the reference's).
 */
export interface LimitCaps {
  maxMemoryPages?: number;
  maxTableElements?: number;
}

export interface MeteringOptions extends LimitCaps {
  /**
   * Write each block charge `i64.const c; call $gas` as the gas function's body inlined, with the
   * counter cached in a local (see `meterBody`). The same subtraction and the same trap at the same
   * point, and the global written at every charge, so the gas counter is identical at every observable
   * moment; only the call and the global reads are gone (browsers' engines do not inline Wasm calls, and
   * a counter read back from memory at every block serialises loops). Dynamic charges keep the call.
   * Off: the reference's bytes.
   */
  inlineCharges?: boolean;
  /**
   * Turn the module's own memory into an import under this name, with the same (capped) limits. The
   * host then creates the memory and chooses its maximum, which is how the engine enforces the FVM's
   * per-call-stack memory limit: `memory.grow` past it returns -1 as it does under wasmtime's limiter.
   * Memory imports take no function or global index, so nothing else in the module changes. Not part of
   * the reference instrumentation.
   */
  importMemoryAs?: { module: string; name: string };
}

/**
 * fvm-wasm-instrument's `gas_metering::inject(wasm, rules, "gas")` applied to the stack limiter's
 * output, with ref-fvm's prices, producing the final module bytes in the section layout the reference
 * writes (see `assembleInstrumented`).
 */
export function injectGasMetering(lm: StackLimitedModule, caps: MeteringOptions = {}): MeteredModule {
  const m = lm.source;
  const imports: Import[] = [
    ...m.imports,
    {
      module: GAS_MODULE,
      name: GAS_COUNTER_NAME,
      kind: 'global',
      global: { valType: ValType.I64, mutable: true },
    },
  ];
  const ownMemory = m.memories[0];
  const importMemory = caps.importMemoryAs !== undefined && ownMemory !== undefined;
  if (importMemory) {
    const limits = caps.maxMemoryPages === undefined ? ownMemory : cap(ownMemory, caps.maxMemoryPages);
    imports.push({ ...caps.importMemoryAs!, kind: 'memory', memory: { min: limits.min, max: limits.max } });
  }
  const importedGlobals = imports.filter((i) => i.kind === 'global');
  const gasGlobal = importedGlobals.length - 1;
  if (importedGlobals.filter((g) => g.module === GAS_MODULE && g.name === GAS_COUNTER_NAME).length !== 1) {
    throw new InstrumentError('expected 1 gas global');
  }
  const importedFuncs = m.imports.filter((i) => i.kind === 'func').length;
  const gasFunction = importedFuncs + lm.functions.length;

  // Every function body, metered. The reference also shifts every global.get/set index by one (the
  // new import comes first in the global index space).
  const code = new ByteWriter(m.bytes.length + (m.bytes.length >> 1));
  const scratch = new ByteWriter(4096);
  code.u32(lm.bodies.length + 1);
  for (let f = 0; f < lm.bodies.length; f++) {
    const body = lm.bodies[f]!;
    const type = m.types[lm.functions[f]!];
    if (type === undefined) throw new InstrumentError('functype missing');
    meterBody(
      scratch,
      body.locals,
      body.instrs,
      type.params.length,
      gasFunction,
      caps.inlineCharges ? gasGlobal : -1,
    );
    code.sized(scratch.view());
  }

  // Data segments must have plain `i32.const` offsets; element segments may not use expressions.
  for (const seg of lm.elements) {
    if ((seg.exprs?.length ?? 0) > 0) {
      throw new InstrumentError('element segment items given as expressions are not supported');
    }
  }
  for (const seg of m.datas) {
    if (seg.offset && !(seg.offset.length === 1 && seg.offset.op[0] === Op.I32Const)) {
      throw new InstrumentError('data segment offset is not a plain i32.const');
    }
  }

  // The gas function: counter -= amount; if counter < 0 { unreachable }.
  const gasBody = new InstrList(12);
  gasBody.push(Op.GlobalGet, gasGlobal);
  gasBody.push(Op.LocalGet, 0);
  gasBody.push(Op.I64Sub);
  gasBody.push(Op.GlobalSet, gasGlobal);
  gasBody.push(Op.GlobalGet, gasGlobal);
  gasBody.pushI64(0n);
  gasBody.push(Op.I64LtS);
  gasBody.push(Op.If, -64);
  gasBody.push(Op.Unreachable);
  gasBody.push(Op.End);
  gasBody.push(Op.End);
  writeBody(code, { locals: [], instrs: gasBody }, scratch);

  const gasType: FuncType = { params: [ValType.I64], results: [] };
  let gasTypeIndex = m.types.findIndex(
    (t) => t.params.length === 1 && t.params[0] === ValType.I64 && t.results.length === 0,
  );
  let typePayload = rawPayload(lm, SectionId.Type);
  if (gasTypeIndex < 0) {
    gasTypeIndex = m.types.length;
    const w = new ByteWriter();
    w.u32(m.types.length + 1);
    for (const t of m.types) writeFuncType(w, t);
    writeFuncType(w, gasType);
    typePayload = w.finish();
  }

  const functionSection = new ByteWriter();
  functionSection.u32(lm.functions.length + 1);
  for (const t of lm.functions) functionSection.u32(t);
  functionSection.u32(gasTypeIndex);

  const bytes = assembleInstrumented(lm, {
    type: typePayload,
    import: vector(imports, writeImport),
    function: functionSection.finish(),
    code: code.finish(),
    memory: importMemory
      ? null
      : caps.maxMemoryPages === undefined
        ? undefined
        : vector(
            m.memories.map((l) => cap(l, caps.maxMemoryPages!)),
            writeLimits,
          ),
    table:
      caps.maxTableElements === undefined
        ? undefined
        : vector(
            m.tables.map((t) => cap(t, caps.maxTableElements!)),
            writeTableType,
          ),
  });
  return { bytes, gasFunction, gasGlobal, stackHeightGlobal: lm.stackHeightGlobal + 1 };
}

/**
 * Writes one metered function body into `w` (without its size prefix): block charges
 * `i64.const cost; call $gas` at each metered block start and, before each dynamically priced
 * instruction, `local.tee $t; local.get $t; i64.extend_i32_u; i64.const unit; i64.mul; call $gas`
 * with `$t` a new i32 local declared after the existing ones.
 *
 * Inlined form (`inlineGlobal` ≥ 0): the counter is also kept in a new i64 local `$c`, loaded at entry
 * and after every call (callees and syscalls change the global), and each block charge is
 * `local.get $c; i64.const cost; i64.sub; local.tee $c; global.set $g; local.get $c; i64.const 0;
 * i64.lt_s; if unreachable end`. The global is still written at every charge, so it holds the
 * reference's value at every call, return and trap; only the reads go, which take the counter's
 * dependency chain out of memory.
 */
function meterBody(
  w: ByteWriter,
  locals: readonly [number, number][],
  code: InstrList,
  paramCount: number,
  gasFunction: number,
  inlineGlobal: number,
): void {
  const plan = planMetering(code);
  w.reset();
  const temp = plan.dynamicAt.length > 0;
  const inline = inlineGlobal >= 0;
  let tempIndex = paramCount;
  for (const [count] of locals) tempIndex += count;
  const counterIndex = tempIndex + (temp ? 1 : 0);
  w.u32(locals.length + (temp ? 1 : 0) + (inline ? 1 : 0));
  for (const [count, type] of locals) {
    w.u32(count);
    w.u8(type);
  }
  if (temp) {
    w.u32(1);
    w.u8(ValType.I32);
  }
  if (inline) {
    w.u32(1);
    w.u8(ValType.I64);
    w.u8(Op.GlobalGet);
    w.u32(inlineGlobal);
    w.u8(Op.LocalSet);
    w.u32(counterIndex);
  }
  let nextBlock = 0;
  let nextDynamic = 0;
  const { blockStarts, blockCosts, dynamicAt, dynamicUnit } = plan;
  for (let i = 0; i < code.length; i++) {
    if (nextBlock < blockStarts.length && blockStarts[nextBlock] === i) {
      if (inline) {
        w.u8(Op.LocalGet);
        w.u32(counterIndex);
        w.u8(Op.I64Const);
        writeCostAsI64(w, blockCosts[nextBlock]!);
        writeInlineChargeTail(w, inlineGlobal, counterIndex);
      } else {
        w.u8(Op.I64Const);
        writeCostAsI64(w, blockCosts[nextBlock]!);
        w.u8(Op.Call);
        w.u32(gasFunction);
      }
      nextBlock++;
    }
    if (nextDynamic < dynamicAt.length && dynamicAt[nextDynamic] === i) {
      w.u8(Op.LocalTee);
      w.u32(tempIndex);
      w.u8(Op.LocalGet);
      w.u32(tempIndex);
      w.u8(Op.I64ExtendI32U);
      w.u8(Op.I64Const);
      w.s33(dynamicUnit[nextDynamic]!);
      w.u8(Op.I64Mul);
      w.u8(Op.Call);
      w.u32(gasFunction);
      if (inline) reloadCounter(w, inlineGlobal, counterIndex);
      nextDynamic++;
    }
    const op = code.op[i]!;
    if (op === Op.GlobalGet || op === Op.GlobalSet) {
      w.u8(op);
      w.u32(code.a[i]! + 1);
    } else {
      writeInstruction(w, code, i);
      if (inline && (op === Op.Call || op === Op.CallIndirect)) reloadCounter(w, inlineGlobal, counterIndex);
    }
  }
  if (nextBlock !== blockStarts.length) throw new InstrumentError('metered blocks should be all consumed');
  if (nextDynamic !== dynamicAt.length)
    throw new InstrumentError('metered instructions should be all consumed');
}

/** `i64.sub; local.tee c; global.set g; local.get c; i64.const 0; i64.lt_s; if; unreachable; end`. */
function writeInlineChargeTail(w: ByteWriter, global: number, counter: number): void {
  w.u8(Op.I64Sub);
  w.u8(Op.LocalTee);
  w.u32(counter);
  w.u8(Op.GlobalSet);
  w.u32(global);
  w.u8(Op.LocalGet);
  w.u32(counter);
  w.u8(Op.I64Const);
  w.u8(0);
  w.u8(Op.I64LtS);
  w.u8(Op.If);
  w.u8(0x40);
  w.u8(Op.Unreachable);
  w.u8(Op.End);
}

/** `global.get g; local.set c` after a call: the callee (or the host) moved the counter. */
function reloadCounter(w: ByteWriter, global: number, counter: number): void {
  w.u8(Op.GlobalGet);
  w.u32(global);
  w.u8(Op.LocalSet);
  w.u32(counter);
}

/** The charge as the reference emits it: the u64 cost reinterpreted as an i64 constant. */
function writeCostAsI64(w: ByteWriter, cost: Cost): void {
  if (typeof cost === 'number') w.s33(cost);
  else w.s64(BigInt.asIntN(64, cost));
}

function cap<T extends Limits>(limits: T, ceiling: number): T {
  if (limits.min > ceiling || (limits.max !== undefined && limits.max <= ceiling)) return limits;
  return { ...limits, max: ceiling };
}

function vector<T>(items: readonly T[], write: (w: ByteWriter, item: T) => void): Uint8Array {
  const w = new ByteWriter();
  w.u32(items.length);
  for (const item of items) write(w, item);
  return w.finish();
}

function rawPayload(lm: StackLimitedModule, id: number): Uint8Array | undefined {
  const span = lm.source.sections.find((s) => s.id === id);
  return span && lm.source.bytes.subarray(span.start, span.end);
}

/**
 * The final module in fvm-wasm-instrument's layout: sections in the fixed order custom, type, import,
 * function, table, memory, global, export, start, element, data count, code, data. Like the
 * reference's section map it keeps only the *last* custom section (placed first). Sections neither
 * pass rewrites (table, memory, data count, data, and type unless a type was added) are copied raw;
 * the global, export and element sections are always written (possibly empty) because the stack
 * limiter always rewrites them.
 */
function assembleInstrumented(
  lm: StackLimitedModule,
  rewritten: {
    type: Uint8Array | undefined;
    import: Uint8Array;
    function: Uint8Array;
    code: Uint8Array;
    /** undefined: copy the original section; null: leave the section out (the memory is imported). */
    memory: Uint8Array | undefined | null;
    table: Uint8Array | undefined;
  },
): Uint8Array {
  const m = lm.source;
  const sections: [number, Uint8Array][] = [];
  const add = (id: number, payload: Uint8Array | undefined) => {
    if (payload !== undefined) sections.push([id, payload]);
  };
  add(SectionId.Custom, m.customs.at(-1)?.payload);
  add(SectionId.Type, rewritten.type);
  add(SectionId.Import, rewritten.import);
  add(SectionId.Function, rewritten.function);
  const hasTable = rawPayload(lm, SectionId.Table) !== undefined;
  const hasMemory = rewritten.memory !== null && rawPayload(lm, SectionId.Memory) !== undefined;
  add(SectionId.Table, hasTable ? (rewritten.table ?? rawPayload(lm, SectionId.Table)) : undefined);
  add(SectionId.Memory, hasMemory ? (rewritten.memory ?? rawPayload(lm, SectionId.Memory)) : undefined);
  add(
    SectionId.Global,
    vector(lm.globals, (w, g) => {
      writeGlobalType(w, g.type);
      writeConstExpr(w, g.init);
    }),
  );
  add(SectionId.Export, vector(lm.exports, writeExport));
  if (lm.start !== undefined) {
    const w = new ByteWriter(8);
    w.u32(lm.start);
    add(SectionId.Start, w.finish());
  }
  add(SectionId.Element, vector(lm.elements, writeElement));
  add(SectionId.DataCount, rawPayload(lm, SectionId.DataCount));
  add(SectionId.Code, rewritten.code);
  add(SectionId.Data, rawPayload(lm, SectionId.Data));
  return assembleModule(sections);
}
