import type { InstrList } from '../binary/instructions';
import { Op, opName } from '../binary/opcodes';
import { FIXED_COST, UNIT_COST, UNSUPPORTED_OP } from '../prices';
import { addCost, addCostWrapping, type Cost, linearCost } from './cost';
import { InstrumentError } from './errors';

/** Where gas is charged in one function body, by instruction position. */
export interface MeteringPlan {
  /** Start positions of metered blocks with a non-zero cost, ascending. */
  blockStarts: number[];
  /** Milligas charged at each of those starts. */
  blockCosts: Cost[];
  /** Positions of linearly priced instructions whose operand is not a constant. */
  dynamicAt: number[];
  /** Milligas per unit for each of those. */
  dynamicUnit: number[];
}

/**
 * Splits a function body into metered blocks exactly as fvm-wasm-instrument 0.4.0 does, so that the
 * charge at each block start is the reference's:
 * - the function body, each `if` body, each `loop` body and each `else` arm open a metered block;
 * - `block` bodies are merged into the enclosing metered block until their first branch;
 * - br, br_if, br_table and return end the current metered block (the next starts after them);
 * - an `end` closes a block's metered block and, when something inside could branch past that
 *   block's end (a forward branch to an outer label), also the enclosing one;
 * - br_table records only its explicit targets, never its default label (the reference builds the
 *   target list from an empty iterator chained with the targets), which can change the splitting;
 * - a linearly priced instruction right after `i32.const k` costs `base + k·unit` statically (k < 0
 *   is an error); otherwise its base stays in the block and the rest is charged at run time.
 */
export function planMetering(code: InstrList): MeteringPlan {
  // Control stack as parallel arrays: lowest forward branch target, active metered block start and
  // cost, whether the block is a loop.
  const lowest: number[] = [];
  const activeStart: number[] = [];
  const activeCost: Cost[] = [];
  const isLoop: boolean[] = [];
  const finalStarts: number[] = [];
  const finalCosts: Cost[] = [];
  const dynamicAt: number[] = [];
  const dynamicUnit: number[] = [];

  const fail = (message: string): never => {
    throw new InstrumentError(message);
  };
  const begin = (start: number, loop: boolean) => {
    lowest.push(lowest.length);
    activeStart.push(start);
    activeCost.push(0);
    isLoop.push(loop);
  };
  const finalizeMetered = (cursor: number) => {
    const top = activeStart.length - 1;
    if (top < 0) fail('stack not found');
    const start = activeStart[top]!;
    const cost = activeCost[top]!;
    activeStart[top] = cursor + 1;
    activeCost[top] = 0;
    // A `block` shares its parent's metered block until a branch: merge instead of finalizing.
    if (top > 0 && activeStart[top - 1] === start) {
      activeCost[top - 1] = addCostWrapping(activeCost[top - 1]!, cost);
      return;
    }
    if (cost > 0) {
      finalStarts.push(start);
      finalCosts.push(cost);
    }
  };
  const finalizeControl = (cursor: number) => {
    finalizeMetered(cursor);
    if (lowest.length === 0) fail('stack not found');
    const closingLowest = lowest.pop()!;
    activeStart.pop();
    activeCost.pop();
    isLoop.pop();
    const closingIndex = lowest.length;
    if (closingIndex === 0) return;
    lowest[closingIndex - 1] = Math.min(lowest[closingIndex - 1]!, closingLowest);
    if (closingLowest < closingIndex) finalizeMetered(cursor);
  };
  const branchTo = (target: number) => {
    if (target < 0 || target >= isLoop.length) fail('unable to find stack index');
    if (isLoop[target]) return;
    const top = lowest.length - 1;
    lowest[top] = Math.min(lowest[top]!, target);
  };
  const increment = (cost: Cost) => {
    const top = activeCost.length - 1;
    if (top < 0) fail('stack not exist');
    activeCost[top] = addCost(activeCost[top]!, cost);
  };

  begin(0, false);
  let lastConst: number | undefined;
  const ops = code.op;
  for (let cursor = 0; cursor < code.length; cursor++) {
    const op = ops[cursor]!;
    if (UNSUPPORTED_OP[op]) fail(`instruction ${opName(op)} is not supported by the FVM gas rules`);
    let cost: Cost = FIXED_COST[op]!;
    const unit = UNIT_COST[op]!;
    if (unit !== 0) {
      if (lastConst !== undefined) {
        if (lastConst < 0) fail('linearly priced instructions are illegal with negative arguments');
        cost = linearCost(cost, lastConst, unit);
      } else {
        dynamicAt.push(cursor);
        dynamicUnit.push(unit);
      }
    }
    switch (op) {
      case Op.Block:
        increment(cost);
        begin(activeStart[activeStart.length - 1]!, false);
        break;
      case Op.If:
        increment(cost);
        begin(cursor + 1, false);
        break;
      case Op.Loop:
        increment(cost);
        begin(cursor + 1, true);
        break;
      case Op.End:
        finalizeControl(cursor);
        break;
      case Op.Else:
        finalizeMetered(cursor);
        break;
      case Op.Br:
      case Op.BrIf: {
        increment(cost);
        const target = lowest.length - 1 - code.a[cursor]!;
        if (target < 0) fail('index not found');
        finalizeMetered(cursor);
        branchTo(target);
        break;
      }
      case Op.BrTable: {
        increment(cost);
        const active = lowest.length - 1;
        const targets = code.brTargets(cursor);
        for (let t = 0; t < targets.length; t++) if (active - targets[t]! < 0) fail('to do check this error');
        finalizeMetered(cursor);
        // Only the explicit targets: the default label is left out, as in the reference.
        for (let t = 0; t < targets.length; t++) branchTo(active - targets[t]!);
        break;
      }
      case Op.Return:
        increment(cost);
        finalizeMetered(cursor);
        branchTo(0);
        break;
      case Op.I32Const:
        lastConst = code.a[cursor]!;
        increment(cost);
        continue;
      default:
        increment(cost);
    }
    lastConst = undefined;
  }

  // Finalized blocks sorted by start (starts are unique, so the unstable sort's order is moot).
  const order = finalStarts.map((_, i) => i).sort((x, y) => finalStarts[x]! - finalStarts[y]!);
  return {
    blockStarts: order.map((i) => finalStarts[i]!),
    blockCosts: order.map((i) => finalCosts[i]!),
    dynamicAt,
    dynamicUnit,
  };
}
