import { EMPTY_BYTES, type EvmFrame } from './frame';
import { U32_MAX } from './words';

/**
 * Memory regions follow FEVM's rule (spec 10.3, builtin-actors `get_memory_region`): a size that does not
 * fit u32 is an IllegalMemoryAccess; a zero size touches nothing (its offset is not checked); otherwise the
 * offset must fit u32 and offset + size must not overflow u32. Memory then grows to cover the region,
 * rounded up to a multiple of 32 bytes.
 *
 * On success `frame.regionOffset`/`regionSize` hold the region (size 0 = empty) and true is returned;
 * on failure the frame is failed and false is returned.
 */
export function memoryRegion(frame: EvmFrame, offset: bigint, size: bigint): boolean {
  if (size === 0n) {
    frame.regionOffset = 0;
    frame.regionSize = 0;
    return true;
  }
  if (size > U32_MAX || offset > U32_MAX) {
    frame.fail('IllegalMemoryAccess');
    return false;
  }
  const start = Number(offset);
  const length = Number(size);
  const end = start + length;
  if (end > 0xffffffff) {
    frame.fail('IllegalMemoryAccess');
    return false;
  }
  frame.regionOffset = start;
  frame.regionSize = length;
  return end <= frame.memorySize || growMemory(frame, end);
}

/** Same rule for a region whose size is a small constant (MLOAD, MSTORE: 32; MSTORE8: 1). */
export function memoryRegionFixed(frame: EvmFrame, offset: bigint, size: number): boolean {
  if (offset > U32_MAX) {
    frame.fail('IllegalMemoryAccess');
    return false;
  }
  const start = Number(offset);
  const end = start + size;
  if (end > 0xffffffff) {
    frame.fail('IllegalMemoryAccess');
    return false;
  }
  frame.regionOffset = start;
  frame.regionSize = size;
  return end <= frame.memorySize || growMemory(frame, end);
}

/** Grows memory to cover `end` bytes (rounded up to 32), reporting the growth to the host. */
function growMemory(frame: EvmFrame, end: number): boolean {
  const newSize = Math.ceil(end / 32) * 32;
  if (newSize > frame.maxMemory) {
    frame.fail('MemoryLimitExceeded');
    return false;
  }
  if (newSize > frame.memory.length) {
    // Capacity doubles (from 4 KiB) so a loop of small expansions copies O(n) bytes in total.
    let capacity = Math.max(4096, frame.memory.length * 2);
    while (capacity < newSize) capacity *= 2;
    capacity = Math.min(capacity, Math.max(newSize, frame.maxMemory));
    const grown = new Uint8Array(capacity);
    grown.set(frame.memory.subarray(0, frame.memorySize));
    frame.memory = grown;
    frame.memoryView = new DataView(grown.buffer);
  }
  const oldSize = frame.memorySize;
  frame.memorySize = newSize;
  const host = frame.host;
  if (host.memoryGrown !== undefined) {
    host.memoryGrown(frame, oldSize, newSize);
    if (frame.gasLeft < 0) {
      frame.fail('OutOfGas');
      return false;
    }
  }
  return true;
}

/**
 * Copies `data[dataOffset..]` into the checked region `frame.regionOffset/regionSize`; the part of the
 * region beyond the data is zero-filled (CALLDATACOPY, CODECOPY, EXTCODECOPY semantics).
 */
export function copyIntoRegion(frame: EvmFrame, data: Uint8Array, dataOffset: bigint): void {
  const size = frame.regionSize;
  if (size === 0) return;
  const at = frame.regionOffset;
  const from = dataOffset < BigInt(data.length) ? Number(dataOffset) : data.length;
  const copied = Math.min(size, data.length - from);
  const memory = frame.memory;
  if (copied > 0) memory.set(data.subarray(from, from + copied), at);
  if (copied < size) memory.fill(0, at + copied, at + size);
  noteWrite(frame, at, size);
}

/** A copy of the checked region (input for CALL/CREATE, LOG data, RETURN/REVERT output). */
export function regionBytes(frame: EvmFrame): Uint8Array {
  if (frame.regionSize === 0) return EMPTY_BYTES;
  return frame.memory.slice(frame.regionOffset, frame.regionOffset + frame.regionSize);
}

/** Records the memory a step wrote, for the step trace (cheap no-op when tracing is off). */
export function noteWrite(frame: EvmFrame, offset: number, size: number): void {
  if (frame.trace === null || size === 0) return;
  if (frame.writeSize === 0) {
    frame.writeOffset = offset;
    frame.writeSize = size;
    return;
  }
  // Two writes in one step (none in practice today): record the span covering both.
  const start = Math.min(frame.writeOffset, offset);
  const end = Math.max(frame.writeOffset + frame.writeSize, offset + size);
  frame.writeOffset = start;
  frame.writeSize = end - start;
}
