import { describe, expect, it } from 'vitest';
import { decodeModule } from '../binary/module';
import { instrumentModule } from '../instrumentModule';
import { WasmModuleError } from '../moduleError';
import { body, G, instantiate, runInvoke, thunkCost } from '../testing/run.node';
import { wat } from '../testing/wat.node';

const MEMORY = '(memory (export "memory") 1)';

/** An actor module: memory, the given functions, `invoke` exported. */
async function actor(funcs: string, invoke: string, extra = ''): Promise<Uint8Array> {
  const text = `(module ${MEMORY} ${funcs} (func (export "invoke") (param i32) (result i32) ${invoke}) ${extra})`;
  return instrumentModule(await wat(text)).bytes;
}

/** `i64.const cost; call $gas` as the pass writes it. */
const charge = (milligas: number, gasFunc: number) => [`i64.const ${milligas}`, `call ${gasFunc}`];

describe('gas metering: metered blocks and charges', () => {
  it('charges straight-line code once, at the start of the function', async () => {
    const bytes = await actor('', 'local.get 0 i32.const 2 i32.mul i32.const 1 i32.add');
    // invoke is function 0, its thunk 1, the gas function 2.
    expect(body(bytes, 0)).toEqual([
      ...charge(5 * G, 2),
      'local.get 0',
      'i32.const 2',
      'i32.mul',
      'i32.const 1',
      'i32.add',
      'end',
    ]);
    expect(runInvoke(bytes, 5)).toMatchObject({ result: 11, used: BigInt(thunkCost(1) + 5 * G) });
  });

  it('spends exactly the budget: a counter that reaches 0 succeeds, one milligas less traps', async () => {
    const bytes = await actor('', 'local.get 0 i32.const 2 i32.mul i32.const 1 i32.add');
    const exact = BigInt(thunkCost(1) + 5 * G);
    expect(runInvoke(bytes, 1, exact)).toMatchObject({ result: 3, gasLeft: 0n });
    expect(() => runInvoke(bytes, 1, exact - 1n)).toThrow(WebAssembly.RuntimeError);
  });

  it('meters if and else arms as their own blocks; the code after `end` is charged up front', async () => {
    const bytes = await actor(
      '',
      `local.get 0
       if (result i32) i32.const 10 i32.const 20 i32.add else i32.const 7 end
       i32.const 1 i32.add`,
    );
    expect(body(bytes, 0)).toEqual([
      ...charge(4 * G, 2), // local.get, if, and after the if: i32.const, i32.add
      'local.get 0',
      'if (result i32)',
      ...charge(3 * G, 2),
      'i32.const 10',
      'i32.const 20',
      'i32.add',
      'else',
      ...charge(1 * G, 2),
      'i32.const 7',
      'end',
      'i32.const 1',
      'i32.add',
      'end',
    ]);
    expect(runInvoke(bytes, 1)).toMatchObject({ result: 31, used: BigInt(thunkCost(1) + 7 * G) });
    expect(runInvoke(bytes, 0)).toMatchObject({ result: 8, used: BigInt(thunkCost(1) + 5 * G) });
  });

  it('charges a loop body on every iteration', async () => {
    const bytes = await actor(
      '',
      `(local i32)
       loop
         local.get 1 local.get 0 i32.add local.set 1
         local.get 0 i32.const 1 i32.sub local.tee 0
         br_if 0
       end
       local.get 1`,
    );
    expect(body(bytes, 0).slice(0, 5)).toEqual([...charge(1 * G, 2), 'loop', ...charge(9 * G, 2)]);
    for (const n of [1, 2, 10]) {
      expect(runInvoke(bytes, n)).toMatchObject({
        result: (n * (n + 1)) / 2,
        used: BigInt(thunkCost(1) + G + n * 9 * G),
      });
    }
  });

  it('splits after a block only when a branch inside it can skip the code after its end', async () => {
    const text = (label: string) => `
      block $outer
        block $inner
          local.get 0
          br_if ${label}
          i32.const 1 drop
        end
        i32.const 2 drop
      end
      i32.const 3`;
    // br_if to $outer: `i32.const 2` may be skipped, so it is a metered block of its own.
    const out = await actor('', text('$outer'));
    expect(body(out, 0)).toEqual([
      ...charge(3 * G, 2),
      'block',
      'block',
      'local.get 0',
      'br_if 1',
      ...charge(G, 2),
      'i32.const 1',
      'drop',
      'end',
      ...charge(G, 2),
      'i32.const 2',
      'drop',
      'end',
      'i32.const 3',
      'end',
    ]);
    expect(runInvoke(out, 1).used).toBe(BigInt(thunkCost(1) + 3 * G));
    expect(runInvoke(out, 0).used).toBe(BigInt(thunkCost(1) + 5 * G));
    // br_if to $inner: the code after $inner always runs, so it joins the function's first block.
    const inner = await actor('', text('$inner'));
    expect(body(inner, 0).filter((i) => i.startsWith('i64.const'))).toEqual([
      `i64.const ${4 * G}`,
      `i64.const ${G}`,
    ]);
    expect(runInvoke(inner, 1).used).toBe(BigInt(thunkCost(1) + 4 * G));
    expect(runInvoke(inner, 0).used).toBe(BigInt(thunkCost(1) + 5 * G));
  });

  it('merges nested blocks into the enclosing metered block', async () => {
    const bytes = await actor('', 'block block block i32.const 1 drop end end end i32.const 2');
    expect(body(bytes, 0)).toEqual([
      ...charge(2 * G, 2),
      'block',
      'block',
      'block',
      'i32.const 1',
      'drop',
      'end',
      'end',
      'end',
      'i32.const 2',
      'end',
    ]);
  });

  it('ignores the br_table default label when deciding where blocks end (the reference quirk)', async () => {
    const text = (targets: string) => `
      block $outer
        block $a
          local.get 0
          br_table ${targets}
        end
        i32.const 100 drop i32.const 100 drop
      end
      i32.const 5`;
    // Default → $outer, explicit only $a: the code after $a is charged at the start even when the
    // default branch skips it.
    const quirk = await actor('', text('$a $outer'));
    expect(body(quirk, 0).filter((i) => i.startsWith('i64.const'))).toEqual([`i64.const ${5 * G}`]);
    expect(runInvoke(quirk, 0)).toMatchObject({ result: 5, used: BigInt(thunkCost(1) + 5 * G) });
    expect(runInvoke(quirk, 1)).toMatchObject({ result: 5, used: BigInt(thunkCost(1) + 5 * G) });
    // The same jump listed explicitly splits the block, and taking it is cheaper.
    const explicit = await actor('', text('$a $outer $outer'));
    expect(body(explicit, 0).filter((i) => i.startsWith('i64.const'))).toEqual([
      `i64.const ${3 * G}`,
      `i64.const ${2 * G}`,
    ]);
    expect(runInvoke(explicit, 0).used).toBe(BigInt(thunkCost(1) + 5 * G));
    expect(runInvoke(explicit, 1).used).toBe(BigInt(thunkCost(1) + 3 * G));
  });

  it('treats return as a branch out of every enclosing block', async () => {
    const bytes = await actor(
      '',
      'block local.get 0 if i32.const 9 return end i32.const 1 drop end i32.const 4',
    );
    // [local.get, if] | if body [i32.const 9, return] | after the if [i32.const 1, drop] | after the
    // block [i32.const 4]: the return can skip everything after it, so each part is its own block.
    expect(body(bytes, 0).filter((i) => i.startsWith('i64.const'))).toEqual([
      `i64.const ${2 * G}`,
      `i64.const ${G}`, // return itself is free
      `i64.const ${G}`,
      `i64.const ${G}`,
    ]);
    expect(runInvoke(bytes, 1)).toMatchObject({ result: 9, used: BigInt(thunkCost(1) + 3 * G) });
    expect(runInvoke(bytes, 0)).toMatchObject({ result: 4, used: BigInt(thunkCost(1) + 4 * G) });
  });
});

describe('gas metering: calls, thunks and the stack limiter', () => {
  it('meters the stack limiter pre/post-amble around a call', async () => {
    const bytes = await actor(
      '(func $callee (param i32) (result i32) local.get 0 i32.const 1 i32.add)',
      'local.get 0 call $callee',
    );
    // callee 0, invoke 1, invoke's thunk 2, gas function 3; the stack-height global is 1 after the
    // gas counter import took index 0. The callee's frame costs 4 (no locals, max height 2 + 2).
    expect(body(bytes, 1)).toEqual([
      ...charge(14 * G, 3),
      'local.get 0',
      'global.get 1',
      'i32.const 4',
      'i32.add',
      'global.set 1',
      'global.get 1',
      'i32.const 2048',
      'i32.gt_u',
      'if',
      'unreachable',
      'end',
      'call 0',
      'global.get 1',
      'i32.const 4',
      'i32.sub',
      'global.set 1',
      'end',
    ]);
    expect(body(bytes, 0)).toEqual([...charge(3 * G, 3), 'local.get 0', 'i32.const 1', 'i32.add', 'end']);
    expect(runInvoke(bytes, 41)).toMatchObject({ result: 42, used: BigInt(thunkCost(1) + 14 * G + 3 * G) });
  });

  it('routes exports and table entries through thunks (ascending function order)', async () => {
    const bytes = await actor(
      `(type $t (func (param i32 i32) (result i32)))
       (table 2 funcref)
       (func $add (type $t) local.get 0 local.get 1 i32.add)
       (func $mul (type $t) local.get 0 local.get 1 i32.mul)
       (elem (i32.const 0) $add $mul)`,
      'i32.const 7 i32.const 3 local.get 0 call_indirect (type $t)',
    );
    const m = decodeModule(bytes);
    // $add 0, $mul 1, invoke 2; thunks 3 ($add), 4 ($mul), 5 (invoke); gas function 6.
    expect(m.elements[0]).toMatchObject({ flags: 2, mode: 'active', funcs: [3, 4] });
    expect(m.exports.find((e) => e.name === 'invoke')!.index).toBe(5);
    expect(body(bytes, 3)).toEqual([
      ...charge(thunkCost(2), 6),
      'local.get 0',
      'local.get 1',
      'global.get 1',
      'i32.const 4',
      'i32.add',
      'global.set 1',
      'global.get 1',
      'i32.const 2048',
      'i32.gt_u',
      'if',
      'unreachable',
      'end',
      'call 0',
      'global.get 1',
      'i32.const 4',
      'i32.sub',
      'global.set 1',
      'end',
    ]);
    const through = BigInt(thunkCost(1) + 4 * G + thunkCost(2) + 3 * G);
    expect(runInvoke(bytes, 0)).toMatchObject({ result: 10, used: through });
    expect(runInvoke(bytes, 1)).toMatchObject({ result: 21, used: through });
  });

  it('meters a start function (through its thunk) while instantiating', async () => {
    const bytes = await actor(
      `(global $g (mut i32) (i32.const 0))
       (func $init i32.const 42 global.set $g)
       (start $init)
       (export "g" (global $g))`,
      'global.get $g',
    );
    const m = decodeModule(bytes);
    // $init 0, invoke 1, thunks 2 ($init) and 3 (invoke): the start section names the thunk.
    expect(m.start).toBe(2);
    // Globals shift by one for the gas counter import: $g is 1, the stack-height global 2.
    expect(body(bytes, 0)).toEqual([...charge(2 * G, 4), 'i32.const 42', 'global.set 1', 'end']);
    const { gas, exports } = instantiate(bytes, 1_000_000n);
    expect(gas.value).toBe(1_000_000n - BigInt(thunkCost(0) + 2 * G));
    expect((exports.invoke as (x: number) => number)(0)).toBe(42);
    // Quirk kept from the reference: the export section is not re-indexed, so the exported global
    // "g" (index 0) now names the gas counter.
    expect((exports.g as WebAssembly.Global).value).toBe(gas.value);
  });
});

describe('gas metering: linearly priced instructions', () => {
  it('folds memory.copy / memory.fill with a constant length into the block (4 + 0.4·k gas)', async () => {
    const bytes = await actor(
      '',
      'i32.const 0 i32.const 100 i32.const 50 memory.copy i32.const 0 i32.const 7 i32.const 1000 memory.fill i32.const 0',
    );
    expect(body(bytes, 0)).toEqual([
      ...charge(3 * G + (4000 + 50 * 400) + 3 * G + (4000 + 1000 * 400) + G, 2),
      'i32.const 0',
      'i32.const 100',
      'i32.const 50',
      'memory.copy 0 0',
      'i32.const 0',
      'i32.const 7',
      'i32.const 1000',
      'memory.fill 0',
      'i32.const 0',
      'end',
    ]);
    expect(decodeModule(bytes).codes[0]!.locals).toEqual([]);
  });

  it('charges a dynamic length at run time through a temporary local', async () => {
    const bytes = await actor(
      '',
      '(local i64) i32.const 0 i32.const 7 local.get 0 memory.fill i32.const 0 i32.const 8 local.get 0 memory.copy i32.const 0',
    );
    const m = decodeModule(bytes);
    // One new i32 local after the existing declarations: index = 1 param + 1 local = 2.
    expect(m.codes[0]!.locals).toEqual([
      [1, 0x7e],
      [1, 0x7f],
    ]);
    const dynamic = (unit: number) => [
      'local.tee 2',
      'local.get 2',
      'i64.extend_i32_u',
      `i64.const ${unit}`,
      'i64.mul',
      'call 2',
    ];
    expect(body(bytes, 0)).toEqual([
      ...charge(3 * G + 4000 + 3 * G + 4000 + G, 2),
      'i32.const 0',
      'i32.const 7',
      'local.get 0',
      ...dynamic(400),
      'memory.fill 0',
      'i32.const 0',
      'i32.const 8',
      'local.get 0',
      ...dynamic(400),
      'memory.copy 0 0',
      'i32.const 0',
      'end',
    ]);
    for (const n of [0, 1, 300, 4096]) {
      expect(runInvoke(bytes, n).used).toBe(
        BigInt(thunkCost(1) + 3 * G + 4000 + 3 * G + 4000 + G + 2 * n * 400),
      );
    }
  });

  it('charges memory.grow 26,214.4 gas per page, folded or dynamic', async () => {
    const bytes = await actor('', 'i32.const 2 memory.grow drop local.get 0 memory.grow');
    const perPage = 26_214_400;
    expect(body(bytes, 0).slice(0, 2)).toEqual(charge(G + (4000 + 2 * perPage) + G + 4000, 2));
    expect(body(bytes, 0)).toContain(`i64.const ${perPage}`);
    expect(runInvoke(bytes, 3)).toMatchObject({
      result: 3,
      used: BigInt(thunkCost(1) + 3 * G + 4000 + 2 * perPage + 3 * perPage),
    });
  });

  it('meters bulk data and element segment instructions (memory.init per byte, table.init per element)', async () => {
    const bytes = await actor(
      `(table 4 funcref)
       (func $f (result i32) i32.const 1)
       (func $g (result i32) i32.const 2)
       (elem $e func $f $g)
       (data $d "hello world")
       (data (i32.const 100) "xyz")`,
      `i32.const 16 i32.const 0 local.get 0 memory.init $d
       data.drop $d
       i32.const 0 i32.const 0 i32.const 2 table.init $e
       elem.drop $e
       i32.const 16 i32.load8_u
       i32.const 100 i32.load8_u i32.add`,
    );
    const m = decodeModule(bytes);
    // The passive segment keeps its functions, redirected to their thunks: $f 0, $g 1, invoke 2 →
    // thunks 3, 4, 5.
    expect(m.elements[0]).toMatchObject({ flags: 1, mode: 'passive', funcs: [3, 4] });
    const fixed = 3 * G + 4000 + G + 3 * G + (4000 + 2 * 3200) + G + 2 * G + 2 * G + G;
    expect(body(bytes, 2).slice(0, 2)).toEqual(charge(fixed, 6));
    expect(runInvoke(bytes, 5)).toMatchObject({
      result: 'h'.charCodeAt(0) + 'x'.charCodeAt(0),
      used: BigInt(thunkCost(1) + fixed + 5 * 400),
    });
  });

  it('refuses a linear instruction whose constant operand is negative', async () => {
    const bytes = await wat(
      `(module ${MEMORY} (func (export "invoke") (param i32) (result i32) i32.const 0 i32.const 0 i32.const -1 memory.fill i32.const 0))`,
    );
    expect(() => instrumentModule(bytes)).toThrow(WasmModuleError);
    expect(() => instrumentModule(bytes)).toThrow(/negative arguments/);
  });
});

describe('gas metering: the appended gas function', () => {
  it('subtracts its argument from the counter and traps below zero', async () => {
    const bytes = await actor('', 'i32.const 0');
    expect(body(bytes, 2)).toEqual([
      'global.get 0',
      'local.get 0',
      'i64.sub',
      'global.set 0',
      'global.get 0',
      'i64.const 0',
      'i64.lt_s',
      'if',
      'unreachable',
      'end',
      'end',
    ]);
    const m = decodeModule(bytes);
    expect(m.imports.at(-1)).toEqual({
      module: 'gas',
      name: 'gas_counter',
      kind: 'global',
      global: { valType: 0x7e, mutable: true },
    });
    // Its type (i64) -> () was appended after the module's own.
    expect(m.types.at(-1)).toEqual({ params: [0x7e], results: [] });
    expect(m.functions.at(-1)).toBe(m.types.length - 1);
  });

  it('reuses an existing (i64) -> () type', async () => {
    const bytes = await actor(
      '(type (func (param i32))) (type $u (func (param i64))) (func (type $u))',
      'i32.const 0',
    );
    const m = decodeModule(bytes);
    expect(m.types.map((t) => `${t.params}|${t.results}`)).toEqual(['127|', '126|', '127|127']);
    expect(m.functions.at(-1)).toBe(1);
  });
});
