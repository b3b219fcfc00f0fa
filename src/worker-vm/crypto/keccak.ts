import { keccak_256 } from '@noble/hashes/sha3.js';
import { createKeccak, type IHasher } from 'hash-wasm';

/**
 * Keccak-256 (Ethereum's, with the original Keccak padding 0x01…0x80, not SHA-3's 0x06) for hot paths:
 * the EVM's KECCAK256 and the kernel's keccak hashing.
 *
 * Two engines give the same digests. hash-wasm's Keccak (a Wasm module inlined in its JavaScript, so
 * nothing is fetched) hashes 64 bytes about 7x faster than @noble/hashes, whose permutation alone costs more
 * than the bench's 5x goal allows (docs/PERFORMANCE.md). Its Wasm instance is created asynchronously, so
 * the VM worker, the bench and the headless runner call `loadFastKeccak()` at start; until then (and in
 * tests that do not) noble's `keccak_256` hashes. Results never depend on which engine ran.
 */

let fast: IHasher | undefined;

/** Creates the hash-wasm Keccak-256 instance (once); later hashes use it. */
export async function loadFastKeccak(): Promise<void> {
  fast ??= await createKeccak(256);
}

/** Which engine hashes now (the bench prints it). */
export function keccakEngine(): 'hash-wasm' | '@noble/hashes' {
  return fast ? 'hash-wasm' : '@noble/hashes';
}

/** For tests: back to noble's engine. */
export function dropFastKeccak(): void {
  fast = undefined;
}

function digest(data: Uint8Array, start: number, end: number): Uint8Array {
  const input = start === 0 && end === data.length ? data : data.subarray(start, end);
  if (!fast) return keccak_256(input);
  fast.init();
  fast.update(input);
  return fast.digest('binary');
}

/** keccak256(data[start..end)) written as 32 bytes into out[outOffset..outOffset + 32). */
export function keccak256Into(
  data: Uint8Array,
  out: Uint8Array,
  outOffset = 0,
  start = 0,
  end = data.length,
): void {
  out.set(digest(data, start, end), outOffset);
}

/** keccak256(data) as a new 32-byte array. */
export function keccak256(data: Uint8Array): Uint8Array {
  return digest(data, 0, data.length);
}

const scratch = new Uint8Array(32);
const scratchView = new DataView(scratch.buffer);

/** keccak256(data[start..end)) as a big-endian 256-bit bigint (the EVM's stack word). */
export function keccak256Word(data: Uint8Array, start = 0, end = data.length): bigint {
  scratch.set(digest(data, start, end));
  const v = scratchView;
  return (
    (v.getBigUint64(0) << 192n) |
    (v.getBigUint64(8) << 128n) |
    (v.getBigUint64(16) << 64n) |
    v.getBigUint64(24)
  );
}
