import { rank, testBit } from './bitfield';
import type { Blockstore } from './blockstore';
import type { CID } from './cid';
import { diffEntryLists, type KeyedValue, type MapChange, sortByKey } from './diff';
import {
  type HamtConfig,
  type HamtNode,
  type HamtOptions,
  type HamtPointer,
  hamtConfig,
  loadHamtNode,
} from './hamtNode';

/**
 * What changed between two HAMT roots, in key-byte order. Subtrees whose CIDs are equal are skipped
 * without being read, so the cost follows the size of the change, not of the map.
 */
export function diffHamt<V>(
  store: Blockstore,
  before: CID,
  after: CID,
  options?: HamtOptions,
): MapChange<Uint8Array, V>[] {
  const changes: MapChange<Uint8Array, V>[] = [];
  if (before.equals(after)) return changes;
  const config = hamtConfig(options);
  const walk = new HamtDiffWalk<V>(store, config, changes);
  walk.nodes(loadHamtNode<V>(store, before, config, 0), loadHamtNode<V>(store, after, config, 0), 0);
  return sortByKey(changes);
}

class HamtDiffWalk<V> {
  constructor(
    private readonly store: Blockstore,
    private readonly config: HamtConfig,
    private readonly changes: MapChange<Uint8Array, V>[],
  ) {}

  nodes(before: HamtNode<V>, after: HamtNode<V>, depth: number): void {
    const slots = 1 << this.config.bitWidth;
    for (let slot = 0; slot < slots; slot++) {
      const a = testBit(before.bitfield, slot) ? before.pointers[rank(before.bitfield, slot)] : undefined;
      const b = testBit(after.bitfield, slot) ? after.pointers[rank(after.bitfield, slot)] : undefined;
      if (a || b) this.pointers(a, b, depth);
    }
  }

  private pointers(
    before: HamtPointer<V> | undefined,
    after: HamtPointer<V> | undefined,
    depth: number,
  ): void {
    if (before?.kind === 'link' && after?.kind === 'link') {
      if (before.cid.equals(after.cid)) return;
      this.nodes(this.child(before.cid, depth), this.child(after.cid, depth), depth + 1);
      return;
    }
    // A bucket against a subtree: in canonical form the subtree holds more pairs than a bucket can,
    // so all but a few of them are changes anyway.
    diffEntryLists(this.collect(before, depth), this.collect(after, depth), this.changes);
  }

  private collect(
    pointer: HamtPointer<V> | undefined,
    depth: number,
    out: KeyedValue<V>[] = [],
  ): KeyedValue<V>[] {
    if (!pointer) return out;
    if (pointer.kind === 'bucket') {
      out.push(...pointer.entries);
      return out;
    }
    const node = pointer.kind === 'link' ? this.child(pointer.cid, depth) : pointer.node;
    for (const inner of node.pointers) this.collect(inner, depth + 1, out);
    return out;
  }

  private child(cid: CID, depth: number): HamtNode<V> {
    return loadHamtNode<V>(this.store, cid, this.config, depth + 1);
  }
}
