import { malformed, tooLarge } from '../../worker-vm/errors';
import { type CID, cidForBlock } from '../../worker-vm/ipld/cid';
import { IPLD_RAW } from '../../worker-vm/ipld/codecs';
import { compilationHash } from '../../worker-vm/session/persistence/compilationStore';
import {
  COMPILATION_KEY_PREFIX,
  checkSessionMeta,
  META_KEY,
} from '../../worker-vm/session/persistence/sessionMeta';
import { asArray, asCid, asString } from '../chain/shape';

/**
 * The VM session's own records (`p/session` and the `p/compilation/<hash>` records it refers to: names,
 * ABIs, source maps, storage layouts) travel in an export file as raw JSON blocks listed by the root's
 * optional `session` field, `[[key, CID], …]`. Files without it (exported before it existed, or from a
 * session without a workspace) import as before: the session then names contracts from the workspace's
 * contracts record.
 */
const MAX_SESSION_RECORDS = 10_000;
const COMPILATION_KEY = /^p\/compilation\/[0-9a-f]{32}$/;

/** The root's `session` list for the records given (`[key, JSON text]`), with their blocks. */
export function sessionRecordBlocks(records: ReadonlyArray<readonly [string, string]>): {
  list: Array<[string, CID]>;
  blocks: Array<[CID, Uint8Array]>;
} {
  const list: Array<[string, CID]> = [];
  const blocks: Array<[CID, Uint8Array]> = [];
  for (const [key, text] of records) {
    const bytes = new TextEncoder().encode(text);
    const cid = cidForBlock(IPLD_RAW, bytes);
    list.push([key, cid]);
    blocks.push([cid, bytes]);
  }
  return { list, blocks };
}

/**
 * Checks the root's `session` list: known keys once each, raw JSON blocks, a session record the session
 * can read, compilations whose content matches their name. Returns the database entries (the session
 * record as an object, compilations as JSON text, as the session stores them) and the blocks used.
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
    if ((key !== META_KEY && !COMPILATION_KEY.test(key)) || seen.has(key))
      throw malformed(`"${key}" is not a session record this version keeps, or is listed twice`, at);
    seen.add(key);
    const cid = asCid(pair[1], `${at}[1]`);
    if (cid.code !== IPLD_RAW) throw malformed('must link a raw JSON block', `${at}[1]`);
    const bytes = block(cid, `session record ${key}`);
    let json: unknown;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      json = JSON.parse(text);
    } catch (error) {
      throw malformed(`is not JSON text (${error instanceof Error ? error.message : String(error)})`, at);
    }
    used.push(cid.toString());
    if (key === META_KEY) {
      entries.push([key, checkSessionMeta(json, `${at} (${key})`)]);
      return;
    }
    const contents = json as { contracts?: unknown; sources?: unknown } | null;
    if (typeof contents !== 'object' || contents === null || !Array.isArray(contents.contracts))
      throw malformed('is not a compilation (contracts and sources)', `${at} (${key})`);
    if (!Array.isArray(contents.sources))
      throw malformed('is not a compilation (contracts and sources)', `${at} (${key})`);
    if (compilationHash(json as never) !== key.slice(COMPILATION_KEY_PREFIX.length))
      throw malformed('does not match its name (its content was changed)', `${at} (${key})`);
    entries.push([key, text]);
  });
  return { entries, used };
}
