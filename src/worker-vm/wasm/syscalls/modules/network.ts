import { writeNetworkContext, writeTokenAmount } from '../abi';
import { type SyscallContext, valueCall, writeU32Result } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Module `network` (spec 2.4): network context, past tipset CIDs, circulating supply. */
export function networkImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    context: valueCall(ctx, RESULT_SIZE.networkContext, writeNetworkContext, () => kernel.networkContext()),

    /** The output buffer is checked before the lookup; the CID's length is returned. */
    tipset_cid: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (epoch: bigint, bufferOffset: number, bufferLength: number) => {
        memory.checkBounds(bufferOffset, bufferLength);
        const cid = kernel.tipsetCid(epoch);
        return memory.writeCid(cid, bufferOffset, bufferLength);
      },
    ),

    total_fil_circ_supply: valueCall(ctx, RESULT_SIZE.tokenAmount, writeTokenAmount, () =>
      kernel.totalFilCircSupply(),
    ),
  };
}
