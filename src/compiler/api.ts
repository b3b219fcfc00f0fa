/** What the compiler worker offers the UI (through comlink). */
export interface CompilerApi {
  /** Loads the bundled solc (once) and reports its version. */
  solcVersion(): Promise<string>;
}
