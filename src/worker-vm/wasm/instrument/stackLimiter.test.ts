import { describe, expect, it } from 'vitest';
import { decodeModule } from '../binary/module';
import { instrumentModule } from '../instrumentModule';
import { instantiate } from '../testing/run.node';
import { wat } from '../testing/wat.node';
import { classifyTrap } from '../traps';
import { ACTIVATION_FRAME_COST } from './maxHeight';
import { functionTypes, stackCost } from './stackLimiter';

/** Stack cost of each defined function of a module written in WAT. */
async function costs(text: string): Promise<number[]> {
  const m = decodeModule(await wat(`(module ${text})`, { multi_value: true }));
  const typeOf = functionTypes(m);
  return m.codes.map((code, i) => stackCost(code, m.types[m.functions[i]!]!, m, typeOf));
}

describe('stack cost of a function', () => {
  it('is the activation frame plus the maximum operand height', async () => {
    expect(await costs('(func)')).toEqual([ACTIVATION_FRAME_COST]);
    expect(await costs('(func i32.const 1 i32.const 2 i32.const 3 drop drop drop)')).toEqual([2 + 3]);
    expect(await costs('(func (result i32) i32.const 0 return)')).toEqual([2 + 1]);
  });

  it('counts local declaration entries, not locals, and not parameters', async () => {
    // wabt groups equal adjacent types: (local i32 i32 i32 i32 i32) is one entry, i32 i64 i32 three.
    expect(await costs('(func (param i64 i64 i64) (local i32 i32 i32 i32 i32))')).toEqual([1 + 2]);
    expect(await costs('(func (local i32 i64 i32))')).toEqual([3 + 2]);
  });

  it('ignores heights reached in unreachable code', async () => {
    expect(await costs('(memory 0) (func (result i32) unreachable memory.grow)')).toEqual([2]);
    expect(
      await costs(
        '(func i32.const 0 i32.const 1 drop drop unreachable i32.const 0 i32.const 1 i32.const 2 drop drop drop)',
      ),
    ).toEqual([4]);
  });

  it('follows blocks, branches, if/else and calls', async () => {
    expect(
      await costs('(func block (result i32) block (result i32) i32.const 99 br 1 end end drop)'),
    ).toEqual([3]);
    expect(
      await costs(
        '(func i32.const 7 i32.const 1 if (result i32) i32.const 42 else i32.const 99 end i32.const 97 drop drop drop)',
      ),
    ).toEqual([5]);
    // call_indirect pops its index, then the arguments; the callee's own cost is separate.
    expect(
      await costs(`(table 1 funcref) (elem (i32.const 0) 1)
        (func (call_indirect (i32.const 0)) (call_indirect (i32.const 0)))
        (func i64.const 42 drop)`),
    ).toEqual([3, 3]);
    // `else` leaves the height where the `then` arm ended (the reference does not reset it): the
    // `else` arm pushes on top of the `then` arm's result.
    expect(
      await costs(
        '(func (result i32) i32.const 1 if (result i32) i32.const 2 else i32.const 3 i32.const 4 drop end)',
      ),
    ).toEqual([5]);
  });
});

describe('stack limiter', () => {
  /**
   * `invoke` calls `$rec(1)`; `$rec(n)` stores n at address 0 and calls `$rec(n + 1)` forever. Each
   * call adds $rec's cost to the height; the call that would take the height past 2048 traps first.
   */
  const recursive = (recLocals: string) => `(module
    (memory (export "memory") 1)
    (func $rec (param i32) ${recLocals}
      i32.const 0 local.get 0 i32.store
      local.get 0 i32.const 1 i32.add call $rec)
    (func (export "invoke") (param i32) (result i32) i32.const 1 call $rec i32.const 0))`;

  async function deepest(recLocals: string): Promise<{ depth: number; costs: number[] }> {
    const bytes = await wat(recursive(recLocals));
    const { bytes: instrumented } = instrumentModule(bytes);
    const { exports, gas } = instantiate(instrumented, 10n ** 15n);
    let error: unknown;
    try {
      (exports.invoke as (x: number) => number)(0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(classifyTrap(error, gas.value as bigint)).toBe('IllegalInstruction');
    const depth = new Uint32Array((exports.memory as WebAssembly.Memory).buffer)[0]!;
    return { depth, costs: await costs(recursive(recLocals).slice('(module'.length, -1)) };
  }

  it('stops recursion at the depth the 2048 limit allows', async () => {
    const {
      depth,
      costs: [rec, invoke],
    } = await deepest('');
    // $rec: no locals, max height 2 + 2 = 4. invoke: max height 2 + 1 = 3.
    expect([rec, invoke]).toEqual([4, 3]);
    // The invoke thunk raises the height to 3; the n-th call to $rec to 3 + 4n, trapping past 2048.
    expect(depth).toBe(Math.floor((2048 - 3) / 4));
  });

  it('charges more per frame for more local declaration entries', async () => {
    const {
      depth,
      costs: [rec],
    } = await deepest('(local i32) (local i64) (local i32)');
    expect(rec).toBe(3 + 4);
    expect(depth).toBe(Math.floor((2048 - 3) / 7));
  });

  it('adds no thunk or guard for imported functions', async () => {
    const bytes = await wat(`(module
      (import "env" "host" (func $host (param i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "invoke") (param i32) (result i32) local.get 0 call $host))`);
    const { bytes: out, info } = instrumentModule(bytes);
    expect(info.instrumentation.thunkCount).toBe(1); // invoke's only
    const m = decodeModule(out);
    const code = m.codes[0]!.instrs;
    // local.get, call: two instructions after the 2-instruction charge, no guard around the call.
    expect(code.length).toBe(2 + 2 + 1);
    const { exports } = instantiate(out, 10n ** 9n, { env: { host: (x: number) => x * 2 } });
    expect((exports.invoke as (x: number) => number)(21)).toBe(42);
  });
});
