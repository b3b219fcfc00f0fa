import { GAS } from '../../../gas/priceList';
import { u64 } from '../abi';
import { emptyCall, type SyscallContext, valueCall, writeU64Result } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Module `gas` (spec 2.4): named charges and the gas left. */
export function gasImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    /** Charges `amount` whole gas under a UTF-8 name. */
    charge: emptyCall(ctx, (nameOffset: number, nameLength: number, amount: bigint) =>
      kernel.chargeGas(memory.readUtf8(nameOffset, nameLength, 'the gas charge name'), u64(amount)),
    ),
    /** Whole gas left, rounded down. */
    available: valueCall(ctx, RESULT_SIZE.u64, writeU64Result, () => Math.floor(kernel.gasAvailable() / GAS)),
  };
}
