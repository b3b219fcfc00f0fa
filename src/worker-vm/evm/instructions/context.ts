import type { EvmFrame } from '../frame';
import { wordsFor } from '../gas';
import type { EvmHost } from '../host';
import { copyIntoRegion, memoryRegion, noteWrite } from '../memory';
import { ADDRESS_MASK, bytesToWord, U32_MAX } from '../words';

// Frame inputs (ADDRESS, CALLER, CALLVALUE, CALLDATA*, CODE*, RETURNDATA*) come from the frame; everything
// about the outside world (balances, other code, block context) comes from the host.

export function address(f: EvmFrame): void {
  f.stack[f.sp++] = f.message.address;
}

export function caller(f: EvmFrame): void {
  f.stack[f.sp++] = f.message.caller;
}

export function callvalue(f: EvmFrame): void {
  f.stack[f.sp++] = f.message.value;
}

export function calldataload(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  const input = f.message.input;
  const index = s[top]!;
  if (index >= BigInt(input.length)) {
    s[top] = 0n;
    return;
  }
  const start = Number(index);
  if (start + 32 <= input.length) {
    s[top] = bytesToWord(input, start, 32);
    return;
  }
  const padded = new Uint8Array(32);
  padded.set(input.subarray(start));
  s[top] = bytesToWord(padded, 0, 32);
}

export function calldatasize(f: EvmFrame): void {
  f.stack[f.sp++] = BigInt(f.message.input.length);
}

export function calldatacopy(f: EvmFrame): void {
  copyToMemory(f, f.message.input);
}

export function codesize(f: EvmFrame): void {
  f.stack[f.sp++] = BigInt(f.code.length);
}

export function codecopy(f: EvmFrame): void {
  copyToMemory(f, f.code);
}

/** Shared by CALLDATACOPY and CODECOPY: (memOffset, dataOffset, size) with zero-fill past the data. */
function copyToMemory(f: EvmFrame, data: Uint8Array): void {
  const s = f.stack;
  const sp = f.sp - 3;
  f.sp = sp;
  const memOffset = s[sp + 2]!;
  const dataOffset = s[sp + 1]!;
  const size = s[sp]!;
  if (!memoryRegion(f, memOffset, size)) return;
  if (f.regionSize === 0) return;
  if (!f.charge(f.gasSchedule.copyPerWord * wordsFor(f.regionSize))) return;
  copyIntoRegion(f, data, dataOffset);
}

export function extcodesize(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  s[top] = BigInt(f.host.extCodeSize(f, s[top]! & ADDRESS_MASK));
  if (f.gasLeft < 0) f.fail('OutOfGas');
}

/** EXTCODECOPY(address, memOffset, codeOffset, size): the host is asked first, as FEVM does. */
export function extcodecopy(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 4;
  f.sp = sp;
  const code = f.host.extCodeCopy(f, s[sp + 3]! & ADDRESS_MASK);
  if (f.gasLeft < 0) {
    f.fail('OutOfGas');
    return;
  }
  if (!memoryRegion(f, s[sp + 2]!, s[sp]!)) return;
  if (f.regionSize === 0) return;
  if (!f.charge(f.gasSchedule.copyPerWord * wordsFor(f.regionSize))) return;
  copyIntoRegion(f, code, s[sp + 1]!);
}

export function extcodehash(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  s[top] = f.host.extCodeHash(f, s[top]! & ADDRESS_MASK);
  if (f.gasLeft < 0) f.fail('OutOfGas');
}

export function returndatasize(f: EvmFrame): void {
  f.stack[f.sp++] = BigInt(f.returnData.length);
}

/**
 * RETURNDATACOPY(memOffset, dataOffset, size): reading past the return data is an IllegalMemoryAccess
 * (also when size is 0 and the offset is past the end), as in FEVM and EIP-211.
 */
export function returndatacopy(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 3;
  f.sp = sp;
  const memOffset = s[sp + 2]!;
  const dataOffset = s[sp + 1]!;
  const size = s[sp]!;
  if (!memoryRegion(f, memOffset, size)) return;
  const data = f.returnData;
  if (dataOffset > U32_MAX) {
    f.fail('IllegalMemoryAccess');
    return;
  }
  const from = Number(dataOffset);
  const length = f.regionSize;
  if (from > data.length || from + length > data.length) {
    f.fail('IllegalMemoryAccess');
    return;
  }
  if (length === 0) return;
  if (!f.charge(f.gasSchedule.copyPerWord * wordsFor(length))) return;
  f.memory.set(data.subarray(from, from + length), f.regionOffset);
  noteWrite(f, f.regionOffset, length);
}

export function balance(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  s[top] = f.host.balance(f, s[top]! & ADDRESS_MASK);
  if (f.gasLeft < 0) f.fail('OutOfGas');
}

export function blockhash(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  s[top] = f.host.blockHash(f, s[top]!);
  if (f.gasLeft < 0) f.fail('OutOfGas');
}

/** An instruction that pushes one value read from the host (ORIGIN, GASPRICE, NUMBER, ...). */
function fromHost(read: (host: EvmHost, f: EvmFrame) => bigint): (f: EvmFrame) => void {
  return (f) => {
    f.stack[f.sp++] = read(f.host, f);
    if (f.gasLeft < 0) f.fail('OutOfGas');
  };
}

export const origin = fromHost((h, f) => h.origin(f));
export const gasprice = fromHost((h, f) => h.gasPrice(f));
export const coinbase = fromHost((h, f) => h.coinbase(f));
export const timestamp = fromHost((h, f) => h.timestamp(f));
export const number = fromHost((h, f) => h.number(f));
export const prevrandao = fromHost((h, f) => h.prevRandao(f));
export const gaslimit = fromHost((h, f) => h.gasLimit(f));
export const chainid = fromHost((h, f) => h.chainId(f));
export const selfbalance = fromHost((h, f) => h.selfBalance(f));
export const basefee = fromHost((h, f) => h.baseFee(f));
export const gas = fromHost((h, f) => h.gasLeft(f));
