import { malformed, tooLarge } from '../../worker-vm/errors';
import { type CID, cidForBlock } from '../../worker-vm/ipld/cid';
import { IPLD_RAW } from '../../worker-vm/ipld/codecs';
import { compilationHash } from '../../worker-vm/session/persistence/compilationStore';
import {
  COMPILATION_KEY_PREFIX,
  checkSessionMeta,
  META_KEY,
} from '../../worker-vm/session/persistence/sessionMeta';
import {
  BUNDLE_KEY,
  checkModuleNames,
  MODULE_NAMES_KEY,
} from '../../worker-vm/session/persistence/wasmRecords';
import { readBundle } from '../../worker-vm/wasm/bundle/bundle';
import { asArray, asCid, asString } from '../chain/shape';
import { ownBuffer } from '../kv/kvStore';

/**
 * The VM session's own records travel in an export file as raw blocks listed by the root's optional
 * `session` field, `[[key, CID], …]`: `p/session` and the `p/compilation/<hash>` records it refers to
 * (names, ABIs, source maps, storage layouts) and the Wasm panel's `p/wasm/names` as JSON text, and the
 * loaded builtin-actors bundle `p/wasm/bundle` as its CAR bytes. Files without the field (exported
 * before it existed, or from a session without a workspace) import as before: the session then names
 * contracts from the workspace's contracts record.
 */
const MAX_SESSION_RECORDS = 10_000;
const COMPILATION_KEY = /^p\/compilation\/[0-9a-f]{32}$/;

/** The root's `session` list for the records given (`[key, JSON text or bytes]`), with their blocks. */
export function sessionRecordBlocks(records: ReadonlyArray<readonly [string, string | Uint8Array]>): {
  list: Array<[string, CID]>;
  blocks: Array<[CID, Uint8Array]>;
} {
  const list: Array<[string, CID]> = [];
  const blocks: Array<[CID, Uint8Array]> = [];
  for (const [key, record] of records) {
    const bytes = typeof record === 'string' ? new TextEncoder().encode(record) : record;
    const cid = cidForBlock(IPLD_RAW, bytes);
    list.push([key, cid]);
    blocks.push([cid, bytes]);
  }
  return { list, blocks };
}

/**
 * Checks the root's `session` list: known keys once each, raw blocks, a session record the session can
 * read, compilations whose content matches their name, module names of the shape the Wasm panel saves,
 * a bundle the Wasm panel could load. Returns the database entries (as the session stores them: the
 * session record and the names as objects, compilations as JSON text, the bundle as bytes) and the
 * blocks used.
 */
export function readSessionRecords(
  value: unknown,
  block: (cid: CID, what: string) => Uint8Array,
  where: string,
): { entries: Array<[string, unknown]>; used: string[] } {
  const entries: Array<[string, unknown]> = [];
  const used: string[] = [];
  if (value === undefined) return { entries, used };
  const list = asArray(value, where);
  if (list.length > MAX_SESSION_RECORDS) throw tooLarge(`at most ${MAX_SESSION_RECORDS} records`, where);
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const at = `${where}[${i}]`;
    const pair = asArray(item, at);
    if (pair.length !== 2) throw malformed('must be a [key, CID] pair', at);
    const key = asString(pair[0], `${at}[0]`, 200);
    if (!isSessionKey(key) || seen.has(key))
      throw malformed(`"${key}" is not a session record this version keeps, or is listed twice`, at);
    seen.add(key);
    const cid = asCid(pair[1], `${at}[1]`);
    if (cid.code !== IPLD_RAW) throw malformed('must link a raw block', `${at}[1]`);
    const bytes = block(cid, `session record ${key}`);
    used.push(cid.toString());
    entries.push([key, readRecord(key, bytes, `${at} (${key})`)]);
  });
  return { entries, used };
}

const isSessionKey = (key: string) =>
  key === META_KEY || key === MODULE_NAMES_KEY || key === BUNDLE_KEY || COMPILATION_KEY.test(key);

/** One record's value as the session stores it, checked; throws MalformedData saying what is wrong. */
function readRecord(key: string, bytes: Uint8Array, at: string): unknown {
  if (key === BUNDLE_KEY) {
    try {
      readBundle(bytes);
    } catch (error) {
      throw malformed(`is not a bundle the playground can load (${messageOf(error)})`, at);
    }
    return ownBuffer(bytes);
  }
  let text: string;
  let json: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    json = JSON.parse(text);
  } catch (error) {
    throw malformed(`is not JSON text (${messageOf(error)})`, at);
  }
  if (key === META_KEY) return checkSessionMeta(json, at);
  if (key === MODULE_NAMES_KEY) {
    try {
      return checkModuleNames(json);
    } catch (error) {
      throw malformed(`are not module names (${messageOf(error)})`, at);
    }
  }
  const contents = json as { contracts?: unknown; sources?: unknown } | null;
  if (typeof contents !== 'object' || contents === null || !Array.isArray(contents.contracts))
    throw malformed('is not a compilation (contracts and sources)', at);
  if (!Array.isArray(contents.sources)) throw malformed('is not a compilation (contracts and sources)', at);
  if (compilationHash(json as never) !== key.slice(COMPILATION_KEY_PREFIX.length))
    throw malformed('does not match its name (its content was changed)', at);
  return text;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
