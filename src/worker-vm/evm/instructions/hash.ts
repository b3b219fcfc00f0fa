import { keccak256Word } from '../../crypto/keccak';
import type { EvmFrame } from '../frame';
import { wordsFor } from '../gas';
import { memoryRegion } from '../memory';
import { keccak256Of64 } from './slotHashCache';

/** keccak256 of the empty input: the common case of hashing an empty region. */
const EMPTY_HASH = keccak256Word(new Uint8Array(0));

export function keccak256(f: EvmFrame): void {
  const s = f.stack;
  const sp = --f.sp;
  if (!memoryRegion(f, s[sp]!, s[sp - 1]!)) return;
  const size = f.regionSize;
  const offset = f.regionOffset;
  const schedule = f.gasSchedule;
  const extra = schedule.keccakPerWord * wordsFor(size) + schedule.keccakPerByte * size;
  if (extra !== 0 && !f.charge(extra)) return;
  const host = f.host;
  if (host.keccak256 !== undefined) {
    // The host hashes (and charges) every region, the empty one included, as the FEVM's syscall does.
    s[sp - 1] = host.keccak256(f, f.memory.subarray(offset, offset + size));
    if (f.gasLeft < 0) f.fail('OutOfGas');
    return;
  }
  if (size === 0) {
    s[sp - 1] = EMPTY_HASH;
    return;
  }
  // 64 bytes is a mapping slot, keccak256(key ‖ slot): those repeat, so they go through a cache.
  s[sp - 1] = size === 64 ? keccak256Of64(f.memory, offset) : keccak256Word(f.memory, offset, offset + size);
}
