import { create } from 'zustand';
import { compilerClient } from '../../compiler/client';
import { vmClient } from '../../worker-vm/client';
import { useConsole } from './consoleLog';

export type ServiceState =
  | { status: 'starting' }
  | { status: 'ready'; detail: string }
  | { status: 'failed'; error: string };

interface WorkerStatusStore {
  vm: ServiceState;
  compiler: ServiceState;
  /** Asks both workers for their versions; the compiler answer needs soljson loaded. */
  probe(): void;
}

// Both workers are started once per page; React's StrictMode may run the effect twice.
let probed = false;

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useWorkerStatus = create<WorkerStatusStore>((set) => ({
  vm: { status: 'starting' },
  compiler: { status: 'starting' },
  probe() {
    if (probed) return;
    probed = true;
    const { log } = useConsole.getState();
    const started = performance.now();
    const elapsed = () => `${Math.round(performance.now() - started)} ms`;
    set({ vm: { status: 'starting' }, compiler: { status: 'starting' } });
    vmClient()
      .info()
      .then((info) => {
        set({ vm: { status: 'ready', detail: `FVM Playground VM ${info.version}` } });
        log('info', `VM worker ready (${info.runtime}) in ${elapsed()}`);
      })
      .catch((error) => {
        set({ vm: { status: 'failed', error: describeError(error) } });
        log('error', `VM worker failed: ${describeError(error)}`);
      });
    compilerClient()
      .solcVersion()
      .then((version) => {
        set({ compiler: { status: 'ready', detail: `solc ${version}` } });
        log('info', `Compiler worker loaded solc ${version} in ${elapsed()}`);
      })
      .catch((error) => {
        set({ compiler: { status: 'failed', error: describeError(error) } });
        log('error', `Compiler worker failed: ${describeError(error)}`);
      });
  },
}));
