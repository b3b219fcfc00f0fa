import {
  type AmtLink,
  type AmtNode,
  type AmtRoot,
  loadAmtNode,
  loadAmtRoot,
  nodesForHeight,
} from './amtNode';
import type { Blockstore } from './blockstore';
import type { CID } from './cid';
import type { MapChange } from './diff';
import { sameIpldValue } from './ipldValue';

/**
 * What changed between two AMT roots, in ascending index order. Links with equal CIDs are skipped
 * unread. The roots may differ in height: the taller tree's first child covers the whole range of
 * the shorter one, so the walk descends it until the heights match (everything in its other
 * children changed).
 */
export function diffAmt<V>(store: Blockstore, before: CID, after: CID): MapChange<bigint, V>[] {
  const changes: MapChange<bigint, V>[] = [];
  if (before.equals(after)) return changes;
  const a = loadAmtRoot<V>(store, before);
  const b = loadAmtRoot<V>(store, after);
  const walk = new AmtDiffWalk<V>(store, changes);
  if (a.bitWidth !== b.bitWidth) {
    // Different shapes entirely: compare the contents.
    walk.all(a, 'removed');
    walk.all(b, 'added');
    return mergeByIndex(changes);
  }
  walk.nodes({ node: a.node, height: a.height }, { node: b.node, height: b.height }, a.bitWidth, 0n);
  return mergeByIndex(changes);
}

interface Side<V> {
  node: AmtNode<V> | undefined;
  height: number;
}

class AmtDiffWalk<V> {
  constructor(
    private readonly store: Blockstore,
    private readonly changes: MapChange<bigint, V>[],
  ) {}

  nodes(before: Side<V>, after: Side<V>, bitWidth: number, offset: bigint): void {
    if (!before.node && !after.node) return;
    if (!before.node || !after.node || before.height !== after.height) {
      const [tall, short, tallIsBefore] =
        before.height >= after.height ? [before, after, true] : [after, before, false];
      if (!tall.node || tall.height === short.height) {
        // One side is missing here: everything on the other side changed.
        this.emit(before, bitWidth, offset, 'removed');
        this.emit(after, bitWidth, offset, 'added');
        return;
      }
      const links = tall.node.kind === 'internal' ? tall.node.links : [];
      const span = nodesForHeight(bitWidth, tall.height);
      for (let i = 1; i < links.length; i++) {
        const child = this.child(links[i], bitWidth, tall.height);
        this.emit(child, bitWidth, offset + BigInt(i) * span, tallIsBefore ? 'removed' : 'added');
      }
      const first = this.child(links[0], bitWidth, tall.height);
      if (tallIsBefore) this.nodes(first, short, bitWidth, offset);
      else this.nodes(short, first, bitWidth, offset);
      return;
    }
    const a = before.node;
    const b = after.node;
    if (a.kind === 'leaf' && b.kind === 'leaf') {
      for (let i = 0; i < a.values.length; i++) this.values(offset + BigInt(i), a.values[i], b.values[i]);
      return;
    }
    if (a.kind !== 'internal' || b.kind !== 'internal') return;
    const span = nodesForHeight(bitWidth, before.height);
    for (let i = 0; i < a.links.length; i++) {
      const x = a.links[i];
      const y = b.links[i];
      if (x?.kind === 'link' && y?.kind === 'link' && x.cid.equals(y.cid)) continue;
      const at = offset + BigInt(i) * span;
      this.nodes(
        this.child(x, bitWidth, before.height),
        this.child(y, bitWidth, before.height),
        bitWidth,
        at,
      );
    }
  }

  all(root: AmtRoot<V>, kind: 'removed' | 'added'): void {
    this.emit({ node: root.node, height: root.height }, root.bitWidth, 0n, kind);
  }

  private values(index: bigint, before: V | undefined, after: V | undefined): void {
    if (before === undefined && after === undefined) return;
    if (before === undefined) this.changes.push({ kind: 'added', key: index, after: after! });
    else if (after === undefined) this.changes.push({ kind: 'removed', key: index, before });
    else if (!sameIpldValue(before, after)) this.changes.push({ kind: 'changed', key: index, before, after });
  }

  private emit(side: Side<V>, bitWidth: number, offset: bigint, kind: 'removed' | 'added'): void {
    const { node, height } = side;
    if (!node) return;
    if (node.kind === 'leaf') {
      node.values.forEach((value, i) => {
        if (value === undefined) return;
        const key = offset + BigInt(i);
        this.changes.push(kind === 'added' ? { kind, key, after: value } : { kind, key, before: value });
      });
      return;
    }
    const span = nodesForHeight(bitWidth, height);
    node.links.forEach((link, i) => {
      this.emit(this.child(link, bitWidth, height), bitWidth, offset + BigInt(i) * span, kind);
    });
  }

  private child(link: AmtLink<V> | undefined, bitWidth: number, height: number): Side<V> {
    if (!link) return { node: undefined, height: height - 1 };
    const node =
      link.kind === 'dirty'
        ? link.node
        : (link.node ?? loadAmtNode<V>(this.store, link.cid, bitWidth, height - 1));
    return { node, height: height - 1 };
  }
}

/** Sorts by index; an index both removed and added (different bit widths) becomes one change. */
function mergeByIndex<V>(changes: MapChange<bigint, V>[]): MapChange<bigint, V>[] {
  changes.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.kind === 'removed' ? -1 : 1));
  const merged: MapChange<bigint, V>[] = [];
  for (const change of changes) {
    const last = merged[merged.length - 1];
    if (last?.kind === 'removed' && change.kind === 'added' && last.key === change.key) {
      merged.pop();
      if (!sameIpldValue(last.before, change.after)) {
        merged.push({ kind: 'changed', key: change.key, before: last.before, after: change.after });
      }
    } else {
      merged.push(change);
    }
  }
  return merged;
}
