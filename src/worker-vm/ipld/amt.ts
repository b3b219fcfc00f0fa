import { invalidInput } from '../errors';
import {
  type AmtNode,
  type AmtOptions,
  type AmtRoot,
  checkAmtBitWidth,
  emptyAmtNode,
  flushAmtChildren,
  isEmptyAmtNode,
  loadAmtNode,
  loadAmtRoot,
  MAX_INDEX,
  nodesForHeight,
  putAmtRoot,
} from './amtNode';
import type { Blockstore } from './blockstore';
import type { CID } from './cid';
import { checkIpldValue } from './ipldValue';

export { diffAmt } from './amtDiff';
export type { AmtOptions } from './amtNode';
export { MAX_INDEX } from './amtNode';

/**
 * The Filecoin AMT (fvm_ipld_amt 0.7), byte-for-byte: a sparse array whose root CID, block reads and
 * block writes are those of the Rust crate. Indices are u64 (up to 2^64 − 2); the tree grows and
 * shrinks in height with the largest index. As in Rust, `set` always rewrites the path it touches,
 * even with an equal value.
 */
export class Amt<V = unknown> {
  private flushedCid: CID | undefined;

  private constructor(
    private readonly store: Blockstore,
    private readonly root: AmtRoot<V>,
    flushedCid: CID | undefined,
  ) {
    this.flushedCid = flushedCid;
  }

  /** An empty AMT; `options` may be the bit width itself (default 3). */
  static create<V>(store: Blockstore, options: AmtOptions | number = {}): Amt<V> {
    const requested = typeof options === 'number' ? options : (options.bitWidth ?? 3);
    const bitWidth = checkAmtBitWidth(requested, 'bitWidth');
    return new Amt<V>(
      store,
      { bitWidth, height: 0, count: 0, node: emptyAmtNode<V>(bitWidth, 0) },
      undefined,
    );
  }

  /** Reads and checks the root now (the bit width comes from it); children when first needed. */
  static load<V>(store: Blockstore, root: CID): Amt<V> {
    return new Amt<V>(store, loadAmtRoot<V>(store, root), root);
  }

  count(): number {
    return this.root.count;
  }

  height(): number {
    return this.root.height;
  }

  bitWidth(): number {
    return this.root.bitWidth;
  }

  get(index: number | bigint): V | undefined {
    let i = toIndex(index);
    const { bitWidth } = this.root;
    if (i >= nodesForHeight(bitWidth, this.root.height + 1)) return undefined;
    let node = this.root.node;
    for (let height = this.root.height; node.kind === 'internal'; height--) {
      const span = nodesForHeight(bitWidth, height);
      const link = node.links[Number(i / span)];
      if (!link) return undefined;
      if (link.kind === 'link') link.node ??= loadAmtNode<V>(this.store, link.cid, bitWidth, height - 1);
      node = link.node!;
      i %= span;
    }
    return node.values[Number(i)];
  }

  has(index: number | bigint): boolean {
    return this.get(index) !== undefined;
  }

  /** Sets the value at `index`; returns the value it replaced. */
  set(index: number | bigint, value: V): V | undefined {
    const i = toIndex(index);
    checkIpldValue(value, 'AMT value');
    const root = this.root;
    while (i >= nodesForHeight(root.bitWidth, root.height + 1)) {
      // Grow: the old root becomes the first child of a new root one level up.
      const grown = emptyAmtNode<V>(root.bitWidth, root.height + 1);
      if (grown.kind === 'internal' && !isEmptyAmtNode(root.node))
        grown.links[0] = { kind: 'dirty', node: root.node };
      root.node = grown;
      root.height++;
    }
    const previous = this.setIn(root.node, root.height, i, value);
    if (previous === undefined) root.count++;
    this.flushedCid = undefined;
    return previous;
  }

  delete(index: number | bigint): V | undefined {
    const i = toIndex(index);
    const root = this.root;
    if (i >= nodesForHeight(root.bitWidth, root.height + 1)) return undefined;
    const removed = this.deleteIn(root.node, root.height, i);
    if (removed === undefined) return undefined;
    this.flushedCid = undefined;
    root.count--;
    if (isEmptyAmtNode(root.node)) {
      root.node = emptyAmtNode<V>(root.bitWidth, 0);
      root.height = 0;
      return removed;
    }
    // Shrink while the root only links to its first child.
    while (root.height > 0 && root.node.kind === 'internal' && onlyFirstLink(root.node.links)) {
      const first = root.node.links[0]!;
      root.node = first.kind === 'dirty' ? first.node : (first.node ?? this.load(first.cid, root.height - 1));
      root.height--;
    }
    return removed;
  }

  flush(): CID {
    if (this.flushedCid) return this.flushedCid;
    flushAmtChildren(this.root.node, this.store, this.root.bitWidth);
    this.flushedCid = putAmtRoot(this.root, this.store);
    return this.flushedCid;
  }

  /** Every value in ascending index order. */
  *entries(): IterableIterator<[bigint, V]> {
    yield* this.walk(this.root.node, this.root.height, 0n);
  }

  private *walk(node: AmtNode<V>, height: number, offset: bigint): IterableIterator<[bigint, V]> {
    if (node.kind === 'leaf') {
      for (let i = 0; i < node.values.length; i++) {
        const value = node.values[i];
        if (value !== undefined) yield [offset + BigInt(i), value];
      }
      return;
    }
    const span = nodesForHeight(this.root.bitWidth, height);
    for (let i = 0; i < node.links.length; i++) {
      const link = node.links[i];
      if (!link) continue;
      if (link.kind === 'link') link.node ??= this.load(link.cid, height - 1);
      yield* this.walk(link.node!, height - 1, offset + BigInt(i) * span);
    }
  }

  private load(cid: CID, height: number): AmtNode<V> {
    return loadAmtNode<V>(this.store, cid, this.root.bitWidth, height);
  }

  private setIn(node: AmtNode<V>, height: number, i: bigint, value: V): V | undefined {
    if (node.kind === 'leaf') {
      const previous = node.values[Number(i)];
      node.values[Number(i)] = value;
      return previous;
    }
    const span = nodesForHeight(this.root.bitWidth, height);
    const slot = Number(i / span);
    const link = node.links[slot];
    let child: AmtNode<V>;
    if (link?.kind === 'dirty') child = link.node;
    else if (link?.kind === 'link') child = link.node ?? this.load(link.cid, height - 1);
    else child = emptyAmtNode<V>(this.root.bitWidth, height - 1);
    node.links[slot] = { kind: 'dirty', node: child };
    return this.setIn(child, height - 1, i % span, value);
  }

  private deleteIn(node: AmtNode<V>, height: number, i: bigint): V | undefined {
    if (node.kind === 'leaf') {
      const removed = node.values[Number(i)];
      node.values[Number(i)] = undefined;
      return removed;
    }
    const span = nodesForHeight(this.root.bitWidth, height);
    const slot = Number(i / span);
    const link = node.links[slot];
    if (!link) return undefined;
    if (link.kind === 'link') link.node ??= this.load(link.cid, height - 1);
    const child = link.node!;
    const removed = this.deleteIn(child, height - 1, i % span);
    if (removed === undefined) return undefined;
    node.links[slot] = isEmptyAmtNode(child) ? undefined : { kind: 'dirty', node: child };
    return removed;
  }
}

function onlyFirstLink<T>(links: readonly (T | undefined)[]): boolean {
  if (links[0] === undefined) return false;
  for (let i = 1; i < links.length; i++) if (links[i] !== undefined) return false;
  return true;
}

function toIndex(index: number | bigint): bigint {
  if (typeof index === 'number') {
    if (!Number.isSafeInteger(index) || index < 0) {
      throw invalidInput(`AMT index must be a non-negative integer, got ${index}`, 'AMT index');
    }
    return BigInt(index);
  }
  if (typeof index !== 'bigint' || index < 0n || index > MAX_INDEX) {
    throw invalidInput(`AMT index ${String(index)} is out of range (0 to 2^64 - 2)`, 'AMT index');
  }
  return index;
}
