import { GAS } from '../../../gas/priceList';
import { codeArg, U64_MAX, u64, writeSend } from '../abi';
import { type SyscallContext, valueCall } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Module `send` (spec 2.4, 4.1): calling another actor. */
export function sendImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    /**
     * `send(ret, to_off, to_len, method, params_id, value_hi, value_lo, gas_limit, flags)`. The value is
     * `hi·2^64 + lo`; a gas limit of u64::MAX means none, any other (even 0) is a hard limit in whole gas.
     * A callee that fails is a result (its exit code in the Send struct), not an error.
     */
    send: valueCall(
      ctx,
      RESULT_SIZE.send,
      writeSend,
      (
        toOffset: number,
        toLength: number,
        method: bigint,
        paramsId: number,
        valueHigh: bigint,
        valueLow: bigint,
        gasLimit: bigint,
        flags: bigint,
      ) => {
        const to = memory.readAddress(toOffset, toLength);
        const value = (u64(valueHigh) << 64n) | u64(valueLow);
        const limit = u64(gasLimit);
        const limitMilligas =
          limit === U64_MAX
            ? undefined
            : Number(
                limit * BigInt(GAS) > BigInt(Number.MAX_SAFE_INTEGER)
                  ? Number.MAX_SAFE_INTEGER
                  : limit * BigInt(GAS),
              );
        return kernel.send(to, codeArg(method), paramsId >>> 0, value, limitMilligas, u64(flags));
      },
    ),
  };
}
