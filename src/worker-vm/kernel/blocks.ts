import { cidKey } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import { ErrorNumber } from './codes';
import { SyscallError } from './errors';

/** An IPLD block held by an invocation: codec, bytes and the links found in it (DAG-CBOR only). */
export interface Block {
  readonly codec: number;
  readonly data: Uint8Array;
  readonly links: readonly CID[];
}

export const block = (codec: number, data: Uint8Array, links: readonly CID[] = []): Block => ({
  codec,
  data,
  links,
});

/** Handle 0 means "no block" (spec 2.4 block handles). */
export const NO_BLOCK = 0;

/**
 * The blocks an invocation can see, by handle (1, 2, …), and the CIDs it may open: its state root, links of
 * blocks it opened or received, and CIDs it linked itself (spec 2.4 `ipld`).
 */
export class BlockRegistry {
  private readonly blocks: Block[] = [];
  private readonly reachable = new Set<string>();

  /** Registers a block and returns its handle. */
  put(block: Block): number {
    if (this.blocks.length >= 0x7fff_fffe)
      throw new SyscallError(ErrorNumber.LimitExceeded, 'too many blocks');
    this.blocks.push(block);
    return this.blocks.length;
  }

  /** Registers a block whose links the invocation may now open. */
  putReachable(block: Block): number {
    for (const link of block.links) this.reachable.add(cidKey(link));
    return this.put(block);
  }

  get(id: number): Block {
    const found = id > 0 ? this.blocks[id - 1] : undefined;
    if (!found) throw new SyscallError(ErrorNumber.InvalidHandle, `no block with handle ${id}`);
    return found;
  }

  markReachable(cid: CID): void {
    this.reachable.add(cidKey(cid));
  }

  isReachable(cid: CID): boolean {
    return this.reachable.has(cidKey(cid));
  }

  get isFull(): boolean {
    return this.blocks.length >= 0x7fff_fffe;
  }
}
