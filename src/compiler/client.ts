import { type Remote, wrap } from 'comlink';
import type { CompilerApi } from './api';

/** The UI's handle on the compiler worker; the worker starts on first use. */
let compiler: Remote<CompilerApi> | undefined;

export function compilerClient(): Remote<CompilerApi> {
  compiler ??= wrap<CompilerApi>(
    new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'compiler' }),
  );
  return compiler;
}
