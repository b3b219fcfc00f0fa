/**
 * The gas counter of running actor code, between syscalls (spec 6.7). For a Wasm actor it wraps the
 * instrumented module's `gas.gas_counter` global; for native actors and the EVM interpreter it holds our
 * estimate of the Wasm the real actor would have executed. The kernel drains it at every syscall entry
 * (charging `wasm_exec`) and tells it the gas left after every syscall.
 */
export interface ExecutionMeter {
  /** Whether amounts drained from this meter are estimates (labelled in traces). */
  readonly estimated: boolean;
  /** Milligas consumed since the last drain, and bytes of memory grown in that span. */
  drain(): { execMilligas: number; memoryGrowBytes: number };
  /** Gas (milligas) the code may use until the next syscall. */
  setAvailable(milligas: number): void;
}

/** A meter for native actors: accumulates estimated Wasm execution (see gas/wasmEstimates.ts). */
export class EstimatedMeter implements ExecutionMeter {
  readonly estimated = true;
  protected pending = 0;

  add(milligas: number): void {
    this.pending += milligas;
  }

  drain(): { execMilligas: number; memoryGrowBytes: number } {
    const execMilligas = this.pending;
    this.pending = 0;
    return { execMilligas, memoryGrowBytes: 0 };
  }

  setAvailable(_milligas: number): void {}
}
