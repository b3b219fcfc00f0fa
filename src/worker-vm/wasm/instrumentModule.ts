import { InstrumentError } from './instrument/errors';
import { injectGasMetering, type MeteringOptions } from './instrument/gasMetering';
import { DEFAULT_STACK_LIMIT, injectStackLimiter } from './instrument/stackLimiter';
import { moduleError } from './moduleError';
import { isStackOverflow } from './traps';
import {
  MAX_MEMORY_PAGES,
  MAX_TABLE_ELEMENTS,
  type ValidateOptions,
  validateModule,
  type WasmModuleInfo,
} from './validate';

export interface InstrumentOptions extends ValidateOptions {
  /** Stack limit in the limiter's units (ref-fvm's `max_wasm_stack`, 2048). */
  stackLimit?: number;
  /**
   * Lower the declared maxima of the module's memory and table to the FVM's per-instance limits
   * (8192 pages, 20,000 elements) so that growth beyond them fails with -1 in the browser as it does
   * under wasmtime's limits. Default true. With false the bytes are exactly the reference's output.
   */
  capLimits?: boolean;
  /**
   * Inline the gas function at every block charge (see `MeteringOptions.inlineCharges`): identical
   * gas and traps, several times faster in browsers. Default false (the reference's exact bytes);
   * `InstrumentedModuleCache`, which compiles modules for execution, defaults it to true.
   */
  inlineGasCharges?: boolean;
  /**
   * Import the module's memory as `engine.memory` (see `MeteringOptions.importMemoryAs`) so that the
   * engine creates it and sets its maximum. Default false; the engine turns it on.
   */
  importMemory?: boolean;
}

/** Where an instrumented module with `importMemory` expects its memory. */
export const ACTOR_MEMORY_IMPORT = { module: 'engine', name: 'memory' } as const;

export interface InstrumentationInfo {
  /** Size of the instrumented module. */
  byteLength: number;
  stackLimit: number;
  /** Function index of the gas-charging function the metering pass appended. */
  gasFunction: number;
  /** Global index of the stack-height counter in the instrumented module. */
  stackHeightGlobal: number;
  /** Number of thunks the stack limiter added (exports, table entries, start). */
  thunkCount: number;
  /** Whether the memory/table maxima were lowered (see `capLimits`). */
  limitsCapped: boolean;
  /** Whether block charges were inlined (see `inlineGasCharges`). */
  inlineGasCharges: boolean;
  /** Whether the memory is imported as `ACTOR_MEMORY_IMPORT` (see `importMemory`). */
  memoryImported: boolean;
}

export interface InstrumentedModule {
  /** The instrumented Wasm: imports `gas.gas_counter` (mutable i64, milligas) besides the syscalls. */
  bytes: Uint8Array;
  /** Facts about the original module (imports, exports, minimum memory and table). */
  info: WasmModuleInfo & { instrumentation: InstrumentationInfo };
}

/**
 * What ref-fvm's `Engine::load_raw` does to an actor's code, in TypeScript: validate, then the stack
 * limiter (`stack_limiter::inject(wasm, 2048)`), then gas metering (`gas_metering::inject(wasm, rules,
 * "gas")`) with the FVM's instruction prices. Throws a `WasmModuleError` saying why a module is refused.
 */
export function instrumentModule(bytes: Uint8Array, options: InstrumentOptions = {}): InstrumentedModule {
  const { module, info } = validateModule(bytes, options);
  const stackLimit = options.stackLimit ?? DEFAULT_STACK_LIMIT;
  const capLimits = options.capLimits ?? true;
  const inlineGasCharges = options.inlineGasCharges ?? false;
  const metering: MeteringOptions = {
    ...(capLimits ? { maxMemoryPages: MAX_MEMORY_PAGES, maxTableElements: MAX_TABLE_ELEMENTS } : {}),
    inlineCharges: inlineGasCharges,
    ...(options.importMemory ? { importMemoryAs: ACTOR_MEMORY_IMPORT } : {}),
  };
  try {
    const limited = injectStackLimiter(module, stackLimit);
    const metered = injectGasMetering(limited, metering);
    return {
      bytes: metered.bytes,
      info: {
        ...info,
        instrumentation: {
          byteLength: metered.bytes.length,
          stackLimit,
          gasFunction: metered.gasFunction,
          stackHeightGlobal: metered.stackHeightGlobal,
          thunkCount: limited.thunks.size,
          limitsCapped: capLimits,
          inlineGasCharges,
          memoryImported: options.importMemory === true && module.memories.length > 0,
        },
      },
    };
  } catch (e) {
    if (e instanceof InstrumentError)
      throw moduleError('instrumentation', `the FVM instrumenter refuses this module: ${e.message}`);
    throw e;
  }
}

export interface CompiledActorModule extends InstrumentedModule {
  /** The instrumented module, compiled once. */
  module: WebAssembly.Module;
}

/**
 * Instruments and compiles each module once, keyed by the caller's choice (the engine uses the code
 * CID). Failures are cached too, so a bad module is not re-validated on every call. Modules are
 * compiled in the inlined-charge form unless the options say otherwise.
 */
export class InstrumentedModuleCache {
  private readonly entries = new Map<string, CompiledActorModule | Error>();
  private readonly options: InstrumentOptions;

  constructor(options: InstrumentOptions = {}) {
    this.options = { inlineGasCharges: true, ...options };
  }

  /** The compiled module for `key`, instrumenting `load()`'s bytes on first use. */
  get(key: string, load: () => Uint8Array): CompiledActorModule {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      try {
        const instrumented = instrumentModule(load(), this.options);
        entry = {
          ...instrumented,
          module: new WebAssembly.Module(instrumented.bytes as Uint8Array<ArrayBuffer>),
        };
      } catch (e) {
        // A stack overflow says nothing about the module (it was compiled deep in a chain of calls): retry
        // next time rather than remember it as the module's failure.
        if (isStackOverflow(e)) throw e;
        entry = e instanceof Error ? e : new Error(String(e));
      }
      this.entries.set(key, entry);
    }
    if (entry instanceof Error) throw entry;
    return entry;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
