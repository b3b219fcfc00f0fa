import { type Blockstore, cidKey } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import { DAG_CBOR } from '../ipld/codecs';
import { scanIpldLinks } from '../ipld/scanLinks';

/**
 * Writes go to a buffer over a base store (ref-fvm's BufferedBlockstore). After a message, `commit(root)`
 * copies to the base only the new blocks reachable from the new state root, so garbage from reverted calls
 * and scratch work never reaches the base (nor IndexedDB); `discard()` drops everything buffered.
 */
export class BufferedBlockstore implements Blockstore {
  private buffer = new Map<string, { cid: CID; bytes: Uint8Array }>();

  constructor(readonly base: Blockstore) {}

  get(cid: CID): Uint8Array | undefined {
    return this.buffer.get(cidKey(cid))?.bytes ?? this.base.get(cid);
  }

  has(cid: CID): boolean {
    return this.buffer.has(cidKey(cid)) || this.base.has(cid);
  }

  put(cid: CID, bytes: Uint8Array): void {
    const key = cidKey(cid);
    if (!this.buffer.has(key) && !this.base.has(cid)) this.buffer.set(key, { cid, bytes });
  }

  putMany(blocks: Iterable<readonly [CID, Uint8Array]>): void {
    for (const [cid, bytes] of blocks) this.put(cid, bytes);
  }

  /** Blocks waiting in the buffer (for tests and diagnostics). */
  get pending(): number {
    return this.buffer.size;
  }

  /**
   * Moves the buffered blocks reachable from `roots` into the base store and forgets the rest. Returns the
   * blocks written, so a persistent store can save exactly those in one transaction.
   */
  commit(...roots: CID[]): Array<[CID, Uint8Array]> {
    const written: Array<[CID, Uint8Array]> = [];
    const stack = [...roots];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const cid = stack.pop()!;
      const key = cidKey(cid);
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = this.buffer.get(key);
      // Blocks already in the base are complete DAGs: nothing below them is in the buffer only.
      if (!entry) continue;
      written.push([entry.cid, entry.bytes]);
      if (cid.code === DAG_CBOR) stack.push(...scanIpldLinks(DAG_CBOR, entry.bytes).links);
    }
    this.base.putMany(written);
    this.buffer = new Map();
    return written;
  }

  discard(): void {
    this.buffer = new Map();
  }
}
