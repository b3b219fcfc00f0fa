import { type SyscallContext, valueCall, writeBytesResult } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Module `rand` (spec 2.4): the raw 32-byte chain and beacon digests of an epoch. */
export function randImports(ctx: SyscallContext) {
  const { kernel } = ctx;
  return {
    get_chain_randomness: valueCall(ctx, RESULT_SIZE.randomness, writeBytesResult, (epoch: bigint) =>
      kernel.getChainRandomness(epoch),
    ),
    get_beacon_randomness: valueCall(ctx, RESULT_SIZE.randomness, writeBytesResult, (epoch: bigint) =>
      kernel.getBeaconRandomness(epoch),
    ),
  };
}
