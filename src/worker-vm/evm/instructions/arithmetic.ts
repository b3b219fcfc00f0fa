import type { EvmFrame } from '../frame';
import { bitLength } from '../words';

// Binary operations take `a` from the top of the stack and `b` below it, and replace both with the result.
// The loop has already checked the stack depth, so indexes are in range.

export function add(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asUintN(256, s[sp]! + s[sp - 1]!);
}

export function mul(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asUintN(256, s[sp]! * s[sp - 1]!);
}

export function sub(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asUintN(256, s[sp]! - s[sp - 1]!);
}

export function div(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : s[sp]! / b;
}

export function sdiv(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  // bigint division truncates toward zero, as SDIV does; -2^255 / -1 wraps back to -2^255 via asUintN.
  s[sp - 1] = b === 0n ? 0n : BigInt.asUintN(256, BigInt.asIntN(256, s[sp]!) / BigInt.asIntN(256, b));
}

export function mod(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : s[sp]! % b;
}

export function smod(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  // bigint % takes the sign of the dividend, as SMOD does.
  s[sp - 1] = b === 0n ? 0n : BigInt.asUintN(256, BigInt.asIntN(256, s[sp]!) % BigInt.asIntN(256, b));
}

export function addmod(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  const n = s[sp - 1]!;
  // Arbitrary precision: the 257-bit intermediate sum is exact.
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! + s[sp]!) % n;
}

export function mulmod(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  const n = s[sp - 1]!;
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! * s[sp]!) % n;
}

export function exp(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 1;
  const base = s[sp]!;
  const exponent = s[sp - 1]!;
  const perByte = f.gasSchedule.expPerByte;
  if (perByte !== 0 && exponent !== 0n && !f.charge(perByte * Math.ceil(bitLength(exponent) / 8))) return;
  f.sp = sp;
  s[sp - 1] = power(base, exponent);
}

/** base^exponent mod 2^256 by square-and-multiply, with shortcuts for the common cases. */
export function power(base: bigint, exponent: bigint): bigint {
  if (exponent === 0n) return 1n;
  if (base === 0n || base === 1n) return base;
  if (base === 2n) return exponent < 256n ? 1n << exponent : 0n;
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = BigInt.asUintN(256, result * b);
    e >>= 1n;
    if (e > 0n) b = BigInt.asUintN(256, b * b);
  }
  return result;
}

export function signextend(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const byteIndex = s[sp]!;
  if (byteIndex < 31n) {
    const bits = Number(byteIndex) * 8 + 8;
    s[sp - 1] = BigInt.asUintN(256, BigInt.asIntN(bits, s[sp - 1]!));
  }
}
