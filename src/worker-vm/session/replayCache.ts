import type { StepTrace } from '../evm';
import type { ApplyResult } from '../executor/applyMessage';
import type { AppliedMessage, Machine } from '../machine/machine';
import { assertionFailed } from './sessionErrors';

/** A message executed again with step tracing: its EVM step traces and its (identical) result. */
export interface Replay {
  readonly result: ApplyResult;
  readonly traces: readonly StepTrace[];
  readonly bytes: number;
  /** Derived data built on first use and kept with the traces (debugger index, preimages…). */
  readonly derived: Map<string, unknown>;
}

/**
 * Re-executes an applied message on its pre-state with EVM step tracing on, through the machine's own
 * public operations: restore the pre-state (O(1)), run the message as an explicit message whose changes
 * are thrown away, restore the head. Execution is deterministic; the gas used is checked to be sure.
 */
export function replayWithTraces(machine: Machine, applied: AppliedMessage): Replay {
  const head = { root: machine.stateRoot, epoch: machine.epoch };
  let result: ApplyResult;
  machine.restore(applied.stateRootBefore, applied.epoch);
  try {
    result = machine.call(applied.message, 'explicit', { stepTrace: true, chainLength: applied.chainLength });
  } finally {
    machine.restore(head.root, head.epoch);
  }
  if (
    result.receipt.gasUsed !== applied.result.receipt.gasUsed ||
    result.receipt.exitCode !== applied.result.receipt.exitCode
  )
    throw assertionFailed(
      `replaying message ${applied.index} gave exit ${result.receipt.exitCode} and ${result.receipt.gasUsed} gas, not exit ${applied.result.receipt.exitCode} and ${applied.result.receipt.gasUsed}`,
    );
  const traces = result.evmTraces ?? [];
  let bytes = 0;
  for (const trace of traces) bytes += trace.byteSize();
  return { result, traces, bytes, derived: new Map() };
}

/**
 * Replays kept in memory, least recently used first out: step traces of long messages are large (tens of
 * bytes per step), so the cache holds a byte budget, and a dropped replay is simply recomputed.
 */
export class ReplayCache {
  private readonly entries = new Map<number, Replay>();

  constructor(
    private readonly budgetBytes = 512 * 1024 * 1024,
    private readonly maxEntries = 16,
  ) {}

  get(index: number, compute: () => Replay): Replay {
    let entry = this.entries.get(index);
    if (entry) {
      // Re-insert: Map order is the recency order.
      this.entries.delete(index);
      this.entries.set(index, entry);
      return entry;
    }
    entry = compute();
    this.entries.set(index, entry);
    this.evict(index);
    return entry;
  }

  peek(index: number): Replay | undefined {
    return this.entries.get(index);
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(keep: number): void {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    for (const [index, entry] of this.entries) {
      if (total <= this.budgetBytes && this.entries.size <= this.maxEntries) break;
      if (index === keep) continue;
      this.entries.delete(index);
      total -= entry.bytes;
    }
  }
}
