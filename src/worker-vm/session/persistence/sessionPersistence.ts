import { ChainStore } from '../../../storage/chain/chainStore';
import {
  BLOCK_KEY_PREFIX,
  CODE_KEY_PREFIX,
  GENESIS_KEY,
  HEAD_KEY,
  MESSAGE_KEY_PREFIX,
} from '../../../storage/chain/keys';
import { commit, type KvStore, prefixRange, readSnapshot } from '../../../storage/kv/kvStore';
import { WorkspaceChannel } from '../../../storage/tabs/workspaceChannel';
import {
  browserTabEnvironment,
  type TabEnvironment,
  tryAcquireWriter,
  type WriterLease,
  waitForWriter,
} from '../../../storage/tabs/writerLock';
import { WorkspaceRegistry } from '../../../storage/workspace/registry';
import { checkContracts, type DeployedContract } from '../../../storage/workspace/workspace';
import { CONTRACTS_KEY } from '../../../storage/workspace/workspaceStore';
import { invalidInput } from '../../errors';
import type { Machine } from '../../machine/machine';
import type { ArtifactRegistry, CompilationInput } from '../artifacts/artifactRegistry';
import type { AccountEntry, ContractEntry, MessageRecord } from '../session';
import { CompilationIndex, compilationHash } from './compilationStore';
import { type Bookkeeping, restoreBookkeeping } from './restoreBookkeeping';
import {
  COMPILATION_KEY_PREFIX,
  checkSessionMeta,
  META_KEY,
  META_VERSION,
  type SessionMeta,
} from './sessionMeta';
import {
  BUNDLE_KEY,
  checkSavedWasm,
  MODULE_NAMES_KEY,
  type SavedWasm,
  wasmExportRecords,
} from './wasmRecords';
import { abiOnlyCompilation, type KnownContract, knownContracts } from './workspaceContracts';

/** Where workspaces live and how tabs meet (tests pass fake-indexeddb and fake locks). */
export interface PersistenceEnv {
  readonly registry: WorkspaceRegistry;
  readonly tabs: TabEnvironment;
}

let defaultEnv: PersistenceEnv | undefined;
export function browserPersistenceEnv(): PersistenceEnv {
  defaultEnv ??= { registry: new WorkspaceRegistry(), tabs: browserTabEnvironment() };
  return defaultEnv;
}

/** The parts of the session persistence reads and rebuilds. */
export interface SessionHost {
  readonly registry: ArtifactRegistry;
  machine: Machine;
  accounts: AccountEntry[];
  contracts: ContractEntry[];
  readonly records: MessageRecord[];
  createdAccounts: { secp256k1: number; eth: number };
  adopt(machine: Machine, kept: Bookkeeping): void;
  deployedCode(id: number): Uint8Array | undefined;
  /** Drops what was derived from replays (debuggers, storage names), as contracts got other artifacts. */
  forgetDerivedViews(): void;
  /** Puts the saved bundle and module names back on the adopted machine; returns what failed, in words. */
  restoreWasm(saved: SavedWasm): string[];
  /** The loaded bundle and the module names, as they would be saved (an export carries them). */
  savedWasm(): SavedWasm;
}

/** Whether the trace a view shows was recorded when the message ran, or recomputed by a replay. */
export interface TraceOrigin {
  readonly origin: 'applied' | 'recomputed' | 'differs';
  readonly mismatch: string | null;
}

/** How the open workspace is doing, for the UI's banner and indicator. */
export interface WorkspaceStatus {
  readonly id: string;
  readonly readOnly: boolean;
  /** A read-only tab holds the writer lock again (the writing tab left): it may take over. */
  readonly canTakeOver: boolean;
  /** Writes not on disk yet (chain and session record). */
  readonly unsaved: number;
  /** Why the last save failed (the storage layer's sentence), null when saving works. */
  readonly saveError: string | null;
}

/** The open workspace's chain as the time-travel UI needs it. */
export interface ChainInfo {
  /** The message whose post-state is current (-1: genesis). */
  readonly at: number;
  readonly epoch: bigint;
  /** Each message's parent (-1: genesis): the log is a tree. */
  readonly parents: readonly number[];
  /** Messages on the path from genesis to the head (the others are another branch). */
  readonly onPath: readonly number[];
}

export interface OpenedWorkspace {
  readonly status: WorkspaceStatus;
  /** What the checks on open found and did, in words (empty when the chain was consistent). */
  readonly recovery: readonly string[];
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The session's link to its workspace database: the chain (ChainStore: atomic saves, checks on open,
 * time travel, replays), the writer lease across tabs, the notices to other tabs, and the session's own
 * record (sessionMeta.ts) with the compilations it refers to.
 */
export class SessionPersistence {
  readonly compilations = new CompilationIndex();
  private readonly origins = new Map<number, TraceOrigin>();
  /** The recomputed call trace of a message whose replay differed from its record. */
  readonly differing = new Map<number, NonNullable<MessageRecord['applied']['result']['trace']>>();
  private metaWrite: Promise<void> = Promise.resolve();
  private metaDirty = false;
  private metaError: unknown;
  private waiting: AbortController | undefined;
  private spareLease: WriterLease | undefined;

  private constructor(
    readonly id: string,
    private readonly env: PersistenceEnv,
    public chain: ChainStore,
    private readonly kv: KvStore,
    private lease: WriterLease | undefined,
    private readonly channel: WorkspaceChannel,
  ) {}

  /**
   * Opens a listed workspace: the writer lease if no other tab holds it (else read-only), the chain
   * (checked, repaired when writable), and the session record. The session adopts the chain's machine.
   * `problems` says, in words, what the checks repaired and which saved records were not used.
   */
  static async open(
    id: string,
    session: SessionHost,
    env: PersistenceEnv,
    lease?: WriterLease,
  ): Promise<{ persistence: SessionPersistence; problems: string[] }> {
    const chainKv = await env.registry.open(id);
    const held = lease ?? (await tryAcquireWriter(id, env.tabs));
    const channel = new WorkspaceChannel(id, env.tabs.channel);
    let kv: KvStore | undefined;
    try {
      const { chain, recovery } = await ChainStore.open(chainKv, {
        readOnly: held === undefined,
        onSaved: (head) => channel.headSaved(head),
      });
      kv = await env.registry.open(id);
      const persistence = new SessionPersistence(id, env, chain, kv, held, channel);
      const sessionProblems = await persistence.loadSession(session);
      return { persistence, problems: [...(recovery?.problems ?? []), ...sessionProblems] };
    } catch (error) {
      chainKv.close();
      kv?.close();
      channel.close();
      held?.release();
      throw error;
    }
  }

  get readOnly(): boolean {
    return this.chain.readOnly;
  }

  /** Reads the session record and the compilations it names, and rebuilds the session's bookkeeping. */
  async loadSession(session: SessionHost): Promise<string[]> {
    const problems: string[] = [];
    const snapshot = await readSnapshot(
      this.kv,
      [META_KEY, CONTRACTS_KEY, BUNDLE_KEY, MODULE_NAMES_KEY],
      [COMPILATION_KEY_PREFIX],
    );
    let meta: SessionMeta | undefined;
    const raw = snapshot.singles.get(META_KEY);
    if (raw !== undefined) {
      try {
        meta = checkSessionMeta(raw);
      } catch (error) {
        problems.push(`${describe(error)}; the log was rebuilt from the chain alone`);
      }
    }
    const stored = snapshot.prefixes.get(COMPILATION_KEY_PREFIX)!;
    stored.keys.forEach((key, i) => {
      const hash = key.slice(COMPILATION_KEY_PREFIX.length);
      if (this.compilations.stored.has(hash)) return;
      try {
        const input = JSON.parse(String(stored.values[i])) as CompilationInput;
        if (compilationHash(input) !== hash) throw new Error('its content does not match its name');
        const { compilationId } = session.registry.add(input);
        this.compilations.note(compilationId, input, hash);
        this.compilations.stored.add(hash);
      } catch (error) {
        problems.push(`the stored compilation ${hash} was not loaded (${describe(error)})`);
      }
    });
    // Without a (complete) session record, the workspace's contracts record names and types them.
    const known =
      meta === undefined || meta.messages.length < this.chain.machine.history.length
        ? this.workspaceContracts(session, snapshot.singles.get(CONTRACTS_KEY), problems)
        : [];
    const kept = restoreBookkeeping(this.chain.machine, meta, (ref) => this.compilations.keyOf(ref), known);
    this.origins.clear();
    session.adopt(this.chain.machine, kept);
    const wasm = checkSavedWasm(
      snapshot.singles.get(BUNDLE_KEY),
      snapshot.singles.get(MODULE_NAMES_KEY),
      problems,
    );
    problems.push(...session.restoreWasm(wasm));
    this.relink(session);
    return problems;
  }

  /**
   * The workspace's `w/contracts` record (written by the share service, an import, the UI) as known
   * contracts, their ABIs registered as one code-less compilation (once: a follower reloads often).
   */
  private workspaceContracts(session: SessionHost, raw: unknown, problems: string[]): KnownContract[] {
    if (raw === undefined) return [];
    let contracts: DeployedContract[];
    try {
      const record = raw as { v?: unknown; contracts?: unknown };
      if (typeof record !== 'object' || record === null || record.v !== 1) throw new Error('no version 1');
      contracts = checkContracts(record.contracts, CONTRACTS_KEY);
    } catch (error) {
      problems.push(`the workspace's contracts record was not used (${describe(error)})`);
      return [];
    }
    const input = abiOnlyCompilation(contracts);
    if (input === undefined) return knownContracts(contracts, () => null);
    const hash = compilationHash(input);
    let compilationId = this.compilations.idOf(hash);
    if (compilationId === undefined) {
      compilationId = session.registry.add(input).compilationId;
      this.compilations.note(compilationId, input, hash);
    }
    const id = compilationId;
    return knownContracts(contracts, (artifactId) => `${id}:${artifactId}`);
  }

  /**
   * Contracts without an artifact, or with one that has no code (an ABI from the contracts record), get
   * the artifact a compile produced their deployed code with; a contract named by its ID gets its name,
   * and so does the deploy that created it.
   */
  relink(session: SessionHost): void {
    let changed = false;
    session.contracts = session.contracts.map((entry) => {
      const current = entry.artifactKey === null ? undefined : session.registry.get(entry.artifactKey);
      if (current?.runtimeCode) return entry;
      const code = session.deployedCode(entry.id);
      const artifact = code ? session.registry.matchRuntime(code) : undefined;
      if (!artifact) return entry;
      changed = true;
      const name = entry.name.startsWith('EVM f0') ? artifact.name : entry.name;
      if (name !== entry.name) this.renameDeploy(session, entry, name);
      return { ...entry, artifactKey: artifact.key, name };
    });
    if (!changed) return;
    // Debuggers and storage names built before knew no source map or layout for these contracts.
    session.forgetDerivedViews();
    this.sessionChanged(session);
  }

  private renameDeploy(session: SessionHost, entry: ContractEntry, name: string): void {
    const index = entry.createdBy;
    const record = index === null ? undefined : session.records[index];
    if (index === null || record?.kind !== 'deploy' || record.action !== `deploy ${entry.name}`) return;
    session.records[index] = { ...record, action: `deploy ${name}` };
  }

  // ---- writing ----------------------------------------------------------------------------------------

  assertWritable(): void {
    if (this.readOnly)
      throw invalidInput(
        'this workspace is open for writing in another tab; this tab is read-only (take over when it closes, or duplicate the workspace)',
        'workspace',
      );
  }

  /** Saves the session record (and any compilation it newly refers to) after the chain's own save. */
  sessionChanged(session: SessionHost): void {
    if (this.readOnly) return;
    this.metaDirty = true;
    this.metaWrite = this.metaWrite.then(async () => {
      if (!this.metaDirty) return;
      this.metaDirty = false;
      const meta = this.snapshot(session);
      const refs = [...meta.contracts.map((c) => c.artifact), ...meta.messages.map((m) => m.artifact)];
      const compilations = this.compilations.unsaved(refs);
      try {
        await commit(this.kv, [[META_KEY, meta], ...compilations], [], 'saving the session');
        for (const [key] of compilations)
          this.compilations.stored.add(key.slice(COMPILATION_KEY_PREFIX.length));
        this.metaError = undefined;
        this.channel.recordsSaved([META_KEY]);
      } catch (error) {
        this.metaDirty = true;
        this.metaError = error;
      }
    });
  }

  /**
   * Saves the Wasm panel's module names and, when given, its bundle (wasmRecords.ts), in order with the
   * session record.
   */
  saveWasm(names: Readonly<Record<string, string>>, bundle?: Uint8Array): Promise<void> {
    this.assertWritable();
    const puts: Array<[string, unknown]> = [[MODULE_NAMES_KEY, { ...names }]];
    if (bundle) puts.push([BUNDLE_KEY, bundle]);
    const write = this.metaWrite.then(() => commit(this.kv, puts, [], 'saving the Wasm actors'));
    // The queue goes on after a failure; the caller hears of it.
    this.metaWrite = write.catch(() => {});
    return write;
  }

  /**
   * The session record and every compilation it refers to, as `[key, JSON text]`, then the Wasm panel's
   * names and bundle (an export file carries them, so an imported workspace keeps names, ABIs, source
   * maps, storage layouts, and runs and replays with the same bundle).
   */
  exportRecords(session: SessionHost): Array<[string, string | Uint8Array]> {
    const meta = this.snapshot(session);
    const refs = [...meta.contracts.map((c) => c.artifact), ...meta.messages.map((m) => m.artifact)];
    return [
      [META_KEY, JSON.stringify(meta)],
      ...this.compilations.records(refs),
      ...wasmExportRecords(session.savedWasm()),
    ];
  }

  private snapshot(session: SessionHost): SessionMeta {
    const ref = (key: string | null) => this.compilations.refOf(key);
    return {
      v: META_VERSION,
      created: { ...session.createdAccounts },
      accounts: session.accounts
        .filter((a) => !a.genesis)
        .map((a) => ({ kind: a.kind, address: a.address.toString(), label: a.label })),
      contracts: session.contracts.map((c) => ({
        name: c.name,
        artifact: ref(c.artifactKey),
        address: c.address.toString(),
        id: c.id,
        createdBy: c.createdBy,
        source: c.source,
      })),
      messages: session.records.map((r) => ({
        kind: r.kind,
        action: r.action,
        contract: r.contract,
        fn: r.fn,
        artifact: ref(r.artifactKey),
        deployed: r.deployed,
      })),
    };
  }

  /** Everything on disk: the chain's saves and the session record's. */
  async saved(): Promise<void> {
    await this.chain.saved();
    await this.metaWrite;
    if (this.metaError !== undefined) throw this.metaError;
  }

  async retry(session: SessionHost): Promise<void> {
    if (this.metaError !== undefined) this.sessionChanged(session);
    await this.chain.retry();
    await this.saved();
  }

  /**
   * The status once the saves under way have finished or failed (a failure is in `saveError`): what the
   * UI asks after each change, since a message returns before its save is done.
   */
  async settledStatus(): Promise<WorkspaceStatus> {
    try {
      await this.saved();
    } catch {
      // Reported by status().
    }
    return this.status();
  }

  status(): WorkspaceStatus {
    const chain = this.chain.status();
    const error = chain.error ?? this.metaError;
    return {
      id: this.id,
      readOnly: this.readOnly,
      canTakeOver: this.readOnly && this.spareLease !== undefined,
      unsaved: chain.unsavedWrites + (this.metaDirty ? 1 : 0),
      saveError: error === undefined ? null : describe(error),
    };
  }

  chainInfo(): ChainInfo {
    const head = this.chain.head;
    const entries = this.chain.entries();
    return {
      at: head.at,
      epoch: head.epoch,
      parents: entries.map((e) => e.parent),
      onPath: this.chain.pathTo().map((e) => e.applied.index),
    };
  }

  /** Time travel: the state after message `at` (-1: genesis). New messages branch from there. */
  async restoreTo(at: number): Promise<void> {
    this.assertWritable();
    if (!Number.isSafeInteger(at) || at < -1 || at >= this.chain.length)
      throw invalidInput(`there is no message #${at} to go back to`, 'message');
    await this.chain.restoreTo(at);
  }

  async advanceEpochs(count: number): Promise<void> {
    this.assertWritable();
    if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000)
      throw invalidInput('advance by a whole number of epochs from 1 to 1,000,000', 'epochs');
    await this.chain.advanceEpochs(count);
  }

  /**
   * A fresh chain on the same genesis, in one transaction (live mode's reset): the log, blocks and
   * session record go; the files and stored compilations stay.
   */
  async resetChain(session: SessionHost): Promise<void> {
    this.assertWritable();
    await this.metaWrite;
    const genesis = this.chain.genesis.genesis;
    await this.chain.close();
    const chainKv = await this.env.registry.open(this.id);
    await commit(
      chainKv,
      ChainStore.initialEntries(genesis),
      [
        GENESIS_KEY,
        HEAD_KEY,
        META_KEY,
        prefixRange(MESSAGE_KEY_PREFIX),
        prefixRange(BLOCK_KEY_PREFIX),
        prefixRange(CODE_KEY_PREFIX),
      ],
      'resetting the chain',
    );
    const { chain } = await ChainStore.open(chainKv, { onSaved: (head) => this.channel.headSaved(head) });
    this.chain = chain;
    this.origins.clear();
    session.adopt(
      chain.machine,
      restoreBookkeeping(chain.machine, undefined, () => null),
    );
  }

  // ---- traces -----------------------------------------------------------------------------------------

  /**
   * Gives a message loaded from disk its trace back, by replay (stored records keep no trace). When the
   * replay reproduces the stored receipt and state the replayed result replaces the stored one; when it
   * does not, the stored outcome stays and the origin says what differs.
   */
  ensureTrace(session: SessionHost, index: number): void {
    const record = session.records[index];
    if (!record || record.applied.result.trace !== undefined || this.origins.has(index)) return;
    const replayed = this.chain.replay(index);
    if (replayed.reproduced) {
      const applied = { ...record.applied, result: replayed.result };
      this.chain.machine.history[index] = applied;
      record.applied = applied;
      this.origins.set(index, { origin: 'recomputed', mismatch: null });
    } else {
      record.tree = undefined;
      this.origins.set(index, { origin: 'differs', mismatch: replayed.mismatch ?? 'the replay differs' });
      this.differing.set(index, replayed.result.trace ?? []);
    }
  }

  traceOrigin(index: number): TraceOrigin {
    return this.origins.get(index) ?? { origin: 'applied', mismatch: null };
  }

  // ---- other tabs --------------------------------------------------------------------------------------

  /**
   * A read-only tab catches up with what the writer saved (called on its notices): new messages and
   * head, and the session record. Returns whether anything changed.
   */
  async follow(session: SessionHost): Promise<boolean> {
    if (!this.readOnly) return false;
    const outcome = await this.chain.refresh();
    if (outcome === 'reload') {
      const chainKv = await this.env.registry.open(this.id);
      const { chain } = await ChainStore.open(chainKv, { readOnly: true });
      await this.chain.close();
      this.chain = chain;
    }
    await this.loadSession(session);
    return outcome !== 'unchanged';
  }

  /** Resolves when the writing tab has left and this one holds the lease (it stays read-only until `takeOver`). */
  async awaitWriter(): Promise<boolean> {
    if (!this.readOnly) return true;
    if (this.spareLease) return true;
    this.waiting?.abort();
    const waiting = new AbortController();
    this.waiting = waiting;
    try {
      this.spareLease = await waitForWriter(this.id, this.env.tabs, waiting.signal);
      return true;
    } catch {
      return false;
    }
  }

  /** The lease a waiting read-only tab got, handed to a writable reopen. */
  takeLease(): WriterLease | undefined {
    const lease = this.spareLease;
    this.spareLease = undefined;
    return lease;
  }

  /** Tells other tabs this workspace is gone (they switch away). */
  announceDeleted(): void {
    this.channel.deleted();
  }

  /** Finishes pending saves, then lets go of the database, the lease and the channel. */
  async close(): Promise<void> {
    this.waiting?.abort();
    try {
      await this.metaWrite;
      await this.chain.close();
    } finally {
      this.kv.close();
      this.channel.close();
      this.lease?.release();
      this.spareLease?.release();
      this.lease = undefined;
    }
  }
}
