import { malformed } from '../../errors';

/**
 * What the Wasm panel keeps beside the chain (issue 8): the last builtin-actors bundle loaded, and the
 * names the user gave installed modules. Neither is state (installed code is, and the chain stores it),
 * but a reload without the bundle would run the native actors again and replay traces that differ.
 * Stored in the workspace's database, and carried by export files (storage/archive/sessionRecords.ts);
 * share links carry neither (a bundle is megabytes).
 */
export const BUNDLE_KEY = 'p/wasm/bundle';
export const MODULE_NAMES_KEY = 'p/wasm/names';

/** The most names kept, and the longest name: a record the UI could not produce is refused. */
const MAX_NAMES = 10_000;
const MAX_NAME_LENGTH = 200;

export interface SavedWasm {
  /** The bundle CAR's bytes, or null when none is loaded. */
  readonly bundle: Uint8Array | null;
  /** Module names by code CID. */
  readonly names: Readonly<Record<string, string>>;
}

/** Checks the stored records; a corrupted one is dropped with a problem saying so, never half-used. */
export function checkSavedWasm(bundle: unknown, names: unknown, problems: string[]): SavedWasm {
  let savedBundle: Uint8Array | null = null;
  if (bundle !== undefined) {
    if (bundle instanceof Uint8Array && bundle.length > 0) savedBundle = bundle;
    else problems.push('the saved bundle was not loaded (its record holds no bytes)');
  }
  let savedNames: Record<string, string> = {};
  if (names !== undefined) {
    try {
      savedNames = checkModuleNames(names);
    } catch (error) {
      problems.push(`the module names were not loaded (${(error as Error).message})`);
    }
  }
  return { bundle: savedBundle, names: savedNames };
}

/** A name the Wasm panel could have given a module: text of 1 to MAX_NAME_LENGTH characters. */
export const isModuleName = (name: unknown): name is string =>
  typeof name === 'string' && name.length > 0 && name.length <= MAX_NAME_LENGTH;

/** The names record's shape: at most MAX_NAMES non-empty names, by code CID. Throws MalformedData. */
export function checkModuleNames(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw malformed('not an object', MODULE_NAMES_KEY);
  const entries = Object.entries(value);
  if (entries.length > MAX_NAMES) throw malformed(`more than ${MAX_NAMES} names`, MODULE_NAMES_KEY);
  for (const [code, name] of entries)
    if (!isModuleName(name) || code.length > 200)
      throw malformed(`a bad name for ${code.slice(0, 80)}`, MODULE_NAMES_KEY);
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * The records an export file carries for the Wasm panel, as the session stores them: the names (JSON
 * text) when there are any, the bundle CAR's bytes when one is loaded.
 */
export function wasmExportRecords(saved: SavedWasm): Array<[string, string | Uint8Array]> {
  const records: Array<[string, string | Uint8Array]> = [];
  if (Object.keys(saved.names).length > 0) records.push([MODULE_NAMES_KEY, JSON.stringify(saved.names)]);
  if (saved.bundle) records.push([BUNDLE_KEY, saved.bundle]);
  return records;
}
