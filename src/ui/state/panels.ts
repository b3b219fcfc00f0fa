import { create } from 'zustand';

export type BottomTab = 'transactions' | 'trace' | 'debugger' | 'diff' | 'gas' | 'live' | 'console';
export type RunTab = 'run' | 'compile' | 'accounts';
/** The resizable groups of the IDE frame: files|center|run, and editor over output inside center. */
export type PanelGroup = 'main' | 'center';
/** A group's panel sizes in percent, by panel id (react-resizable-panels' Layout). */
export type PanelSizes = Readonly<Record<string, number>>;

/** Which views are showing: plain data, so the layout can be persisted with the workspace. */
interface PanelsStore {
  bottomTab: BottomTab;
  runTab: RunTab;
  paletteOpen: boolean;
  /** Gas per source line in the editor gutter (for the selected message). */
  gasInEditor: boolean;
  /** Bumped by Ctrl/Cmd+Enter and the palette: the deploy form submits itself when it changes. */
  deployRequest: number;
  /** Panel sizes the user dragged to, per group; saved with the workspace's layout. */
  sizes: Partial<Record<PanelGroup, PanelSizes>>;
  /** Bumped when a workspace's saved sizes are loaded, so the frame applies them to its groups. */
  sizesLoaded: number;
  requestDeploy(): void;
  setSizes(group: PanelGroup, sizes: PanelSizes): void;
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
  sizes: {},
  sizesLoaded: 0,
  setSizes: (group, sizes) => set((s) => ({ sizes: { ...s.sizes, [group]: sizes } })),
  requestDeploy: () => set((s) => ({ deployRequest: s.deployRequest + 1 })),
  showBottom: (bottomTab) => set({ bottomTab }),
  showRun: (runTab) => set({ runTab }),
  setPalette: (paletteOpen) => set({ paletteOpen }),
  setGasInEditor: (gasInEditor) => set({ gasInEditor }),
}));
