// Runs on the UI thread: type imports only, so the Wasm toolchain and checks stay in the worker's chunks.
import type { CompilerSupervisor } from '../supervisor';
import type { WasmCompileRequest, WasmCompileResult, WasmLanguage } from './wasmResult';

/** The language of an entry file: `.ts` is AssemblyScript, `.wat` WebAssembly text. */
export function wasmLanguageOf(entry: string): WasmLanguage | undefined {
  if (entry.endsWith('.ts')) return 'assemblyscript';
  if (entry.endsWith('.wat')) return 'wat';
  return undefined;
}

/**
 * Compiles a Wasm actor in the supervised compiler worker, choosing the compiler by the entry's extension.
 * Never rejects: a worker that dies or hangs gives a result with a `CompilerCrashed` diagnostic (the worker
 * is restarted for the next call), as Solidity compiles do.
 */
export async function compileWasmActorWith(
  supervisor: Pick<CompilerSupervisor, 'call'>,
  request: WasmCompileRequest,
): Promise<WasmCompileResult> {
  const language = wasmLanguageOf(String(request.entry));
  const failed = (type: string, message: string): WasmCompileResult => ({
    ok: false,
    language: language ?? 'wat',
    entry: String(request.entry),
    compilerVersion: language === 'assemblyscript' ? 'AssemblyScript' : 'wabt',
    diagnostics: [{ severity: 'error', origin: 'service', type, message }],
    errorCount: 1,
    warningCount: 0,
    timings: { loadCompilerMs: 0, compileMs: 0, checkMs: 0 },
  });
  if (!language) {
    return failed(
      'InvalidInput',
      `"${request.entry}" is neither AssemblyScript (.ts) nor WebAssembly text (.wat)`,
    );
  }
  try {
    return await supervisor.call((api) =>
      language === 'assemblyscript' ? api.compileAssemblyScript(request) : api.compileWat(request),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(
      'CompilerCrashed',
      `The compile did not finish: ${reason}. The compiler has been restarted; compile again to retry.`,
    );
  }
}
