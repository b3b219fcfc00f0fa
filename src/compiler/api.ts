import type { CompileRequest, CompileResult, VersionListing } from './types';
import type { WasmCompileRequest, WasmCompileResult } from './wat/wasmResult';

/** What the compiler worker offers the UI (through comlink). */
export interface CompilerApi {
  /** Loads the bundled solc (once) and reports its long version. */
  solcVersion(): Promise<string>;
  /** Resolves imports, compiles, and returns artifacts and diagnostics; never rejects for bad input. */
  compile(request: CompileRequest): Promise<CompileResult>;
  /** The versions that can be picked (official releases need the network; cached ones do not). */
  versions(): Promise<VersionListing>;
  /** Gets a release ready (from the cache, or downloaded and verified) and returns its long version. */
  prepareVersion(version: string): Promise<string>;

  // Wasm actors (docs/wasm-actors.md). Each compiler loads on first use; neither rejects for bad input.
  /** An AssemblyScript actor (`entry` a `.ts` file) to a checked Wasm module. */
  compileAssemblyScript(request: WasmCompileRequest): Promise<WasmCompileResult>;
  /** A WebAssembly text actor (`entry` a `.wat` file) to a checked Wasm module. */
  compileWat(request: WasmCompileRequest): Promise<WasmCompileResult>;
  /** The AssemblyScript SDK's sources, by the names diagnostics use (`~lib/fvm/index.ts`). */
  assemblyScriptSdk(): Promise<Record<string, string>>;
}
