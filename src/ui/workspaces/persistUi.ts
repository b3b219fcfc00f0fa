import { requestPersistentStorage } from '../../storage/durability';
import { WorkspaceChannel } from '../../storage/tabs/workspaceChannel';
import {
  COMPILER_KEY,
  CONTRACTS_KEY,
  FILE_KEY_PREFIX,
  LAYOUT_KEY,
  SESSION_KEY,
  type WorkspaceStore,
} from '../../storage/workspace/workspaceStore';
import { useCompileStore } from '../compile/compileStore';
import { useChain } from '../state/chain';
import { usePanels } from '../state/panels';
import { useWorkspace } from '../state/workspace';
import { useWorkspaces } from '../state/workspaces';
import { type StoredCompilerSettings, type UiSnapshot, uiSnapshot } from './snapshot';

/** How long the UI must be still before its state is saved (typing stays smooth). */
export const SAVE_DELAY_MS = 400;

interface Target {
  readonly id: string;
  readonly store: WorkspaceStore;
  readonly channel: WorkspaceChannel;
  /** What is on disk, as far as this tab knows. */
  saved: UiSnapshot;
}

let target: Target | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> = Promise.resolve();
let askedForPersistence = false;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Saves go to this workspace from now on; `saved` is what was just loaded from it. */
export function persistTo(id: string, store: WorkspaceStore, saved: UiSnapshot): void {
  target?.channel.close();
  target?.store.kv.close();
  target = { id, store, channel: new WorkspaceChannel(id), saved };
}

export function stopPersisting(): void {
  clearTimeout(timer);
  target?.channel.close();
  target?.store.kv.close();
  target = undefined;
}

/** Saves now whatever changed (before switching workspace, or the page going away). */
export function flushSaves(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  saving = saving.then(saveChanges);
  return saving;
}

function schedule(): void {
  if (!target || useWorkspaces.getState().readOnly) return;
  clearTimeout(timer);
  timer = setTimeout(() => void flushSaves(), SAVE_DELAY_MS);
}

/** Writes the records whose part of the UI changed since the last save; a failure keeps it all in memory. */
async function saveChanges(): Promise<void> {
  const current = target;
  if (!current || useWorkspaces.getState().readOnly) return;
  const next = uiSnapshot();
  const before = current.saved;
  const written: string[] = [];
  try {
    for (const [path, content] of Object.entries(next.files)) {
      if (before.files[path] === content) continue;
      await current.store.saveFile(path, content);
      before.files[path] = content;
      written.push(`${FILE_KEY_PREFIX}${path}`);
    }
    for (const path of Object.keys(before.files)) {
      if (path in next.files) continue;
      await current.store.deleteFile(path);
      delete before.files[path];
      written.push(`${FILE_KEY_PREFIX}${path}`);
    }
    if (!same(before.compiler, next.compiler)) {
      await current.store.saveCompiler(next.compiler as StoredCompilerSettings);
      before.compiler = next.compiler;
      written.push(COMPILER_KEY);
    }
    if (!same(before.layout, next.layout)) {
      await current.store.saveLayout(next.layout);
      before.layout = next.layout;
      written.push(LAYOUT_KEY);
    }
    if (!same(before.session, next.session)) {
      await current.store.saveSession(next.session);
      before.session = next.session;
      written.push(SESSION_KEY);
    }
    if (next.contracts !== undefined && !same(before.contracts, next.contracts)) {
      await current.store.saveContracts(next.contracts);
      before.contracts = next.contracts;
      written.push(CONTRACTS_KEY);
    }
    if (useWorkspaces.getState().saveError !== null) useWorkspaces.setState({ saveError: null });
  } catch (error) {
    // The storage layer's sentence (a full quota says nothing was lost); the state stays in memory and
    // the next change tries again.
    useWorkspaces.setState({ saveError: describe(error) });
  } finally {
    if (written.length > 0) current.channel.recordsSaved(written);
  }
  if (written.length > 0) void askForPersistence();
}

/** The first real write asks the browser to keep this site's data (it may prompt or decide silently). */
export async function askForPersistence(): Promise<void> {
  if (askedForPersistence) return;
  askedForPersistence = true;
  try {
    useWorkspaces.setState({ storage: await requestPersistentStorage() });
  } catch {
    // The indicator keeps the last status.
  }
}

/** Starts watching the UI stores; returns the function that stops it. */
export function watchUiForSaves(): () => void {
  const stops = [
    useWorkspace.subscribe((s, p) => {
      if (
        s.files !== p.files ||
        s.folders !== p.folders ||
        s.openFiles !== p.openFiles ||
        s.activeFile !== p.activeFile
      )
        schedule();
    }),
    useChain.subscribe((s, p) => {
      if (s.selectedMessage !== p.selectedMessage || s.state !== p.state) schedule();
      if (
        s.state !== p.state &&
        p.state !== undefined &&
        s.state &&
        s.state.messages.length > p.state.messages.length
      )
        void askForPersistence();
    }),
    useCompileStore.subscribe((s, p) => {
      if (s.settings !== p.settings || s.version !== p.version) schedule();
    }),
    usePanels.subscribe((s, p) => {
      if (s.bottomTab !== p.bottomTab || s.runTab !== p.runTab || s.sizes !== p.sizes) schedule();
    }),
  ];
  const onHide = () => void flushSaves();
  window.addEventListener('pagehide', onHide);
  return () => {
    for (const stop of stops) stop();
    window.removeEventListener('pagehide', onHide);
  };
}
