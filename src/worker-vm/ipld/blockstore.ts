import * as dagCbor from '@ipld/dag-cbor';
import { malformed, notFound } from '../errors';
import { CID, cidForBlock, decodeDagCbor, encodeDagCbor } from './cid';
import { DAG_CBOR } from './codecs';

/**
 * Where IPLD blocks live. Synchronous on purpose: the kernel reads blocks from inside actor code
 * (a Wasm import or the EVM's SLOAD cannot await). Persistent stores keep their working set in memory
 * and write through in batches (see src/storage).
 */
export interface Blockstore {
  get(cid: CID): Uint8Array | undefined;
  has(cid: CID): boolean;
  put(cid: CID, bytes: Uint8Array): void;
  putMany(blocks: Iterable<readonly [CID, Uint8Array]>): void;
}

/**
 * Blocks in a Map keyed by the CID's bytes (as a binary string: much cheaper than the base32 form
 * for CIDs just decoded from a node, which is what the IPLD structures look up).
 */
export class MemoryBlockstore implements Blockstore {
  private readonly blocks = new Map<string, Uint8Array>();

  get(cid: CID): Uint8Array | undefined {
    return this.blocks.get(cidKey(cid));
  }

  has(cid: CID): boolean {
    return this.blocks.has(cidKey(cid));
  }

  put(cid: CID, bytes: Uint8Array): void {
    this.blocks.set(cidKey(cid), bytes);
  }

  putMany(blocks: Iterable<readonly [CID, Uint8Array]>): void {
    for (const [cid, bytes] of blocks) this.put(cid, bytes);
  }

  get size(): number {
    return this.blocks.size;
  }

  /** Every block, for export and persistence. */
  *entries(): IterableIterator<[CID, Uint8Array]> {
    for (const [key, bytes] of this.blocks) {
      yield [CID.decode(Uint8Array.from(key, (char) => char.charCodeAt(0))), bytes];
    }
  }
}

/** A cheap Map key for a CID: its bytes as a binary string (no base32 encoding). */
export function cidKey(cid: CID): string {
  const bytes = cid.bytes;
  let key = '';
  for (let i = 0; i < bytes.length; i++) key += String.fromCharCode(bytes[i]!);
  return key;
}

/** Reads a block or throws a typed NotFound error naming the CID. */
export function getBlock(store: Blockstore, cid: CID, what = 'block'): Uint8Array {
  const bytes = store.get(cid);
  if (!bytes) throw notFound(`block ${cid} is not in the store`, what);
  return bytes;
}

/** Encodes a value as DAG-CBOR, stores it and returns its CID. */
export function putDagCbor(store: Blockstore, value: unknown): CID {
  const bytes = encodeDagCbor(value);
  const cid = cidForBlock(DAG_CBOR, bytes);
  store.put(cid, bytes);
  return cid;
}

/**
 * Loads and decodes a DAG-CBOR block, naming it `${kind} ${cid}` in errors. The name is only built
 * on failure: the IPLD structures load many nodes and a CID's string form is not free.
 */
export function loadDagCbor(store: Blockstore, cid: CID, kind: string): unknown {
  const bytes = store.get(cid);
  if (!bytes) throw notFound(`block ${cid} is not in the store`, kind);
  try {
    return dagCbor.decode(bytes);
  } catch (error) {
    throw malformed(`not valid DAG-CBOR (${(error as Error).message})`, `${kind} ${cid}`);
  }
}

/** Loads and decodes a DAG-CBOR block. */
export function getDagCbor<T = unknown>(store: Blockstore, cid: CID, what = 'block'): T {
  return decodeDagCbor<T>(getBlock(store, cid, what), what);
}
