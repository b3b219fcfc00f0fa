import type { CompileRequest, CompileResult, VersionListing } from './types';

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
}
