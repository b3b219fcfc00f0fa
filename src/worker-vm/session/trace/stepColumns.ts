import type { StepTrace } from '../../evm';

/**
 * Cheap per-step reads of a step trace: pc, opcode, frame and gas, plus the steps that touched storage.
 *
 * Why this exists: `StepTrace.getStep(i)` rebuilds the stack at step i (a replay from the last checkpoint),
 * which is right for showing one step but far too slow for whole-trace passes (lines per step, gas by line,
 * debugger navigation) over a million steps. The trace keeps these values in typed-array columns; this
 * reader uses them directly when they are there, and falls back to `getStep` otherwise, so it stays correct
 * (only slower) if the trace's internals change. `stepColumns.test.ts` checks both paths against `getStep`.
 * A public accessor on StepTrace would replace the structural access below.
 */
export interface StepColumns {
  readonly stepCount: number;
  pc(step: number): number;
  op(step: number): number;
  frameId(step: number): number;
  /** Milligas before and after the step (the kernel's gas, synced at syscalls). */
  gasBefore(step: number): number;
  gasAfter(step: number): number;
  /** Steps that read or wrote storage, ascending. */
  storageSteps(): Uint32Array;
  /** True when reads go straight to the columns (false: the slow fallback). */
  readonly fast: boolean;
}

interface NumberColumn {
  length: number;
  get(index: number): number;
}

/** How a trace keeps its per-step values: reader functions by step index. */
interface StepReaders {
  pc(step: number): number;
  op(step: number): number;
  frame(step: number): number;
  gasBefore(step: number): number;
  gasAfter(step: number): number;
  storageSteps: NumberColumn;
}

const isColumn = (value: unknown): value is NumberColumn =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as NumberColumn).get === 'function' &&
  typeof (value as NumberColumn).length === 'number';

const hasReaders = (value: unknown, names: readonly string[]) =>
  typeof value === 'object' &&
  value !== null &&
  names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

/**
 * The trace's step storage: a `rows` object with a reader per column (the current layout), or one typed
 * column per value (the first layout). Anything else: undefined, and the slow path is used.
 */
function readersOf(trace: StepTrace): StepReaders | undefined {
  const internals = trace as unknown as Record<string, unknown>;
  const storageSteps = internals.storageSteps;
  if (!isColumn(storageSteps)) return undefined;
  const rows = internals.rows as Record<string, unknown> | undefined;
  if (
    hasReaders(rows, ['pc', 'op', 'frame', 'gasBefore', 'gasAfter']) &&
    (rows as { length?: unknown }).length === trace.stepCount
  ) {
    const r = rows as unknown as Omit<StepReaders, 'storageSteps'>;
    return {
      pc: (i) => r.pc(i),
      op: (i) => r.op(i),
      frame: (i) => r.frame(i),
      gasBefore: (i) => r.gasBefore(i),
      gasAfter: (i) => r.gasAfter(i),
      storageSteps,
    };
  }
  const columns = ['pcs', 'ops', 'frameIds', 'gasBefore', 'gasAfter'].map((name) => internals[name]);
  if (columns.every(isColumn) && (columns[0] as NumberColumn).length === trace.stepCount) {
    const [pcs, ops, frames, before, after] = columns as NumberColumn[];
    return {
      pc: (i) => pcs!.get(i),
      op: (i) => ops!.get(i),
      frame: (i) => frames!.get(i),
      gasBefore: (i) => before!.get(i),
      gasAfter: (i) => after!.get(i),
      storageSteps,
    };
  }
  return undefined;
}

export function stepColumns(trace: StepTrace): StepColumns {
  const readers = readersOf(trace);
  return readers ? fastColumns(trace, readers) : slowColumns(trace);
}

function fastColumns(trace: StepTrace, r: StepReaders): StepColumns {
  return {
    stepCount: trace.stepCount,
    fast: true,
    pc: r.pc,
    op: r.op,
    frameId: r.frame,
    gasBefore: r.gasBefore,
    gasAfter: r.gasAfter,
    storageSteps() {
      const steps = new Uint32Array(r.storageSteps.length);
      for (let i = 0; i < steps.length; i++) steps[i] = r.storageSteps.get(i);
      return steps;
    },
  };
}

/** Reads through `getStep` with the stack cut to nothing; correct for any StepTrace, but slow. */
export function slowColumns(trace: StepTrace): StepColumns {
  let cachedIndex = -1;
  let cached: ReturnType<StepTrace['getStep']> | undefined;
  const at = (step: number) => {
    if (step !== cachedIndex) {
      cached = trace.getStep(step, { stackTop: 0 });
      cachedIndex = step;
    }
    return cached!;
  };
  return {
    stepCount: trace.stepCount,
    fast: false,
    pc: (step) => at(step).pc,
    op: (step) => at(step).op,
    frameId: (step) => at(step).frameId,
    gasBefore: (step) => at(step).gasBefore,
    gasAfter: (step) => at(step).gasAfter,
    storageSteps() {
      const steps: number[] = [];
      for (let i = 0; i < trace.stepCount; i++) if (at(i).storage) steps.push(i);
      return Uint32Array.from(steps);
    },
  };
}
