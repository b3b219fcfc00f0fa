import type { ExecutionMeter } from '../../kernel/meter';
import { TABLE_ELEMENT_SIZE } from '../prices';

/**
 * The gas counter of one running actor instance (spec 6.7): the instrumented module's `gas.gas_counter`
 * global, in milligas. `setAvailable` is ref-fvm's `update_gas_available` (the counter and both
 * baselines are reset); `drain` is `charge_for_exec`: what the code used since the last reset
 * (`last − counter`, which exceeds the gas left when the counter went negative, so the charge runs out
 * of gas) and how much memory it grew. Like the reference, `drain` does not move the baselines: two
 * drains without a reset in between charge the same span twice (the out-pointer quirk in
 * syscalls/framing.ts).
 */
export class WasmMeter implements ExecutionMeter {
  readonly estimated = false;
  private lastAvailable = 0;
  private lastMemoryBytes: number;
  private finished = false;

  private table: WebAssembly.Table | undefined;

  constructor(
    private readonly counter: WebAssembly.Global,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.lastMemoryBytes = this.memoryBytes();
  }

  /** Real metered Wasm: every sync is charged, even when it is zero. */
  get exact(): boolean {
    return !this.finished;
  }

  /** Memory and table bytes of the instance (tables count 8 bytes per element, as ref-fvm's limiter does). */
  private memoryBytes(): number {
    return this.memory.buffer.byteLength + (this.table ? this.table.length * TABLE_ELEMENT_SIZE : 0);
  }

  /**
   * Counts the instance's exported table from now on (its growth is reported as memory growth); its
   * initial size is not growth.
   */
  attachTable(table: WebAssembly.Table): void {
    this.table = table;
    this.lastMemoryBytes += table.length * TABLE_ELEMENT_SIZE;
  }

  drain(): { execMilligas: number; memoryGrowBytes: number } {
    if (this.finished) return { execMilligas: 0, memoryGrowBytes: 0 };
    const current = Number(this.counter.value as bigint);
    return {
      execMilligas: Math.max(0, this.lastAvailable - current),
      memoryGrowBytes: Math.max(0, this.memoryBytes() - this.lastMemoryBytes),
    };
  }

  setAvailable(milligas: number): void {
    this.counter.value = BigInt(milligas);
    this.lastAvailable = milligas;
    this.lastMemoryBytes = this.memoryBytes();
  }

  /** The gas counter as the code left it (negative when it ran out). */
  get counterValue(): bigint {
    return this.counter.value as bigint;
  }

  /** The invocation's execution has been charged for the last time: later drains are empty and not traced. */
  finish(): void {
    this.finished = true;
  }
}
