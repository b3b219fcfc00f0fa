import { keccak_256 } from '@noble/hashes/sha3.js';
import { Op, type StepTrace } from '../../evm';
import { bytesToNumberBE, numberToBytesBE } from '../../util/bytes';
import { stepColumns } from '../trace/stepColumns';

/** keccak-256 outputs and their inputs: how storage slots of mappings and arrays are named. */
export class Preimages {
  private readonly byHash = new Map<bigint, Uint8Array>();

  get size(): number {
    return this.byHash.size;
  }

  add(input: Uint8Array, hash?: bigint): bigint {
    const digest = hash ?? bytesToNumberBE(keccak_256(input));
    if (!this.byHash.has(digest)) this.byHash.set(digest, input.slice());
    return digest;
  }

  get(hash: bigint): Uint8Array | undefined {
    return this.byHash.get(hash);
  }

  /** Inputs that end with the 32-byte word `base`: mapping lookups `keccak(key ‖ base)`. */
  *withSuffix(base: bigint): Generator<{ hash: bigint; key: Uint8Array }> {
    const suffix = numberToBytesBE(base, 32);
    for (const [hash, input] of this.byHash) {
      if (input.length < 32) continue;
      let equal = true;
      for (let i = 0; i < 32 && equal; i++) if (input[input.length - 32 + i] !== suffix[i]) equal = false;
      if (equal) yield { hash, key: input.subarray(0, input.length - 32) };
    }
  }
}

/** Hashed inputs longer than this are not slot computations (mapping keys are words or short strings). */
const MAX_PREIMAGE = 256;
/** The most KECCAK256 steps read from one trace (each costs a stack and memory rebuild). */
const MAX_KECCAK_STEPS = 20_000;

/**
 * Collects the inputs of the KECCAK256 steps of step traces: every mapping slot a contract computed
 * (`keccak(key ‖ slot)`) and every array base (`keccak(slot)`) is among them, so storage changes can be
 * named with the key that was used.
 */
export function collectTracePreimages(traces: readonly StepTrace[], into: Preimages): void {
  for (const trace of traces) {
    const columns = stepColumns(trace);
    let read = 0;
    for (let step = 0; step < columns.stepCount && read < MAX_KECCAK_STEPS; step++) {
      if (columns.op(step) !== Op.KECCAK256) continue;
      read++;
      const detail = trace.getStep(step, { stackTop: 2 });
      const [size, offset] = [detail.stack[0], detail.stack[1]];
      if (size === undefined || offset === undefined || size > BigInt(MAX_PREIMAGE)) continue;
      const memory = trace.memoryAt(step);
      const start = Number(offset);
      const input = new Uint8Array(Number(size));
      // Bytes beyond the memory's current size read as zero (the step itself grew memory).
      if (start < memory.length)
        input.set(memory.subarray(start, Math.min(memory.length, start + input.length)));
      into.add(input, detail.pushed);
    }
  }
}
