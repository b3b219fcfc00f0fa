import { create } from 'zustand';

export type BottomTab = 'transactions' | 'trace' | 'debugger' | 'diff' | 'gas' | 'live' | 'console';
export type RunTab = 'run' | 'compile' | 'accounts';

/** Which views are showing: plain data, so the layout can be persisted with the workspace. */
interface PanelsStore {
  bottomTab: BottomTab;
  runTab: RunTab;
  paletteOpen: boolean;
  /** Gas per source line in the editor gutter (for the selected message). */
  gasInEditor: boolean;
  /** Bumped by Ctrl/Cmd+Enter and the palette: the deploy form submits itself when it changes. */
  deployRequest: number;
  requestDeploy(): void;
  showBottom(tab: BottomTab): void;
  showRun(tab: RunTab): void;
  setPalette(open: boolean): void;
  setGasInEditor(on: boolean): void;
}

export const usePanels = create<PanelsStore>((set) => ({
  bottomTab: 'transactions',
  runTab: 'run',
  paletteOpen: false,
  gasInEditor: true,
  deployRequest: 0,
  requestDeploy: () => set((s) => ({ deployRequest: s.deployRequest + 1 })),
  showBottom: (bottomTab) => set({ bottomTab }),
  showRun: (runTab) => set({ runTab }),
  setPalette: (paletteOpen) => set({ paletteOpen }),
  setGasInEditor: (gasInEditor) => set({ gasInEditor }),
}));
