import { blake2b } from '@noble/hashes/blake2.js';
import { notFound, PlaygroundError } from '../../worker-vm/errors';
import { CID } from '../../worker-vm/ipld/cid';
import { BLAKE2B_256, IPLD_RAW } from '../../worker-vm/ipld/codecs';
import type { Machine } from '../../worker-vm/machine/machine';
import { builtinCodeCids, machineForRecord } from './genesis';
import { BLOCK_KEY_PREFIX, CODE_KEY_PREFIX, indexOfMessageKey, messageKey } from './keys';
import { CompletenessCheck, collectReachable } from './reachability';
import {
  type ChainEntry,
  type ChainHead,
  decodeRecord,
  entryFromData,
  type GenesisRecord,
  genesisFromData,
  headFromData,
} from './records';

/** What a chain's database holds, read in one transaction (so it is one consistent moment). */
export interface StoredChain {
  readonly genesis: unknown;
  readonly head: unknown;
  readonly messageKeys: readonly string[];
  readonly messageValues: readonly unknown[];
  readonly blockKeys: readonly string[];
  readonly blockValues: readonly unknown[];
  /** `k/<cid>` keys of installed Wasm actor code. */
  readonly codeKeys?: readonly string[];
}

/** What opening found wrong and what it did about it, in words the UI can show as they are. */
export interface RecoveryReport {
  /** One sentence per problem found. */
  readonly problems: readonly string[];
  /** The head the database had, when it could be read. */
  readonly previousHead: ChainHead | undefined;
  /** The consistent head the chain reopened at. */
  readonly head: ChainHead;
  /** Indexes of message records dropped (incomplete, corrupted, or written past the head). */
  readonly droppedMessages: readonly number[];
  /** Blocks a dropped state needed that were not there (first few). */
  readonly missingBlocks: readonly string[];
  /** Blocks nothing kept refers to any more, deleted by the repair. */
  readonly orphanBlocks: number;
}

export interface LoadedChain {
  readonly genesis: GenesisRecord;
  /** A machine at genesis; the caller loads `blocks` and `entries` into it. */
  readonly machine: Machine;
  readonly entries: ChainEntry[];
  readonly head: ChainHead;
  /** Every stored block a kept state root reaches. */
  readonly blocks: Array<[CID, Uint8Array]>;
  /** Installed Wasm actor code, to install again into the machine. */
  readonly codes: Array<[CID, Uint8Array]>;
  /** Set when the database was not consistent; `repair` says how to make it so. */
  readonly recovery: RecoveryReport | undefined;
  readonly repair: { readonly deletes: string[]; readonly head: ChainHead } | undefined;
}

export interface LoadOptions {
  /** Also check that every block's bytes hash to its CID (slower; export and import always do). */
  readonly verifyHashes?: boolean;
}

const MAX_REPORTED_CIDS = 10;

/**
 * Checks a stored chain and decides where it can be reopened: the head, if it and every message record up
 * to it are present and every block their state roots reach is there; otherwise the last message whose
 * record and state are complete (or genesis), with a report. Records are only ever appended together
 * with the head they lead to (one transaction), so this fallback only runs after outside damage (a
 * cleared block, a torn or foreign write) - but then it runs, rather than leaving dangling references.
 */
export function loadChain(stored: StoredChain, options: LoadOptions = {}): LoadedChain {
  if (stored.genesis === undefined) {
    throw notFound('this workspace has no chain: its genesis record is missing', 'chain');
  }
  const genesis = genesisFromData(decodeRecord(stored.genesis, 'genesis record'));
  const machine = machineForRecord(genesis);
  const genesisRoot = machine.stateRoot;
  const problems: string[] = [];

  // Blocks by the CID string in their key; a genesis block may be absent (genesis is rebuilt).
  const blocks = new Map<string, Uint8Array>();
  stored.blockKeys.forEach((key, i) => {
    const value = stored.blockValues[i];
    const cidText = key.slice(BLOCK_KEY_PREFIX.length);
    if (!(value instanceof Uint8Array)) {
      problems.push(`the stored block ${cidText} is not bytes`);
      return;
    }
    if (options.verifyHashes && !bytesMatchCid(cidText, value)) {
      problems.push(`the stored block ${cidText} does not match its CID`);
      return;
    }
    blocks.set(cidText, value);
  });
  const lookup = (cid: CID) => blocks.get(cid.toString()) ?? machine.store.get(cid);
  const external = builtinCodeCids(machine);
  const check = new CompletenessCheck(lookup, external);
  if (!check.isComplete(genesisRoot)) throw new Error('the rebuilt genesis state is incomplete');

  // Message records: contiguous from 0, each following its parent, each post-state complete.
  const entries: ChainEntry[] = [];
  const extraKeys: string[] = [];
  let stopped = false;
  const stop = (problem: string, key: string) => {
    problems.push(problem);
    extraKeys.push(key);
    stopped = true;
  };
  stored.messageKeys.forEach((key, position) => {
    if (stopped) {
      extraKeys.push(key);
      return;
    }
    const index = indexOfMessageKey(key);
    if (index !== position) {
      stop(
        index === undefined
          ? `a message record has the unexpected key "${key}"`
          : `message record ${position} is missing`,
        key,
      );
      return;
    }
    let entry: ChainEntry;
    try {
      entry = entryFromData(decodeRecord(stored.messageValues[position], `message record ${index}`));
    } catch (error) {
      stop(describe(error), key);
      return;
    }
    const problem = checkEntry(entry, index, entries, genesisRoot, check);
    if (problem) {
      stop(problem, key);
      return;
    }
    entries.push(entry);
  });

  // Installed code: each marker needs its raw block.
  const codes: Array<[CID, Uint8Array]> = [];
  const badCodeKeys: string[] = [];
  for (const key of stored.codeKeys ?? []) {
    const text = key.slice(CODE_KEY_PREFIX.length);
    let cid: CID | undefined;
    try {
      cid = CID.parse(text);
    } catch {
      cid = undefined;
    }
    const bytes = cid?.code === IPLD_RAW ? blocks.get(text) : undefined;
    if (!cid || !bytes) {
      problems.push(`installed code ${text} is missing its module bytes`);
      badCodeKeys.push(key);
    } else codes.push([cid, bytes]);
  }

  // The head: kept if it points at genesis or a kept message and counts no more messages than are kept.
  let previousHead: ChainHead | undefined;
  let head: ChainHead | undefined;
  if (stored.head === undefined) problems.push('the head record is missing');
  else {
    try {
      previousHead = headFromData(decodeRecord(stored.head, 'head record'));
      const problem = checkHead(previousHead, entries, genesisRoot);
      if (problem) problems.push(problem);
      else head = previousHead;
    } catch (error) {
      problems.push(describe(error));
    }
  }
  if (head && head.messages < entries.length) {
    problems.push(
      `${entries.length - head.messages} message record(s) were written past the head and are dropped`,
    );
    const dropped = entries.splice(head.messages);
    extraKeys.unshift(...dropped.map((e) => messageKey(e.applied.index)));
  }
  if (!head) {
    const last = entries[entries.length - 1];
    head = last
      ? {
          root: last.applied.stateRootAfter,
          epoch: last.applied.epoch,
          messages: entries.length,
          at: last.applied.index,
        }
      : { root: genesisRoot, epoch: machine.epoch, messages: 0, at: -1 };
  }

  const keptRoots = [
    genesisRoot,
    ...entries.map((e) => e.applied.stateRootAfter),
    ...codes.map(([cid]) => cid),
  ];
  if (problems.length === 0) {
    // The usual case: the check has read exactly the blocks the kept roots reach.
    return {
      genesis,
      machine,
      entries,
      head,
      blocks: [...check.found, ...codes],
      codes,
      recovery: undefined,
      repair: undefined,
    };
  }

  const kept = collectReachable(keptRoots, lookup, external);
  const keptKeys = new Set(kept.map(([cid]) => cid.toString()));
  const orphanKeys = [...blocks.keys()].filter((cidText) => !keptKeys.has(cidText));
  const unreadable = stored.blockKeys.filter((key) => !blocks.has(key.slice(BLOCK_KEY_PREFIX.length)));
  const droppedMessages = extraKeys.map(indexOfMessageKey).filter((i): i is number => i !== undefined);
  return {
    genesis,
    machine,
    entries,
    head,
    blocks: kept,
    codes,
    recovery: {
      problems,
      previousHead,
      head,
      droppedMessages,
      missingBlocks: [...check.missing, ...check.broken].slice(0, MAX_REPORTED_CIDS).map(String),
      orphanBlocks: orphanKeys.length + unreadable.length,
    },
    repair: {
      deletes: [
        ...extraKeys,
        ...badCodeKeys,
        ...orphanKeys.map((cidText) => `${BLOCK_KEY_PREFIX}${cidText}`),
        ...unreadable,
      ],
      head,
    },
  };
}

function checkEntry(
  entry: ChainEntry,
  index: number,
  entries: readonly ChainEntry[],
  genesisRoot: CID,
  check: CompletenessCheck,
): string | undefined {
  const { applied, parent } = entry;
  if (applied.index !== index) return `message record ${index} says it is message ${applied.index}`;
  const parentRoot = parent === -1 ? genesisRoot : entries[parent]?.applied.stateRootAfter;
  if (!parentRoot?.equals(applied.stateRootBefore))
    return `message ${index} does not start from the state of the message it follows (${parent})`;
  if (!check.isComplete(applied.stateRootAfter))
    return `the state after message ${index} (${applied.stateRootAfter}) is missing blocks`;
  return undefined;
}

function checkHead(head: ChainHead, entries: readonly ChainEntry[], genesisRoot: CID): string | undefined {
  if (head.messages > entries.length)
    return `the head counts ${head.messages} messages but only ${entries.length} are complete`;
  const expected = head.at === -1 ? genesisRoot : entries[head.at]?.applied.stateRootAfter;
  if (!expected?.equals(head.root))
    return `the head's state root ${head.root} is not the state after ${head.at === -1 ? 'genesis' : `message ${head.at}`}`;
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof PlaygroundError || error instanceof Error ? error.message : String(error);
}

/** True if `bytes` hash (blake2b-256, the FVM's only block hash) to the digest in the CID. */
export function bytesMatchCid(cidText: string, bytes: Uint8Array): boolean {
  let cid: CID;
  try {
    cid = CID.parse(cidText);
  } catch {
    return false;
  }
  if (cid.multihash.code !== BLAKE2B_256) return false;
  const digest = blake2b(bytes, { dkLen: 32 });
  const expected = cid.multihash.digest;
  if (expected.length !== digest.length) return false;
  for (let i = 0; i < digest.length; i++) if (digest[i] !== expected[i]) return false;
  return true;
}
