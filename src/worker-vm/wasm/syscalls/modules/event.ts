import { ErrorNumber } from '../../../kernel/codes';
import { SyscallError } from '../../../kernel/errors';
import { EVENT_ENTRY_SIZE } from '../../../kernel/kernel';
import { emptyCall, type SyscallContext } from '../framing';

/** Module `event` (spec 2.4, 11): actor events. */
export function eventImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    /**
     * `emit_event(entries, count, keys, keys_len, values, values_len)`: `count` 24-byte entry headers,
     * the keys concatenated, the values concatenated. The kernel charges and then validates.
     */
    emit_event: emptyCall(
      ctx,
      (
        entriesOffset: number,
        count: number,
        keysOffset: number,
        keysLength: number,
        valuesOffset: number,
        valuesLength: number,
      ) => {
        const headersLength = (count >>> 0) * EVENT_ENTRY_SIZE;
        const off = entriesOffset >>> 0;
        if (off + headersLength > memory.byteLength) {
          throw new SyscallError(
            ErrorNumber.IllegalArgument,
            `event entries ${off} (${count >>> 0} entries) out of bounds`,
          );
        }
        const headers = memory.bytes().subarray(off, off + headersLength);
        kernel.emitEventRaw(
          headers,
          memory.slice(keysOffset, keysLength),
          memory.slice(valuesOffset, valuesLength),
        );
      },
    ),
  };
}
