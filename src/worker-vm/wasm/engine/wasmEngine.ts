import type { CID } from '../../ipld/cid';
import { type CompiledActorModule, InstrumentedModuleCache } from '../instrumentModule';
import { CallStackMemory } from './callStackMemory';
import { WasmActorCode } from './wasmActorCode';

/**
 * ref-fvm's engine for the playground (spec 1.1, 6.6): actor modules validated, instrumented and compiled
 * once per code CID, and the memory of the call stack's live instances. Modules are compiled with
 * inlined gas charges (same gas, faster in browsers) and an imported memory (so the call-stack limit
 * holds). One engine can serve several machines: messages run one at a time.
 */
export class WasmEngine {
  private readonly modules = new InstrumentedModuleCache({
    inlineGasCharges: true,
    importMemory: true,
    // A module without `invoke` still loads (ref-fvm's load does not look at exports); calling it exits
    // with SYS_INVALID_RECEIVER.
    requireActorExports: false,
  });
  readonly stackMemory = new CallStackMemory();

  /** The compiled module for a code CID; throws the WasmModuleError that says why it cannot load. */
  load(code: CID, bytes: () => Uint8Array): CompiledActorModule {
    return this.modules.get(code.toString(), bytes);
  }

  isLoaded(code: CID): boolean {
    return this.modules.has(code.toString());
  }

  /** Runnable actor code for a module (compiled on first use). */
  actorCode(code: CID, bytes: Uint8Array): WasmActorCode {
    return new WasmActorCode(this, code, bytes);
  }

  /** Modules compiled so far. */
  get moduleCount(): number {
    return this.modules.size;
  }
}

/** The engine machines use unless given their own: compiled modules are shared between playgrounds. */
export const sharedWasmEngine = new WasmEngine();
