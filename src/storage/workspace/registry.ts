import { invalidInput, malformed, notFound, type PlaygroundError } from '../../worker-vm/errors';
import type { Machine } from '../../worker-vm/machine/machine';
import type { ScenarioGenesis } from '../../worker-vm/scenario/scenario';
import {
  commit,
  defaultFactory,
  deleteKv,
  type KvFactory,
  type KvStore,
  openKv,
  readAll,
  readSnapshot,
} from '../kv/kvStore';
import { checkName } from './paths';
import { checkWorkspace, emptyWorkspace, type WorkspaceData } from './workspace';
import { WorkspaceStore } from './workspaceStore';

/** A workspace in the list. Its chain and records live in their own database, `dbName(id)`. */
export interface WorkspaceEntry {
  readonly id: string;
  readonly name: string;
  /** Milliseconds since 1970. */
  readonly createdAt: number;
}

export interface NewWorkspace {
  readonly name: string;
  /** Files, compiler, contracts, layout, session; empty by default. */
  readonly workspace?: WorkspaceData;
  /** The genesis of its chain (the scenario format's); the default genesis by default. */
  readonly genesis?: ScenarioGenesis;
  /** A machine that already applied messages on that genesis (a replayed share link), saved as the chain. */
  readonly machine?: Machine;
  /** Records of the VM session written with it, checked by the caller (a replayed link's module names). */
  readonly records?: ReadonlyArray<readonly [string, unknown]>;
}

export interface RegistryOptions {
  readonly factory?: KvFactory;
  /** Database names start with this (tests use their own). */
  readonly prefix?: string;
  readonly newId?: () => string;
  readonly now?: () => number;
}

const ENTRY_PREFIX = 'ws/';
const ENTRY_VERSION = 1;

/**
 * The list of workspaces (one small database) and each workspace's own database, which holds its chain
 * and its workspace records, so a workspace is created, duplicated, imported or deleted as a whole.
 * A new database is written in one transaction before it is listed; a deleted one is unlisted only after
 * its database is gone, so a crash in between leaves at worst an unlisted database, never a listed
 * workspace with half its data.
 */
export class WorkspaceRegistry {
  private readonly factory: KvFactory;
  private readonly prefix: string;
  private readonly newId: () => string;
  private readonly now: () => number;
  private readonly list_: KvStore;

  constructor(options: RegistryOptions = {}) {
    this.factory = options.factory ?? defaultFactory();
    this.prefix = options.prefix ?? 'fvm-playground';
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.now = options.now ?? Date.now;
    this.list_ = openKv(`${this.prefix}/workspaces`, this.factory);
  }

  dbName(id: string): string {
    return `${this.prefix}/workspace/${id}`;
  }

  /** The workspaces, oldest first; entries that do not read are reported, not listed. */
  async list(): Promise<{ entries: WorkspaceEntry[]; problems: PlaygroundError[] }> {
    const snapshot = await readSnapshot(this.list_, [], [ENTRY_PREFIX]);
    const { keys, values } = snapshot.prefixes.get(ENTRY_PREFIX)!;
    const entries: WorkspaceEntry[] = [];
    const problems: PlaygroundError[] = [];
    keys.forEach((key, i) => {
      try {
        entries.push(entryFromValue(values[i], key));
      } catch (error) {
        problems.push(error as PlaygroundError);
      }
    });
    entries.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    return { entries, problems };
  }

  async get(id: string): Promise<WorkspaceEntry> {
    const { entries } = await this.list();
    const entry = entries.find((e) => e.id === id);
    if (!entry) throw notFound(`there is no workspace ${id}`, 'workspace');
    return entry;
  }

  /** Opens a listed workspace's database (chain and records). */
  async open(id: string): Promise<KvStore> {
    await this.get(id);
    return openKv(this.dbName(id), this.factory);
  }

  /** Creates a workspace with its chain, written whole in one transaction. */
  async create(init: NewWorkspace): Promise<WorkspaceEntry> {
    const name = checkName(init.name, 'workspace name');
    const workspace = init.workspace ? checkWorkspace(init.workspace) : emptyWorkspace();
    // The chain code (the whole VM) loads only here, so the UI thread, which lists, renames and
    // deletes workspaces, does not pay for it before its first paint.
    const { ChainStore } = await import('../chain/chainStore');
    const entries = [
      ...WorkspaceStore.entriesFor(workspace),
      ...ChainStore.initialEntries(init.genesis ?? {}, init.machine),
      ...(init.records ?? []),
    ];
    return this.createFromEntries(name, entries);
  }

  /**
   * Lists a new workspace whose database is `entries` (already checked by the caller: an import, a
   * duplicate). The database is written first, in one transaction.
   */
  async createFromEntries(
    name: string,
    entries: ReadonlyArray<readonly [IDBValidKey, unknown]>,
  ): Promise<WorkspaceEntry> {
    const entry: WorkspaceEntry = {
      id: this.newId(),
      name: checkName(name, 'workspace name'),
      createdAt: this.now(),
    };
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(entry.id)) throw invalidInput(`"${entry.id}" is not a workspace id`);
    const kv = openKv(this.dbName(entry.id), this.factory);
    try {
      await commit(kv, entries, [], `creating workspace "${entry.name}"`);
    } catch (error) {
      kv.close();
      await deleteKv(this.dbName(entry.id), this.factory).catch(() => undefined);
      throw error;
    }
    kv.close();
    await commit(
      this.list_,
      [[`${ENTRY_PREFIX}${entry.id}`, entryToValue(entry)]],
      [],
      'listing the workspace',
    );
    return entry;
  }

  /** A copy of a workspace, chain included, under a new name. */
  async duplicate(id: string, name?: string): Promise<WorkspaceEntry> {
    const source = await this.get(id);
    const kv = openKv(this.dbName(id), this.factory);
    try {
      const all = await readAll(kv);
      return await this.createFromEntries(name ?? `${source.name} (copy)`.slice(0, 100), all);
    } finally {
      kv.close();
    }
  }

  async rename(id: string, name: string): Promise<WorkspaceEntry> {
    const entry = { ...(await this.get(id)), name: checkName(name, 'workspace name') };
    await commit(this.list_, [[`${ENTRY_PREFIX}${id}`, entryToValue(entry)]], [], 'renaming the workspace');
    return entry;
  }

  /** Deletes a workspace and its chain (the UI asks for confirmation first). */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await deleteKv(this.dbName(id), this.factory);
    await commit(this.list_, [], [`${ENTRY_PREFIX}${id}`], 'deleting the workspace');
  }

  close(): void {
    this.list_.close();
  }
}

function entryToValue(entry: WorkspaceEntry): Record<string, unknown> {
  return { v: ENTRY_VERSION, ...entry };
}

function entryFromValue(value: unknown, key: string): WorkspaceEntry {
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const id = key.slice(ENTRY_PREFIX.length);
  if (fields.v !== ENTRY_VERSION || fields.id !== id || typeof fields.createdAt !== 'number')
    throw malformed('the workspace list entry is corrupted', key);
  let name: string;
  try {
    name = checkName(fields.name);
  } catch {
    name = `Workspace ${id.slice(0, 8)}`;
  }
  return { id, name, createdAt: fields.createdAt };
}
