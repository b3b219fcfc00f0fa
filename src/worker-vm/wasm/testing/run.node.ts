import { formatInstructions } from '../binary/instructions';
import { decodeModule } from '../binary/module';
import { GAS_COUNTER_NAME, GAS_MODULE } from '../instrument/gasMetering';

/** Milligas per instruction at the FVM's default price. */
export const G = 4000;

/**
 * What a stack-limiter thunk costs to run, in milligas: one `local.get` per parameter, the 8-instruction
 * preamble (the `if` included), the call and the 4-instruction postamble, all at 4 gas.
 */
export const thunkCost = (params: number) => (params + 13) * G;

export interface Instantiated {
  instance: WebAssembly.Instance;
  gas: WebAssembly.Global;
  exports: Record<string, unknown>;
}

/** Instantiates an instrumented module with a fresh gas counter holding `milligas`. */
export function instantiate(
  bytes: Uint8Array,
  milligas: bigint,
  imports: WebAssembly.Imports = {},
): Instantiated {
  const gas = new WebAssembly.Global({ value: 'i64', mutable: true }, milligas);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {
    ...imports,
    [GAS_MODULE]: { [GAS_COUNTER_NAME]: gas },
  });
  return { instance, gas, exports: instance.exports as Record<string, unknown> };
}

/** Runs `invoke(arg)` with `milligas` available; returns the result and the milligas used. */
export function runInvoke(
  bytes: Uint8Array,
  arg: number,
  milligas = 10n ** 15n,
): { result: number; used: bigint; gasLeft: bigint } {
  const { exports, gas } = instantiate(bytes, milligas);
  const before = gas.value as bigint;
  const result = (exports.invoke as (x: number) => number)(arg);
  return { result, used: before - (gas.value as bigint), gasLeft: gas.value as bigint };
}

/** The instructions of function `index` (in the whole function index space) as text. */
export function body(bytes: Uint8Array, index: number): string[] {
  const m = decodeModule(bytes);
  const imported = m.imports.filter((i) => i.kind === 'func').length;
  return formatInstructions(m.codes[index - imported]!.instrs);
}
