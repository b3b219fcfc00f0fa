import { create } from 'zustand';
import { vmSession } from '../../worker-vm/client';
import type { WasmCodeView, WasmOverview } from '../../worker-vm/session/wasm/wasmViews';
import { useChain } from '../state/chain';
import { useConsole } from '../state/consoleLog';

/** A module the panel holds before it is installed: compiled in the editor, or picked as a `.wasm` file. */
export interface PendingModule {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly source: 'compile' | 'file';
}

interface WasmPanelStore {
  overview: WasmOverview | undefined;
  /** The module last installed from this panel. */
  installed: WasmCodeView | undefined;
  installError: string | undefined;
  busy: string | null;
  refresh(): Promise<void>;
  install(module: PendingModule): Promise<WasmCodeView | undefined>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The Wasm actor panel's view of the worker: installed code, actors and the bundle, all read back from the
 * session (which derives them from the machine), so nothing here needs saving.
 */
export const useWasmPanel = create<WasmPanelStore>((set, get) => ({
  overview: undefined,
  installed: undefined,
  installError: undefined,
  busy: null,

  async refresh() {
    set({ overview: await vmSession().wasmOverview() });
  },

  async install(module) {
    set({ busy: `Installing ${module.name}…`, installError: undefined });
    try {
      const view = await vmSession().installWasm(module.bytes, module.name);
      set({ installed: view });
      useConsole.getState().log('info', `Installed ${module.name} as ${view.code} (${view.size} bytes)`);
      for (const warning of view.warnings)
        useConsole.getState().log('info', `${module.name}: warning: ${warning}`);
      await get().refresh();
      return view;
    } catch (error) {
      set({ installError: describe(error) });
      useConsole.getState().log('error', `Installing ${module.name} failed: ${describe(error)}`);
      return undefined;
    } finally {
      set({ busy: null });
    }
  },
}));

// Actors appear and change with every message: read the overview again whenever the chain changes.
useChain.subscribe((state, previous) => {
  if (state.state !== previous.state && useWasmPanel.getState().overview !== undefined)
    void useWasmPanel
      .getState()
      .refresh()
      .catch(() => {});
});
