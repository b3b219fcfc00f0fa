import { EMPTY_BYTES, type EvmFrame, Status } from '../frame';
import type { CallKind, CreateKind } from '../host';
import { memoryRegion, noteWrite, regionBytes } from '../memory';
import { ADDRESS_MASK } from '../words';

/**
 * CALL, CALLCODE (value-carrying: gas, to, value, inOffset, inSize, outOffset, outSize) and DELEGATECALL,
 * STATICCALL (no value). The core's share of the work (spec 10.5): static-mode check for value transfers,
 * read the input region, hand the call to the host, replace RETURNDATA, then expand memory over the output
 * region and copy min(outSize, returndata length) bytes into it, leaving the rest of the region untouched.
 */
export function makeCall(kind: CallKind): (f: EvmFrame) => void {
  const hasValue = kind === 'CALL' || kind === 'CALLCODE';
  return (f) => {
    const s = f.stack;
    let i = f.sp - 1;
    const gas = s[i--]!;
    const to = s[i--]! & ADDRESS_MASK;
    const value = hasValue ? s[i--]! : 0n;
    const inOffset = s[i--]!;
    const inSize = s[i--]!;
    const outOffset = s[i--]!;
    const outSize = s[i]!;
    f.sp = i;
    if (kind === 'CALL' && value !== 0n && f.message.isStatic) {
      f.fail('StaticModeViolation');
      return;
    }
    if (!memoryRegion(f, inOffset, inSize)) return;
    const input = regionBytes(f);
    const result = f.host.call(f, { kind, to, value, input, gas });
    if (f.gasLeft < 0) {
      f.fail('OutOfGas');
      return;
    }
    f.returnData = result.output;
    if (!memoryRegion(f, outOffset, outSize)) return;
    const copied = Math.min(f.regionSize, result.output.length);
    if (copied > 0) {
      f.memory.set(result.output.subarray(0, copied), f.regionOffset);
      noteWrite(f, f.regionOffset, copied);
    }
    s[f.sp++] = result.success ? 1n : 0n;
  };
}

/**
 * CREATE(value, offset, size) and CREATE2(value, offset, size, salt) (spec 10.6): RETURNDATA is cleared
 * first; on success the new address is pushed and RETURNDATA stays empty; on failure 0 is pushed and a
 * constructor's revert data becomes RETURNDATA.
 */
export function makeCreate(kind: CreateKind): (f: EvmFrame) => void {
  const hasSalt = kind === 'CREATE2';
  return (f) => {
    if (f.message.isStatic) {
      f.fail('StaticModeViolation');
      return;
    }
    const s = f.stack;
    let i = f.sp - 1;
    const value = s[i--]!;
    const offset = s[i--]!;
    const size = s[i--]!;
    const salt = hasSalt ? s[i--]! : undefined;
    f.sp = i + 1;
    if (!memoryRegion(f, offset, size)) return;
    const initcode = regionBytes(f);
    f.returnData = EMPTY_BYTES;
    const request = salt === undefined ? { kind, value, initcode } : { kind, value, initcode, salt };
    const result = f.host.create(f, request);
    if (f.gasLeft < 0) {
      f.fail('OutOfGas');
      return;
    }
    if (result.address === null) {
      f.returnData = result.output;
      s[f.sp++] = 0n;
    } else {
      s[f.sp++] = result.address & ADDRESS_MASK;
    }
  };
}

export function selfdestruct(f: EvmFrame): void {
  if (f.message.isStatic) {
    f.fail('StaticModeViolation');
    return;
  }
  const beneficiary = f.stack[--f.sp]! & ADDRESS_MASK;
  f.host.selfDestruct(f, beneficiary);
  if (f.gasLeft < 0) {
    f.fail('OutOfGas');
    return;
  }
  f.status = Status.Stop;
}
