import { keccak_256 } from '@noble/hashes/sha3.js';
import type { EvmFrame } from '../frame';
import { wordsFor } from '../gas';
import { memoryRegion } from '../memory';
import { bytesToWord } from '../words';

/** keccak256 of the empty input: the common case of hashing an empty region. */
const EMPTY_HASH = bytesToWord(keccak_256(new Uint8Array(0)));

/**
 * Solidity computes a mapping slot as keccak256(key ‖ slot), 64 bytes, and recomputes the same slots
 * again and again (a read and a write of balances[from] each hash it). Hashing costs far more than a
 * lookup, so recent 64-byte inputs are remembered. The cache changes neither results nor gas (charged
 * per opcode and per byte as before); it is bounded and simply cleared when full.
 */
const SLOT_CACHE_LIMIT = 8192;
const slotCache = new Map<string, bigint>();
const keyUnits: number[] = new Array(32).fill(0);

function slotKey(memory: Uint8Array, offset: number): string {
  for (let i = 0; i < 32; i++) keyUnits[i] = (memory[offset + 2 * i]! << 8) | memory[offset + 2 * i + 1]!;
  return String.fromCharCode.apply(null, keyUnits);
}

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
  const memory = f.memory;
  if (size !== 64) {
    s[sp - 1] = bytesToWord(keccak_256(memory.subarray(offset, offset + size)), 0, 32);
    return;
  }
  const key = slotKey(memory, offset);
  let hash = slotCache.get(key);
  if (hash === undefined) {
    hash = bytesToWord(keccak_256(memory.subarray(offset, offset + 64)), 0, 32);
    if (slotCache.size >= SLOT_CACHE_LIMIT) slotCache.clear();
    slotCache.set(key, hash);
  }
  s[sp - 1] = hash;
}
