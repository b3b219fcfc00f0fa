/**
 * A small benchmark harness. Figures are printed, never asserted: this machine is shared and noisy.
 * Each area adds a `bench/<area>.bench.ts` whose default export returns rows; `npm run bench` runs them
 * all (or the ones named: `npm run bench -- evm ipld`).
 */

export interface BenchRow {
  /** What was measured, e.g. "HAMT set (10k keys)". */
  name: string;
  /** Our figure. */
  ours: Measurement;
  /** The peer measured in the same run on a matched workload, when there is one. */
  peer?: Measurement & { label: string };
  /** How the workloads were matched, or other context worth printing. */
  note?: string;
  /** The goal the issue sets, e.g. "peer/ours >= 3". */
  goal?: string;
}

export interface Measurement {
  /** Median time of one run of the workload, in milliseconds. */
  ms: number;
  /** Operations in one run, to print a rate. */
  ops: number;
}

export interface MeasureOptions {
  /** Runs thrown away before timing (JIT warm-up). */
  warmup?: number;
  /** Timed runs; the median is reported. */
  runs?: number;
  /** Operations per run (for the rate). */
  ops?: number;
}

/** Times `work` several times and returns the median. `work` may be async. */
export async function measure(work: () => unknown, options: MeasureOptions = {}): Promise<Measurement> {
  const { warmup = 2, runs = 7, ops = 1 } = options;
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, ops };
}

/**
 * Like `measure`, but each run first calls `setup` (untimed) and times only the work it returns, for
 * workloads that consume their state (a fresh chain per run).
 */
export async function measureWithSetup(
  setup: () => Promise<() => unknown> | (() => unknown),
  options: MeasureOptions = {},
): Promise<Measurement> {
  const { warmup = 1, runs = 5, ops = 1 } = options;
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const work = await setup();
    const start = performance.now();
    await work();
    if (i >= warmup) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, ops };
}

const rate = (m: Measurement) => {
  const perSecond = (m.ops * 1000) / m.ms;
  return perSecond >= 1e6
    ? `${(perSecond / 1e6).toFixed(2)} M/s`
    : perSecond >= 1e3
      ? `${(perSecond / 1e3).toFixed(1)} k/s`
      : `${perSecond.toFixed(1)} /s`;
};

export function printRows(area: string, rows: BenchRow[]): void {
  console.log(`\n## ${area}`);
  for (const row of rows) {
    let line = `${row.name}: ${row.ours.ms.toFixed(2)} ms (${rate(row.ours)})`;
    if (row.peer) {
      const ratio = row.peer.ms / row.ours.ms;
      line += ` | ${row.peer.label}: ${row.peer.ms.toFixed(2)} ms (${rate(row.peer)}) | speed-up ${ratio.toFixed(2)}x`;
    }
    if (row.goal) line += ` | goal ${row.goal}`;
    console.log(line);
    if (row.note) console.log(`  (${row.note})`);
  }
}
