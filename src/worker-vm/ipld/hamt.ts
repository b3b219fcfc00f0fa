import { invalidInput, malformed } from '../errors';
import { clearBit, rank, setBit, testBit } from './bitfield';
import type { Blockstore } from './blockstore';
import { bytesEqual, compareBytes } from './bytes';
import type { CID } from './cid';
import {
  emptyHamtNode,
  flushHamtChildren,
  type HamtConfig,
  type HamtEntry,
  type HamtNode,
  type HamtOptions,
  hamtConfig,
  loadHamtNode,
  putHamtNode,
} from './hamtNode';
import { checkIpldValue, sameIpldValue } from './ipldValue';
import { readBits } from './keyBits';

export { diffHamt } from './hamtDiff';
export type { HamtOptions } from './hamtNode';

/** What one insertion did: the value it replaced, and whether any node's bytes changed. */
interface Modification<V> {
  previous: V | undefined;
  modified: boolean;
}

/** The result of inserting a new key. */
const INSERTED: Modification<never> = { previous: undefined, modified: true };

/**
 * The Filecoin HAMT (fvm_ipld_hamt 0.10, "v3" format), byte-for-byte: the same keys and values give
 * the same root CID as the Rust crate whatever the order of operations, and every operation reads and
 * writes the same blocks (loads are lazy and cached; `flush` writes only what changed).
 */
export class Hamt<V = unknown> {
  declare readonly size?: never;
  /** The root CID as last loaded or flushed, until something changes (Rust's `flushed_cid`). */
  private flushedCid: CID | undefined;

  private constructor(
    private readonly store: Blockstore,
    private readonly config: HamtConfig,
    private readonly root: HamtNode<V>,
    flushedCid: CID | undefined,
  ) {
    this.flushedCid = flushedCid;
  }

  static create<V>(store: Blockstore, options?: HamtOptions): Hamt<V> {
    const config = hamtConfig(options);
    return new Hamt<V>(store, config, emptyHamtNode<V>(config), undefined);
  }

  /** Reads and checks the root node now; children are read and checked when first needed. */
  static load<V>(store: Blockstore, root: CID, options?: HamtOptions): Hamt<V> {
    const config = hamtConfig(options);
    return new Hamt<V>(store, config, loadHamtNode<V>(store, root, config, 0), root);
  }

  get(key: Uint8Array): V | undefined {
    checkKey(key);
    const hash = this.config.hashKey(key);
    let node = this.root;
    for (let depth = 0; ; depth++) {
      const index = this.slot(hash, depth);
      if (!testBit(node.bitfield, index)) return undefined;
      const pointer = node.pointers[rank(node.bitfield, index)]!;
      if (pointer.kind === 'bucket') {
        for (const entry of pointer.entries) if (bytesEqual(entry.key, key)) return entry.value;
        return undefined;
      }
      if (pointer.kind === 'link') {
        pointer.node ??= loadHamtNode<V>(this.store, pointer.cid, this.config, depth + 1);
      }
      node = pointer.node!;
    }
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  /** Inserts or replaces; returns the previous value. Setting an equal value changes nothing. */
  set(key: Uint8Array, value: V): V | undefined {
    checkKey(key);
    checkIpldValue(value, 'HAMT value');
    const result = this.modify(this.root, this.config.hashKey(key), 0, key, value);
    if (result.modified) this.flushedCid = undefined;
    return result.previous;
  }

  /** Removes a key; returns the removed value. */
  delete(key: Uint8Array): V | undefined {
    checkKey(key);
    const removed = this.remove(this.root, this.config.hashKey(key), 0, key, false);
    if (removed !== undefined) this.flushedCid = undefined;
    return removed;
  }

  /** Writes the changed nodes and the root; returns the root CID (no writes when nothing changed). */
  flush(): CID {
    if (this.flushedCid) return this.flushedCid;
    flushHamtChildren(this.root, this.store);
    this.flushedCid = putHamtNode(this.root, this.store);
    return this.flushedCid;
  }

  /** Every pair, in the canonical order of the tree (slot order, then key order in buckets). */
  *entries(): IterableIterator<[Uint8Array, V]> {
    yield* this.walk(this.root, 0);
  }

  private *walk(node: HamtNode<V>, depth: number): IterableIterator<[Uint8Array, V]> {
    for (const pointer of node.pointers) {
      if (pointer.kind === 'bucket') {
        for (const entry of pointer.entries) yield [entry.key, entry.value];
      } else {
        if (pointer.kind === 'link') {
          pointer.node ??= loadHamtNode<V>(this.store, pointer.cid, this.config, depth + 1);
        }
        yield* this.walk(pointer.node!, depth + 1);
      }
    }
  }

  /** The slot index for `hash` at `depth`: the next bitWidth bits (fewer at the very end). */
  private slot(hash: Uint8Array, depth: number): number {
    const offset = depth * this.config.bitWidth;
    const left = hash.length * 8 - offset;
    if (left <= 0) {
      throw invalidInput('HAMT keys collide in every bit of their hash: maximum depth reached', 'HAMT key');
    }
    return readBits(hash, offset, left < this.config.bitWidth ? left : this.config.bitWidth);
  }

  private modify(
    node: HamtNode<V>,
    hash: Uint8Array,
    depth: number,
    key: Uint8Array,
    value: V,
  ): Modification<V> {
    const index = this.slot(hash, depth);
    const position = rank(node.bitfield, index);
    if (!testBit(node.bitfield, index)) {
      setBit(node.bitfield, index);
      node.pointers.splice(position, 0, { kind: 'bucket', entries: [{ key, value }] });
      return INSERTED;
    }
    const pointer = node.pointers[position]!;
    if (pointer.kind === 'link') {
      pointer.node ??= loadHamtNode<V>(this.store, pointer.cid, this.config, depth + 1);
      const result = this.modify(pointer.node, hash, depth + 1, key, value);
      if (result.modified) node.pointers[position] = { kind: 'dirty', node: pointer.node };
      return result;
    }
    if (pointer.kind === 'dirty') return this.modify(pointer.node, hash, depth + 1, key, value);

    const { entries } = pointer;
    for (const entry of entries) {
      if (bytesEqual(entry.key, key)) {
        const previous = entry.value;
        entry.value = value;
        return { previous, modified: !sameIpldValue(previous, value) };
      }
    }
    if (entries.length >= this.config.maxBucketSize) {
      // A full bucket becomes a child holding the new pair and the old ones (each placed by its own
      // hash). Built aside first so a failure leaves the bucket as it was.
      const child = emptyHamtNode<V>(this.config);
      this.modify(child, hash, depth + 1, key, value);
      for (const entry of entries) {
        this.modify(child, this.config.hashKey(entry.key), depth + 1, entry.key, entry.value);
      }
      node.pointers[position] = { kind: 'dirty', node: child };
      return INSERTED;
    }
    let at = 0;
    while (at < entries.length && compareBytes(entries[at]!.key, key) < 0) at++;
    entries.splice(at, 0, { key, value });
    return INSERTED;
  }

  /** Deletes `key` below `node`; `isChild` says whether `node` is below the root. */
  private remove(
    node: HamtNode<V>,
    hash: Uint8Array,
    depth: number,
    key: Uint8Array,
    isChild: boolean,
  ): V | undefined {
    const index = this.slot(hash, depth);
    if (!testBit(node.bitfield, index)) return undefined;
    const position = rank(node.bitfield, index);
    const pointer = node.pointers[position]!;
    if (pointer.kind === 'bucket') {
      const { entries } = pointer;
      const at = entries.findIndex((entry) => bytesEqual(entry.key, key));
      if (at < 0) return undefined;
      const removed = entries[at]!.value;
      if (entries.length > 1) {
        entries.splice(at, 1);
      } else {
        // Rust would empty this child and then fail to clean it; refuse before changing anything.
        if (isChild && node.pointers.length === 1) {
          throw malformed('a HAMT child node holds a single one-entry bucket (not canonical)', 'HAMT');
        }
        clearBit(node.bitfield, index);
        node.pointers.splice(position, 1);
      }
      return removed;
    }
    if (pointer.kind === 'link') {
      pointer.node ??= loadHamtNode<V>(this.store, pointer.cid, this.config, depth + 1);
    }
    const child = pointer.node!;
    const removed = this.remove(child, hash, depth + 1, key, true);
    if (removed === undefined) return undefined;
    node.pointers[position] = this.cleaned(child);
    return removed;
  }

  /**
   * The canonical pointer for a child that just lost an entry: a child left with a single bucket is
   * replaced by that bucket, and a child whose buckets together fit in one bucket is merged into it.
   */
  private cleaned(child: HamtNode<V>): HamtNode<V>['pointers'][number] {
    const { pointers } = child;
    if (pointers.length === 1) {
      const only = pointers[0]!;
      if (only.kind === 'bucket') return only;
    } else if (pointers.length >= 2 && pointers.length <= this.config.maxBucketSize) {
      const merged: HamtEntry<V>[] = [];
      for (const pointer of pointers) {
        if (pointer.kind !== 'bucket') return { kind: 'dirty', node: child };
        merged.push(...pointer.entries);
      }
      if (merged.length <= this.config.maxBucketSize) {
        return { kind: 'bucket', entries: merged.sort((a, b) => compareBytes(a.key, b.key)) };
      }
    }
    return { kind: 'dirty', node: child };
  }
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array))
    throw invalidInput('HAMT keys must be byte strings (Uint8Array)', 'HAMT key');
}
