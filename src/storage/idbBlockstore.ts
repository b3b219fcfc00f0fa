import { createStore, entries, type UseStore } from 'idb-keyval';
import { type Blockstore, MemoryBlockstore } from '../worker-vm/ipld/blockstore';
import { CID } from '../worker-vm/ipld/cid';
import { writeAtomically } from './atomicWrite';

/** Keys of blocks in the key-value store: `b/<cid>`; other prefixes belong to the chain and workspace. */
export const BLOCK_KEY_PREFIX = 'b/';
const blockKey = (cid: CID) => `${BLOCK_KEY_PREFIX}${cid.toString()}`;

/**
 * The Blockstore interface over IndexedDB (via idb-keyval). The VM reads blocks synchronously from inside
 * actor code, so all blocks live in memory once the store is open; writes are buffered and saved by
 * `flush`, in one IndexedDB transaction together with any other entries passed (the chain head), so a
 * crash never leaves half a commit on disk.
 */
export class IdbBlockstore implements Blockstore {
  private readonly memory = new MemoryBlockstore();
  private pending = new Map<string, Uint8Array>();

  private constructor(readonly db: UseStore) {}

  /** Opens (or creates) the database and loads its blocks. */
  static async open(dbName: string, storeName = 'kv'): Promise<IdbBlockstore> {
    const db = createStore(dbName, storeName);
    const store = new IdbBlockstore(db);
    for (const [key, value] of await entries<IDBValidKey, unknown>(db)) {
      if (typeof key !== 'string' || !key.startsWith(BLOCK_KEY_PREFIX) || !(value instanceof Uint8Array))
        continue;
      store.memory.put(CID.parse(key.slice(BLOCK_KEY_PREFIX.length)), value);
    }
    return store;
  }

  get(cid: CID): Uint8Array | undefined {
    return this.memory.get(cid);
  }

  has(cid: CID): boolean {
    return this.memory.has(cid);
  }

  put(cid: CID, bytes: Uint8Array): void {
    if (this.memory.has(cid)) return;
    this.memory.put(cid, bytes);
    this.pending.set(blockKey(cid), bytes);
  }

  putMany(blocks: Iterable<readonly [CID, Uint8Array]>): void {
    for (const [cid, bytes] of blocks) this.put(cid, bytes);
  }

  get size(): number {
    return this.memory.size;
  }

  get unsaved(): number {
    return this.pending.size;
  }

  /**
   * Saves buffered blocks and `alongside` entries in one transaction. If it fails (quota, a closed tab),
   * nothing is written and the blocks stay buffered for the next attempt.
   */
  async flush(alongside: Array<[IDBValidKey, unknown]> = []): Promise<void> {
    const batch = this.pending;
    if (batch.size === 0 && alongside.length === 0) return;
    this.pending = new Map();
    try {
      await writeAtomically(this.db, [...batch, ...alongside]);
    } catch (error) {
      for (const [key, bytes] of batch) if (!this.pending.has(key)) this.pending.set(key, bytes);
      throw error;
    }
  }
}
