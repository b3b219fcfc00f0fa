import { type Remote, wrap } from 'comlink';
import type { VmApi } from './api';

/** The UI's handle on the VM worker; the worker starts on first use. */
let vm: Remote<VmApi> | undefined;

export function vmClient(): Remote<VmApi> {
  vm ??= wrap<VmApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'fvm' }));
  return vm;
}
