import { create } from 'zustand';
import type { CompileResult } from '../../compiler/types';
import { VmError, vmSession } from '../../worker-vm/client';
import type { ChainInfo } from '../../worker-vm/session/persistence/sessionPersistence';
import type { CreateAccountRequest, ReadRequest, TxRequest } from '../../worker-vm/session/requests';
import type { SessionState } from '../../worker-vm/session/session';
import type { ReadView, TxDetail } from '../../worker-vm/session/views';
import { useConsole } from './consoleLog';

/** A compiled contract the worker knows, by its key (`<compilation>:<file>:<name>`). */
export interface ArtifactSummary {
  key: string;
  name: string;
  file: string;
  deployable: boolean;
}

/**
 * What the user did, as plain data, in order since the last reset: live mode replays these on a fresh
 * chain after each compile. A deploy remembers its contract by file and name, so a recompiled artifact
 * replaces the old one.
 */
export type RecordedAction =
  | { kind: 'tx'; request: TxRequest; label: string; artifact?: { name: string; file: string } }
  | { kind: 'account'; request: CreateAccountRequest; label: string };

interface ChainStore {
  state: SessionState | undefined;
  /** The open workspace's log as a tree and its head (time travel); null without a workspace. */
  chain: ChainInfo | null;
  artifacts: ArtifactSummary[];
  compilationId: number | undefined;
  /** The selected sender (its robust address). */
  sender: string | null;
  selectedMessage: number | null;
  /** What the worker is doing for us, in words, while it does it. */
  busy: string | null;
  recorded: RecordedAction[];
  /** Bumped when the chain is replaced (reset, live replay): views keyed by it start over. */
  generation: number;
  refresh(): Promise<void>;
  register(result: CompileResult): Promise<ArtifactSummary[]>;
  submit(request: TxRequest, label: string): Promise<TxDetail>;
  read(request: ReadRequest): Promise<ReadView>;
  createAccount(request: CreateAccountRequest): Promise<TxDetail>;
  reset(): Promise<void>;
  /** Time travel: the state after message `at` (-1: genesis); the messages after it stay as a branch. */
  restoreTo(at: number): Promise<void>;
  advanceEpochs(count: number): Promise<void>;
  setSender(sender: string): void;
  selectMessage(index: number | null): void;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Writes a message's outcome and its console.log lines to the console panel. */
export function logOutcome(detail: TxDetail): void {
  const { log } = useConsole.getState();
  const ok = detail.exitCode === 0;
  log(
    ok ? 'info' : 'error',
    `#${detail.index} ${detail.action} → ${detail.exitName}${ok ? '' : ` (${detail.revert?.summary ?? detail.exitText})`} · ${detail.gasUsed.toLocaleString('en-US')} gas`,
  );
  for (const line of detail.consoleLines) log('info', `console.log: ${line.text}`);
}

export const useChain = create<ChainStore>((set, get) => ({
  state: undefined,
  chain: null,
  artifacts: [],
  compilationId: undefined,
  sender: null,
  selectedMessage: null,
  busy: null,
  recorded: [],
  generation: 0,

  async refresh() {
    const [state, chain] = await Promise.all([vmSession().state(), vmSession().chainInfo()]);
    const sender = get().sender ?? state.accounts.find((a) => a.kind === 'eth')?.robust ?? null;
    set({ state, chain, sender });
  },

  async register(result) {
    const contracts = result.contracts.filter((c) => c.kind !== 'interface');
    const sources = result.sources.map(({ id, path, content }) => ({ id, path, content }));
    const registered = await vmSession().registerCompilation({ contracts, sources });
    const ownFiles = new Set(result.sources.filter((s) => s.origin === 'workspace').map((s) => s.path));
    const artifacts = registered.artifacts.filter((a) => ownFiles.has(a.file));
    set({ artifacts, compilationId: registered.compilationId });
    return artifacts;
  },

  async submit(request, label) {
    set({ busy: `${label}…` });
    try {
      const detail = await vmSession().submit(request);
      const artifact =
        request.kind === 'deploy' ? get().artifacts.find((a) => a.key === request.artifactKey) : undefined;
      set((s) => ({
        recorded: [
          ...s.recorded,
          {
            kind: 'tx',
            request,
            label,
            ...(artifact ? { artifact: { name: artifact.name, file: artifact.file } } : {}),
          },
        ],
        selectedMessage: detail.index,
      }));
      logOutcome(detail);
      await get().refresh();
      return detail;
    } catch (error) {
      if (!(error instanceof VmError && error.fields.length > 0))
        useConsole.getState().log('error', `${label} failed: ${describe(error)}`);
      throw error;
    } finally {
      set({ busy: null });
    }
  },

  async read(request) {
    const view = await vmSession().read(request);
    for (const line of view.consoleLines) useConsole.getState().log('info', `console.log: ${line.text}`);
    return view;
  },

  async createAccount(request) {
    set({ busy: 'Creating an account…' });
    try {
      const detail = await vmSession().createAccount(request);
      set((s) => ({
        recorded: [...s.recorded, { kind: 'account', request, label: `create ${request.kind} account` }],
        selectedMessage: detail.index,
      }));
      logOutcome(detail);
      await get().refresh();
      return detail;
    } finally {
      set({ busy: null });
    }
  },

  async reset() {
    await vmSession().reset();
    set((s) => ({ recorded: [], selectedMessage: null, generation: s.generation + 1 }));
    await get().refresh();
    useConsole.getState().log('info', 'Chain reset to genesis');
  },

  async restoreTo(at) {
    set({ busy: at === -1 ? 'Going back to genesis…' : `Going back to message #${at}…` });
    try {
      await vmSession().restoreTo(at);
      set({ recorded: [] });
      await get().refresh();
      useConsole
        .getState()
        .log(
          'info',
          at === -1
            ? 'Back at genesis; new messages start a branch'
            : `Back at the state after message #${at}; new messages start a branch`,
        );
    } catch (error) {
      useConsole.getState().log('error', `Time travel failed: ${describe(error)}`);
      throw error;
    } finally {
      set({ busy: null });
    }
  },

  async advanceEpochs(count) {
    try {
      await vmSession().advanceEpochs(count);
      await get().refresh();
      useConsole.getState().log('info', `Advanced ${count} epoch${count === 1 ? '' : 's'}`);
    } catch (error) {
      useConsole.getState().log('error', `Could not advance epochs: ${describe(error)}`);
      throw error;
    }
  },

  setSender(sender) {
    set({ sender });
  },

  selectMessage(index) {
    set({ selectedMessage: index });
  },
}));

/**
 * A message's identity for caches in the UI: its index and CID. After a live replay index 3 may be another
 * message (the contract changed), or the very same one (same CID, same trace).
 */
export function messageKey(index: number | null): string | null {
  return keyOf(useChain.getState(), index);
}

function keyOf(store: { state: SessionState | undefined }, index: number | null): string | null {
  if (index === null) return null;
  const message = store.state?.messages[index];
  return message ? `${index}:${message.cid}` : null;
}

/** Selector: the selected message's key (a string, so components re-render only when it changes). */
export const selectedKey = (store: ChainStore): string | null => keyOf(store, store.selectedMessage);
