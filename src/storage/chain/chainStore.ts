import { invalidInput, notFound } from '../../worker-vm/errors';
import type { ApplyResult } from '../../worker-vm/executor/applyMessage';
import { CID } from '../../worker-vm/ipld/cid';
import type { AppliedMessage, Machine } from '../../worker-vm/machine/machine';
import type { ScenarioGenesis } from '../../worker-vm/scenario/scenario';
import { commit, type KvStore, ownBuffer, readKeys, readMany, readSnapshot } from '../kv/kvStore';
import { builtinCodeCids, machineForGenesis } from './genesis';
import { installedCodes } from './installedCode';
import {
  BLOCK_KEY_PREFIX,
  blockKey,
  CODE_KEY_PREFIX,
  codeKey,
  GENESIS_KEY,
  HEAD_KEY,
  MESSAGE_KEY_PREFIX,
  messageKey,
} from './keys';
import { type LoadOptions, loadChain, type RecoveryReport } from './loadChain';
import { CompletenessCheck, collectReachable } from './reachability';
import {
  type ChainEntry,
  type ChainHead,
  decodeRecord,
  encodeRecord,
  entryFromData,
  entryToData,
  type GenesisRecord,
  genesisToData,
  headFromData,
  headToData,
  RECORD_VERSION,
} from './records';

export interface ChainOpenOptions extends LoadOptions {
  /**
   * Open without writing: for a second tab that does not hold the workspace's writer lock. Nothing is
   * repaired or saved; `refresh` follows the writer.
   */
  readonly readOnly?: boolean;
  /** Called after each successful save with the head now on disk (e.g. to tell other tabs). */
  readonly onSaved?: (head: ChainHead) => void;
}

/** A replayed message: its trace, and whether the replay reproduced the stored outcome. */
export interface ReplayedMessage {
  readonly result: ApplyResult;
  /** True when the replay gave the stored receipt and post-state root (it always should). */
  readonly reproduced: boolean;
  /** What differed, when something did (e.g. the chain was recorded by another playground version). */
  readonly mismatch: string | undefined;
}

export interface SaveStatus {
  /** Messages and head moves not on disk yet (0 when everything is saved). */
  readonly unsavedWrites: number;
  /** The head on disk. */
  readonly savedHead: ChainHead;
  /** Why the last save failed, if it did (a full quota: a TooLarge error); cleared by the next success. */
  readonly error: unknown;
}

/**
 * A workspace's chain, persisted: the machine, the log of applied messages (with the message each was
 * applied after, so time travel and branches are kept), and the head. Each committed message is saved
 * with its new blocks and the new head in ONE IndexedDB transaction; saves are queued and merged, and a
 * failed save (a full quota) keeps everything in memory and on disk as it was, to be retried. Opening
 * checks the head and every block the recorded states reach (loadChain) and reopens at the last
 * consistent head if something is missing. Traces are not stored: `replay` recomputes them.
 */
export class ChainStore {
  private readonly parents: number[];
  private currentHead: ChainHead;
  private diskHead: ChainHead;
  /** Puts waiting for the next save, by key (a newer head replaces the older one). */
  private pending = new Map<string, unknown>();
  private pendingHead: ChainHead | undefined;
  private writing: Promise<void> | undefined;
  private lastError: unknown;
  private closed = false;

  private constructor(
    private readonly kv: KvStore,
    readonly machine: Machine,
    readonly genesis: GenesisRecord,
    entries: readonly ChainEntry[],
    head: ChainHead,
    readonly readOnly: boolean,
    private readonly onSaved: ((head: ChainHead) => void) | undefined,
  ) {
    this.parents = entries.map((e) => e.parent);
    this.currentHead = head;
    this.diskHead = head;
    if (!readOnly) {
      machine.onCommit = (blocks, applied) => this.recordCommit(blocks, applied);
      machine.onCodeInstalled = (code, bytes) => this.recordCode(code, bytes);
    }
  }

  /**
   * The database entries of a new chain: its genesis record and head, and, when `machine` has already
   * applied messages (a replayed share link, say), their records and blocks. Written by the caller in
   * the same transaction as the workspace records, so a new workspace appears whole or not at all.
   */
  static initialEntries(genesis: ScenarioGenesis, machine?: Machine): Array<[string, unknown]> {
    const expected = machineForGenesis(genesis);
    const source = machine ?? expected;
    const genesisRoot = expected.stateRoot;
    if (!source.genesis.stateRoot.equals(genesisRoot))
      throw invalidInput('the machine was not built from this genesis', 'genesis');
    const history = source.history;
    const parents = inferParents(history, genesisRoot);
    const entries: Array<[string, unknown]> = [
      [GENESIS_KEY, encodeRecord(genesisToData({ genesis, stateRoot: genesisRoot }))],
    ];
    history.forEach((applied, i) => {
      entries.push([messageKey(i), encodeRecord(entryToData({ applied, parent: parents[i]! }))]);
    });
    const at = headIndexOf(source, genesisRoot);
    entries.push([
      HEAD_KEY,
      encodeRecord(headToData({ root: source.stateRoot, epoch: source.epoch, messages: history.length, at })),
    ]);
    for (const [cid, bytes] of installedCodes(source)) {
      entries.push(
        [blockKey(cid), ownBuffer(bytes)],
        [codeKey(cid), encodeRecord({ v: RECORD_VERSION, code: cid })],
      );
    }
    if (history.length > 0) {
      const external = builtinCodeCids(source);
      const inGenesis = new Set(
        collectReachable([genesisRoot], (cid) => source.store.get(cid), external).map(([cid]) =>
          cid.toString(),
        ),
      );
      const roots = history.map((applied) => applied.stateRootAfter);
      for (const [cid, bytes] of collectReachable(roots, (c) => source.store.get(c), external)) {
        if (!inGenesis.has(cid.toString())) entries.push([blockKey(cid), ownBuffer(bytes)]);
      }
    }
    return entries;
  }

  /** Creates a chain at genesis in an empty database. */
  static async create(kv: KvStore, genesis: ScenarioGenesis, options: ChainOpenOptions = {}) {
    const [existing] = await readMany(kv, [GENESIS_KEY]);
    if (existing !== undefined) throw invalidInput('this database already holds a chain', 'chain');
    await commit(kv, ChainStore.initialEntries(genesis), [], 'creating the chain');
    return ChainStore.open(kv, options);
  }

  /**
   * Opens a stored chain: checks it, repairs it if it must (and may: not read-only), and loads its blocks
   * and messages into a machine at the head. `recovery` says what was wrong, when something was.
   */
  static async open(
    kv: KvStore,
    options: ChainOpenOptions = {},
  ): Promise<{ chain: ChainStore; recovery: RecoveryReport | undefined }> {
    const snapshot = await readSnapshot(
      kv,
      [GENESIS_KEY, HEAD_KEY],
      [MESSAGE_KEY_PREFIX, BLOCK_KEY_PREFIX, CODE_KEY_PREFIX],
    );
    const messages = snapshot.prefixes.get(MESSAGE_KEY_PREFIX)!;
    const blocks = snapshot.prefixes.get(BLOCK_KEY_PREFIX)!;
    const loaded = loadChain(
      {
        genesis: snapshot.singles.get(GENESIS_KEY),
        head: snapshot.singles.get(HEAD_KEY),
        messageKeys: messages.keys,
        messageValues: messages.values,
        blockKeys: blocks.keys,
        blockValues: blocks.values,
        codeKeys: snapshot.prefixes.get(CODE_KEY_PREFIX)!.keys,
      },
      options,
    );
    if (loaded.repair && !options.readOnly) {
      await commit(
        kv,
        [[HEAD_KEY, encodeRecord(headToData(loaded.repair.head))]],
        loaded.repair.deletes,
        'repairing the chain',
      );
    }
    const machine = loaded.machine;
    machine.store.putMany(loaded.blocks);
    const installProblems = installAll(machine, loaded.codes);
    machine.history.push(...loaded.entries.map((e) => e.applied));
    machine.restore(loaded.head.root, loaded.head.epoch);
    const chain = new ChainStore(
      kv,
      machine,
      loaded.genesis,
      loaded.entries,
      loaded.head,
      options.readOnly ?? false,
      options.onSaved,
    );
    let recovery = loaded.recovery;
    if (installProblems.length > 0) {
      recovery = recovery
        ? { ...recovery, problems: [...recovery.problems, ...installProblems] }
        : {
            problems: installProblems,
            previousHead: loaded.head,
            head: loaded.head,
            droppedMessages: [],
            missingBlocks: [],
            orphanBlocks: 0,
          };
    }
    return { chain, recovery };
  }

  // ---- reading -----------------------------------------------------------------------------------------

  get head(): ChainHead {
    return this.currentHead;
  }

  get savedHead(): ChainHead {
    return this.diskHead;
  }

  get length(): number {
    return this.parents.length;
  }

  entry(index: number): ChainEntry {
    const applied = this.machine.history[index];
    if (!applied) throw notFound(`there is no message ${index}`, 'chain');
    return { applied, parent: this.parents[index]! };
  }

  entries(): ChainEntry[] {
    return this.machine.history.map((applied, i) => ({ applied, parent: this.parents[i]! }));
  }

  /** The messages from genesis to the state after `at` (the head's by default), oldest first. */
  pathTo(at: number = this.currentHead.at): ChainEntry[] {
    const path: ChainEntry[] = [];
    for (let i = at; i !== -1; i = this.parents[i]!) {
      if (i < -1 || i >= this.parents.length) throw notFound(`there is no message ${i}`, 'chain');
      path.push(this.entry(i));
    }
    return path.reverse();
  }

  status(): SaveStatus {
    return {
      unsavedWrites: this.pending.size,
      savedHead: this.diskHead,
      error: this.lastError,
    };
  }

  /**
   * Recomputes a message's trace by re-executing it on its pre-state (deterministic), and checks the
   * replay against the stored receipt and post-state root. A message applied in this session still has
   * its trace in memory, which is returned as it is.
   */
  replay(index: number): ReplayedMessage {
    const { applied } = this.entry(index);
    if (applied.result.trace !== undefined)
      return { result: applied.result, reproduced: true, mismatch: undefined };
    const { result, stateRootAfter } = this.machine.replay(applied);
    const mismatch = describeMismatch(applied, result, stateRootAfter);
    return { result, reproduced: mismatch === undefined, mismatch };
  }

  // ---- writing -----------------------------------------------------------------------------------------

  /** Applies a message through the machine (saved by the commit listener); refused in a read-only tab. */
  applyMessage(...args: Parameters<Machine['applyMessage']>): AppliedMessage {
    this.assertWritable();
    return this.machine.applyMessage(...args);
  }

  /** Time travel: the state after message `at` (or genesis, -1), at that message's epoch unless given. */
  async restoreTo(at: number, epoch?: bigint): Promise<void> {
    this.assertWritable();
    let root = this.genesis.stateRoot;
    let targetEpoch = epoch ?? this.machine.network.genesisEpoch;
    if (at !== -1) {
      const target = this.entry(at).applied;
      root = target.stateRootAfter;
      targetEpoch = epoch ?? target.epoch;
    }
    this.machine.restore(root, targetEpoch);
    this.moveHead({ root, epoch: targetEpoch, messages: this.parents.length, at });
    return this.saved();
  }

  /** Moves the clock forward and saves the new head. */
  async advanceEpochs(count: number | bigint): Promise<void> {
    this.assertWritable();
    this.machine.advanceEpochs(BigInt(count));
    this.moveHead({ ...this.currentHead, epoch: this.machine.epoch });
    return this.saved();
  }

  /**
   * Resolves when everything recorded so far is on disk; rejects with the (typed) error of the last
   * failed save if something is still unsaved. Saving resumes with the next commit or `retry`.
   */
  async saved(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.pending.size > 0) {
      if (this.lastError !== undefined) throw this.lastError;
      this.scheduleSave();
      return this.saved();
    }
  }

  /** Tries again to save what a failed save left (after the user freed space). */
  retry(): Promise<void> {
    this.scheduleSave();
    return this.saved();
  }

  /**
   * For a read-only tab: loads the messages and blocks the writer has saved since, and moves to its head.
   * 'reload' means the writer rewrote history (a repair): reopen the chain.
   */
  async refresh(): Promise<'unchanged' | 'advanced' | 'reload'> {
    const [headValue] = await readMany(this.kv, [HEAD_KEY]);
    if (headValue === undefined) return 'reload';
    const head = headFromData(decodeRecord(headValue, 'head record'));
    const known = this.parents.length;
    if (head.messages < known) return 'reload';
    const same = head.root.equals(this.currentHead.root) && head.epoch === this.currentHead.epoch;
    if (head.messages === known && same && head.at === this.currentHead.at) return 'unchanged';

    const records = await readMany(
      this.kv,
      Array.from({ length: head.messages - known }, (_, i) => messageKey(known + i)),
    );
    const entries = records.map((value, i) =>
      entryFromData(decodeRecord(value, `message record ${known + i}`), `message record ${known + i}`),
    );
    const blockKeys = await readKeys(this.kv, BLOCK_KEY_PREFIX);
    const codeCids = (await readKeys(this.kv, CODE_KEY_PREFIX)).map((key) =>
      CID.parse(key.slice(CODE_KEY_PREFIX.length)),
    );
    const unknownKeys = blockKeys.filter(
      (key) => !this.machine.store.has(CID.parse(key.slice(BLOCK_KEY_PREFIX.length))),
    );
    const values = await readMany(this.kv, unknownKeys);
    const fresh = new Map<string, Uint8Array>();
    unknownKeys.forEach((key, i) => {
      const value = values[i];
      if (value instanceof Uint8Array) fresh.set(key.slice(BLOCK_KEY_PREFIX.length), value);
    });
    const lookup = (cid: CID) => this.machine.store.get(cid) ?? fresh.get(cid.toString());
    const check = new CompletenessCheck(lookup, builtinCodeCids(this.machine));
    for (const { applied } of entries) {
      if (!check.isComplete(applied.stateRootAfter)) return 'reload';
    }
    if (!check.isComplete(head.root)) return 'reload';
    this.machine.store.putMany(check.found);
    for (const entry of entries) {
      this.machine.history.push(entry.applied);
      this.parents.push(entry.parent);
    }
    installAll(
      this.machine,
      codeCids.flatMap((cid): Array<[CID, Uint8Array]> => {
        const bytes = this.machine.code.has(cid) ? undefined : lookup(cid);
        return bytes ? [[cid, bytes]] : [];
      }),
    );
    this.machine.restore(head.root, head.epoch);
    this.currentHead = head;
    this.diskHead = head;
    return 'advanced';
  }

  /** Stops saving (pending writes are finished first) and closes the database connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.machine.onCommit = undefined;
    this.machine.onCodeInstalled = undefined;
    try {
      await this.saved();
    } finally {
      this.kv.close();
    }
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private assertWritable(): void {
    if (this.readOnly)
      throw invalidInput('this workspace is open for writing in another tab; this tab is read-only', 'chain');
    if (this.closed) throw invalidInput('this chain is closed', 'chain');
  }

  /** The machine's commit listener: queue the message's blocks, its record and the new head. */
  private recordCommit(blocks: Array<[CID, Uint8Array]>, applied: AppliedMessage): void {
    const parent = this.parentOf(applied);
    if (parent === undefined) {
      // The machine was moved to a state this chain does not know (restored behind the store's back):
      // saving this message would leave a record that follows nothing. Keep it in memory, save nothing.
      this.lastError = invalidInput(
        `message ${applied.index} starts from state ${applied.stateRootBefore}, which this chain does not ` +
          'know; it was not saved (reopen the workspace)',
        'chain',
      );
      return;
    }
    this.parents.push(parent);
    for (const [cid, bytes] of blocks) this.pending.set(blockKey(cid), ownBuffer(bytes));
    this.pending.set(messageKey(applied.index), encodeRecord(entryToData({ applied, parent })));
    this.moveHead({
      root: applied.stateRootAfter,
      epoch: applied.epoch,
      messages: this.parents.length,
      at: applied.index,
    });
  }

  /** The machine's install listener: the module's bytes and a marker, saved like a commit. */
  private recordCode(code: CID, bytes: Uint8Array): void {
    this.pending.set(blockKey(code), ownBuffer(bytes));
    this.pending.set(codeKey(code), encodeRecord({ v: RECORD_VERSION, code }));
    this.scheduleSave();
  }

  private parentOf(applied: AppliedMessage): number | undefined {
    if (applied.index !== this.parents.length) return undefined;
    const before = applied.stateRootBefore;
    if (this.currentHead.root.equals(before)) return this.currentHead.at;
    if (this.genesis.stateRoot.equals(before)) return -1;
    for (let i = this.parents.length - 1; i >= 0; i--)
      if (this.machine.history[i]!.stateRootAfter.equals(before)) return i;
    return undefined;
  }

  private moveHead(head: ChainHead): void {
    this.currentHead = head;
    this.pendingHead = head;
    this.pending.set(HEAD_KEY, encodeRecord(headToData(head)));
    this.scheduleSave();
  }

  private scheduleSave(): void {
    if (this.writing || this.pending.size === 0) return;
    this.writing = this.saveLoop().finally(() => {
      this.writing = undefined;
    });
  }

  /** Saves pending puts in one transaction per round until none are left, or a save fails. */
  private async saveLoop(): Promise<void> {
    // Let the commits of the same task join one transaction.
    await Promise.resolve();
    while (this.pending.size > 0) {
      const batch = this.pending;
      const head = this.pendingHead;
      this.pending = new Map();
      this.pendingHead = undefined;
      try {
        await commit(this.kv, [...batch], [], describeBatch(head));
      } catch (error) {
        // Nothing of the batch was written: put it back under anything newer and stop until retried.
        for (const [key, value] of batch) if (!this.pending.has(key)) this.pending.set(key, value);
        this.pendingHead ??= head;
        this.lastError = error;
        return;
      }
      this.lastError = undefined;
      if (head) {
        this.diskHead = head;
        this.onSaved?.(head);
      }
    }
  }
}

/** Installs stored Wasm code again (compiled and registered); returns a sentence per module that failed. */
function installAll(machine: Machine, codes: ReadonlyArray<readonly [CID, Uint8Array]>): string[] {
  const problems: string[] = [];
  for (const [cid, bytes] of codes) {
    try {
      const installed = machine.installActor(bytes);
      if (!installed.code.equals(cid)) problems.push(`installed code ${cid} does not match its bytes`);
    } catch (error) {
      problems.push(
        `installed code ${cid} no longer installs: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return problems;
}

function describeBatch(head: ChainHead | undefined): string {
  return head && head.at >= 0 ? `saving message ${head.at}` : 'saving the chain head';
}

/** For a machine whose history is the log: the message each was applied after (-1 for genesis). */
function inferParents(history: readonly AppliedMessage[], genesisRoot: CID): number[] {
  return history.map((applied, i) => {
    const before = applied.stateRootBefore;
    const previous = history[i - 1];
    if (previous?.stateRootAfter.equals(before)) return i - 1;
    for (let j = i - 2; j >= 0; j--) if (history[j]!.stateRootAfter.equals(before)) return j;
    if (before.equals(genesisRoot)) return -1;
    throw invalidInput(`message ${i} starts from a state no earlier message produced`, 'chain');
  });
}

/** Which message's post-state the machine is at now (the latest one, if several share the root). */
function headIndexOf(machine: Machine, genesisRoot: CID): number {
  const history = machine.history;
  for (let i = history.length - 1; i >= 0; i--)
    if (history[i]!.stateRootAfter.equals(machine.stateRoot)) return i;
  if (machine.stateRoot.equals(genesisRoot)) return -1;
  throw invalidInput('the machine is at a state no message produced', 'chain');
}

function describeMismatch(applied: AppliedMessage, result: ApplyResult, after: CID): string | undefined {
  const stored = applied.result.receipt;
  const now = result.receipt;
  const differences: string[] = [];
  if (stored.exitCode !== now.exitCode)
    differences.push(`exit code ${now.exitCode}, stored ${stored.exitCode}`);
  if (stored.gasUsed !== now.gasUsed) differences.push(`gas used ${now.gasUsed}, stored ${stored.gasUsed}`);
  if (!bytesEqual(stored.returnData, now.returnData)) differences.push('different return data');
  if (!after.equals(applied.stateRootAfter))
    differences.push(`post-state ${after}, stored ${applied.stateRootAfter}`);
  return differences.length === 0
    ? undefined
    : `replaying message ${applied.index} gave ${differences.join('; ')}`;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
