import type { EvmFrame } from '../frame';

// Storage goes through the host; the core only enforces static mode and tells the trace.

export function sload(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  const key = s[top]!;
  const value = f.host.sload(f, key);
  s[top] = value;
  if (f.trace !== null) f.trace.storageAccess(f, 'sload', key, value, undefined);
  if (f.gasLeft < 0) f.fail('OutOfGas');
}

export function sstore(f: EvmFrame): void {
  if (f.message.isStatic) {
    f.fail('StaticModeViolation');
    return;
  }
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  const key = s[sp + 1]!;
  const value = s[sp]!;
  const previous = f.host.sstore(f, key, value);
  if (f.trace !== null) f.trace.storageAccess(f, 'sstore', key, value, previous);
  if (f.gasLeft < 0) f.fail('OutOfGas');
}

export function tload(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  const key = s[top]!;
  const value = f.host.tload(f, key);
  s[top] = value;
  if (f.trace !== null) f.trace.storageAccess(f, 'tload', key, value, undefined);
  if (f.gasLeft < 0) f.fail('OutOfGas');
}

export function tstore(f: EvmFrame): void {
  if (f.message.isStatic) {
    f.fail('StaticModeViolation');
    return;
  }
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  const key = s[sp + 1]!;
  const value = s[sp]!;
  f.host.tstore(f, key, value);
  if (f.trace !== null) f.trace.storageAccess(f, 'tstore', key, value, undefined);
  if (f.gasLeft < 0) f.fail('OutOfGas');
}
