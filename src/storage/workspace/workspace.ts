import { MAX_FILE_BYTES, utf8Length } from '../../compiler/limits';
import { normalizeSettings } from '../../compiler/settings';
import type { CompilerSettings, SourceFiles } from '../../compiler/types';
import { parseAnyAddress } from '../../worker-vm/address/parseAny';
import { invalidInput, PlaygroundError, tooLarge } from '../../worker-vm/errors';
import { checkFilePath, isWellFormed } from './paths';

/**
 * A workspace besides its chain: files, compiler choice, deployed contracts, UI layout and session.
 * Plain JSON data (it crosses the worker boundary and is stored as JSON records); every part has a
 * checker that returns it in canonical form or throws InvalidInput naming the field.
 */
export interface WorkspaceData {
  /** path → text. A record without prototype, so no path (not even `__proto__`) is special. */
  readonly files: SourceFiles;
  readonly compiler: CompilerChoice;
  readonly contracts: readonly DeployedContract[];
  /** The UI's panel sizes and such: any JSON object, owned by the UI. */
  readonly layout: JsonObject;
  readonly session: WorkspaceSession;
}

export interface CompilerChoice {
  /** 'bundled' or a solc long version (`0.8.26+commit.8a97fa7a`). */
  readonly version: string;
  readonly settings: CompilerSettings;
}

export interface DeployedContract {
  /** The name the user knows it by (a scenario's deploy name, or the contract's). */
  readonly name: string;
  /** The artifact it was built from (`file:Contract`), if known. */
  readonly artifact: string | null;
  /** The actor's ID address (`f0…`). */
  readonly idAddress: string;
  /** Its Ethereum address (`0x…`), for EVM contracts. */
  readonly ethAddress: string | null;
  /** Its robust f2 address, when it has one. */
  readonly robustAddress: string | null;
  /** The message that deployed it. */
  readonly deployedIn: number | null;
  /** The ABI it was deployed with (kept: the files may change after). */
  readonly abi: readonly unknown[] | null;
}

export interface WorkspaceSession {
  readonly openFiles: readonly string[];
  readonly activeFile: string | null;
  /** The message selected in the chain view (its index in the log). */
  readonly selectedMessage: number | null;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Limits: a workspace holds sources for solc, not data (the compiler refuses more anyway). */
export const MAX_FILES = 1000;
export const MAX_WORKSPACE_SOURCE_BYTES = 16 * 1024 * 1024;
const MAX_CONTRACTS = 1000;
const MAX_JSON_BYTES = 1024 * 1024;
const MAX_LAYOUT_BYTES = 64 * 1024;
const MAX_JSON_DEPTH = 32;

export const DEFAULT_COMPILER: CompilerChoice = {
  version: 'bundled',
  settings: normalizeSettings(undefined),
};

export const EMPTY_SESSION: WorkspaceSession = { openFiles: [], activeFile: null, selectedMessage: null };

export function emptyWorkspace(): WorkspaceData {
  return {
    files: Object.create(null) as SourceFiles,
    compiler: DEFAULT_COMPILER,
    contracts: [],
    layout: {},
    session: EMPTY_SESSION,
  };
}

// ---- checkers ------------------------------------------------------------------------------------------

export function checkFileContent(content: unknown, where: string): string {
  if (typeof content !== 'string') throw invalidInput('must be text', where);
  if (!isWellFormed(content)) throw invalidInput('is not valid Unicode text', where);
  if (content.length > MAX_FILE_BYTES && utf8Length(content) > MAX_FILE_BYTES)
    throw tooLarge(`a file has at most ${MAX_FILE_BYTES} bytes`, where);
  return content;
}

/** Files from `[path, content]` pairs: each checked, no duplicates, within the limits. */
export function checkFiles(pairs: Iterable<readonly [unknown, unknown]>, where = 'files'): SourceFiles {
  const files = Object.create(null) as SourceFiles;
  let count = 0;
  let bytes = 0;
  for (const [rawPath, rawContent] of pairs) {
    const path = checkFilePath(rawPath, `${where}[${count}]`);
    if (Object.hasOwn(files, path)) throw invalidInput(`${JSON.stringify(path)} appears twice`, where);
    const content = checkFileContent(rawContent, `${where}[${JSON.stringify(path)}]`);
    if (++count > MAX_FILES) throw tooLarge(`a workspace has at most ${MAX_FILES} files`, where);
    bytes += utf8Length(content);
    if (bytes > MAX_WORKSPACE_SOURCE_BYTES)
      throw tooLarge(`a workspace's files total at most ${MAX_WORKSPACE_SOURCE_BYTES} bytes`, where);
    files[path] = content;
  }
  return files;
}

/** solc long versions as the compiler service names them, or 'bundled'. */
const SOLC_VERSION = /^\d{1,3}\.\d{1,3}\.\d{1,3}(?:-[0-9A-Za-z.]{1,40})?(?:\+commit\.[0-9a-f]{8})?$/;

export function checkCompiler(value: unknown, where = 'compiler'): CompilerChoice {
  const record = plainObject(value, where);
  const version = record.version ?? 'bundled';
  if (typeof version !== 'string' || (version !== 'bundled' && !SOLC_VERSION.test(version)))
    throw invalidInput('must be "bundled" or a solc version like 0.8.26+commit.8a97fa7a', `${where}.version`);
  // Only the known fields, each of the right type, reach the compiler's own normalization.
  const raw = plainObject(record.settings ?? {}, `${where}.settings`);
  onlyFields(raw, ['optimizer', 'evmVersion', 'viaIR', 'remappings'], `${where}.settings`);
  const optimizer = plainObject(raw.optimizer ?? {}, `${where}.settings.optimizer`);
  onlyFields(optimizer, ['enabled', 'runs'], `${where}.settings.optimizer`);
  if (raw.evmVersion !== undefined && raw.evmVersion !== null && typeof raw.evmVersion !== 'string')
    throw invalidInput('must be an EVM version name', `${where}.settings.evmVersion`);
  const remappings = raw.remappings ?? [];
  if (
    !Array.isArray(remappings) ||
    remappings.length > 100 ||
    !remappings.every((r) => typeof r === 'string' && r.length <= 1000)
  )
    throw invalidInput('must be a list of up to 100 strings', `${where}.settings.remappings`);
  let settings: CompilerSettings;
  try {
    settings = normalizeSettings({
      optimizer: {
        ...(optimizer.enabled === undefined ? {} : { enabled: optimizer.enabled as boolean }),
        ...(optimizer.runs === undefined ? {} : { runs: optimizer.runs as number }),
      },
      ...(typeof raw.evmVersion === 'string' ? { evmVersion: raw.evmVersion } : {}),
      ...(raw.viaIR === undefined ? {} : { viaIR: raw.viaIR as boolean }),
      remappings: remappings as string[],
    } as Partial<CompilerSettings>);
  } catch (error) {
    if (error instanceof PlaygroundError) throw invalidInput(error.message, `${where}.settings`);
    throw error;
  }
  return { version, settings };
}

export function checkContracts(value: unknown, where = 'contracts'): DeployedContract[] {
  if (!Array.isArray(value)) throw invalidInput('must be a list', where);
  if (value.length > MAX_CONTRACTS) throw tooLarge(`at most ${MAX_CONTRACTS} contracts`, where);
  return value.map((item, i) => checkContract(item, `${where}[${i}]`));
}

function checkContract(value: unknown, where: string): DeployedContract {
  const c = plainObject(value, where);
  const text = (field: string, max: number): string => {
    const v = c[field];
    if (typeof v !== 'string' || v.length === 0 || v.length > max || !isWellFormed(v))
      throw invalidInput(`must be a string of 1 to ${max} characters`, `${where}.${field}`);
    return v;
  };
  const optional = <T>(field: string, read: () => T): T | null =>
    c[field] === null || c[field] === undefined ? null : read();
  const address = (field: string): string => {
    const v = text(field, 200);
    parseAnyAddress(v, `${where}.${field}`);
    return v;
  };
  const ethAddress = optional('ethAddress', () => {
    const v = text('ethAddress', 42);
    if (!/^0x[0-9a-fA-F]{40}$/.test(v)) throw invalidInput('must be a 0x address', `${where}.ethAddress`);
    return v;
  });
  const deployedIn = optional('deployedIn', () => {
    const v = c.deployedIn;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw invalidInput('must be a message index', `${where}.deployedIn`);
    return v;
  });
  const abi = optional('abi', () => {
    const v = checkJson(c.abi, `${where}.abi`, MAX_JSON_BYTES);
    if (!Array.isArray(v)) throw invalidInput('must be a list', `${where}.abi`);
    return v;
  });
  return {
    name: text('name', 200),
    artifact: optional('artifact', () => text('artifact', MAX_ARTIFACT_ID)),
    idAddress: address('idAddress'),
    ethAddress,
    robustAddress: optional('robustAddress', () => address('robustAddress')),
    deployedIn,
    abi,
  };
}

const MAX_ARTIFACT_ID = 1024;

export function checkLayout(value: unknown, where = 'layout'): JsonObject {
  const layout = checkJson(value, where, MAX_LAYOUT_BYTES);
  if (layout === null || typeof layout !== 'object' || Array.isArray(layout))
    throw invalidInput('must be an object', where);
  return layout;
}

export function checkSession(
  value: unknown,
  files: SourceFiles | undefined,
  where = 'session',
): WorkspaceSession {
  const s = plainObject(value, where);
  if (!Array.isArray(s.openFiles)) throw invalidInput('must be a list', `${where}.openFiles`);
  const exists = (path: string) => files === undefined || Object.hasOwn(files, path);
  // Files that no longer exist are dropped from the session, not an error: they were deleted.
  const openFiles = s.openFiles
    .map((path, i) => checkFilePath(path, `${where}.openFiles[${i}]`))
    .filter((path, i, all) => exists(path) && all.indexOf(path) === i);
  const active =
    s.activeFile === null || s.activeFile === undefined
      ? null
      : checkFilePath(s.activeFile, `${where}.activeFile`);
  const selected = s.selectedMessage;
  if (
    selected !== null &&
    selected !== undefined &&
    (typeof selected !== 'number' || !Number.isSafeInteger(selected) || selected < 0)
  )
    throw invalidInput('must be a message index or null', `${where}.selectedMessage`);
  return {
    openFiles,
    activeFile: active !== null && exists(active) ? active : null,
    selectedMessage: typeof selected === 'number' ? selected : null,
  };
}

/**
 * Checks that a value is plain JSON (null, booleans, finite numbers, strings, arrays, plain objects),
 * not deeper than 32 levels and not larger than `maxBytes` as JSON; returns a copy made of fresh objects
 * without prototype tricks.
 */
export function checkJson(value: unknown, where: string, maxBytes = MAX_JSON_BYTES): JsonValue {
  let size = 0;
  const visit = (v: unknown, depth: number, path: string): JsonValue => {
    if (depth > MAX_JSON_DEPTH) throw invalidInput(`nests deeper than ${MAX_JSON_DEPTH} levels`, path);
    if (++size > maxBytes) throw tooLarge(`is larger than ${maxBytes} bytes`, where);
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw invalidInput('numbers must be finite', path);
      return v;
    }
    if (typeof v === 'string') {
      size += v.length;
      if (size > maxBytes) throw tooLarge(`is larger than ${maxBytes} bytes`, where);
      return v;
    }
    if (Array.isArray(v)) return v.map((item, i) => visit(item, depth + 1, `${path}[${i}]`));
    if (typeof v === 'object' && isPlainObject(v)) {
      const out: JsonObject = {};
      for (const [key, item] of Object.entries(v)) {
        size += key.length;
        Object.defineProperty(out, key, {
          value: visit(item, depth + 1, `${path}.${key}`),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    throw invalidInput('must be plain JSON', path);
  };
  return visit(value, 0, where);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function onlyFields(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) throw invalidInput(`has an unknown field ${JSON.stringify(key)}`, where);
}

function plainObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !isPlainObject(value))
    throw invalidInput('must be an object', where);
  return value as Record<string, unknown>;
}

/** Checks a whole workspace (an import, a share link) and returns it in canonical form. */
export function checkWorkspace(value: unknown, where = 'workspace'): WorkspaceData {
  const w = plainObject(value, where);
  const filesValue = w.files;
  if (typeof filesValue !== 'object' || filesValue === null || Array.isArray(filesValue))
    throw invalidInput('must be an object of path → text', `${where}.files`);
  const files = checkFiles(Object.entries(filesValue), `${where}.files`);
  return {
    files,
    compiler: checkCompiler(w.compiler ?? {}, `${where}.compiler`),
    contracts: checkContracts(w.contracts ?? [], `${where}.contracts`),
    layout: checkLayout(w.layout ?? {}, `${where}.layout`),
    session: checkSession(w.session ?? EMPTY_SESSION, files, `${where}.session`),
  };
}
