import type { EvmFrame } from '../frame';
import { bitLength, MAX_WORD } from '../words';

// Comparison and bitwise operations: `a` is the top of the stack, `b` the item below it.

export function lt(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! < s[sp - 1]! ? 1n : 0n;
}

export function gt(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! > s[sp - 1]! ? 1n : 0n;
}

export function slt(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asIntN(256, s[sp]!) < BigInt.asIntN(256, s[sp - 1]!) ? 1n : 0n;
}

export function sgt(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asIntN(256, s[sp]!) > BigInt.asIntN(256, s[sp - 1]!) ? 1n : 0n;
}

export function eq(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! === s[sp - 1]! ? 1n : 0n;
}

export function iszero(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  s[top] = s[top]! === 0n ? 1n : 0n;
}

export function and(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! & s[sp - 1]!;
}

export function or(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! | s[sp - 1]!;
}

export function xor(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! ^ s[sp - 1]!;
}

export function not(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  s[top] = MAX_WORD ^ s[top]!;
}

/** BYTE(i, x): the i-th byte of x counting from the most significant; 0 when i >= 32. */
export function byte(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const index = s[sp]!;
  s[sp - 1] = index < 32n ? (s[sp - 1]! >> (8n * (31n - index))) & 0xffn : 0n;
}

/** SHL(shift, value). */
export function shl(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift < 256n ? BigInt.asUintN(256, s[sp - 1]! << shift) : 0n;
}

/** SHR(shift, value). */
export function shr(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift < 256n ? s[sp - 1]! >> shift : 0n;
}

/** SAR(shift, value): arithmetic shift; shifts of 256 or more give 0 or all ones by the sign. */
export function sar(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  const value = BigInt.asIntN(256, s[sp - 1]!);
  s[sp - 1] = BigInt.asUintN(256, value >> (shift < 256n ? shift : 255n));
}

/** CLZ (EIP-7939, FEVM 0x1e): leading zero bits of the word; 256 for zero. */
export function clz(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  s[top] = BigInt(256 - bitLength(s[top]!));
}
