import { CarBufferReader } from '@ipld/car/buffer-reader';
import { malformed, PlaygroundError, tooLarge } from '../../worker-vm/errors';
import { type CID, decodeDagCbor } from '../../worker-vm/ipld/cid';
import { BLAKE2B_256, CBOR, DAG_CBOR, IPLD_RAW, MAX_BLOCK_SIZE } from '../../worker-vm/ipld/codecs';
import { builtinCodeCids, machineForRecord } from '../chain/genesis';
import { blockKey, codeKey, GENESIS_KEY, HEAD_KEY, messageKey } from '../chain/keys';
import { bytesMatchCid } from '../chain/loadChain';
import { CompletenessCheck, collectReachable } from '../chain/reachability';
import {
  type ChainEntry,
  type ChainHead,
  encodeRecord,
  entryFromData,
  genesisFromData,
  genesisToData,
  headFromData,
  headToData,
  RECORD_VERSION,
} from '../chain/records';
import { asArray, asCid, asRecord, asString, onlyKeys } from '../chain/shape';
import { ownBuffer } from '../kv/kvStore';
import { checkName, freeName } from '../workspace/paths';
import type { WorkspaceEntry, WorkspaceRegistry } from '../workspace/registry';
import { checkWorkspace, type WorkspaceData } from '../workspace/workspace';
import { WorkspaceStore } from '../workspace/workspaceStore';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION } from './exportArchive';
import { readSessionRecords } from './sessionRecords';

/** Limits of an import: far above any real workspace, low enough that a hostile file cannot exhaust memory. */
export const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;
const MAX_BLOCKS = 4_000_000;
const MAX_MESSAGES = 1_000_000;
/**
 * Raw blocks may exceed the FVM's block limit: the workspace JSON holds the sources, and a loaded bundle
 * travels as one block (the Wasm panel takes bundles up to 64 MiB).
 */
const MAX_RAW_BLOCK = 64 * 1024 * 1024;

export interface ReadArchive {
  readonly name: string;
  readonly workspace: WorkspaceData;
  readonly head: ChainHead;
  readonly messages: number;
  /** The database entries of the new workspace (workspace records and chain), checked. */
  readonly entries: Array<[string, unknown]>;
  /** Blocks in the file that nothing in it refers to (ignored, not imported). */
  readonly ignoredBlocks: number;
}

const WHERE = 'export file';

/**
 * Reads and checks an exported workspace file completely before anything is written: the CAR structure,
 * every block's CID against its bytes (blake2b-256, allowed codecs, sizes), the root's shape and version,
 * the workspace, the genesis (rebuilt and compared), every message record and every block the recorded
 * states reach. Any problem rejects the whole file with a MalformedData/TooLarge error that says what is
 * wrong; a foreign CAR file is named as such.
 */
export function readArchive(bytes: Uint8Array, maxBytes = MAX_ARCHIVE_BYTES): ReadArchive {
  if (bytes.length > maxBytes)
    throw tooLarge(`is ${bytes.length} bytes; an export file has at most ${maxBytes}`, WHERE);
  let reader: CarBufferReader;
  try {
    reader = CarBufferReader.fromBytes(bytes);
  } catch (error) {
    throw malformed(`is not an FVM Playground export (not a CAR file: ${messageOf(error)})`, WHERE);
  }
  const roots = reader.getRoots();
  if (roots.length !== 1)
    throw malformed(`is not an FVM Playground export (it has ${roots.length} roots)`, WHERE);
  const all = reader.blocks();
  if (all.length > MAX_BLOCKS) throw tooLarge(`has more than ${MAX_BLOCKS} blocks`, WHERE);

  const blocks = new Map<string, Uint8Array>();
  for (const { cid, bytes: data } of all) {
    const text = cid.toString();
    if (cid.version !== 1 || cid.multihash.code !== BLAKE2B_256 || cid.multihash.size !== 32)
      throw malformed(`block ${text} does not use the FVM's CIDs (CIDv1, blake2b-256)`, WHERE);
    if (cid.code !== DAG_CBOR && cid.code !== IPLD_RAW && cid.code !== CBOR)
      throw malformed(
        `block ${text} has codec 0x${cid.code.toString(16)}, which the FVM does not store`,
        WHERE,
      );
    if (data.length > (cid.code === IPLD_RAW ? MAX_RAW_BLOCK : MAX_BLOCK_SIZE))
      throw tooLarge(`block ${text} is ${data.length} bytes, more than a block may be`, WHERE);
    if (!bytesMatchCid(text, data))
      throw malformed(`block ${text} is damaged: its bytes do not match its CID`, WHERE);
    blocks.set(text, data);
  }
  const block = (cid: CID, what: string) => {
    const data = blocks.get(cid.toString());
    if (!data) throw malformed(`is incomplete: ${what} (${cid}) is missing`, WHERE);
    return data;
  };

  const rootCid = roots[0]!;
  if (rootCid.code !== DAG_CBOR)
    throw malformed('is not an FVM Playground export (its root is not DAG-CBOR)', WHERE);
  const root = asRecord(decodeDagCbor(block(rootCid, 'the root block'), `${WHERE} root`), `${WHERE} root`);
  if (root.format !== ARCHIVE_FORMAT)
    throw malformed('is not an FVM Playground export (it is a CAR file of something else)', WHERE);
  if (typeof root.version !== 'number' || root.version > ARCHIVE_VERSION) {
    throw malformed(
      `was made by a newer version of the playground (export format ${String(root.version)}); this version reads format ${ARCHIVE_VERSION}`,
      WHERE,
    );
  }
  return readVersion1(root, rootCid.toString(), block, blocks);
}

/** Format 1 (see exportArchive). A later format gets its own reader; this one stays. */
function readVersion1(
  root: Record<string, unknown>,
  rootText: string,
  block: (cid: CID, what: string) => Uint8Array,
  blocks: ReadonlyMap<string, Uint8Array>,
): ReadArchive {
  const where = `${WHERE} root`;
  try {
    onlyKeys(
      root,
      ['format', 'version', 'app', 'name', 'workspace', 'genesis', 'head', 'messages', 'code', 'session'],
      where,
    );
    if (root.version !== 1) throw malformed('version must be 1', `${where}.version`);
    asString(root.app, `${where}.app`, 200);
    const name = checkName(asString(root.name, `${where}.name`, 1000), `${where}.name`);

    const workspaceCid = asCid(root.workspace, `${where}.workspace`);
    if (workspaceCid.code !== IPLD_RAW) throw malformed('must link a raw JSON block', `${where}.workspace`);
    let json: unknown;
    try {
      json = JSON.parse(
        new TextDecoder('utf-8', { fatal: true }).decode(block(workspaceCid, 'the workspace')),
      );
    } catch (error) {
      throw malformed(`is not JSON text (${messageOf(error)})`, `${WHERE} workspace`);
    }
    const workspace = checkWorkspace(json, `${WHERE} workspace`);

    const genesis = genesisFromData(root.genesis, `${where}.genesis`);
    const machine = machineForRecord(genesis, `${where}.genesis`);
    const lookup = (cid: CID) => blocks.get(cid.toString()) ?? machine.store.get(cid);
    const external = builtinCodeCids(machine);
    const check = new CompletenessCheck(lookup, external);

    const used = new Set([rootText, workspaceCid.toString()]);
    const messageCids = asArray(root.messages, `${where}.messages`);
    if (messageCids.length > MAX_MESSAGES)
      throw tooLarge(`at most ${MAX_MESSAGES} messages`, `${where}.messages`);
    const entries: ChainEntry[] = [];
    const records: Array<[string, unknown]> = [];
    messageCids.forEach((value, index) => {
      const cid = asCid(value, `${where}.messages[${index}]`);
      if (cid.code !== DAG_CBOR)
        throw malformed('must link a DAG-CBOR record', `${where}.messages[${index}]`);
      const bytes = block(cid, `message record ${index}`);
      const entry = entryFromData(decodeDagCbor(bytes, `message record ${index}`), `message record ${index}`);
      const { applied, parent } = entry;
      if (applied.index !== index)
        throw malformed(`says it is message ${applied.index}`, `message record ${index}`);
      const parentRoot = parent === -1 ? genesis.stateRoot : entries[parent]!.applied.stateRootAfter;
      if (!parentRoot.equals(applied.stateRootBefore))
        throw malformed('does not start from the state of the message it follows', `message record ${index}`);
      if (!check.isComplete(applied.stateRootAfter))
        throw malformed(`is incomplete: the state after message ${index} is missing blocks`, WHERE);
      entries.push(entry);
      used.add(cid.toString());
      records.push([messageKey(index), ownBuffer(bytes)]);
    });

    // Installed Wasm code: present, and still installable (checked and compiled by a scratch machine).
    const codeEntries: Array<[string, unknown]> = [];
    for (const [i, value] of asArray(root.code ?? [], `${where}.code`).entries()) {
      const cid = asCid(value, `${where}.code[${i}]`);
      if (cid.code !== IPLD_RAW) throw malformed('must name a raw Wasm module', `${where}.code[${i}]`);
      const bytes = block(cid, `installed code ${i}`);
      if (!machine.installActor(bytes).code.equals(cid))
        throw malformed('does not match its module', `${where}.code[${i}]`);
      used.add(cid.toString());
      codeEntries.push(
        [blockKey(cid), ownBuffer(bytes)],
        [codeKey(cid), encodeRecord({ v: RECORD_VERSION, code: cid })],
      );
    }

    // The session's records (optional: older files have none).
    const session = readSessionRecords(root.session, block, `${where}.session`);
    for (const cid of session.used) used.add(cid);

    const head = headFromData(root.head, `${where}.head`);
    if (head.messages !== entries.length)
      throw malformed(`counts ${head.messages} messages but the file has ${entries.length}`, `${where}.head`);
    const headRoot = head.at === -1 ? genesis.stateRoot : entries[head.at]!.applied.stateRootAfter;
    if (!headRoot.equals(head.root))
      throw malformed('is not the state of the message it names', `${where}.head`);

    // Genesis blocks are rebuilt, never stored; every other block a state reaches is imported.
    const inGenesis = new Set(
      collectReachable([genesis.stateRoot], (cid) => machine.store.get(cid), external).map(([cid]) =>
        cid.toString(),
      ),
    );
    const reachable = collectReachable(
      [genesis.stateRoot, ...entries.map((e) => e.applied.stateRootAfter)],
      lookup,
      external,
    );
    for (const [cid] of reachable) used.add(cid.toString());
    const chainBlocks = reachable.filter(([cid]) => !inGenesis.has(cid.toString()));

    const dbEntries: Array<[string, unknown]> = [
      ...WorkspaceStore.entriesFor(workspace),
      [GENESIS_KEY, encodeRecord(genesisToData(genesis))],
      [HEAD_KEY, encodeRecord(headToData(head))],
      ...records,
      ...codeEntries,
      ...session.entries,
      ...chainBlocks.map(([cid, bytes]): [string, unknown] => [blockKey(cid), ownBuffer(bytes)]),
    ];
    return {
      name,
      workspace,
      head,
      messages: entries.length,
      entries: dbEntries,
      ignoredBlocks: [...blocks.keys()].filter((key) => !used.has(key)).length,
    };
  } catch (error) {
    // Whatever the check that failed (a workspace field, a record), a bad file is bad data.
    if (error instanceof PlaygroundError && error.kind !== 'TooLarge' && error.kind !== 'MalformedData')
      throw malformed(error.message, WHERE);
    if (error instanceof PlaygroundError && !error.message.startsWith(WHERE))
      throw new PlaygroundError(error.kind, error.message, WHERE);
    if (!(error instanceof PlaygroundError)) throw malformed(`is damaged: ${messageOf(error)}`, WHERE);
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Imports an export file as a NEW workspace (existing workspaces are never touched): checked completely
 * first, then written in one transaction and listed.
 */
export async function importArchive(
  registry: WorkspaceRegistry,
  bytes: Uint8Array,
  name?: string,
): Promise<{ entry: WorkspaceEntry; archive: ReadArchive }> {
  const archive = readArchive(bytes);
  const entry = await registry.createFromEntries(
    name ??
      freeName(
        `${archive.name} (imported)`.slice(0, 96),
        (await registry.list()).entries.map((e) => e.name),
      ),
    archive.entries,
  );
  return { entry, archive };
}
