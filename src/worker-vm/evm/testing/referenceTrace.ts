import type { EvmFrame } from '../frame';
import { StepTrace } from '../trace/stepTrace';

/**
 * A step trace that also keeps full copies of every step's stack and memory: the naive reference the
 * compact trace's replay is checked against in tests. Never use it for real traces (it is O(n * size)).
 */
export class ReferenceTrace extends StepTrace {
  readonly stacks: bigint[][] = [];
  readonly memories: Uint8Array[] = [];

  override beforeStep(frame: EvmFrame, pc: number, op: number): void {
    this.stacks.push(frame.stackItems());
    this.memories.push(frame.memoryBytes());
    super.beforeStep(frame, pc, op);
  }

  /** Indexes where the replayed stack or memory differs from the copy (empty when exact). */
  mismatches(): number[] {
    const bad: number[] = [];
    for (let i = 0; i < this.stepCount; i++) {
      const stack = this.stackAt(i);
      const memory = this.memoryAt(i);
      const want = this.stacks[i]!;
      const wantMemory = this.memories[i]!;
      const sameStack = stack.length === want.length && stack.every((v, k) => v === want[k]);
      const sameMemory = memory.length === wantMemory.length && memory.every((v, k) => v === wantMemory[k]);
      if (!sameStack || !sameMemory) bad.push(i);
    }
    return bad;
  }
}
