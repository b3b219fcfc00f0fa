import { invalidInput, malformed } from '../errors';
import { clearBit, lastSetBit, rank, setBit, testBit } from './bitfield';
import type { Blockstore } from './blockstore';
import { bytesEqual, compareBytes } from './bytes';
import type { CID } from './cid';
import { checkIpldValue, sameIpldValue } from './ipldValue';
import {
  commonPrefix,
  type Extension,
  joinExtensions,
  matchExtension,
  NO_EXTENSION,
  splitExtension,
} from './kamtExtension';
import {
  chunkBits,
  emptyKamtNode,
  flushKamtChildren,
  type KamtConfig,
  type KamtEntry,
  type KamtNode,
  type KamtOptions,
  type KamtPointer,
  kamtConfig,
  loadKamtNode,
  putKamtNode,
} from './kamtNode';
import { readBits } from './keyBits';

export { diffKamt } from './kamtDiff';
export type { KamtOptions } from './kamtNode';

interface Modification<V> {
  previous: V | undefined;
  modified: boolean;
}

/** The result of inserting a new key. */
const INSERTED: Modification<never> = { previous: undefined, modified: true };

/**
 * The Filecoin KAMT (fvm_ipld_kamt 0.4), byte-for-byte: keys are fixed-length byte strings used as
 * the path directly (EVM storage: the 32-byte big-endian slot) and links carry extensions that skip
 * levels where keys share long prefixes. Same root CIDs and the same block reads and writes as Rust.
 */
export class Kamt<V = unknown> {
  declare readonly size?: never;
  private flushedCid: CID | undefined;

  private constructor(
    private readonly store: Blockstore,
    private readonly config: KamtConfig,
    private readonly root: KamtNode<V>,
    flushedCid: CID | undefined,
  ) {
    this.flushedCid = flushedCid;
  }

  static create<V>(store: Blockstore, options?: KamtOptions): Kamt<V> {
    const config = kamtConfig(options);
    return new Kamt<V>(store, config, emptyKamtNode<V>(config), undefined);
  }

  /** Reads and checks the root node now; children are read and checked when first needed. */
  static load<V>(store: Blockstore, root: CID, options?: KamtOptions): Kamt<V> {
    const config = kamtConfig(options);
    return new Kamt<V>(store, config, loadKamtNode<V>(store, root, config, 0), root);
  }

  get(key: Uint8Array): V | undefined {
    this.checkKey(key);
    let node = this.root;
    let offset = 0;
    for (;;) {
      const count = chunkBits(this.config, offset);
      const index = readBits(key, offset, count);
      if (!testBit(node.bitfield, index)) return undefined;
      const pointer = node.pointers[rank(node.bitfield, index)]!;
      if (pointer.kind === 'bucket') {
        for (const entry of pointer.entries) if (bytesEqual(entry.key, key)) return entry.value;
        return undefined;
      }
      const next = offset + count;
      // ref-fvm reads the child before comparing the extension, so a miss on the extension still
      // costs the read.
      if (pointer.kind === 'link') {
        pointer.node ??= loadKamtNode<V>(this.store, pointer.cid, this.config, next + pointer.extension.bits);
      }
      if (matchExtension(pointer.extension, key, next, this.config.bitWidth) !== pointer.extension.bits) {
        return undefined;
      }
      node = pointer.node!;
      offset = next + pointer.extension.bits;
    }
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  /** Inserts or replaces; returns the previous value. Setting an equal value changes nothing. */
  set(key: Uint8Array, value: V): V | undefined {
    this.checkKey(key);
    checkIpldValue(value, 'KAMT value');
    const result = this.modify(this.root, key, 0, 0, value);
    if (result.modified) this.flushedCid = undefined;
    return result.previous;
  }

  delete(key: Uint8Array): V | undefined {
    this.checkKey(key);
    const removed = this.remove(this.root, key, 0, 0, undefined);
    if (removed !== undefined) this.flushedCid = undefined;
    return removed;
  }

  flush(): CID {
    if (this.flushedCid) return this.flushedCid;
    flushKamtChildren(this.root, this.store, this.config);
    this.flushedCid = putKamtNode(this.root, this.store, this.config);
    return this.flushedCid;
  }

  /** Every pair in ascending key order (keys are paths, so the tree order is the key order). */
  *entries(): IterableIterator<[Uint8Array, V]> {
    yield* this.walk(this.root, 0);
  }

  private *walk(node: KamtNode<V>, offset: number): IterableIterator<[Uint8Array, V]> {
    const next = offset + chunkBits(this.config, offset);
    for (const pointer of node.pointers) {
      if (pointer.kind === 'bucket') {
        for (const entry of pointer.entries) yield [entry.key, entry.value];
        continue;
      }
      const childOffset = next + pointer.extension.bits;
      if (pointer.kind === 'link') {
        pointer.node ??= loadKamtNode<V>(this.store, pointer.cid, this.config, childOffset);
      }
      yield* this.walk(pointer.node!, childOffset);
    }
  }

  private checkKey(key: Uint8Array): void {
    if (!(key instanceof Uint8Array) || key.length !== this.config.keyBytes) {
      throw invalidInput(`KAMT keys must be ${this.config.keyBytes}-byte strings`, 'KAMT key');
    }
  }

  /** `offset`: key bits consumed before this node's slot index; `depth`: levels, skipped ones included. */
  private modify(
    node: KamtNode<V>,
    key: Uint8Array,
    offset: number,
    depth: number,
    value: V,
  ): Modification<V> {
    const { bitWidth } = this.config;
    const count = chunkBits(this.config, offset);
    if (count <= 0) throw invalidInput('KAMT maximum depth reached', 'KAMT key');
    const index = readBits(key, offset, count);
    const next = offset + count;
    const position = rank(node.bitfield, index);
    if (!testBit(node.bitfield, index)) {
      if (depth >= this.config.minDataDepth) {
        insertPointer(node, index, { kind: 'bucket', entries: [{ key, value }] });
      } else {
        // Levels above the minimum data depth hold links only: put the pair in a new child.
        const child = emptyKamtNode<V>(this.config);
        this.modify(child, key, next, depth + 1, value);
        insertPointer(node, index, { kind: 'dirty', node: child, extension: NO_EXTENSION });
      }
      return INSERTED;
    }
    const pointer = node.pointers[position]!;
    if (pointer.kind !== 'bucket') {
      const matched = matchExtension(pointer.extension, key, next, bitWidth);
      if (matched === pointer.extension.bits) {
        if (pointer.kind === 'link') {
          pointer.node ??= loadKamtNode<V>(this.store, pointer.cid, this.config, next + matched);
        }
        const child = pointer.node!;
        const result = this.modify(child, key, next + matched, depth + 1 + matched / bitWidth, value);
        if (result.modified && pointer.kind === 'link') {
          node.pointers[position] = { kind: 'dirty', node: child, extension: pointer.extension };
        }
        return result;
      }
      // The key leaves the extension part-way: a new node at the split point holds the old child
      // (under the rest of the extension) and the new pair. The old child is not rewritten.
      const { head, index: oldIndex, tail } = splitExtension(pointer.extension, matched, bitWidth);
      const midway = emptyKamtNode<V>(this.config);
      insertPointer(
        midway,
        oldIndex,
        pointer.kind === 'link'
          ? { kind: 'link', cid: pointer.cid, extension: tail, node: pointer.node }
          : { kind: 'dirty', node: pointer.node, extension: tail },
      );
      const at = next + matched;
      insertPointer(midway, readBits(key, at, chunkBits(this.config, at)), {
        kind: 'bucket',
        entries: [{ key, value }],
      });
      node.pointers[position] = { kind: 'dirty', node: midway, extension: head };
      return INSERTED;
    }

    const { entries } = pointer;
    for (const entry of entries) {
      if (bytesEqual(entry.key, key)) {
        const previous = entry.value;
        entry.value = value;
        return { previous, modified: !sameIpldValue(previous, value) };
      }
    }
    if (entries.length >= this.config.maxArrayWidth) {
      // Push the full bucket down into a child placed after the longest prefix all its keys share.
      const extension = commonPrefix(
        key,
        entries.map((entry) => entry.key),
        next,
        bitWidth,
      );
      const childOffset = next + extension.bits;
      const childDepth = depth + 1 + extension.bits / bitWidth;
      const child = emptyKamtNode<V>(this.config);
      this.modify(child, key, childOffset, childDepth, value);
      for (const entry of entries) this.modify(child, entry.key, childOffset, childDepth, entry.value);
      node.pointers[position] = { kind: 'dirty', node: child, extension };
      return INSERTED;
    }
    let at = 0;
    while (at < entries.length && compareBytes(entries[at]!.key, key) < 0) at++;
    entries.splice(at, 0, { key, value });
    return INSERTED;
  }

  /** `parentDepth` is undefined at the root. */
  private remove(
    node: KamtNode<V>,
    key: Uint8Array,
    offset: number,
    depth: number,
    parentDepth: number | undefined,
  ): V | undefined {
    const { bitWidth } = this.config;
    const count = chunkBits(this.config, offset);
    const index = readBits(key, offset, count);
    if (!testBit(node.bitfield, index)) return undefined;
    const next = offset + count;
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
        // Rust would empty this node and then fail to clean it; refuse before changing anything.
        if (
          parentDepth !== undefined &&
          parentDepth >= this.config.minDataDepth &&
          node.pointers.length === 1
        ) {
          throw malformed('a KAMT child node holds a single one-entry bucket (not canonical)', 'KAMT');
        }
        clearBit(node.bitfield, index);
        node.pointers.splice(position, 1);
      }
      return removed;
    }
    const matched = matchExtension(pointer.extension, key, next, bitWidth);
    if (matched !== pointer.extension.bits) return undefined;
    if (pointer.kind === 'link') {
      pointer.node ??= loadKamtNode<V>(this.store, pointer.cid, this.config, next + matched);
    }
    const child = pointer.node!;
    const removed = this.remove(child, key, next + matched, depth + 1 + matched / bitWidth, depth);
    if (removed === undefined) return undefined;
    const cleaned = this.cleaned(child, pointer.extension, depth);
    if (cleaned) {
      node.pointers[position] = cleaned;
    } else {
      clearBit(node.bitfield, index);
      node.pointers.splice(position, 1);
    }
    return removed;
  }

  /**
   * The canonical pointer for a child that just lost an entry (ref-fvm `Pointer::clean`); undefined
   * when the child is empty and may go (only above the minimum data depth). Below it, a child with a
   * single bucket is replaced by the bucket, a child with a single link is replaced by that link with
   * the extensions joined, and a child whose buckets fit in one bucket is merged into it.
   */
  private cleaned(child: KamtNode<V>, extension: Extension, depth: number): KamtPointer<V> | undefined {
    const { pointers } = child;
    const { bitWidth, minDataDepth, maxArrayWidth } = this.config;
    if (pointers.length === 0) {
      if (depth < minDataDepth) return undefined;
      throw malformed('a KAMT child node became empty (not canonical)', 'KAMT');
    }
    if (depth < minDataDepth) return { kind: 'dirty', node: child, extension };
    if (pointers.length === 1) {
      const only = pointers[0]!;
      if (only.kind === 'bucket') return only;
      const joined = joinExtensions(extension, lastSetBit(child.bitfield), bitWidth, only.extension);
      return only.kind === 'link'
        ? { kind: 'link', cid: only.cid, extension: joined, node: only.node }
        : { kind: 'dirty', node: only.node, extension: joined };
    }
    if (pointers.length <= maxArrayWidth) {
      const merged: KamtEntry<V>[] = [];
      for (const pointer of pointers) {
        if (pointer.kind !== 'bucket') return { kind: 'dirty', node: child, extension };
        merged.push(...pointer.entries);
      }
      if (merged.length <= maxArrayWidth) {
        return { kind: 'bucket', entries: merged.sort((a, b) => compareBytes(a.key, b.key)) };
      }
    }
    return { kind: 'dirty', node: child, extension };
  }
}

function insertPointer<V>(node: KamtNode<V>, index: number, pointer: KamtPointer<V>): void {
  node.pointers.splice(rank(node.bitfield, index), 0, pointer);
  setBit(node.bitfield, index);
}
