import type { Blockstore } from './blockstore';
import type { CID } from './cid';

/**
 * A blockstore wrapper that counts reads and writes (and their bytes), like ref-fvm's
 * `TrackingBlockstore`: the IPLD structures must do exactly as many gets and puts as the Rust code,
 * because actor-state stores charge gas per block.
 */
export class TrackingBlockstore implements Blockstore {
  reads = 0;
  writes = 0;
  bytesRead = 0;
  bytesWritten = 0;

  constructor(private readonly inner: Blockstore) {}

  get(cid: CID): Uint8Array | undefined {
    const bytes = this.inner.get(cid);
    this.reads++;
    if (bytes) this.bytesRead += bytes.length;
    return bytes;
  }

  has(cid: CID): boolean {
    return this.inner.has(cid);
  }

  put(cid: CID, bytes: Uint8Array): void {
    this.writes++;
    this.bytesWritten += bytes.length;
    this.inner.put(cid, bytes);
  }

  putMany(blocks: Iterable<readonly [CID, Uint8Array]>): void {
    for (const [cid, bytes] of blocks) this.put(cid, bytes);
  }

  /** The counters as one object, to compare against the figures the Rust tests pin. */
  stats(): { reads: number; writes: number; bytesRead: number; bytesWritten: number } {
    return {
      reads: this.reads,
      writes: this.writes,
      bytesRead: this.bytesRead,
      bytesWritten: this.bytesWritten,
    };
  }

  reset(): void {
    this.reads = 0;
    this.writes = 0;
    this.bytesRead = 0;
    this.bytesWritten = 0;
  }
}
