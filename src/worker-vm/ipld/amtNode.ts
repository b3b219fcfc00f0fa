import { invalidInput, malformed } from '../errors';
import { type Blockstore, getDagCbor, putDagCbor } from './blockstore';
import { CID } from './cid';
import { DAG_CBOR } from './codecs';

/**
 * Nodes of the Filecoin AMT (fvm_ipld_amt 0.7, "v3" root): a node is `[bitmap, links, values]` where
 * the bitmap marks the occupied slots of the node's 2^bitWidth (bit i is `byte[i/8] & (1 << i%8)`,
 * always bmapBytes(bitWidth) bytes), leaves (height 0) carry values and no links, internal nodes
 * carry links and no values. The root block is `[bitWidth, height, count, node]`.
 */

export interface AmtOptions {
  /** Slots per node as a power of two. Default 3, as in Rust; receipts' events use 5. */
  bitWidth?: number;
}

export type AmtLink<V> =
  | { kind: 'link'; cid: CID; node: AmtNode<V> | undefined }
  | { kind: 'dirty'; node: AmtNode<V> };

export type AmtNode<V> =
  | { kind: 'leaf'; values: (V | undefined)[] }
  | { kind: 'internal'; links: (AmtLink<V> | undefined)[] };

/** The largest index: u64::MAX − 1, so a length always fits in a u64. */
export const MAX_INDEX = (1n << 64n) - 2n;
/** Rust refuses roots taller than this on load. */
export const MAX_HEIGHT = 64;
const U64_MAX = (1n << 64n) - 1n;
/** Our limit (Rust has none): a node of 2^16 slots is already far beyond any use. */
const MAX_BIT_WIDTH = 16;

export function checkAmtBitWidth(bitWidth: unknown, where: string): number {
  if (
    typeof bitWidth !== 'number' ||
    !Number.isInteger(bitWidth) ||
    bitWidth < 1 ||
    bitWidth > MAX_BIT_WIDTH
  ) {
    throw invalidInput(
      `AMT bit width must be an integer from 1 to ${MAX_BIT_WIDTH}, got ${String(bitWidth)}`,
      where,
    );
  }
  return bitWidth;
}

/** How many indices one link at `height` spans: 2^(bitWidth·height), saturating at u64::MAX. */
export function nodesForHeight(bitWidth: number, height: number): bigint {
  const log2 = bitWidth * height;
  return log2 >= 64 ? U64_MAX : 1n << BigInt(log2);
}

export function emptyAmtNode<V>(bitWidth: number, height: number): AmtNode<V> {
  const width = 1 << bitWidth;
  return height === 0
    ? { kind: 'leaf', values: new Array<V | undefined>(width).fill(undefined) }
    : { kind: 'internal', links: new Array<AmtLink<V> | undefined>(width).fill(undefined) };
}

export function isEmptyAmtNode<V>(node: AmtNode<V>): boolean {
  const slots = node.kind === 'leaf' ? node.values : node.links;
  for (const slot of slots) if (slot !== undefined) return false;
  return true;
}

function bitmapBytes(bitWidth: number): number {
  return bitWidth <= 3 ? 1 : 1 << (bitWidth - 3);
}

/**
 * Reads a node's wire form and checks it: the bitmap has exactly bmapBytes(bitWidth) bytes and no
 * bit beyond the node's slots, as many links or values as set bits, never both links and values,
 * links only above height 0 and values only at height 0, child links DAG-CBOR, no empty node below
 * the root.
 */
export function expandAmtNode<V>(
  raw: unknown,
  bitWidth: number,
  height: number,
  isRoot: boolean,
  where: string,
): AmtNode<V> {
  if (!Array.isArray(raw) || raw.length !== 3) {
    throw malformed('an AMT node must be a 3-element array [bitmap, links, values]', where);
  }
  const [bitmap, links, values] = raw as [unknown, unknown, unknown];
  if (!(bitmap instanceof Uint8Array)) throw malformed('the bitmap must be a byte string', where);
  if (!Array.isArray(links) || !Array.isArray(values))
    throw malformed('links and values must be arrays', where);
  if (links.length > 0 && values.length > 0) throw malformed('a node holds both links and values', where);
  const expectedBytes = bitmapBytes(bitWidth);
  if (bitmap.length !== expectedBytes) {
    throw malformed(
      `bitmap of ${bitmap.length} bytes where bit width ${bitWidth} needs ${expectedBytes}`,
      where,
    );
  }
  const width = 1 << bitWidth;
  let set = 0;
  for (let i = 0; i < bitmap.length * 8; i++) {
    if ((bitmap[i >>> 3]! & (1 << (i & 7))) === 0) continue;
    if (i >= width) throw malformed(`bitmap sets bits beyond the ${width} slots of a node`, where);
    set++;
  }
  const items = height === 0 ? values : links;
  if (height === 0 && links.length > 0) throw malformed('a leaf (height 0) holds links', where);
  if (height > 0 && values.length > 0)
    throw malformed(`an internal node (height ${height}) holds values`, where);
  if (set !== items.length)
    throw malformed(`bitmap marks ${set} slots but the node holds ${items.length}`, where);
  if (!isRoot && items.length === 0) throw malformed('only the root node may be empty', where);
  const node = emptyAmtNode<V>(bitWidth, height);
  let next = 0;
  for (let i = 0; i < width; i++) {
    if ((bitmap[i >>> 3]! & (1 << (i & 7))) === 0) continue;
    const item = items[next++];
    if (node.kind === 'leaf') {
      node.values[i] = item as V;
    } else {
      const cid = CID.asCID(item);
      if (!cid) throw malformed('internal node links must be CIDs', where);
      if (cid.code !== DAG_CBOR)
        throw malformed(`child links must be DAG-CBOR, not codec 0x${cid.code.toString(16)}`, where);
      node.links[i] = { kind: 'link', cid, node: undefined };
    }
  }
  return node;
}

export function loadAmtNode<V>(store: Blockstore, cid: CID, bitWidth: number, height: number): AmtNode<V> {
  const where = `AMT node ${cid}`;
  return expandAmtNode<V>(getDagCbor<unknown>(store, cid, where), bitWidth, height, false, where);
}

export interface AmtRoot<V> {
  bitWidth: number;
  height: number;
  count: number;
  node: AmtNode<V>;
}

/**
 * Loads a root and checks it: bit width in range, height at most 64, count a u64 that fits the
 * height's capacity, zero exactly when the root is empty, and an empty AMT at height 0.
 */
export function loadAmtRoot<V>(store: Blockstore, cid: CID): AmtRoot<V> {
  const where = `AMT root ${cid}`;
  const raw = getDagCbor<unknown>(store, cid, where);
  if (!Array.isArray(raw) || raw.length !== 4) {
    throw malformed('an AMT root must be a 4-element array [bitWidth, height, count, node]', where);
  }
  const [rawBitWidth, height, count, node] = raw as [unknown, unknown, unknown, unknown];
  let bitWidth: number;
  try {
    bitWidth = checkAmtBitWidth(rawBitWidth, where);
  } catch (error) {
    throw malformed((error as Error).message, where);
  }
  if (typeof height !== 'number' || !Number.isInteger(height) || height < 0 || height > MAX_HEIGHT) {
    throw malformed(`height must be an integer from 0 to ${MAX_HEIGHT}`, where);
  }
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw malformed('count must be a non-negative integer below 2^53', where);
  }
  if (BigInt(count) > nodesForHeight(bitWidth, height + 1)) {
    throw malformed(`count ${count} exceeds the capacity of an AMT of height ${height}`, where);
  }
  const expanded = expandAmtNode<V>(node, bitWidth, height, true, where);
  const empty = isEmptyAmtNode(expanded);
  if (empty !== (count === 0))
    throw malformed(`count ${count} disagrees with ${empty ? 'an empty' : 'a non-empty'} root`, where);
  if (empty && height !== 0) throw malformed('an empty AMT must have height 0', where);
  return { bitWidth, height, count, node: expanded };
}

function amtNodeForm<V>(node: AmtNode<V>, bitWidth: number): unknown {
  const bitmap = new Uint8Array(bitmapBytes(bitWidth));
  const items: unknown[] = [];
  const slots = node.kind === 'leaf' ? node.values : node.links;
  slots.forEach((slot, i) => {
    if (slot === undefined) return;
    bitmap[i >>> 3] = bitmap[i >>> 3]! | (1 << (i & 7));
    if (node.kind === 'leaf') {
      items.push(slot);
      return;
    }
    const link = slot as AmtLink<V>;
    if (link.kind === 'dirty')
      throw new Error('bug: a dirty AMT child must be flushed before its parent is encoded');
    items.push(link.cid);
  });
  return node.kind === 'leaf' ? [bitmap, [], items] : [bitmap, items, []];
}

/** Writes changed children bottom-up in slot order, as the Rust flush does. */
export function flushAmtChildren<V>(node: AmtNode<V>, store: Blockstore, bitWidth: number): void {
  if (node.kind === 'leaf') return;
  const { links } = node;
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (link?.kind !== 'dirty') continue;
    flushAmtChildren(link.node, store, bitWidth);
    links[i] = { kind: 'link', cid: putDagCbor(store, amtNodeForm(link.node, bitWidth)), node: link.node };
  }
}

export function putAmtRoot<V>(root: AmtRoot<V>, store: Blockstore): CID {
  return putDagCbor(store, [root.bitWidth, root.height, root.count, amtNodeForm(root.node, root.bitWidth)]);
}
