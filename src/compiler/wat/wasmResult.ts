/**
 * What compiling an actor to Wasm gives back, whether from WebAssembly text or AssemblyScript: the module,
 * its text for display, and diagnostics with editor positions. A module is checked the way
 * `Machine.installActor` checks it (part A's validator, the actor rules, the instrumenter), so a compile
 * that says `ok` installs.
 */
import { invalidInput, PlaygroundError, tooLarge } from '../../worker-vm/errors';
import { instrumentModule } from '../../worker-vm/wasm/instrumentModule';
import { WasmModuleError } from '../../worker-vm/wasm/moduleError';
import { checkActorModule, wasmCodeCid } from '../../worker-vm/wasm/userActors/install';
import { validateModule, type WasmModuleInfo } from '../../worker-vm/wasm/validate';
import { normalizeWorkspacePath } from '../imports/paths';
import { MAX_FILE_BYTES, MAX_SOURCE_FILES, MAX_TOTAL_BYTES, utf8Length } from '../limits';
import type { Diagnostic, DiagnosticLocation, SourceFiles } from '../types';

export type WasmLanguage = 'assemblyscript' | 'wat';

export interface WasmCompileRequest {
  /** The workspace: path -> text. AssemblyScript files may import each other (relative paths). */
  files: SourceFiles;
  /** The file to compile (`.ts` for AssemblyScript, `.wat` for WebAssembly text). */
  entry: string;
  /** AssemblyScript only: optimise (`-O3`, the default) or not (`-O0`, easier to read as text). */
  optimize?: boolean;
}

/** A diagnostic in the compiler's shape (ranges for Monaco), from the Wasm toolchains. */
export interface WasmDiagnostic extends Omit<Diagnostic, 'origin'> {
  /** Who found it: the AssemblyScript compiler, wabt, the FVM's module checks, or the service. */
  origin: 'assemblyscript' | 'wabt' | 'fvm' | 'service';
}

export interface WasmCompileTimings {
  /** Loading the compiler (the first time; 0 once it is warm). */
  loadCompilerMs: number;
  compileMs: number;
  /** The FVM checks: validation, actor rules, instrumentation. */
  checkMs: number;
}

export interface WasmCompileResult {
  /** The module compiled and passes the FVM checks: it can be installed. */
  ok: boolean;
  language: WasmLanguage;
  /** The entry, as a workspace path. */
  entry: string;
  /** `AssemblyScript 0.28.20` / `wabt 1.0.39`. */
  compilerVersion: string;
  /** The module, whenever compilation produced one (also when the FVM checks refuse it). */
  wasm?: Uint8Array;
  /** The module as WebAssembly text, for display. */
  wat?: string;
  /** The code CID it installs under (CIDv1, raw, blake2b-256). */
  codeCid?: string;
  /** Imports, exports, memory and table of the module, when it decodes and validates. */
  module?: WasmModuleInfo;
  diagnostics: WasmDiagnostic[];
  errorCount: number;
  warningCount: number;
  timings: WasmCompileTimings;
}

/** Where in the sources an FVM problem comes from (an import declaration, the invoke export), and a hint. */
export type ProblemExplainer = (error: WasmModuleError) => { location?: DiagnosticLocation; hint?: string };

/**
 * The FVM's verdict on a module, as `Machine.installActor` would give it: the module's description (when it
 * validates) and diagnostics for what keeps it from being an actor.
 */
export function checkCompiledActor(
  bytes: Uint8Array,
  explain: ProblemExplainer,
): { module?: WasmModuleInfo; diagnostics: WasmDiagnostic[] } {
  let module: WasmModuleInfo | undefined;
  try {
    module = validateModule(bytes, { requireActorExports: false }).info;
  } catch {
    // Described by the checks below.
  }
  const found = (diagnostics: WasmDiagnostic[]) => (module ? { module, diagnostics } : { diagnostics });
  try {
    const { warnings } = checkActorModule(bytes);
    // The engine's own instrumentation, so that what it refuses shows up here rather than at install.
    instrumentModule(bytes, { requireActorExports: false, inlineGasCharges: true, importMemory: true });
    return found(
      warnings.map((message) => ({
        severity: 'warning',
        origin: 'fvm',
        type: 'FvmModule',
        message: `Not an FVM actor yet: ${message}.`,
      })),
    );
  } catch (error) {
    if (!(error instanceof WasmModuleError)) throw error;
    const { location, hint } = explain(error);
    const diagnostic: WasmDiagnostic = {
      severity: 'error',
      origin: 'fvm',
      type: 'FvmModule',
      code: error.problem,
      message: `The FVM would refuse this module: ${error.message}${hint ? ` (${hint})` : ''}`,
    };
    if (location) diagnostic.location = location;
    return found([diagnostic]);
  }
}

/** Everything after compiling: counts, `ok`, the code CID. */
export function finishWasmResult(
  partial: Omit<WasmCompileResult, 'ok' | 'errorCount' | 'warningCount' | 'codeCid'>,
): WasmCompileResult {
  let errorCount = 0;
  let warningCount = 0;
  for (const d of partial.diagnostics) {
    if (d.severity === 'error') errorCount++;
    else if (d.severity === 'warning') warningCount++;
  }
  const result: WasmCompileResult = {
    ...partial,
    ok: errorCount === 0 && partial.wasm !== undefined,
    errorCount,
    warningCount,
  };
  if (partial.wasm) result.codeCid = wasmCodeCid(partial.wasm).toString();
  return result;
}

export const serviceDiagnostic = (type: string, message: string): WasmDiagnostic => ({
  severity: 'error',
  origin: 'service',
  type,
  message,
});

/**
 * The workspace with canonical paths, and the entry among them. Throws a PlaygroundError (reported as a
 * diagnostic) for bad paths, a missing entry, or sources past the compiler's limits.
 */
export function readWorkspace(
  request: WasmCompileRequest,
  extension: string,
): { files: Map<string, string>; entry: string } {
  if (typeof request !== 'object' || request === null) throw invalidInput('a request is expected');
  if (typeof request.files !== 'object' || request.files === null)
    throw invalidInput('must map paths to file contents', 'files');
  const files = new Map<string, string>();
  let total = 0;
  for (const [path, content] of Object.entries(request.files)) {
    if (typeof content !== 'string') throw invalidInput(`the content of "${path}" is not text`, 'files');
    const name = normalizeWorkspacePath(path);
    if (files.has(name)) throw invalidInput(`"${path}" appears twice`, 'files');
    const bytes = utf8Length(content);
    if (bytes > MAX_FILE_BYTES)
      throw tooLarge(`"${path}" has ${bytes} bytes; the limit is ${MAX_FILE_BYTES}`, 'files');
    total += bytes;
    files.set(name, content);
  }
  if (files.size > MAX_SOURCE_FILES)
    throw tooLarge(`${files.size} files; the limit is ${MAX_SOURCE_FILES}`, 'files');
  if (total > MAX_TOTAL_BYTES)
    throw tooLarge(`${total} bytes of sources; the limit is ${MAX_TOTAL_BYTES}`, 'files');
  if (typeof request.entry !== 'string') throw invalidInput('name the file to compile', 'entry');
  const entry = normalizeWorkspacePath(request.entry);
  if (!files.has(entry)) throw invalidInput(`"${request.entry}" is not a workspace file`, 'entry');
  if (!entry.endsWith(extension))
    throw invalidInput(`"${request.entry}" is not a ${extension} file`, 'entry');
  return { files, entry };
}

export function inputDiagnostic(error: unknown): WasmDiagnostic {
  if (error instanceof PlaygroundError) {
    return serviceDiagnostic(error.kind, error.message);
  }
  return serviceDiagnostic('InvalidInput', error instanceof Error ? error.message : String(error));
}
