import { sha256 } from '@noble/hashes/sha2.js';
import { invalidInput, malformed } from '../errors';
import { type Bitfield, bitfieldFromBytes, bitfieldToBytes, emptyBitfield, popcount } from './bitfield';
import { type Blockstore, loadDagCbor, putDagCbor } from './blockstore';
import { compareBytes } from './bytes';
import { CID } from './cid';
import { DAG_CBOR } from './codecs';

/**
 * Nodes of the Filecoin HAMT ("v3" format of fvm_ipld_hamt 0.10): `[bitfield, pointers]`, where each
 * pointer is a link (CID of a child node) or a bucket of `[key, value]` pairs sorted by key bytes.
 */

export interface HamtOptions {
  /** Bits of the hashed key consumed per level (1..8); nodes have 2^bitWidth slots. Default 5. */
  bitWidth?: number;
  /** Most pairs a bucket holds before it is pushed down into a child node. Default 3. */
  maxBucketSize?: number;
  /** Hashes a key into the path through the tree. Default SHA-256 of the key bytes. */
  hashKey?: (key: Uint8Array) => Uint8Array;
}

export interface HamtConfig {
  bitWidth: number;
  maxBucketSize: number;
  hashKey: (key: Uint8Array) => Uint8Array;
}

export interface HamtEntry<V> {
  key: Uint8Array;
  value: V;
}

export type HamtPointer<V> =
  | { kind: 'bucket'; entries: HamtEntry<V>[] }
  /** A child as stored; `node` caches it once loaded (loads happen at most once per child). */
  | { kind: 'link'; cid: CID; node: HamtNode<V> | undefined }
  /** A child changed since it was last stored; written by the next flush. */
  | { kind: 'dirty'; node: HamtNode<V> };

export interface HamtNode<V> {
  bitfield: Bitfield;
  pointers: HamtPointer<V>[];
}

export function hamtConfig(options: HamtOptions = {}): HamtConfig {
  const { bitWidth = 5, maxBucketSize = 3, hashKey = sha256 } = options;
  if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > 8) {
    throw invalidInput(`HAMT bit width must be an integer from 1 to 8, got ${bitWidth}`, 'bitWidth');
  }
  if (!Number.isInteger(maxBucketSize) || maxBucketSize < 1) {
    throw invalidInput(`HAMT bucket size must be a positive integer, got ${maxBucketSize}`, 'maxBucketSize');
  }
  return { bitWidth, maxBucketSize, hashKey };
}

export function emptyHamtNode<V>(config: HamtConfig): HamtNode<V> {
  return { bitfield: emptyBitfield(config.bitWidth), pointers: [] };
}

/**
 * Loads a node and checks it the way fvm_ipld_hamt's `Node::load` does: pointer count within the
 * node's slots and equal to the bitfield's population, no empty node below the root, buckets
 * non-empty, within the size limit and strictly sorted, child links DAG-CBOR.
 */
export function loadHamtNode<V>(store: Blockstore, cid: CID, config: HamtConfig, depth: number): HamtNode<V> {
  const where = () => `HAMT node ${cid}`;
  const decoded = loadDagCbor(store, cid, 'HAMT node');
  if (!Array.isArray(decoded) || decoded.length !== 2) {
    throw malformed('a HAMT node must be a 2-element array [bitfield, pointers]', where());
  }
  const [bitfieldBytes, rawPointers] = decoded as [unknown, unknown];
  if (!(bitfieldBytes instanceof Uint8Array)) throw malformed('the bitfield must be a byte string', where());
  if (!Array.isArray(rawPointers)) throw malformed('the pointers must be an array', where());
  const slots = 1 << config.bitWidth;
  if (rawPointers.length > slots) {
    throw malformed(
      `${rawPointers.length} pointers exceed the ${slots} slots of bit width ${config.bitWidth}`,
      where(),
    );
  }
  const bitfield = bitfieldFromBytes(bitfieldBytes, config.bitWidth, where);
  const occupied = popcount(bitfield);
  if (occupied !== rawPointers.length) {
    throw malformed(`${rawPointers.length} pointers but the bitfield marks ${occupied} slots`, where());
  }
  if (rawPointers.length === 0 && depth !== 0) throw malformed('only the root node may be empty', where());
  const pointers: HamtPointer<V>[] = new Array(rawPointers.length);
  for (let i = 0; i < rawPointers.length; i++) pointers[i] = readPointer<V>(rawPointers[i], config, where, i);
  return { bitfield, pointers };
}

function readPointer<V>(raw: unknown, config: HamtConfig, node: () => string, index: number): HamtPointer<V> {
  const cid = CID.asCID(raw);
  if (cid) {
    if (cid.code !== DAG_CBOR)
      throw malformed(
        `child links must be DAG-CBOR, not codec 0x${cid.code.toString(16)}`,
        place(node, index),
      );
    return { kind: 'link', cid, node: undefined };
  }
  if (!Array.isArray(raw))
    throw malformed('a pointer must be a link or a bucket (array of pairs)', place(node, index));
  if (raw.length === 0) throw malformed('empty bucket', place(node, index));
  if (raw.length > config.maxBucketSize) {
    throw malformed(
      `bucket of ${raw.length} pairs exceeds the limit of ${config.maxBucketSize}`,
      place(node, index),
    );
  }
  const entries: HamtEntry<V>[] = [];
  for (const pair of raw) {
    if (!Array.isArray(pair) || pair.length !== 2 || !(pair[0] instanceof Uint8Array)) {
      throw malformed('a bucket entry must be a [key bytes, value] pair', place(node, index));
    }
    const previous = entries[entries.length - 1];
    if (previous && compareBytes(previous.key, pair[0]) >= 0) {
      throw malformed('duplicate or unsorted keys in bucket', place(node, index));
    }
    entries.push({ key: pair[0], value: pair[1] as V });
  }
  return { kind: 'bucket', entries };
}

/** Where a bad pointer is, for error messages (built only when one is thrown). */
function place(node: () => string, index: number): string {
  return `${node()}, pointer ${index}`;
}

/** The node's wire form; dirty children must have been flushed first. */
function hamtNodeForm<V>(node: HamtNode<V>): unknown {
  return [
    bitfieldToBytes(node.bitfield),
    node.pointers.map((pointer) => {
      if (pointer.kind === 'bucket') return pointer.entries.map((entry) => [entry.key, entry.value]);
      if (pointer.kind === 'link') return pointer.cid;
      throw new Error('bug: a dirty HAMT child must be flushed before its parent is encoded');
    }),
  ];
}

/**
 * Writes the node's changed children bottom-up (depth first, in slot order, as the Rust `flush` does)
 * and turns them into links that keep the written node cached.
 */
export function flushHamtChildren<V>(node: HamtNode<V>, store: Blockstore): void {
  const { pointers } = node;
  for (let i = 0; i < pointers.length; i++) {
    const pointer = pointers[i]!;
    if (pointer.kind !== 'dirty') continue;
    flushHamtChildren(pointer.node, store);
    pointers[i] = { kind: 'link', cid: putDagCbor(store, hamtNodeForm(pointer.node)), node: pointer.node };
  }
}

export function putHamtNode<V>(node: HamtNode<V>, store: Blockstore): CID {
  return putDagCbor(store, hamtNodeForm(node));
}
