import { InstrList } from '../binary/instructions';
import type { ElementSegment, Export, FuncType, FunctionBody, Global, WasmModule } from '../binary/module';
import { Op, ValType } from '../binary/opcodes';
import { InstrumentError } from './errors';
import { maxStackHeight } from './maxHeight';

/** ref-fvm's `max_wasm_stack`: the limit on the summed stack costs of active frames. */
export const DEFAULT_STACK_LIMIT = 2048;

/**
 * The module after the stack limiter, in the shape the gas pass consumes: function bodies as
 * instruction lists (thunks appended), the new global, and rewritten exports, elements and start.
 */
export interface StackLimitedModule {
  source: WasmModule;
  /** Type index of each defined function, thunks appended after the module's own functions. */
  functions: number[];
  bodies: FunctionBody[];
  globals: Global[];
  exports: Export[];
  elements: ElementSegment[];
  start: number | undefined;
  /** Index of the stack-height global in the global index space (before the gas pass). */
  stackHeightGlobal: number;
  /** Stack cost of every function in the original function index space (imports cost 0). */
  stackCosts: Uint32Array;
  /** Original function index → thunk function index, ascending by original index. */
  thunks: Map<number, number>;
}

/** Function type of each function index (imports first), or undefined when out of range. */
export function functionTypes(m: WasmModule): (index: number) => FuncType | undefined {
  const importTypes: number[] = [];
  for (const imp of m.imports) if (imp.kind === 'func') importTypes.push(imp.typeIndex);
  return (index) => {
    const typeIndex =
      index < importTypes.length ? importTypes[index] : m.functions[index - importTypes.length];
    return typeIndex === undefined ? undefined : m.types[typeIndex];
  };
}

/**
 * The cost of a function's frame as the stack limiter counts it: the number of local *declaration
 * entries* (not locals, and without parameters) plus the function's maximum operand-stack height.
 */
export function stackCost(
  body: FunctionBody,
  type: FuncType,
  m: WasmModule,
  typeOf = functionTypes(m),
): number {
  return body.locals.length + maxStackHeight(body.instrs, type, typeOf, m.types);
}

/** Instructions in a guarded call (the call included). */
const GUARDED_CALL_LENGTH = 15;

/**
 * Appends the guarded call sequence the limiter wraps around a call:
 * `height += cost; if height > limit { unreachable }; call f; height -= cost`.
 */
function pushInstrumentedCall(out: InstrList, callee: number, cost: number, global: number, limit: number) {
  out.push(Op.GlobalGet, global);
  out.push(Op.I32Const, cost | 0);
  out.push(Op.I32Add);
  out.push(Op.GlobalSet, global);
  out.push(Op.GlobalGet, global);
  out.push(Op.I32Const, limit | 0);
  out.push(Op.I32GtU);
  out.push(Op.If, -64);
  out.push(Op.Unreachable);
  out.push(Op.End);
  out.push(Op.Call, callee);
  out.push(Op.GlobalGet, global);
  out.push(Op.I32Const, cost | 0);
  out.push(Op.I32Sub);
  out.push(Op.GlobalSet, global);
}

/**
 * fvm-wasm-instrument's `stack_limiter::inject(wasm, limit)`, reproduced: add a mutable i32 global,
 * guard every direct call to a function of non-zero cost, and route exports, table elements and the
 * start function through thunks that do the same guarding.
 */
export function injectStackLimiter(m: WasmModule, limit = DEFAULT_STACK_LIMIT): StackLimitedModule {
  if (!m.sections.some((s) => s.id === 3)) {
    throw new InstrumentError('module has no function section (the stack limiter requires one)');
  }
  // The new global's index counts only the module's own globals, as the reference does (it ignores
  // imported globals; validation refuses those, so the index is right).
  const stackHeightGlobal = m.globals.length;
  const globals: Global[] = [
    ...m.globals,
    { type: { valType: ValType.I32, mutable: true }, init: i32Const(0) },
  ];

  const typeOf = functionTypes(m);
  const importedFuncs = m.imports.filter((i) => i.kind === 'func').length;
  const totalFuncs = importedFuncs + m.functions.length;
  const stackCosts = new Uint32Array(totalFuncs);
  for (let f = 0; f < m.functions.length; f++) {
    const type = m.types[m.functions[f]!] ?? fail(`function ${importedFuncs + f} has an unknown type`);
    stackCosts[importedFuncs + f] = stackCost(m.codes[f]!, type, m, typeOf);
  }

  const bodies = m.codes.map((body) => ({ locals: body.locals, instrs: guardCalls(body.instrs) }));

  function guardCalls(code: InstrList): InstrList {
    let guarded = 0;
    for (let i = 0; i < code.length; i++) {
      if (code.op[i] === Op.Call && (stackCosts[code.a[i]!] ?? 0) > 0) guarded++;
    }
    if (guarded === 0) return code;
    const out = new InstrList(code.length + guarded * (GUARDED_CALL_LENGTH - 1));
    for (let i = 0; i < code.length; i++) {
      const callee = code.a[i]!;
      const cost = code.op[i] === Op.Call ? (stackCosts[callee] ?? 0) : 0;
      if (cost > 0) pushInstrumentedCall(out, callee, cost, stackHeightGlobal, limit);
      else out.copyFrom(code, i);
    }
    return out;
  }

  // Thunks: exported functions, functions in element segments (index form), the start function; only
  // those with a non-zero cost, one per function, in ascending function index order.
  const wanted = new Set<number>();
  for (const e of m.exports) if (e.kind === 'func') wanted.add(e.index);
  for (const seg of m.elements) for (const f of seg.funcs ?? []) wanted.add(f);
  if (m.start !== undefined) wanted.add(m.start);
  const candidates = [...wanted].sort((a, b) => a - b);

  const functions = [...m.functions];
  const thunks = new Map<number, number>();
  let next = totalFuncs;
  for (const f of candidates) {
    if (f >= totalFuncs) fail(`function index ${f} isn't found`);
    const cost = stackCosts[f]!;
    if (cost === 0) continue;
    const type = typeOf(f)!;
    const code = new InstrList(type.params.length + 16);
    for (let p = 0; p < type.params.length; p++) code.push(Op.LocalGet, p);
    pushInstrumentedCall(code, f, cost, stackHeightGlobal, limit);
    code.push(Op.End);
    // The thunk's type is the first structurally equal type in the type section.
    functions.push(m.types.findIndex((t) => sameType(t, type)));
    bodies.push({ locals: [], instrs: code });
    thunks.set(f, next++);
  }

  const redirect = (f: number) => thunks.get(f) ?? f;
  const exports = m.exports.map((e) => (e.kind === 'func' ? { ...e, index: redirect(e.index) } : e));
  const elements = m.elements.map(reencodeElement(redirect));
  const start = m.start === undefined ? undefined : redirect(m.start);

  return {
    source: m,
    functions,
    bodies,
    globals,
    exports,
    elements,
    start,
    stackHeightGlobal,
    stackCosts,
    thunks,
  };
}

/**
 * Element segments come out of the limiter re-encoded by wasm-encoder: function-index segments keep
 * their functions (redirected to thunks) but take the explicit-table encoding when active (flags 2),
 * passive 1, declared 3; expression segments take flags 6/5/7.
 */
function reencodeElement(redirect: (f: number) => number) {
  return (seg: ElementSegment): ElementSegment => {
    const modeFlags = seg.mode === 'active' ? 2 : seg.mode === 'passive' ? 1 : 3;
    if (seg.funcs) return { ...seg, flags: modeFlags, funcs: seg.funcs.map(redirect) };
    for (const expr of seg.exprs ?? []) {
      const op = expr.op[0];
      const ok =
        expr.length === 1 &&
        (op === Op.RefFunc || op === Op.GlobalGet || (op === Op.RefNull && expr.a[0] === ValType.FuncRef));
      if (!ok) fail('element segment item is not ref.func, ref.null func or global.get');
    }
    return { ...seg, flags: modeFlags | 4 };
  };
}

function sameType(a: FuncType, b: FuncType): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) &&
    a.results.every((r, i) => r === b.results[i])
  );
}

function i32Const(value: number): InstrList {
  const list = new InstrList(1);
  list.push(Op.I32Const, value);
  return list;
}

function fail(message: string): never {
  throw new InstrumentError(message);
}
