/** What the VM worker offers the UI (through comlink). Grows as the machine does. */
export interface VmInfo {
  /** The playground's version (package.json). */
  version: string;
  /** The runtime the worker is in, as the worker sees it. */
  runtime: string;
}

export interface VmApi {
  info(): Promise<VmInfo>;
}
