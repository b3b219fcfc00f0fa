import { type Address, Protocol } from '../address';
import { malformed, notFound } from '../errors';
import { type Blockstore, getDagCbor, putDagCbor } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import { Hamt } from '../ipld/hamt';
import { type ActorId, type ActorState, decodeActorState, encodeActorState } from './actorState';
import { decodeInitState, encodeInitState } from './initState';
import { INIT_ACTOR_ID } from './singletons';

export const STATE_TREE_VERSION = 5;

/** What the cache knows about an actor: its state, or `null` when it was deleted in this tree. */
type CachedActor = { state: ActorState | null; dirty: boolean };

type JournalEntry =
  | { kind: 'actor'; id: ActorId; previous: CachedActor | undefined }
  | { kind: 'address'; key: string; previous: ActorId | undefined };

/**
 * The state tree (spec 7.3): actor states in a HAMT keyed by ID address, cached in memory and written back
 * at `flush()`. Writes made during execution never touch IPLD (they are not IPLD-charged), and every write
 * is journaled so a failed call can be rolled back (spec 4.5).
 *
 * Reads of the actors HAMT and of the Init actor's address map here are host-side and uncharged; the call
 * manager charges state access separately (spec 6.3).
 */
export class StateTree {
  private readonly actors: Hamt<unknown>;
  private readonly info: CID;
  private readonly cache = new Map<ActorId, CachedActor>();
  private readonly resolved = new Map<string, ActorId>();
  private readonly journal: JournalEntry[] = [];
  private readonly layers: number[] = [];

  private constructor(
    readonly store: Blockstore,
    actors: Hamt<unknown>,
    info: CID,
  ) {
    this.actors = actors;
    this.info = info;
  }

  /** An empty tree; `info` is the CID of the empty array (StateInfo0). */
  static create(store: Blockstore, emptyArrayCid: CID): StateTree {
    return new StateTree(store, Hamt.create(store), emptyArrayCid);
  }

  static load(store: Blockstore, root: CID): StateTree {
    const value = getDagCbor<unknown>(store, root, 'state root');
    if (!Array.isArray(value) || value.length !== 3)
      throw malformed('expected [version, actors, info]', 'state root');
    const [version, actorsRoot, info] = value as [unknown, CID, CID];
    if (version !== STATE_TREE_VERSION) {
      throw malformed(
        `state tree version ${String(version)} is not supported (only ${STATE_TREE_VERSION})`,
        'state root',
      );
    }
    return new StateTree(store, Hamt.load(store, actorsRoot), info);
  }

  getActor(id: ActorId): ActorState | undefined {
    const cached = this.cache.get(id);
    if (cached) return cached.state ?? undefined;
    const raw = this.actors.get(idKey(id));
    const state = raw === undefined ? null : decodeActorState(raw, `actor f0${id}`);
    this.cache.set(id, { state, dirty: false });
    return state ?? undefined;
  }

  setActor(id: ActorId, state: ActorState): void {
    this.record(id);
    this.cache.set(id, { state, dirty: true });
  }

  deleteActor(id: ActorId): void {
    this.record(id);
    this.cache.set(id, { state: null, dirty: true });
  }

  /** Updates an existing actor; throws if it does not exist. */
  mutateActor(id: ActorId, change: (state: ActorState) => ActorState): ActorState {
    const current = this.getActor(id);
    if (!current) throw notFound(`actor f0${id} does not exist`);
    const next = change(current);
    this.setActor(id, next);
    return next;
  }

  /** Resolves any address to an actor ID through the Init actor's address map (spec 4.3, 7.7). */
  lookupId(address: Address): ActorId | undefined {
    if (address.protocol === Protocol.ID) {
      const id = address.id;
      return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined;
    }
    const known = this.resolved.get(address.key);
    if (known !== undefined) return known;
    const init = this.getActor(INIT_ACTOR_ID);
    if (!init) throw notFound('the Init actor is missing from the state tree');
    const state = decodeInitState(getDagCbor(this.store, init.head, 'init state'));
    const value = Hamt.load<unknown>(this.store, state.addressMap).get(address.bytes);
    if (value === undefined) return undefined;
    if (typeof value !== 'number')
      throw malformed('address map value is not an actor ID', 'init address map');
    this.rememberResolution(address, value);
    return value;
  }

  /**
   * Assigns the next actor ID to `address` in the Init actor's map, host-side and uncharged, as the FVM
   * does when a send creates an account or placeholder (spec 4.4). Rolled back with the transaction.
   */
  registerNewAddress(address: Address): ActorId {
    const init = this.getActor(INIT_ACTOR_ID);
    if (!init) throw notFound('the Init actor is missing from the state tree');
    const state = decodeInitState(getDagCbor(this.store, init.head, 'init state'));
    const map = Hamt.load<unknown>(this.store, state.addressMap);
    const id = state.nextId;
    map.set(address.bytes, id);
    const head = putDagCbor(
      this.store,
      encodeInitState({ ...state, addressMap: map.flush(), nextId: id + 1 }),
    );
    this.setActor(INIT_ACTOR_ID, { ...init, head });
    this.rememberResolution(address, id);
    return id;
  }

  private rememberResolution(address: Address, id: ActorId): void {
    if (this.layers.length > 0)
      this.journal.push({ kind: 'address', key: address.key, previous: this.resolved.get(address.key) });
    this.resolved.set(address.key, id);
  }

  private record(id: ActorId): void {
    if (this.layers.length === 0) return;
    const previous = this.cache.get(id);
    this.journal.push({ kind: 'actor', id, previous: previous && { ...previous } });
  }

  beginTransaction(): void {
    this.layers.push(this.journal.length);
  }

  /** Ends the innermost transaction, undoing its writes when `revert` is true. */
  endTransaction(revert: boolean): void {
    const start = this.layers.pop();
    if (start === undefined) throw new Error('endTransaction without beginTransaction');
    if (revert) {
      while (this.journal.length > start) {
        const entry = this.journal.pop()!;
        if (entry.kind === 'actor') {
          if (entry.previous) this.cache.set(entry.id, entry.previous);
          else this.cache.delete(entry.id);
        } else if (entry.previous === undefined) this.resolved.delete(entry.key);
        else this.resolved.set(entry.key, entry.previous);
      }
    }
    if (this.layers.length === 0) this.journal.length = 0;
  }

  get inTransaction(): boolean {
    return this.layers.length > 0;
  }

  /** Writes cached changes into the actors HAMT and returns the new state root. */
  flush(): CID {
    if (this.layers.length > 0) throw new Error('cannot flush the state tree inside a transaction');
    for (const [id, cached] of this.cache) {
      if (!cached.dirty) continue;
      if (cached.state) this.actors.set(idKey(id), encodeActorState(cached.state));
      else this.actors.delete(idKey(id));
      cached.dirty = false;
    }
    return putDagCbor(this.store, [STATE_TREE_VERSION, this.actors.flush(), this.info]);
  }

  /** Every actor, cached changes included (for genesis listings and the UI). */
  *entries(): IterableIterator<[ActorId, ActorState]> {
    const seen = new Set<ActorId>();
    for (const [id, cached] of this.cache) {
      seen.add(id);
      if (cached.state) yield [id, cached.state];
    }
    for (const [key, raw] of this.actors.entries()) {
      const id = idFromKey(key);
      if (!seen.has(id)) yield [id, decodeActorState(raw, `actor f0${id}`)];
    }
  }
}

/** HAMT key of an actor: its ID address bytes `0x00 ‖ leb128(id)` (spec 7.3). */
function idKey(id: ActorId): Uint8Array {
  const out = [0];
  let rest = id;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return Uint8Array.from(out);
}

function idFromKey(key: Uint8Array): ActorId {
  let id = 0;
  let scale = 1;
  for (let i = 1; i < key.length; i++) {
    id += (key[i]! & 0x7f) * scale;
    scale *= 128;
  }
  return id;
}
