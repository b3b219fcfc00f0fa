import { useCallback, useEffect, useRef } from 'react';
import type { SourceFiles } from '../../compiler/types';
import { useWorkspace } from '../state/workspace';
import { useCompileStore } from './compileStore';
import { isWasmSource, useWasmCompile } from './wasmCompileStore';

export interface WorkspaceFileLike {
  path: string;
  content: string;
}

/** How long typing must pause before an auto-compile starts. */
export const AUTO_COMPILE_DELAY_MS = 700;

const toSourceFiles = (files: readonly WorkspaceFileLike[]): SourceFiles =>
  Object.fromEntries(files.map((file) => [file.path, file.content]));

/**
 * Wires a workspace to the compiler: returns `compileNow(latest?)` (for Ctrl/Cmd+S and the Compile
 * button; `.wat` and AssemblyScript `.ts` files go to `compileWasmActor`, everything else to solc; `latest` overrides file contents the editor knows to be newer than React state), handles
 * Ctrl/Cmd+S anywhere on the page, and, when auto-compile is on, compiles once typing pauses.
 */
export function useWorkspaceCompiler(files: readonly WorkspaceFileLike[]): (latest?: SourceFiles) => void {
  const filesRef = useRef(files);
  filesRef.current = files;
  const compile = useCompileStore((s) => s.compile);

  const compileNow = useCallback(
    (latest?: SourceFiles) => {
      const files = { ...toSourceFiles(filesRef.current), ...latest };
      // A Wasm actor source (the saved file, else the open one) goes to the Wasm toolchains, the rest to solc.
      const saved = latest ? Object.keys(latest) : [];
      const entry = saved.length === 1 ? saved[0] : useWorkspace.getState().activeFile;
      if (isWasmSource(entry)) void useWasmCompile.getState().compile(files, entry);
      else void compile(files);
    },
    [compile],
  );

  // Ctrl/Cmd+S outside the editor (the editor handles it itself and passes its own text).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.key.toLowerCase() !== 's' || !(event.ctrlKey || event.metaKey))
        return;
      event.preventDefault();
      compileNow();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [compileNow]);

  const autoCompile = useCompileStore((s) => s.autoCompile);
  const settings = useCompileStore((s) => s.settings);
  const version = useCompileStore((s) => s.version);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of files, settings or version is the trigger.
  useEffect(() => {
    if (!autoCompile) return;
    const timer = setTimeout(() => compileNow(), AUTO_COMPILE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [autoCompile, files, settings, version, compileNow]);

  return compileNow;
}
