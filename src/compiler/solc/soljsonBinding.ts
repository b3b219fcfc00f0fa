/**
 * A minimal binding to the C API that soljson (the Emscripten build of solc) exports.
 *
 * We do not use `solc/wrapper` in the browser: it pulls in Node-only modules (follow-redirects,
 * memorystream, assert) for features we do not use (remote version download, import callbacks).
 * Imports are resolved before compiling, so the compile call never needs a callback.
 */

/** The part of an Emscripten module that we call. */
export interface SoljsonModule {
  cwrap: (name: string, returnType: string | null, argTypes: string[]) => (...args: unknown[]) => unknown;
  /** Emscripten exports C functions as `_name`; present since solc 0.6 for the ones we use. */
  _solidity_compile?: unknown;
  _solidity_reset?: unknown;
}

export interface SolcBinding {
  /** e.g. "0.8.30+commit.73712a01.Emscripten.clang" */
  version(): string;
  /** Runs one standard-JSON compilation and returns the standard-JSON output text. */
  compileStandardJson(input: string): string;
}

export function bindSoljson(module: SoljsonModule): SolcBinding {
  if (typeof module?.cwrap !== 'function') {
    throw new Error('This file is not a soljson build of the Solidity compiler (no cwrap export).');
  }
  if (typeof module._solidity_compile !== 'function') {
    // Before 0.6, solidity_compile took no context argument (and older builds lack it entirely).
    throw new Error('This soljson build is older than solc 0.6.0, which the playground does not support.');
  }
  const version = module.cwrap('solidity_version', 'string', []) as () => string;
  const compile = module.cwrap('solidity_compile', 'string', ['string', 'number', 'number']) as (
    input: string,
    callbackPointer: number,
    contextPointer: number,
  ) => string;
  const reset =
    typeof module._solidity_reset === 'function'
      ? (module.cwrap('solidity_reset', null, []) as () => void)
      : () => {};
  return {
    version,
    compileStandardJson(input) {
      const output = compile(input, 0, 0);
      // Frees the compiler's internal buffers; without it memory grows with every compile.
      reset();
      return output;
    },
  };
}

/**
 * Evaluates the text of a soljson build and returns its module. soljson declares a global `Module`
 * and, since it embeds its Wasm, instantiates it synchronously: allowed in workers and Node only.
 */
export function evaluateSoljson(scriptText: string): SoljsonModule {
  const factory = new Function(`${scriptText}\n;return Module;`) as () => SoljsonModule;
  return factory();
}
