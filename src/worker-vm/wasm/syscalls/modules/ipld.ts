import { codeArg, writeIpldOpen, writeIpldStat } from '../abi';
import { type SyscallContext, valueCall, writeI32Result, writeU32Result } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Module `ipld` (spec 2.4): the invocation's blocks by handle. */
export function ipldImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    block_open: valueCall(ctx, RESULT_SIZE.ipldOpen, writeIpldOpen, (cidOffset: number) =>
      kernel.blockOpen(memory.readCid(cidOffset)),
    ),

    block_create: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (codec: bigint, dataOffset: number, dataLength: number) =>
        kernel.blockCreate(codeArg(codec), memory.slice(dataOffset, dataLength)),
    ),

    /** Copies what fits and returns `size − (offset + buf_len)` (negative when the buffer is longer). */
    block_read: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeI32Result,
      (id: number, offset: number, bufferOffset: number, bufferLength: number) => {
        const out = memory.slice(bufferOffset, bufferLength);
        const { data, remaining } = kernel.blockRead(id >>> 0, offset >>> 0, bufferLength >>> 0);
        out.set(data);
        return remaining;
      },
    ),

    block_stat: valueCall(ctx, RESULT_SIZE.ipldStat, writeIpldStat, (id: number) =>
      kernel.blockStat(id >>> 0),
    ),

    /** The output buffer is checked before hashing; a short buffer fails only after the block is linked. */
    block_link: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (id: number, hashFunction: bigint, hashLength: number, cidOffset: number, cidLength: number) => {
        memory.checkBounds(cidOffset, cidLength);
        const cid = kernel.blockLink(id >>> 0, codeArg(hashFunction), hashLength >>> 0);
        return memory.writeCid(cid, cidOffset, cidLength);
      },
    ),
  };
}
