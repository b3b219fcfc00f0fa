import type { SourceFiles } from '../../compiler/types';
import { invalidInput, malformed, type PlaygroundError } from '../../worker-vm/errors';
import { commit, type KvStore, prefixRange, readSnapshot } from '../kv/kvStore';
import { checkFilePath } from './paths';
import {
  type CompilerChoice,
  checkCompiler,
  checkContracts,
  checkFileContent,
  checkFiles,
  checkLayout,
  checkSession,
  DEFAULT_COMPILER,
  type DeployedContract,
  EMPTY_SESSION,
  type JsonObject,
  type WorkspaceData,
  type WorkspaceSession,
} from './workspace';

/**
 * The workspace's records, next to its chain in the same database (docs/storage.md): one record per
 * file, so typing in one file rewrites only that file, and one record each for the compiler choice, the
 * deployed contracts, the layout and the session. Records are plain JSON objects with a version `v`.
 */
export const FILE_KEY_PREFIX = 'w/file/';
export const COMPILER_KEY = 'w/compiler';
export const CONTRACTS_KEY = 'w/contracts';
export const LAYOUT_KEY = 'w/layout';
export const SESSION_KEY = 'w/session';
export const WORKSPACE_RECORD_VERSION = 1;

const fileKey = (path: string) => `${FILE_KEY_PREFIX}${path}`;
const record = (fields: Record<string, unknown>) => ({ v: WORKSPACE_RECORD_VERSION, ...fields });

export interface LoadedWorkspace {
  readonly workspace: WorkspaceData;
  /**
   * Records that were corrupted, one error each (MalformedData naming the record). Their part of the
   * workspace falls back to its default (a corrupted file is left out); the record stays on disk untouched
   * until it is saved again.
   */
  readonly problems: readonly PlaygroundError[];
}

export class WorkspaceStore {
  constructor(readonly kv: KvStore) {}

  /** The records of a whole workspace, for a new database (created or imported in one transaction). */
  static entriesFor(workspace: WorkspaceData): Array<[string, unknown]> {
    const entries: Array<[string, unknown]> = Object.entries(workspace.files).map(([path, content]) => [
      fileKey(path),
      record({ content }),
    ]);
    entries.push(
      [COMPILER_KEY, record({ version: workspace.compiler.version, settings: workspace.compiler.settings })],
      [CONTRACTS_KEY, record({ contracts: workspace.contracts })],
      [LAYOUT_KEY, record({ layout: workspace.layout })],
      [SESSION_KEY, record({ ...workspace.session })],
    );
    return entries;
  }

  /** Reads and checks every record; never throws for a corrupted record (see `problems`). */
  async load(): Promise<LoadedWorkspace> {
    const snapshot = await readSnapshot(
      this.kv,
      [COMPILER_KEY, CONTRACTS_KEY, LAYOUT_KEY, SESSION_KEY],
      [FILE_KEY_PREFIX],
    );
    const problems: PlaygroundError[] = [];
    const read = <T>(key: string, fallback: T, check: (fields: Record<string, unknown>) => T): T => {
      const value = snapshot.singles.get(key);
      if (value === undefined) return fallback;
      try {
        return check(fieldsOf(value, key));
      } catch (error) {
        problems.push(corrupted(key, error));
        return fallback;
      }
    };

    const stored = snapshot.prefixes.get(FILE_KEY_PREFIX)!;
    const pairs: Array<[string, string]> = [];
    stored.keys.forEach((key, i) => {
      try {
        const path = checkFilePath(key.slice(FILE_KEY_PREFIX.length), key);
        pairs.push([path, checkFileContent(fieldsOf(stored.values[i], key).content, key)]);
      } catch (error) {
        problems.push(corrupted(key, error));
      }
    });
    const files = checkFiles(pairs);
    const workspace: WorkspaceData = {
      files,
      compiler: read(COMPILER_KEY, DEFAULT_COMPILER, (f) => checkCompiler(f)),
      contracts: read(CONTRACTS_KEY, [], (f) => checkContracts(f.contracts)),
      layout: read(LAYOUT_KEY, {}, (f) => checkLayout(f.layout)),
      session: read(SESSION_KEY, EMPTY_SESSION, (f) => checkSession(f, files)),
    };
    return { workspace, problems };
  }

  async saveFile(path: string, content: string): Promise<void> {
    checkFilePath(path);
    checkFileContent(content, path);
    await commit(this.kv, [[fileKey(path), record({ content })]], [], `saving ${path}`);
  }

  async deleteFile(path: string): Promise<void> {
    checkFilePath(path);
    await commit(this.kv, [], [fileKey(path)], `deleting ${path}`);
  }

  /** Renames in one transaction: never both names, never neither. */
  async renameFile(from: string, to: string, content: string): Promise<void> {
    checkFilePath(from);
    checkFilePath(to);
    checkFileContent(content, to);
    if (from === to) throw invalidInput('the new name is the old one', 'rename');
    await commit(this.kv, [[fileKey(to), record({ content })]], [fileKey(from)], `renaming ${from}`);
  }

  /** Replaces all files at once (a folder upload, a reset to an example). */
  async replaceFiles(files: SourceFiles): Promise<void> {
    const checked = checkFiles(Object.entries(files));
    await commit(
      this.kv,
      Object.entries(checked).map(([path, content]) => [fileKey(path), record({ content })]),
      [prefixRange(FILE_KEY_PREFIX)],
      'saving the files',
    );
  }

  async saveCompiler(choice: CompilerChoice): Promise<void> {
    const checked = checkCompiler(choice);
    await commit(this.kv, [[COMPILER_KEY, record({ ...checked })]], [], 'saving the compiler settings');
  }

  async saveContracts(contracts: readonly DeployedContract[]): Promise<void> {
    const checked = checkContracts(contracts);
    await commit(this.kv, [[CONTRACTS_KEY, record({ contracts: checked })]], [], 'saving the contracts');
  }

  async saveLayout(layout: JsonObject): Promise<void> {
    const checked = checkLayout(layout);
    await commit(this.kv, [[LAYOUT_KEY, record({ layout: checked })]], [], 'saving the layout');
  }

  async saveSession(session: WorkspaceSession): Promise<void> {
    const checked = checkSession(session, undefined);
    await commit(this.kv, [[SESSION_KEY, record({ ...checked })]], [], 'saving the session');
  }
}

function fieldsOf(value: unknown, key: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed('is not a record', key);
  const fields = value as Record<string, unknown>;
  if (fields.v !== WORKSPACE_RECORD_VERSION) {
    throw malformed(
      typeof fields.v === 'number' && fields.v > WORKSPACE_RECORD_VERSION
        ? `was written by a newer version of the playground (record version ${fields.v})`
        : 'has no valid version',
      key,
    );
  }
  return fields;
}

function corrupted(key: string, error: unknown): PlaygroundError {
  const reason = error instanceof Error ? error.message : String(error);
  return malformed(`the workspace record is corrupted and was not loaded (${reason})`, key);
}
