import { keccak_256 } from '@noble/hashes/sha3.js';
import type { EvmFrame } from '../frame';
import { wordsFor } from '../gas';
import { memoryRegion } from '../memory';
import { bytesToWord } from '../words';

/** keccak256 of the empty input: the common case of hashing an empty region. */
const EMPTY_HASH = bytesToWord(keccak_256(new Uint8Array(0)));

export function keccak256(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  if (!memoryRegion(f, s[sp]!, s[sp - 1]!)) return;
  const size = f.regionSize;
  if (size === 0) {
    s[sp - 1] = EMPTY_HASH;
    return;
  }
  const schedule = f.gasSchedule;
  const extra = schedule.keccakPerWord * wordsFor(size) + schedule.keccakPerByte * size;
  if (extra !== 0 && !f.charge(extra)) return;
  const offset = f.regionOffset;
  s[sp - 1] = bytesToWord(keccak_256(f.memory.subarray(offset, offset + size)), 0, 32);
}
