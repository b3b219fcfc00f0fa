import type { EvmFrame } from '../frame';
import { bytesToWord } from '../words';

export function pop(f: EvmFrame): void {
  f.sp--;
}

export function push0(f: EvmFrame): void {
  f.stack[f.sp++] = 0n;
}

/** PUSHn: reads n bytes after the opcode (zero-padded past the end of code); values are cached per pc. */
export function makePush(n: number): (f: EvmFrame) => void {
  return (f) => {
    const start = f.pc;
    const cache = f.codeInfo.pushValues;
    let value = cache[start - 1];
    if (value === undefined) {
      value = readPushData(f.code, start, n);
      cache[start - 1] = value;
    }
    f.stack[f.sp++] = value;
    f.pc = start + n;
  };
}

function readPushData(code: Uint8Array, start: number, n: number): bigint {
  if (start + n <= code.length) return bytesToWord(code, start, n);
  // PUSH data running past the end of code reads as zeros (spec 10.3).
  const padded = new Uint8Array(n);
  padded.set(code.subarray(start));
  return bytesToWord(padded, 0, n);
}

export function makeDup(n: number): (f: EvmFrame) => void {
  return (f) => {
    const s = f.stack;
    const sp = f.sp;
    s[sp] = s[sp - n]!;
    f.sp = sp + 1;
  };
}

export function makeSwap(n: number): (f: EvmFrame) => void {
  return (f) => {
    const s = f.stack;
    const top = f.sp - 1;
    const other = top - n;
    const value = s[top]!;
    s[top] = s[other]!;
    s[other] = value;
  };
}
