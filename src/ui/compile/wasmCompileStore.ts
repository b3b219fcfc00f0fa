import { create } from 'zustand';
import { compileWasmActor } from '../../compiler/client';
import type { SourceFiles } from '../../compiler/types';
import type { WasmCompileResult } from '../../compiler/wat/wasmResult';
import { useConsole } from '../state/consoleLog';

/** Files the Wasm toolchains compile: WebAssembly text, and AssemblyScript (`.ts`, as the compiler expects). */
export const isWasmSource = (path: string | null | undefined): path is string =>
  !!path && (path.endsWith('.wat') || (path.endsWith('.ts') && !path.endsWith('.d.ts')));

interface WasmCompileStore {
  status: 'idle' | 'compiling' | 'done';
  result: WasmCompileResult | undefined;
  lastDurationMs: number | undefined;
  /** Bumped by every finished compile, so the Wasm panel can pick up a new module. */
  generation: number;
  compile(files: SourceFiles, entry: string): Promise<void>;
}

function summary(result: WasmCompileResult, ms: number): string {
  const counts = `${result.errorCount} error${result.errorCount === 1 ? '' : 's'}, ${result.warningCount} warning${result.warningCount === 1 ? '' : 's'}`;
  return result.ok
    ? `Compiled ${result.entry} to Wasm (${result.wasm?.length ?? 0} bytes) in ${Math.round(ms)} ms with ${result.compilerVersion} (${counts})`
    : `Compiling ${result.entry} failed with ${result.compilerVersion || 'the Wasm toolchain'} (${counts})`;
}

/**
 * The last compile of a Wasm actor source (`.wat` with wabt, `.ts` with AssemblyScript) in the compiler
 * worker. Solidity results stay in `compileStore`: the two do not replace each other, so compiling an
 * actor keeps the deploy forms of the contracts compiled before.
 */
export const useWasmCompile = create<WasmCompileStore>((set) => ({
  status: 'idle',
  result: undefined,
  lastDurationMs: undefined,
  generation: 0,

  async compile(files, entry) {
    set({ status: 'compiling' });
    const started = performance.now();
    // Only the sources the toolchains read: AssemblyScript imports other `.ts` files, WAT stands alone.
    const sources = Object.fromEntries(Object.entries(files).filter(([path]) => isWasmSource(path)));
    const result = await compileWasmActor({ files: sources, entry });
    const ms = performance.now() - started;
    set((s) => ({ status: 'done', result, lastDurationMs: ms, generation: s.generation + 1 }));
    useConsole.getState().log(result.ok ? 'info' : 'error', summary(result, ms));
  },
}));
