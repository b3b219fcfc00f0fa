import { Address } from '../address';
import { type Blockstore, getDagCbor, MemoryBlockstore, putDagCbor } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import type { MapChange } from '../ipld/diff';
import { diffHamt } from '../ipld/hamt';
import { diffKamt } from '../ipld/kamt';
import { type ActorId, type ActorState, decodeActorState } from '../state/actorState';
import { decodeEvmState, EVM_STORAGE_KAMT } from '../state/evmState';
import { decodeInitState } from '../state/initState';
import type { Manifest } from '../state/manifest';
import { INIT_ACTOR_ID } from '../state/singletons';
import { readUintBE } from '../util/bytes';
import { decodeReturnValue } from '../wasm/userActors/ipldJson';

export type ActorField = 'code' | 'head' | 'sequence' | 'balance' | 'delegatedAddress';

export interface ActorChange {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly id: ActorId;
  readonly before: ActorState | undefined;
  readonly after: ActorState | undefined;
  /** For `changed`: which fields differ. */
  readonly fields: readonly ActorField[];
}

export interface AddressMapChange {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly address: Address;
  readonly before: ActorId | undefined;
  readonly after: ActorId | undefined;
}

export interface StorageChange {
  /** The 32-byte slot as a number. */
  readonly slot: bigint;
  /** 0 when the slot was empty (the EVM reads missing slots as zero). */
  readonly before: bigint;
  readonly after: bigint;
}

/**
 * The state of a user actor (code that is not a built-in actor, e.g. an installed Wasm actor) before and
 * after, decoded generically: DAG-CBOR as JSON in the notation of JSON params (`docs/wasm-actors.md`),
 * anything else as `{"$hex"}`; undefined where the actor did not exist.
 */
export interface UserStateChange {
  readonly id: ActorId;
  readonly before: unknown;
  readonly after: unknown;
}

export interface StateDiff {
  readonly actors: readonly ActorChange[];
  /** Additions and removals in the Init actor's address → ID map. */
  readonly addresses: readonly AddressMapChange[];
  /** Changed storage slots of EVM actors, by actor. */
  readonly evmStorage: ReadonlyArray<{ readonly id: ActorId; readonly changes: readonly StorageChange[] }>;
  /** User actors whose state root changed, with their state decoded. */
  readonly userStates: readonly UserStateChange[];
}

/**
 * What changed between two state roots (spec: state diff). Every walk skips subtrees with equal CIDs: the
 * actors HAMT, the Init address map and each EVM contract's storage KAMT are only read where they differ,
 * so the cost follows the size of the change, not of the state.
 */
export function diffStates(store: Blockstore, manifest: Manifest, before: CID, after: CID): StateDiff {
  if (before.equals(after)) return { actors: [], addresses: [], evmStorage: [], userStates: [] };
  const actorsBefore = stateRootActors(store, before);
  const actorsAfter = stateRootActors(store, after);
  const actors = diffHamt<unknown>(store, actorsBefore, actorsAfter).map(toActorChange);

  let addresses: AddressMapChange[] = [];
  const init = actors.find((change) => change.id === INIT_ACTOR_ID && change.kind === 'changed');
  if (init?.before && init.after && !init.before.head.equals(init.after.head)) {
    const mapBefore = decodeInitState(getDagCbor(store, init.before.head, 'init state')).addressMap;
    const mapAfter = decodeInitState(getDagCbor(store, init.after.head, 'init state')).addressMap;
    addresses = diffHamt<unknown>(store, mapBefore, mapAfter).map(toAddressChange);
  }

  const evmStorage: Array<{ id: ActorId; changes: StorageChange[] }> = [];
  for (const change of actors) {
    const storageBefore = evmStorageRoot(store, manifest, change.before);
    const storageAfter = evmStorageRoot(store, manifest, change.after);
    if (!storageBefore && !storageAfter) continue;
    const empty = emptyKamtRoot();
    const changes = diffKamt<unknown>(
      withEmptyNode(store),
      storageBefore ?? empty,
      storageAfter ?? empty,
      EVM_STORAGE_KAMT,
    );
    if (changes.length > 0) evmStorage.push({ id: change.id, changes: changes.map(toStorageChange) });
  }

  const userStates: UserStateChange[] = [];
  for (const change of actors) {
    const state = change.after ?? change.before!;
    if (manifest.nameOf(state.code) !== undefined) continue;
    if (change.kind === 'changed' && !change.fields.includes('head')) continue;
    userStates.push({
      id: change.id,
      before: change.before && readUserState(store, change.before.head),
      after: change.after && readUserState(store, change.after.head),
    });
  }
  return { actors, addresses, evmStorage, userStates };
}

/** Past this size a user actor's state is summarised rather than decoded (a diff is for reading). */
const MAX_DECODED_STATE_BYTES = 64 * 1024;

function readUserState(store: Blockstore, head: CID): unknown {
  const bytes = store.get(head);
  if (!bytes) return { $missing: head.toString() };
  if (bytes.length > MAX_DECODED_STATE_BYTES)
    return { $omitted: `${bytes.length} bytes`, cid: head.toString() };
  return decodeReturnValue(bytes, head.code);
}

function stateRootActors(store: Blockstore, root: CID): CID {
  const value = getDagCbor<unknown[]>(store, root, 'state root');
  return value[1] as CID;
}

function idFromKey(key: Uint8Array): ActorId {
  return Number(Address.fromBytes(key).id);
}

function toActorChange(change: MapChange<Uint8Array, unknown>): ActorChange {
  const id = idFromKey(change.key);
  const before = change.kind === 'added' ? undefined : decodeActorState(change.before, `actor f0${id}`);
  const after = change.kind === 'removed' ? undefined : decodeActorState(change.after, `actor f0${id}`);
  const fields: ActorField[] = [];
  if (before && after) {
    if (!before.code.equals(after.code)) fields.push('code');
    if (!before.head.equals(after.head)) fields.push('head');
    if (before.sequence !== after.sequence) fields.push('sequence');
    if (before.balance !== after.balance) fields.push('balance');
    const delegatedBefore = before.delegatedAddress?.key;
    if (delegatedBefore !== after.delegatedAddress?.key) fields.push('delegatedAddress');
  }
  return { kind: change.kind, id, before, after, fields };
}

function toAddressChange(change: MapChange<Uint8Array, unknown>): AddressMapChange {
  return {
    kind: change.kind,
    address: Address.fromBytes(change.key),
    before: change.kind === 'added' ? undefined : (change.before as ActorId),
    after: change.kind === 'removed' ? undefined : (change.after as ActorId),
  };
}

const word = (value: unknown) => (value instanceof Uint8Array ? readUintBE(value) : 0n);

function toStorageChange(change: MapChange<Uint8Array, unknown>): StorageChange {
  return {
    slot: readUintBE(change.key),
    before: change.kind === 'added' ? 0n : word(change.before),
    after: change.kind === 'removed' ? 0n : word(change.after),
  };
}

function evmStorageRoot(
  store: Blockstore,
  manifest: Manifest,
  actor: ActorState | undefined,
): CID | undefined {
  if (!actor || !manifest.is(actor.code, 'evm')) return undefined;
  // A freshly created EVM actor may still have the empty-array head before its constructor stores state.
  const value = getDagCbor<unknown>(store, actor.head, 'EVM state');
  if (Array.isArray(value) && value.length === 0) return undefined;
  return decodeEvmState(value).contractState;
}

/** The empty KAMT root node `[h'', []]`, which may not be in the store. */
let emptyRoot: CID | undefined;
const emptyNodeStore = new MemoryBlockstore();
function emptyKamtRoot(): CID {
  emptyRoot ??= putDagCbor(emptyNodeStore, [new Uint8Array(0), []]);
  return emptyRoot;
}

/** A store that can also serve the empty KAMT node. */
function withEmptyNode(store: Blockstore): Blockstore {
  return {
    get: (cid) => store.get(cid) ?? emptyNodeStore.get(cid),
    has: (cid) => store.has(cid) || emptyNodeStore.has(cid),
    put: (cid, bytes) => store.put(cid, bytes),
    putMany: (blocks) => store.putMany(blocks),
  };
}
