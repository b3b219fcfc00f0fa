import type { EvmFrame } from '../frame';
import { wordsFor } from '../gas';
import { memoryRegion, memoryRegionFixed, noteWrite } from '../memory';
import { readWord, writeWord } from '../words';

export function mload(f: EvmFrame): void {
  const s = f.stack;
  const top = f.sp - 1;
  if (!memoryRegionFixed(f, s[top]!, 32)) return;
  s[top] = readWord(f.memoryView, f.regionOffset);
}

export function mstore(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  if (!memoryRegionFixed(f, s[sp + 1]!, 32)) return;
  writeWord(f.memoryView, f.regionOffset, s[sp]!);
  noteWrite(f, f.regionOffset, 32);
}

export function mstore8(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 2;
  f.sp = sp;
  if (!memoryRegionFixed(f, s[sp + 1]!, 1)) return;
  f.memory[f.regionOffset] = Number(s[sp]! & 0xffn);
  noteWrite(f, f.regionOffset, 1);
}

export function msize(f: EvmFrame): void {
  f.stack[f.sp++] = BigInt(f.memorySize);
}

/** MCOPY(dst, src, size) (EIP-5656): both regions obey the memory rules; overlapping copies are exact. */
export function mcopy(f: EvmFrame): void {
  const s = f.stack;
  const sp = f.sp - 3;
  f.sp = sp;
  const dst = s[sp + 2]!;
  const src = s[sp + 1]!;
  const size = s[sp]!;
  if (!memoryRegion(f, src, size)) return;
  const from = f.regionOffset;
  if (!memoryRegion(f, dst, size)) return;
  const length = f.regionSize;
  if (length === 0) return;
  if (!f.charge(f.gasSchedule.copyPerWord * wordsFor(length))) return;
  const to = f.regionOffset;
  f.memory.copyWithin(to, from, from + length);
  noteWrite(f, to, length);
}
