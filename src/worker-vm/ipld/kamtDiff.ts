import { rank, testBit } from './bitfield';
import type { Blockstore } from './blockstore';
import type { CID } from './cid';
import { diffEntryLists, type KeyedValue, type MapChange, sortByKey } from './diff';
import {
  chunkBits,
  type KamtConfig,
  type KamtNode,
  type KamtOptions,
  type KamtPointer,
  kamtConfig,
  loadKamtNode,
} from './kamtNode';
import { readBits, writeBits } from './keyBits';

/**
 * What changed between two KAMT roots, in key order. Subtrees with equal CIDs are skipped unread.
 * Extensions mean the same key range can sit at different depths before and after (an insert splits
 * an extension, a delete joins two), so the walk pairs subtrees by the key prefix they cover: when one
 * side is deeper, the shallower side is descended along the deeper side's prefix, and only subtrees
 * off that prefix are read in full (they are all changes).
 */
export function diffKamt<V>(
  store: Blockstore,
  before: CID,
  after: CID,
  options?: KamtOptions,
): MapChange<Uint8Array, V>[] {
  const changes: MapChange<Uint8Array, V>[] = [];
  if (before.equals(after)) return changes;
  const config = kamtConfig(options);
  const walk = new KamtDiffWalk<V>(store, config, changes);
  const root = (cid: CID): Subtree<V> => ({
    node: loadKamtNode<V>(store, cid, config, 0),
    offset: 0,
    prefix: new Uint8Array(config.keyBytes),
    cid,
  });
  walk.subtrees(root(before), root(after));
  return sortByKey(changes);
}

/** A node with the key bits that lead to it: `prefix` holds bits [0, offset), the rest zero. */
interface Subtree<V> {
  node: KamtNode<V>;
  offset: number;
  prefix: Uint8Array;
  cid: CID | undefined;
}

class KamtDiffWalk<V> {
  constructor(
    private readonly store: Blockstore,
    private readonly config: KamtConfig,
    private readonly changes: MapChange<Uint8Array, V>[],
  ) {}

  subtrees(before: Subtree<V>, after: Subtree<V>): void {
    if (before.cid && after.cid && before.cid.equals(after.cid)) return;
    if (before.offset === after.offset) {
      const slots = 1 << this.config.bitWidth;
      for (let slot = 0; slot < slots; slot++) {
        const a = pointerAt(before.node, slot);
        const b = pointerAt(after.node, slot);
        if (a?.kind === 'link' && b?.kind === 'link' && a.cid.equals(b.cid)) continue;
        if (a || b) this.pointers(a && this.resolve(a, before, slot), b && this.resolve(b, after, slot));
      }
    } else if (before.offset < after.offset) {
      this.descend(before, after, true);
    } else {
      this.descend(after, before, false);
    }
  }

  /** A pointer as either a bucket's entries or the subtree it links to. */
  private resolve(pointer: KamtPointer<V>, parent: Subtree<V>, slot: number): KeyedValue<V>[] | Subtree<V> {
    if (pointer.kind === 'bucket') return pointer.entries;
    const count = chunkBits(this.config, parent.offset);
    const offset = parent.offset + count + pointer.extension.bits;
    const prefix = parent.prefix.slice();
    writeBits(prefix, parent.offset, slot, count);
    for (let done = 0; done < pointer.extension.bits; done += 8) {
      const chunk = Math.min(8, pointer.extension.bits - done);
      writeBits(prefix, parent.offset + count + done, readBits(pointer.extension.path, done, chunk), chunk);
    }
    if (pointer.kind === 'dirty') return { node: pointer.node, offset, prefix, cid: undefined };
    return { node: this.load(pointer.cid, offset), offset, prefix, cid: pointer.cid };
  }

  private pointers(
    before: KeyedValue<V>[] | Subtree<V> | undefined,
    after: KeyedValue<V>[] | Subtree<V> | undefined,
  ): void {
    if (before && after && !Array.isArray(before) && !Array.isArray(after)) {
      this.subtrees(before, after);
      return;
    }
    // A bucket against a subtree holds at most a bucket's worth of pairs in common with it.
    diffEntryLists(this.entries(before), this.entries(after), this.changes);
  }

  /**
   * `shallow` is above `deep`, whose keys all start with `deep.prefix`: only the slot of `shallow` on
   * that prefix can hold keys in common; everything in the other slots changed.
   */
  private descend(shallow: Subtree<V>, deep: Subtree<V>, shallowIsBefore: boolean): void {
    const count = chunkBits(this.config, shallow.offset);
    const onPath = readBits(deep.prefix, shallow.offset, count);
    const slots = 1 << this.config.bitWidth;
    let matchedSide: KeyedValue<V>[] | Subtree<V> | undefined;
    for (let slot = 0; slot < slots; slot++) {
      const pointer = pointerAt(shallow.node, slot);
      if (!pointer) continue;
      const side = this.resolve(pointer, shallow, slot);
      if (slot === onPath) matchedSide = side;
      else this.pointers(shallowIsBefore ? side : undefined, shallowIsBefore ? undefined : side);
    }
    if (shallowIsBefore) this.pointers(matchedSide, deep);
    else this.pointers(deep, matchedSide);
  }

  private entries(
    side: KeyedValue<V>[] | Subtree<V> | undefined,
    out: KeyedValue<V>[] = [],
  ): KeyedValue<V>[] {
    if (!side) return out;
    if (Array.isArray(side)) {
      out.push(...side);
      return out;
    }
    for (let slot = 0; slot < 1 << this.config.bitWidth; slot++) {
      const pointer = pointerAt(side.node, slot);
      if (pointer) this.entries(this.resolve(pointer, side, slot), out);
    }
    return out;
  }

  private load(cid: CID, offset: number): KamtNode<V> {
    return loadKamtNode<V>(this.store, cid, this.config, offset);
  }
}

function pointerAt<V>(node: KamtNode<V>, slot: number): KamtPointer<V> | undefined {
  return testBit(node.bitfield, slot) ? node.pointers[rank(node.bitfield, slot)] : undefined;
}
