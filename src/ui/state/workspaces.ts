import { create } from 'zustand';
import type { StorageStatus } from '../../storage/durability';
import type { WorkspaceEntry } from '../../storage/workspace/registry';
import { uiRegistry } from '../workspaces/uiRegistry';
import {
  closeCurrentWorkspace,
  createWorkspace,
  deleteWorkspace,
  duplicateWorkspace,
  loadWorkspace,
  type NewWorkspaceFrom,
  renameWorkspace,
  startWorkspaces,
  takeOverWorkspace,
} from '../workspaces/workspaceActions';

/**
 * The workspaces (docs/storage.md, "In the app"): which one is open in this tab, the list, and whether
 * this tab writes it. `switchTo(id)` loads a workspace into the VM worker (its chain) and the UI (files,
 * tabs, compiler settings, selected message); whoever creates a workspace database (the registry, an
 * import, a share link) calls it afterwards. The actions live in ui/workspaces/workspaceActions.ts.
 */
export interface WorkspacesStore {
  currentId: string | null;
  list: WorkspaceEntry[];
  /** Another tab writes this workspace: this one follows and its forms that write are refused. */
  readOnly: boolean;
  /** A read-only tab whose writer left: it may take over. */
  canTakeOver: boolean;
  /** 'starting' until the first workspace is open; 'switching' while another loads. */
  phase: 'starting' | 'ready' | 'switching' | 'failed';
  /** Why opening failed, or the list's problems, in words. */
  error: string | null;
  /** What the checks on open found and repaired (RecoveryReport.problems), in words. */
  recovery: readonly string[];
  /** The UI's last failed save (files, tabs, layout; quota): the unsaved state stays in memory. */
  saveError: string | null;
  /**
   * The worker's last failed save of the chain or the session record (vmSaves.ts): the messages stay in
   * the worker's memory until a save succeeds.
   */
  chainSaveError: string | null;
  storage: StorageStatus | null;
  refreshList(): Promise<WorkspaceEntry[]>;
  switchTo(id: string): Promise<void>;
  create(name: string, from?: NewWorkspaceFrom): Promise<string>;
  duplicate(id: string): Promise<string>;
  rename(id: string, name: string): Promise<void>;
  /** Deletes (the UI confirms first); deleting the open one switches to another or a fresh one. */
  remove(id: string): Promise<void>;
  takeOver(): Promise<void>;
  /** First load: the remembered workspace, else the first, else a new one with the starter files. */
  start(): Promise<void>;
  /** Lets go of the worker's workspace (before the page goes). */
  close(): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useWorkspaces = create<WorkspacesStore>((set, get) => ({
  currentId: null,
  list: [],
  readOnly: false,
  canTakeOver: false,
  phase: 'starting',
  error: null,
  recovery: [],
  saveError: null,
  chainSaveError: null,
  storage: null,

  async refreshList() {
    const { entries, problems } = await uiRegistry().list();
    set({ list: entries, ...(problems.length > 0 ? { error: problems.map(describe).join('; ') } : {}) });
    return entries;
  },

  async switchTo(id) {
    const previous = get().phase;
    set({ phase: previous === 'starting' ? 'starting' : 'switching', error: null });
    try {
      await loadWorkspace(id);
      await get().refreshList();
      set({ phase: 'ready' });
    } catch (error) {
      set({
        phase: get().currentId ? 'ready' : 'failed',
        error: `Could not open the workspace: ${describe(error)}`,
      });
      throw error;
    }
  },

  create: (name, from) => createWorkspace(name, from),
  duplicate: (id) => duplicateWorkspace(id),
  rename: (id, name) => renameWorkspace(id, name),
  remove: (id) => deleteWorkspace(id),
  takeOver: () => takeOverWorkspace(),
  start: () => startWorkspaces(),
  close: () => closeCurrentWorkspace(),
}));
