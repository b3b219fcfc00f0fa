import { describe, expect, it } from 'vitest';
import { Machine } from '../../machine/machine';
import { buildCallTree } from '../../trace/callTree';
import { createActor, invokeActor, syscallImportsWat, topCharges, wasmExecOf } from '../testing/actors.node';
import { wat } from '../testing/wat.node';

/**
 * Instrumentation gas pinned end to end: hand-written WAT actors run through Machine messages, and the
 * `wasm_exec` charges in the trace equal the metered-block sums worked out by hand below (fvm-wasm-
 * instrument 0.4.0's rules, spec 6.5-6.7). Every priced instruction costs 4 gas (4,000 milligas); block,
 * loop, end, else, drop, return and unreachable are free.
 */

const GAS = 1000;
/** An exported function's stack-limiter thunk with one parameter: local.get, 7-instruction preamble, if,
 * call, 4-instruction postamble = 14 instructions (spec 6.6). */
const THUNK = 14 * 4;
const ONE_PAGE_INIT = 26_214_400; // 0.4 gas × 65,536 bytes, in milligas

/** Installs `text`, creates the actor (its constructor call gets no params: invoke(0)), returns both. */
async function setup(text: string) {
  const machine = Machine.create();
  const { code } = machine.installActor(await wat(text));
  const created = createActor(machine, code);
  return { machine, address: created.address, creation: created.applied };
}

/** The constructor's charges, from the Exec message's trace (the sub-call Init makes). */
function constructorCharges(applied: ReturnType<typeof invokeActor>) {
  const tree = buildCallTree(applied.result.trace ?? []);
  const ctor = tree.root?.subcalls[0];
  return (ctor?.gasCharges ?? []).map((c) => [c.name, c.compute, c.other]);
}

/** Non-empty params so that invoke gets block handle 1 instead of 0. */
const PARAMS = new Uint8Array([0x80]);

describe('instantiation charges', () => {
  it('charges wasm_table_init (3.2 gas an element) for a table exported as "table", before the memory', async () => {
    const module = (exportName: string) => `(module (memory (export "memory") 1)
      (table (export "${exportName}") 10 funcref)
      (func (export "invoke") (param i32) (result i32) i32.const 0))`;
    const { machine, address } = await setup(module('table'));
    const applied = invokeActor(machine, address, 2, PARAMS);
    expect(applied.result.receipt.exitCode).toBe(0);
    expect(topCharges(applied).slice(0, 3)).toEqual([
      ['OnMethodInvocation', 75_000 * GAS, 0],
      ['wasm_table_init', 32 * GAS, 0],
      ['wasm_memory_init', ONE_PAGE_INIT, 0],
    ]);
    // Under another export name (as Rust actors export theirs) the table is not charged.
    const other = await setup(module('__indirect_function_table'));
    const names = topCharges(invokeActor(other.machine, other.address, 2, PARAMS)).map(([name]) => name);
    expect(names).not.toContain('wasm_table_init');
  });
});

describe('metered blocks through the machine', () => {
  it('charges straight code once, a loop body per iteration, an early return only its own block', async () => {
    // 0 local.get 1 i32.eqz 2 if → [3 i32.const 4 return] 5 end ; 6 loop [7..14 body, br_if] 15 end
    // 16 i32.const 17 end. Blocks: @0 = 12 (local.get, eqz, if), @3 = 4, @6 = 4 (loop is free; the
    // i32.const after the loop is charged up front), @7 = 32 (7 priced instructions + br_if).
    const { machine, address, creation } = await setup(`(module (memory (export "memory") 1)
      (func (export "invoke") (param $p i32) (result i32) (local $i i32)
        local.get $p
        i32.eqz
        if
          i32.const 0
          return
        end
        loop $l
          local.get $i
          i32.const 1
          i32.add
          local.set $i
          local.get $i
          i32.const 10
          i32.lt_u
          br_if $l
        end
        i32.const 0))`);
    // The constructor (no params): thunk + @0 + @3.
    expect(constructorCharges(creation)).toContainEqual(['wasm_exec', (THUNK + 12 + 4) * GAS, 0]);

    const applied = invokeActor(machine, address, 2, PARAMS);
    expect(applied.result.receipt.exitCode).toBe(0);
    expect(topCharges(applied)).toEqual([
      ['OnMethodInvocation', 75_000 * GAS, 0],
      ['wasm_memory_init', ONE_PAGE_INIT, 0],
      ['wasm_exec', 0, 0], // after instantiation: no start function
      ['wasm_exec', (THUNK + 12 + 4 + 10 * 32) * GAS, 0],
    ]);
  });

  it('keeps the br_table quirk: the default label does not split blocks, so its path pays for skipped code', async () => {
    // 0 block $a 1 block $b 2 local.get 3 br_table $b (default $a) 4 end 5 i32.const 0 6 return
    // 7 end 8 i32.const 0 9 end. Only the table's own target ($b) counts as a forward branch, so nothing
    // seems to skip 5-6 and block @0 runs to the return: 4 + 4 + 4 = 12 gas; @8 costs 4. Label $b
    // (params 0: the constructor) pays 12; the default $a (params 1) pays 12 + 4 = 16, where honest
    // branch tracking would give 12 for both.
    const { machine, address, creation } = await setup(`(module (memory (export "memory") 1)
      (func (export "invoke") (param $p i32) (result i32)
        block $a
          block $b
            local.get $p
            br_table $b $a
          end
          i32.const 0
          return
        end
        i32.const 0))`);
    expect(constructorCharges(creation)).toContainEqual(['wasm_exec', (THUNK + 12) * GAS, 0]);
    const applied = invokeActor(machine, address, 2, PARAMS);
    expect(wasmExecOf(applied)).toBe((THUNK + 16) * GAS);
  });

  it('charges memory.fill with a run-time length per byte, memory.copy with a constant one up front', async () => {
    // One block: 3 consts + local.get + mul (20) + memory.fill base (4) + 3 consts (12) + memory.copy
    // folded 4 + 0.4 × 50 (24) + i32.const (4) = 64 gas; the fill of p × 100 bytes adds 40 gas per
    // params handle at run time.
    const { machine, address, creation } = await setup(`(module (memory (export "memory") 1)
      (func (export "invoke") (param $p i32) (result i32)
        (memory.fill (i32.const 0) (i32.const 7) (i32.mul (local.get $p) (i32.const 100)))
        (memory.copy (i32.const 1000) (i32.const 0) (i32.const 50))
        (i32.const 0)))`);
    expect(constructorCharges(creation)).toContainEqual(['wasm_exec', (THUNK + 64) * GAS, 0]);
    const applied = invokeActor(machine, address, 2, PARAMS);
    expect(wasmExecOf(applied)).toBe((THUNK + 64 + 40) * GAS);
  });

  it('meters the stack limiter around a call: its pre/post-amble, the callee and the thunk', async () => {
    // invoke: local.get; preamble global.get, i32.const 2, i32.add, global.set, global.get,
    // i32.const 2048, i32.gt_u, if (unreachable: free); call; postamble global.get, i32.const 2,
    // i32.sub, global.set; drop; i32.const = 15 priced instructions (60 gas) in one block, since the
    // `if` cannot branch past its end. $double: 3 instructions (12). Plus invoke's thunk.
    const { machine, address } = await setup(`(module (memory (export "memory") 1)
      (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
      (func (export "invoke") (param $p i32) (result i32)
        (drop (call $double (local.get $p)))
        (i32.const 0)))`);
    expect(wasmExecOf(invokeActor(machine, address, 2, PARAMS))).toBe((THUNK + 60 + 12) * GAS);
  });

  it('syncs at every syscall: what ran since the last sync is charged as wasm_exec before OnSyscall', async () => {
    // Blocks: @0 = 12 (local.get, eqz, if), @3 = 4, @6 = 20 (i32.const, call, [drop, loop free],
    // i32.const, call, i32.const after the loop — all charged on entry), loop body @10 = 28. So the first
    // syscall pays thunk + 12 + 20, the second the 5 iterations (140), the end nothing.
    const { machine, address } = await setup(`(module ${syscallImportsWat()} (memory (export "memory") 1)
      (func (export "invoke") (param $p i32) (result i32) (local $i i32)
        local.get $p
        i32.eqz
        if
          i32.const 0
          return
        end
        i32.const 0
        call $gas.available
        drop
        loop $l
          local.get $i
          i32.const 1
          i32.add
          local.tee $i
          i32.const 5
          i32.lt_u
          br_if $l
        end
        i32.const 8
        call $gas.available
        drop
        i32.const 0))`);
    const applied = invokeActor(machine, address, 2, PARAMS);
    expect(topCharges(applied)).toEqual([
      ['OnMethodInvocation', 75_000 * GAS, 0],
      ['wasm_memory_init', ONE_PAGE_INIT, 0],
      ['wasm_exec', 0, 0],
      ['wasm_exec', (THUNK + 12 + 20) * GAS, 0],
      ['OnSyscall', 14_000 * GAS, 0],
      ['wasm_exec', 5 * 28 * GAS, 0],
      ['OnSyscall', 14_000 * GAS, 0],
      ['wasm_exec', 0, 0],
    ]);
  });

  it('charges a span twice after an out-pointer failure, as ref-fvm does (no re-sync on that early return)', async () => {
    // Three gas.available calls with a 5-iteration loop (140 gas) between each; the middle one's
    // out-pointer is past the end of memory (IllegalArgument before the body, and no re-sync), so the third
    // sync charges both loops: 280.
    const loop = (label: string) => `(local.set $i (i32.const 0))
      (loop ${label} (br_if ${label} (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 5))))`;
    const { machine, address } = await setup(`(module ${syscallImportsWat()} (memory (export "memory") 1)
      (func (export "invoke") (param $p i32) (result i32) (local $i i32)
        (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))
        (drop (call $gas.available (i32.const 0)))
        ${loop('$a')}
        (i32.store (i32.const 16) (call $gas.available (i32.const 0xfffffff0)))
        ${loop('$b')}
        (drop (call $gas.available (i32.const 0)))
        (if (i32.ne (i32.load (i32.const 16)) (i32.const 1)) (then unreachable))
        (i32.const 0)))`);
    const applied = invokeActor(machine, address, 2, PARAMS);
    expect(applied.result.receipt.exitCode).toBe(0);
    const execs = topCharges(applied)
      .filter(([name]) => name === 'wasm_exec')
      .map(([, compute]) => compute / GAS);
    // Outside the loops everything after the first `if` is one block charged before the first syscall:
    // [i32.const, call] + [i32.const, local.set] + [i32.const ×2, call, i32.store] + [i32.const,
    // local.set] + [i32.const, call] + [i32.const, i32.load, i32.const, i32.ne, if] + i32.const = 18
    // instructions (72 gas). Each loop body: local.get, i32.const, i32.add, local.tee, i32.const,
    // i32.lt_u, br_if = 28 gas, 5 iterations.
    expect(execs).toEqual([0, THUNK + 12 + 72, 140, 280, 0]);
  });
});
