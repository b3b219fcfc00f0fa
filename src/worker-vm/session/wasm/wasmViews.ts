/**
 * What the session tells the UI about Wasm actors (issue 8): installed code, actors created from it,
 * read-only results, syscall traces and the loaded bundle. JSON-safe like every other view (views.ts).
 */

export interface WasmImportView {
  readonly module: string;
  readonly name: string;
  readonly type: string;
}

export interface WasmExportView {
  readonly name: string;
  readonly kind: string;
  readonly type: string;
}

/** Installed Wasm code: what `installWasm` returns and what the panel lists. */
export interface WasmCodeView {
  /** CIDv1, raw codec, blake2b-256 of the module's bytes. */
  readonly code: string;
  readonly size: number;
  /** The name the UI gave it when installing (a file name), if this session saw the install. */
  readonly name: string | null;
  readonly imports: readonly WasmImportView[];
  readonly exports: readonly WasmExportView[];
  readonly memoryMinPages: number | null;
  /** Things that install but will not work as the author probably expects (no `invoke`). */
  readonly warnings: readonly string[];
  /** The built-in actor this code runs as, when it came from a bundle. */
  readonly bundleActor: string | null;
}

/** An actor whose code is installed Wasm (not a built-in actor). */
export interface WasmActorView {
  /** `f0…` */
  readonly id: string;
  /** The f2 address Init gave it, if any. */
  readonly robust: string | null;
  readonly code: string;
  readonly codeName: string | null;
  readonly balance: bigint;
  readonly nonce: number;
}

export interface WasmOverview {
  readonly codes: readonly WasmCodeView[];
  readonly actors: readonly WasmActorView[];
  readonly bundle: BundleView | null;
}

/** A read-only invoke (an implicit message: nothing is committed). */
export interface WasmReadView {
  readonly exitCode: number;
  readonly exitName: string;
  readonly exitText: string;
  readonly gasUsed: number;
  readonly returnData: string;
  /** The return value as JSON text (the notation of JSON params), or null when there is none. */
  readonly returned: string | null;
  readonly logs: readonly string[];
}

/** What loading a builtin-actors bundle did. */
export interface BundleView {
  readonly root: string;
  readonly actors: ReadonlyArray<{
    readonly name: string;
    readonly code: string;
    readonly size: number;
    /** The manifest's code CID it now runs for, or null when the machine's manifest has no such actor. */
    readonly replaces: string | null;
  }>;
}

/** One syscall a Wasm actor made, in execution order (the debugger's view of a Wasm invocation). */
export interface SyscallRow {
  readonly index: number;
  /** The call-tree node the actor ran in. */
  readonly node: number;
  /** Call depth of that node (0 = the message's own call). */
  readonly depth: number;
  /** `ipld.block_open` */
  readonly name: string;
  /** The Wasm arguments, named by position: `ret=0x100 id=1`. */
  readonly args: string;
  /** Milligas the Wasm code ran since the previous syscall (charged at this one as `wasm_exec`). */
  readonly execGas: number;
  /** Milligas of the syscall: OnSyscall and its own charges, sub-calls included (a send). */
  readonly gas: number;
  /** The syscall's charges by name (OnSyscall, OnBlockOpen, …), sub-calls excluded. */
  readonly charges: ReadonlyArray<{ readonly name: string; readonly gas: number }>;
  /** 0, an error number, or null when the syscall ended the invocation. */
  readonly errno: number | null;
  /** `Ok`, `NotFound (2)…`, or what unwound the actor. */
  readonly outcome: string;
  /** The bytes written at the out-pointer on success (hex, at most 64 bytes). */
  readonly result: string | null;
  /** Nodes called inside this syscall (a send), so rows nest by call. */
  readonly calls: readonly number[];
}

export interface SyscallTraceView {
  readonly message: number;
  readonly rows: readonly SyscallRow[];
  /** Wasm actor invocations in the message, by call-tree node, with the gas their code ran after the last syscall. */
  readonly invocations: ReadonlyArray<{
    readonly node: number;
    readonly depth: number;
    readonly label: string;
    readonly tailExecGas: number;
  }>;
}
