import { PlaygroundError } from '../errors';
import type { InstrList } from './binary/instructions';
import { decodeModule, type ExternKind, type Limits, type WasmModule } from './binary/module';
import { Op, opName, valTypeName } from './binary/opcodes';
import { moduleError } from './moduleError';

/** The most memory one FVM instance may have: 512 MiB (`max_inst_memory_bytes`). */
export const MAX_MEMORY_PAGES = 8192;
/** The most elements one FVM table may have (wasmtime pooling `table_elements`). */
export const MAX_TABLE_ELEMENTS = 20_000;
/** The actor entry point and memory export names. */
export const INVOKE_EXPORT = 'invoke';
export const MEMORY_EXPORT = 'memory';
/** ref-fvm charges `wasm_table_init` for the table exported under exactly this name. */
export const TABLE_EXPORT = 'table';

export interface ImportInfo {
  module: string;
  name: string;
  kind: ExternKind;
  /** A readable type, e.g. `(i32, i32) -> i32` or `memory 1..`. */
  type: string;
}

export interface ExportInfo {
  name: string;
  kind: ExternKind;
  index: number;
  type: string;
}

/** What the kernel and the UI need to know about a module. */
export interface WasmModuleInfo {
  byteLength: number;
  imports: ImportInfo[];
  exports: ExportInfo[];
  /** Imported plus defined functions. */
  functionCount: number;
  importedFunctionCount: number;
  hasStart: boolean;
  hasInvoke: boolean;
  /** The type of the `invoke` export, when there is one (the SDK's is `(i32) -> i32`). */
  invokeType: string | undefined;
  /** Minimum pages of the memory exported as `memory` (drives `wasm_memory_init`, 0.4 gas/byte). */
  memoryMinPages: number | undefined;
  memoryMaxPages: number | undefined;
  /** Minimum elements of the module's table, whatever it is exported as. */
  tableMinElements: number | undefined;
  /**
   * Minimum elements of the table exported as `table`: the only one ref-fvm charges
   * `wasm_table_init` for (Rust actors export theirs as `__indirect_function_table`).
   */
  tableExportMinElements: number | undefined;
}

export interface ValidateOptions {
  /** Require the `invoke` function and `memory` exports (default true). */
  requireActorExports?: boolean;
}

export interface ValidatedModule {
  module: WasmModule;
  info: WasmModuleInfo;
}

/**
 * Checks that `bytes` is a module ref-fvm would load: it decodes, uses only the Wasm features the FVM
 * enables, passes the engine's validator, imports only functions, keeps within instance limits, has
 * constant segment offsets the instrumenter accepts, and (by default) exports `invoke` and `memory`.
 * Throws a `WasmModuleError` naming the problem.
 */
export function validateModule(bytes: Uint8Array, options: ValidateOptions = {}): ValidatedModule {
  let module: WasmModule;
  try {
    module = decodeModule(bytes);
  } catch (e) {
    if (e instanceof PlaygroundError) {
      throw moduleError(e.kind === 'MalformedData' ? 'malformed' : 'disabled-feature', e.message);
    }
    throw e;
  }
  checkFeatures(module);
  checkWithEngine(bytes);
  checkFvmRules(module);
  const info = describeModule(module);
  if (options.requireActorExports ?? true) {
    const invoke = module.exports.find((e) => e.name === INVOKE_EXPORT);
    if (invoke?.kind !== 'func') {
      throw moduleError('missing-invoke', 'the module does not export an "invoke" function', 'exports');
    }
    const memory = module.exports.find((e) => e.name === MEMORY_EXPORT);
    if (memory?.kind !== 'memory') {
      throw moduleError('missing-memory', 'the module does not export its memory as "memory"', 'exports');
    }
  }
  return { module, info };
}

/** Proposals the decoder cannot see from opcodes alone: multi-value, multi-memory, extended const. */
function checkFeatures(m: WasmModule): void {
  m.types.forEach((t, i) => {
    if (t.results.length > 1) {
      throw moduleError(
        'disabled-feature',
        `multi-value is disabled in the FVM: type ${i} returns ${t.results.length} values`,
      );
    }
  });
  m.codes.forEach((body, f) => {
    const code = body.instrs;
    for (let i = 0; i < code.length; i++) {
      const op = code.op[i]!;
      if ((op === Op.Block || op === Op.Loop || op === Op.If) && code.a[i]! >= 0) {
        throw moduleError(
          'disabled-feature',
          `multi-value is disabled in the FVM: ${opName(op)} with a type-index block type`,
          `function ${f}`,
        );
      }
      if (op === Op.RefNull || op === Op.RefIsNull || op === Op.RefFunc || op === Op.SelectT) {
        throw moduleError(
          'disabled-feature',
          `reference-type instruction ${opName(op)}${op === Op.SelectT ? ' (typed)' : ''} is not supported by the FVM`,
          `function ${f}`,
        );
      }
    }
  });
  const memories = m.memories.length + m.imports.filter((i) => i.kind === 'memory').length;
  if (memories > 1)
    throw moduleError('disabled-feature', `multi-memory is disabled in the FVM (${memories} memories)`);
  const tables = m.tables.length + m.imports.filter((i) => i.kind === 'table').length;
  if (tables > 1)
    throw moduleError('disabled-feature', `an FVM module may have at most one table (${tables} declared)`);
  const single = (expr: InstrList, where: string) => {
    if (expr.length !== 1) {
      throw moduleError(
        'disabled-feature',
        `extended constant expressions are disabled in the FVM (${expr.length} instructions)`,
        where,
      );
    }
  };
  m.globals.forEach((g, i) => {
    single(g.init, `global ${i}`);
  });
  m.elements.forEach((seg, i) => {
    if (seg.offset) single(seg.offset, `element segment ${i}`);
    for (const x of seg.exprs ?? []) single(x, `element segment ${i}`);
  });
  m.datas.forEach((seg, i) => {
    if (seg.offset) single(seg.offset, `data segment ${i}`);
  });
}

/** The engine's own validator (V8, SpiderMonkey, ...) for everything else (types, indices, limits). */
function checkWithEngine(bytes: Uint8Array): void {
  if (WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) return;
  let reason = 'rejected by the Wasm validator';
  try {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  throw moduleError('invalid', `invalid Wasm module: ${reason}`);
}

/** What the FVM engine and its instrumenter require beyond validity. */
function checkFvmRules(m: WasmModule): void {
  for (const imp of m.imports) {
    if (imp.kind !== 'func') {
      const what =
        imp.kind === 'global'
          ? 'imported globals'
          : `imported ${imp.kind === 'memory' ? 'memories' : 'tables'}`;
      throw moduleError(
        'unsupported-import',
        `${what} are not supported: the FVM provides only syscall functions`,
        `import ${imp.module}.${imp.name}`,
      );
    }
  }
  for (const mem of m.memories) {
    if (mem.min > MAX_MEMORY_PAGES) {
      throw moduleError(
        'too-large',
        `memory needs ${mem.min} pages; an FVM instance may have ${MAX_MEMORY_PAGES} (512 MiB)`,
      );
    }
  }
  for (const t of m.tables) {
    if (t.min > MAX_TABLE_ELEMENTS) {
      throw moduleError(
        'too-large',
        `table needs ${t.min} elements; an FVM table may have ${MAX_TABLE_ELEMENTS}`,
      );
    }
  }
  m.datas.forEach((seg, i) => {
    if (seg.offset && seg.offset.op[0] !== Op.I32Const) {
      throw moduleError(
        'non-constant-expression',
        `data segment offset must be an i32.const, not ${opName(seg.offset.op[0]!)}`,
        `data segment ${i}`,
      );
    }
  });
  m.elements.forEach((seg, i) => {
    if ((seg.exprs?.length ?? 0) > 0) {
      throw moduleError(
        'non-constant-expression',
        'element segments must list function indices; expression items are refused by the instrumenter',
        `element segment ${i}`,
      );
    }
  });
}

const limitsText = (l: Limits) => `${l.min}..${l.max ?? ''}`;

export function describeModule(m: WasmModule): WasmModuleInfo {
  const funcTypeText = (typeIndex: number) => {
    const t = m.types[typeIndex];
    if (!t) return `type ${typeIndex}`;
    const results = t.results.map(valTypeName);
    return `(${t.params.map(valTypeName).join(', ')}) -> ${results.length === 1 ? results[0] : `(${results.join(', ')})`}`;
  };
  const importedFuncTypes: number[] = [];
  const imports: ImportInfo[] = m.imports.map((imp) => {
    let type: string;
    switch (imp.kind) {
      case 'func':
        importedFuncTypes.push(imp.typeIndex);
        type = funcTypeText(imp.typeIndex);
        break;
      case 'table':
        type = `${valTypeName(imp.table.elemType)} ${limitsText(imp.table)}`;
        break;
      case 'memory':
        type = `memory ${limitsText(imp.memory)}`;
        break;
      case 'global':
        type = `${imp.global.mutable ? 'mut ' : ''}${valTypeName(imp.global.valType)}`;
        break;
    }
    return { module: imp.module, name: imp.name, kind: imp.kind, type };
  });
  const memory = m.memories[0];
  const table = m.tables[0];
  const exportType = (kind: ExternKind, index: number): string => {
    switch (kind) {
      case 'func': {
        const t =
          index < importedFuncTypes.length
            ? importedFuncTypes[index]
            : m.functions[index - importedFuncTypes.length];
        return t === undefined ? '?' : funcTypeText(t);
      }
      case 'memory':
        return memory ? `memory ${limitsText(memory)}` : '?';
      case 'table':
        return table ? `${valTypeName(table.elemType)} ${limitsText(table)}` : '?';
      case 'global': {
        const g = m.globals[index];
        return g ? `${g.type.mutable ? 'mut ' : ''}${valTypeName(g.type.valType)}` : '?';
      }
    }
  };
  const exports: ExportInfo[] = m.exports.map((e) => ({ ...e, type: exportType(e.kind, e.index) }));
  const invoke = exports.find((e) => e.name === INVOKE_EXPORT && e.kind === 'func');
  const memoryExport = m.exports.some((e) => e.name === MEMORY_EXPORT && e.kind === 'memory');
  const tableExport = m.exports.some((e) => e.name === TABLE_EXPORT && e.kind === 'table');
  return {
    byteLength: m.bytes.length,
    imports,
    exports,
    functionCount: importedFuncTypes.length + m.functions.length,
    importedFunctionCount: importedFuncTypes.length,
    hasStart: m.start !== undefined,
    hasInvoke: invoke !== undefined,
    invokeType: invoke?.type,
    memoryMinPages: memoryExport ? memory?.min : undefined,
    memoryMaxPages: memoryExport ? memory?.max : undefined,
    tableMinElements: table?.min,
    tableExportMinElements: tableExport ? table?.min : undefined,
  };
}
