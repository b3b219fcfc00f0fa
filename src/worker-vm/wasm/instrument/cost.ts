import { InstrumentError } from './errors';

/**
 * A milligas amount as the instrumenter accumulates it: a u64 in the reference. Kept as a plain number
 * while it is a safe integer (always, in practice) and as a bigint beyond that (a folded
 * `memory.grow` of two billion pages), so sums stay exact without allocating in the common case.
 */
export type Cost = number | bigint;

const U64_MAX = (1n << 64n) - 1n;

/** Checked u64 addition (the reference's `checked_add`, "add cost overflow"). */
export function addCost(a: Cost, b: Cost): Cost {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (sum <= Number.MAX_SAFE_INTEGER) return sum;
  }
  const sum = BigInt(a) + BigInt(b);
  if (sum > U64_MAX) throw new InstrumentError('add cost overflow');
  return sum;
}

/** Wrapping u64 addition (the reference merges block costs with a plain `+=`). */
export function addCostWrapping(a: Cost, b: Cost): Cost {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (sum <= Number.MAX_SAFE_INTEGER) return sum;
  }
  return BigInt.asUintN(64, BigInt(a) + BigInt(b));
}

/** `base + k * perUnit` for a folded linear cost. */
export function linearCost(base: number, k: number, perUnit: number): Cost {
  const product = k * perUnit;
  if (product + base <= Number.MAX_SAFE_INTEGER) return base + product;
  return BigInt(base) + BigInt(k) * BigInt(perUnit);
}
