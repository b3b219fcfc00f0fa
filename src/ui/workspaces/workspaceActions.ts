import { storageStatus } from '../../storage/durability';
import { WorkspaceChannel } from '../../storage/tabs/workspaceChannel';
import { EMPTY_SESSION, emptyWorkspace, type WorkspaceData } from '../../storage/workspace/workspace';
import { WorkspaceStore } from '../../storage/workspace/workspaceStore';
import { vmSession } from '../../worker-vm/client';
import { useCompileStore } from '../compile/compileStore';
import { type Example, loadExample } from '../examples/examples';
import { useChain } from '../state/chain';
import { useConsole } from '../state/consoleLog';
import { exampleWorkspace } from '../state/exampleWorkspace';
import { useWorkspace } from '../state/workspace';
import { useWorkspaces } from '../state/workspaces';
import { flushSaves, persistTo, stopPersisting } from './persistUi';
import { applyToUi, snapshotOf } from './snapshot';
import { lastWorkspaceId, rememberWorkspace, uiRegistry } from './uiRegistry';

/** What a new workspace starts with. */
export type NewWorkspaceFrom =
  | { kind: 'empty' }
  | { kind: 'starter' }
  | { kind: 'example'; example: Example };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Follows another tab's saves while read-only, and notices a deletion. */
let following: { channel: WorkspaceChannel; stop: AbortController } | undefined;

function stopFollowing(): void {
  following?.stop.abort();
  following?.channel.close();
  following = undefined;
}

function follow(id: string, readOnly: boolean): void {
  stopFollowing();
  const channel = new WorkspaceChannel(id);
  const stop = new AbortController();
  following = { channel, stop };
  let queue: Promise<void> = Promise.resolve();
  channel.listen((notice) => {
    queue = queue.then(async () => {
      if (stop.signal.aborted) return;
      if (notice.kind === 'deleted') {
        useConsole.getState().log('info', 'This workspace was deleted in another tab');
        await leaveDeleted(id);
        return;
      }
      if (!useWorkspaces.getState().readOnly) return;
      try {
        if (notice.kind === 'head' || notice.records.some((key) => key.startsWith('p/'))) {
          const { state } = await vmSession().followWriter();
          useChain.setState({ state });
          await useChain.getState().refresh();
        }
        if (notice.kind === 'workspace' && notice.records.some((key) => key.startsWith('w/')))
          await reloadRecords(id);
      } catch (error) {
        useConsole.getState().log('error', `Could not follow the writing tab: ${describe(error)}`);
      }
    });
  });
  if (readOnly) {
    void vmSession()
      .awaitWriter()
      .then((free) => {
        if (free && !stop.signal.aborted && useWorkspaces.getState().currentId === id)
          useWorkspaces.setState({ canTakeOver: true });
      })
      .catch(() => undefined);
  }
}

/** A read-only tab reloads the files the writer saved. */
async function reloadRecords(id: string): Promise<void> {
  const kv = await uiRegistry().open(id);
  try {
    const { workspace } = await new WorkspaceStore(kv).load();
    if (useWorkspaces.getState().currentId !== id) return;
    const ws = useWorkspace.getState();
    const session = { ...workspace.session, openFiles: ws.openFiles, activeFile: ws.activeFile };
    applyToUi({ ...workspace, session });
  } finally {
    kv.close();
  }
}

/** Opens a workspace in the VM worker and the UI. */
export async function loadWorkspace(id: string): Promise<void> {
  await flushSaves();
  stopFollowing();
  stopPersisting();
  const opened = await vmSession().openWorkspace(id);
  const store = new WorkspaceStore(await uiRegistry().open(id));
  const { workspace, problems } = await store.load();
  applyToUi(workspace);
  persistTo(id, store, snapshotOf(workspace));
  const selected = workspace.session.selectedMessage;
  useChain.setState((s) => ({
    state: opened.state,
    selectedMessage: selected !== null && selected < opened.state.messages.length ? selected : null,
    recorded: [],
    artifacts: [],
    compilationId: undefined,
    sender: null,
    generation: s.generation + 1,
  }));
  await useChain.getState().refresh();
  const recovery = [...opened.recovery, ...problems.map(describe)];
  useWorkspaces.setState({
    currentId: id,
    readOnly: opened.status.readOnly,
    canTakeOver: false,
    recovery,
    saveError: null,
    chainSaveError: opened.status.saveError,
  });
  for (const problem of recovery) useConsole.getState().log('error', `Workspace check: ${problem}`);
  rememberWorkspace(id);
  follow(id, opened.status.readOnly);
  void storageStatus().then((storage) => useWorkspaces.setState({ storage }));
  // Deploy forms need the artifacts: compile what the workspace holds.
  if (Object.keys(workspace.files).some((p) => p.endsWith('.sol')))
    void useCompileStore.getState().compile({ ...workspace.files });
}

async function starterWorkspace(from: NewWorkspaceFrom): Promise<WorkspaceData> {
  const base = emptyWorkspace();
  const compile = useCompileStore.getState();
  const compiler = { version: compile.version, settings: compile.settings };
  let files: Record<string, string> = {};
  let main: string | undefined;
  if (from.kind === 'starter') {
    files = Object.fromEntries(exampleWorkspace.map((f) => [f.path, f.content]));
    main = exampleWorkspace[0]?.path;
  } else if (from.kind === 'example') {
    files = await loadExample(from.example);
    main = from.example.main;
  }
  const open = main ? [main] : [];
  return {
    ...base,
    files: Object.assign(Object.create(null) as Record<string, string>, files),
    compiler,
    session: { ...EMPTY_SESSION, openFiles: open, activeFile: main ?? null },
  };
}

export async function createWorkspace(
  name: string,
  from: NewWorkspaceFrom = { kind: 'starter' },
): Promise<string> {
  const entry = await uiRegistry().create({ name, workspace: await starterWorkspace(from) });
  await useWorkspaces.getState().switchTo(entry.id);
  return entry.id;
}

export async function duplicateWorkspace(id: string): Promise<string> {
  if (id === useWorkspaces.getState().currentId) await flushSaves();
  const entry = await uiRegistry().duplicate(id);
  await useWorkspaces.getState().switchTo(entry.id);
  return entry.id;
}

export async function renameWorkspace(id: string, name: string): Promise<void> {
  await uiRegistry().rename(id, name);
  await useWorkspaces.getState().refreshList();
}

export async function deleteWorkspace(id: string): Promise<void> {
  const current = useWorkspaces.getState().currentId === id;
  if (current) {
    stopFollowing();
    stopPersisting();
    await vmSession().closeWorkspace();
  }
  await uiRegistry().delete(id);
  const channel = new WorkspaceChannel(id);
  channel.deleted();
  channel.close();
  if (current) {
    useWorkspaces.setState({ currentId: null });
    await openSomeWorkspace();
  } else await useWorkspaces.getState().refreshList();
}

async function leaveDeleted(id: string): Promise<void> {
  if (useWorkspaces.getState().currentId !== id) return;
  stopFollowing();
  stopPersisting();
  await vmSession().closeWorkspace();
  useWorkspaces.setState({ currentId: null });
  await openSomeWorkspace();
}

/** The remembered workspace, else the first listed, else a new one with the starter files. */
async function openSomeWorkspace(): Promise<void> {
  const list = await useWorkspaces.getState().refreshList();
  const remembered = lastWorkspaceId();
  const pick = list.find((e) => e.id === remembered) ?? list[0];
  if (pick) await useWorkspaces.getState().switchTo(pick.id);
  else await createWorkspace('My workspace', { kind: 'starter' });
}

let starting: Promise<void> | undefined;

/** Once per page (React may run the effect that calls it twice). */
export function startWorkspaces(): Promise<void> {
  starting ??= startOnce();
  return starting;
}

async function startOnce(): Promise<void> {
  try {
    await openSomeWorkspace();
  } catch (error) {
    useWorkspaces.setState({ phase: 'failed', error: `Could not open a workspace: ${describe(error)}` });
    useConsole.getState().log('error', `Could not open a workspace: ${describe(error)}`);
  }
}

export async function takeOverWorkspace(): Promise<void> {
  const id = useWorkspaces.getState().currentId;
  if (!id) return;
  const opened = await vmSession().takeOver();
  useChain.setState({ state: opened.state });
  await useChain.getState().refresh();
  useWorkspaces.setState({ readOnly: opened.status.readOnly, canTakeOver: false, recovery: opened.recovery });
  // The files on disk are the writer's: this tab's view of them becomes what is saved from now on.
  const kv = await uiRegistry().open(id);
  const store = new WorkspaceStore(kv);
  const { workspace } = await store.load();
  applyToUi(workspace);
  persistTo(id, store, snapshotOf(workspace));
  follow(id, opened.status.readOnly);
  useConsole.getState().log('info', 'This tab now writes the workspace');
}

export async function closeCurrentWorkspace(): Promise<void> {
  await flushSaves();
  stopFollowing();
  stopPersisting();
  await vmSession().closeWorkspace();
}
