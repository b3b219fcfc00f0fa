import { wrap } from 'comlink';
import type { CompilerApi } from './api';
import { CompilerSupervisor, type WorkerHandle } from './supervisor';
import { compileWasmActorWith } from './wat/compileWasmActor';
import type { WasmCompileRequest, WasmCompileResult } from './wat/wasmResult';

/** Starts a compiler worker and reports its death (uncaught errors, failed loads). */
function spawnCompilerWorker(): WorkerHandle {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'compiler' });
  const api = wrap<CompilerApi>(worker) as unknown as CompilerApi;
  return {
    api,
    onDeath(listener) {
      let dead = false;
      const die = (reason: string) => {
        if (dead) return;
        dead = true;
        listener(reason);
      };
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        die(event.message || 'an uncaught error');
      });
      worker.addEventListener('messageerror', () => die('a message could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}

let supervisor: CompilerSupervisor | undefined;
const restartListeners = new Set<(reason: string) => void>();

/** The UI's handle on the compiler worker; the worker starts on first use and restarts when it dies. */
export function compilerService(): CompilerSupervisor {
  supervisor ??= new CompilerSupervisor(spawnCompilerWorker, {
    onRestart: (reason) => {
      for (const listener of restartListeners) listener(reason);
    },
  });
  return supervisor;
}

/** Hears about worker restarts (for the console). Returns the unsubscribe function. */
export function onCompilerRestart(listener: (reason: string) => void): () => void {
  restartListeners.add(listener);
  return () => restartListeners.delete(listener);
}

/** Kept for the status probe: the bundled solc's version, through the supervised worker. */
export function compilerClient(): Pick<CompilerApi, 'solcVersion'> {
  return { solcVersion: () => compilerService().call((api) => api.solcVersion()) };
}

/**
 * Compiles a Wasm actor in the worker: AssemblyScript for a `.ts` entry, WebAssembly text for `.wat`
 * (docs/wasm-actors.md). Never rejects; a crashed worker comes back as a diagnostic.
 */
export function compileWasmActor(request: WasmCompileRequest): Promise<WasmCompileResult> {
  return compileWasmActorWith(compilerService(), request);
}

/** The AssemblyScript SDK's sources (`~lib/fvm/*.ts` -> text), for read-only editor tabs. */
export function assemblyScriptSdkSources(): Promise<Record<string, string>> {
  return compilerService().call((api) => api.assemblyScriptSdk());
}
