import type { InstrList } from '../binary/instructions';
import type { FuncType } from '../binary/module';
import { BLOCK_EMPTY, Effect, OPS, Op, opName } from '../binary/opcodes';
import { InstrumentError } from './errors';

/**
 * Every frame starts at this height: a function that uses no values still costs something on the host
 * stack (fvm-wasm-instrument's ACTIVATION_FRAME_COST).
 */
export const ACTIVATION_FRAME_COST = 2;

/**
 * The maximum operand-stack height of one function body, computed exactly as fvm-wasm-instrument's
 * stack limiter does (a validator-like pass over the instructions), quirks included:
 * - the height starts at 2 (activation frame) while the function frame's own start height is 0;
 * - `else` changes nothing (the height left by the `then` arm carries over);
 * - a pop that finds the height at its frame's start is ignored in unreachable code and an error
 *   otherwise, while a pop from above the start may go below it;
 * - a block's result arity is 1 for any non-empty block type;
 * - the maximum is sampled before each instruction, never inside unreachable code.
 */
export function maxStackHeight(
  code: InstrList,
  funcType: FuncType,
  funcTypeOf: (funcIndex: number) => FuncType | undefined,
  types: readonly FuncType[],
): number {
  // Control frames as parallel arrays: polymorphic flag, end arity, branch arity, start height.
  const poly: boolean[] = [];
  const endArity: number[] = [];
  const branchArity: number[] = [];
  const startHeight: number[] = [];
  let height = ACTIVATION_FRAME_COST;
  let max = 0;

  const fail = (message: string): never => {
    throw new InstrumentError(`stack height analysis failed: ${message}`);
  };
  const frame = (depth: number): number => {
    const idx = poly.length - 1 - depth;
    if (poly.length === 0) fail('control stack is empty');
    if (idx < 0) fail('control stack out of bounds');
    return idx;
  };
  const pop = (count: number): void => {
    if (count === 0) return;
    const top = frame(0);
    if (height === startHeight[top]) {
      if (poly[top]) return;
      fail('trying to pop more values than pushed');
    }
    height -= count;
    if (height < 0) fail('stack underflow');
  };
  const push = (count: number): void => {
    height += count;
    if (height > 0xffffffff) fail('stack overflow');
  };
  const markUnreachable = (): void => {
    poly[frame(0)] = true;
  };

  const funcArity = funcType.results.length;
  poly.push(false);
  endArity.push(funcArity);
  branchArity.push(funcArity);
  startHeight.push(0);

  const ops = code.op;
  const as = code.a;
  for (let i = 0; i < code.length; i++) {
    if (height > max && !poly[frame(0)]) max = height;
    const op = ops[i]!;
    const info = OPS[op]!;
    if (info.effect === Effect.Simple) {
      if (op === Op.RefNull || op === Op.RefIsNull || op === Op.RefFunc) {
        fail(`reference-type instruction ${opName(op)} is not supported`);
      }
      pop(info.pop);
      push(info.push);
      continue;
    }
    switch (op) {
      case Op.Nop:
      case Op.Else:
        break;
      case Op.Block:
      case Op.Loop:
      case Op.If: {
        const arity = as[i] === BLOCK_EMPTY ? 0 : 1;
        if (op === Op.If) pop(1);
        poly.push(false);
        endArity.push(arity);
        branchArity.push(op === Op.Loop ? 0 : arity);
        startHeight.push(height);
        break;
      }
      case Op.End: {
        if (poly.length === 0) fail('stack must be non-empty');
        poly.pop();
        branchArity.pop();
        height = startHeight.pop()!;
        push(endArity.pop()!);
        break;
      }
      case Op.Unreachable:
        markUnreachable();
        break;
      case Op.Br:
        pop(branchArity[frame(as[i]!)]!);
        markUnreachable();
        break;
      case Op.BrIf: {
        const arity = branchArity[frame(as[i]!)]!;
        pop(arity);
        pop(1);
        push(arity);
        break;
      }
      case Op.BrTable: {
        const arity = branchArity[frame(code.b[i]!)]!;
        const targets = code.brTargets(i);
        for (let t = 0; t < targets.length; t++) {
          if (branchArity[frame(targets[t]!)] !== arity) fail('arity of all jump-targets must be equal');
        }
        pop(arity);
        markUnreachable();
        break;
      }
      case Op.Return:
        pop(funcArity);
        markUnreachable();
        break;
      case Op.Call: {
        const t = funcTypeOf(as[i]!) ?? fail(`call to unknown function ${as[i]}`);
        pop(t.params.length);
        push(t.results.length);
        break;
      }
      case Op.CallIndirect: {
        const t = types[as[i]!] ?? fail(`call_indirect with unknown type ${as[i]}`);
        pop(1);
        pop(t.params.length);
        push(t.results.length);
        break;
      }
      case Op.Select:
        pop(2);
        pop(1);
        push(1);
        break;
      case Op.SelectT:
        fail('typed select (reference types) is not supported');
        break;
      default:
        fail(`unexpected instruction ${opName(op)}`);
    }
  }
  return max;
}
