import { writeTokenAmount } from '../abi';
import { emptyCall, type SyscallContext, valueCall, writeU32Result } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Module `self` (spec 2.4): the actor's own state root, balance and deletion. */
export function selfImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    root: valueCall(ctx, RESULT_SIZE.u32, writeU32Result, (cidOffset: number, cidLength: number) => {
      memory.checkBounds(cidOffset, cidLength);
      return memory.writeCid(kernel.root(), cidOffset, cidLength);
    }),

    set_root: emptyCall(ctx, (cidOffset: number) => kernel.setRoot(memory.readCid(cidOffset))),

    current_balance: valueCall(ctx, RESULT_SIZE.tokenAmount, writeTokenAmount, () => kernel.currentBalance()),

    self_destruct: emptyCall(ctx, (burnUnspent: number) => kernel.selfDestruct(burnUnspent !== 0)),
  };
}
