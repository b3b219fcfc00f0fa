import { describe, expect, it } from 'vitest';
import { Address } from '../../address';
import type { PlaygroundError } from '../../errors';
import { ExitCode } from '../../kernel/codes';
import { Machine } from '../../machine/machine';
import { buildCallTree, type CallNode } from '../../trace/callTree';
import { WasmModuleError } from '../moduleError';
import { WASM_PAGE_SIZE } from '../prices';
import { invokeActor, message, testActorWat, topCharges, u32s, wasmActor } from '../testing/actors.node';
import { withSection } from '../testing/patch.node';
import { wat } from '../testing/wat.node';
import { wasmCodeCid } from '../userActors/install';
import { MAX_CALL_STACK_MEMORY_BYTES } from './callStackMemory';

/** A plain transfer that must still work after a failure: the machine keeps running. */
function machineStillWorks(machine: Machine): void {
  const to = machine.accounts[1]!.address;
  const before = machine.balanceOf(to);
  const applied = machine.applyMessage(message(machine, to, 0, new Uint8Array(0), { value: 5n }));
  expect(applied.result.receipt.exitCode).toBe(0);
  expect(machine.balanceOf(to)).toBe(before + 5n);
}

/** An actor whose invoke runs `body` when called with a method other than the constructor's. */
const actor = (body: string, options?: Parameters<typeof testActorWat>[1]) =>
  wasmActor(testActorWat(body, options));

describe('traps end the invocation with the spec exit code', () => {
  it('an infinite loop runs out of gas: SYS_OUT_OF_GAS and the whole limit used', async () => {
    const { machine, address } = await actor('(loop $forever (br $forever)) (i32.const 0)');
    const applied = invokeActor(machine, address, 2, undefined, { gasLimit: 50_000_000 });
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_OUT_OF_GAS);
    expect(applied.result.receipt.gasUsed).toBe(50_000_000);
    // The last charge is the wasm_exec that drained the negative counter.
    expect(topCharges(applied).at(-1)![0]).toBe('wasm_exec');
    machineStillWorks(machine);
  });

  it('unbounded recursion hits the stack limiter (2048 units): SYS_ILLEGAL_INSTRUCTION', async () => {
    const { machine, address } = await actor('(call $down (i32.const 0))', {
      funcs: '(func $down (param i32) (result i32) (call $down (i32.add (local.get 0) (i32.const 1))))',
    });
    const applied = invokeActor(machine, address, 2);
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_ILLEGAL_INSTRUCTION);
    expect(applied.result.backtrace.frames[0]?.message).toMatch(/trapped: .*unreachable/);
    machineStillWorks(machine);
  });

  it.each([
    ['unreachable', 'unreachable'],
    ['an integer division by zero', '(i32.div_u (i32.const 1) (i32.const 0))'],
    ['an out-of-bounds load', '(i32.load (i32.const 0x7ffffff0))'],
    ['a call through an empty table slot', '(call_indirect (type $t) (i32.const 0))'],
    ['an invalid float → int conversion', '(i32.trunc_f64_s (f64.const nan))'],
  ])('%s: SYS_ILLEGAL_INSTRUCTION with no return data', async (_, body) => {
    const { machine, address } = await actor(body, {
      funcs: '(type $t (func (result i32))) (table 1 funcref)',
    });
    const applied = invokeActor(machine, address, 2);
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_ILLEGAL_INSTRUCTION);
    expect(applied.result.receipt.returnData.length).toBe(0);
    machineStillWorks(machine);
  });

  it('returning a handle that names no block: SYS_MISSING_RETURN', async () => {
    const { machine, address } = await actor('(i32.const 77)');
    expect(invokeActor(machine, address, 2).result.receipt.exitCode).toBe(ExitCode.SYS_MISSING_RETURN);
  });

  it('a start function that traps fails the instantiation: SYS_ILLEGAL_INSTRUCTION', async () => {
    const machine = Machine.create();
    const { code } = machine.installActor(
      await wat(`(module (memory (export "memory") 1) (global $g (mut i32) (i32.const 0))
        (func $start (if (i32.eq (global.get $g) (i32.const 0)) (then (global.set $g (i32.const 1)))) unreachable)
        (start $start)
        (func (export "invoke") (param i32) (result i32) (i32.const 0)))`),
    );
    const exec = machine.applyMessage(
      message(machine, Address.newId(1), 2, (await import('../userActors/exec')).execParams(code)),
    );
    // Exec's constructor call fails; Init turns SYS_ILLEGAL_INSTRUCTION into USR_UNSPECIFIED.
    const tree = buildCallTree(exec.result.trace ?? []);
    expect(tree.root?.subcalls[0]?.exitCode).toBe(ExitCode.SYS_ILLEGAL_INSTRUCTION);
    expect(exec.result.receipt.exitCode).toBe(ExitCode.USR_UNSPECIFIED);
    machineStillWorks(machine);
  });

  it('a start function that loops forever runs out of gas', async () => {
    const machine = Machine.create();
    const { code } = machine.installActor(
      await wat(`(module (memory (export "memory") 1)
        (func $start (loop $l (br $l))) (start $start)
        (func (export "invoke") (param i32) (result i32) (i32.const 0)))`),
    );
    const exec = machine.applyMessage(
      message(machine, Address.newId(1), 2, (await import('../userActors/exec')).execParams(code), {
        gasLimit: 30_000_000,
      }),
    );
    expect(exec.result.receipt.exitCode).toBe(ExitCode.SYS_OUT_OF_GAS);
    expect(exec.result.receipt.gasUsed).toBe(30_000_000);
  });
});

describe('entry points and loading', () => {
  it('a module without invoke installs with a warning and exits SYS_INVALID_RECEIVER after the init charges', async () => {
    const machine = Machine.create();
    const installed = machine.installActor(
      await wat(
        '(module (memory (export "memory") 2) (func (export "other") (param i32) (result i32) (local.get 0)))',
      ),
    );
    expect(installed.warnings.join()).toMatch(/no "invoke"/);
    const exec = machine.applyMessage(
      message(machine, Address.newId(1), 2, (await import('../userActors/exec')).execParams(installed.code)),
    );
    const ctor = buildCallTree(exec.result.trace ?? []).root?.subcalls[0];
    expect(ctor?.exitCode).toBe(ExitCode.SYS_INVALID_RECEIVER);
    expect(ctor?.gasCharges.map((c) => [c.name, c.compute])).toEqual([
      ['OnMethodInvocation', 75_000_000],
      ['wasm_memory_init', 2 * 26_214_400],
      ['wasm_exec', 0],
    ]);
  });

  it('a module the engine cannot run (no memory export, bypassing install) is a fatal error', async () => {
    const machine = Machine.create();
    const bytes = await wat('(module (func (export "invoke") (param i32) (result i32) (i32.const 0)))');
    const code = wasmCodeCid(bytes);
    machine.code.set(code, machine.wasm.actorCode(code, bytes));
    const exec = machine.applyMessage(
      message(machine, Address.newId(1), 2, (await import('../userActors/exec')).execParams(code), {
        gasLimit: 40_000_000,
      }),
    );
    expect(exec.result.receipt.exitCode).toBe(ExitCode.SYS_ASSERTION_FAILED);
    expect(exec.result.receipt.gasUsed).toBe(40_000_000);
    expect(exec.result.failure).toMatch(/no memory export/);
    machineStillWorks(machine);
  });

  it.each([
    ['garbage bytes', () => Promise.resolve(new Uint8Array([1, 2, 3, 4])), 'malformed', 'MalformedData'],
    [
      'an invalid module',
      // i32.const 0 turned into i64.const 0: it decodes, but the function returns the wrong type.
      () =>
        wat('(module (func (result i32) (i32.const 0)))').then((b) =>
          b.map((x, i) => (i === b.length - 3 ? 0x42 : x)),
        ),
      'invalid',
      'MalformedData',
    ],
    [
      'SIMD',
      () =>
        wat(
          '(module (memory (export "memory") 1) (func (result i32) v128.const i64x2 0 0 i32x4.extract_lane 0))',
          { simd: true },
        ),
      'disabled-feature',
      'InvalidInput',
    ],
    [
      'threads',
      // A shared memory (flags 0x03), written by hand: the text tools refuse it without threads.
      () =>
        wat(
          '(module (memory (export "memory") 1 1) (func (export "invoke") (param i32) (result i32) (i32.const 0)))',
        ).then((b) => withSection(b, 5, [1, 0x03, 1, 1])),
      'disabled-feature',
      'InvalidInput',
    ],
    [
      'reference types',
      () =>
        wat('(module (memory (export "memory") 1) (func (result i32) ref.null func ref.is_null))', {
          reference_types: true,
        }),
      'disabled-feature',
      'InvalidInput',
    ],
    [
      'no memory export',
      () => wat('(module (func (export "invoke") (param i32) (result i32) (i32.const 0)))'),
      'missing-memory',
      'InvalidInput',
    ],
    [
      'invoke of the wrong type',
      () => wat('(module (memory (export "memory") 1) (func (export "invoke") (result i32) (i32.const 0)))'),
      'invalid-invoke',
      'InvalidInput',
    ],
    [
      'an import the FVM does not provide',
      () =>
        wat(
          '(module (import "env" "abort" (func (param i32 i32 i32 i32))) (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (i32.const 0)))',
        ),
      'unsupported-import',
      'InvalidInput',
    ],
    [
      'a syscall imported with the wrong signature',
      () =>
        wat(
          '(module (import "ipld" "block_stat" (func (param i32) (result i32))) (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (i32.const 0)))',
        ),
      'unsupported-import',
      'InvalidInput',
    ],
    [
      'a memory over 512 MiB',
      () =>
        wat(
          '(module (memory (export "memory") 8193) (func (export "invoke") (param i32) (result i32) (i32.const 0)))',
        ),
      'too-large',
      'TooLarge',
    ],
  ])(
    'install refuses %s with a typed error, and the machine keeps working',
    async (_, make, problem, kind) => {
      const machine = Machine.create();
      const bytes = await make();
      let error: unknown;
      try {
        machine.installActor(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WasmModuleError);
      expect((error as WasmModuleError).problem).toBe(problem);
      expect((error as PlaygroundError).kind).toBe(kind);
      expect((error as Error).message.length).toBeGreaterThan(10);
      machineStillWorks(machine);
    },
  );
});

/** Reads the params block (the recipient's address bytes) into 0x200 and returns its length. */
const READ_PARAMS = `(func $read_params (param $id i32) (result i32)
  (drop (call $ipld.block_read (i32.const 0x180) (local.get $id) (i32.const 0) (i32.const 0x200) (i32.const 64)))
  (i32.add (i32.load (i32.const 0x180)) (i32.const 64)))`;

/** Sends method 2 to the address in the params, passing the same params on; errno stored at 0x3f0. */
const SEND_ON = `(i32.store (i32.const 0x3f0)
  (call $send.send (i32.const 0x300) (i32.const 0x200) (call $read_params (local.get $params)) (i64.const 2)
    (local.get $params) (i64.const 0) (i64.const 0) (i64.const -1) (i64.const 0)))`;

describe('memory limits (spec 6.8)', () => {
  it('memory.grow returns -1 past 512 MiB per instance, and growth is reported as wasm_memory_grow', async () => {
    // Grows by 8191 pages (to 8192 = 512 MiB: allowed), then by 1 more (refused); a syscall after the
    // growth splits its gas out of wasm_exec.
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $grow (i32.const 8191)))
       (i32.store (i32.const 0x404) (call $grow (i32.const 1)))
       (call $return_bytes (i32.const 0x400) (i32.const 8))`,
      { funcs: '(func $grow (param i32) (result i32) (memory.grow (local.get 0)))' },
    );
    const applied = invokeActor(machine, address, 2);
    expect(applied.result.receipt.exitCode).toBe(0);
    expect(u32s(applied.result.receipt.returnData)).toEqual([1, 0xffffffff]);
    // 8191 pages × 65,536 bytes × 0.4 gas (milligas: × 400), charged by the instrumented memory.grow and
    // reported under its own name.
    const grow = topCharges(applied).filter(([name]) => name === 'wasm_memory_grow');
    expect(grow).toEqual([['wasm_memory_grow', 8191 * WASM_PAGE_SIZE * 400, 0]]);
  });

  it('the call stack holds at most 2 GiB: a fifth 512 MiB instance cannot even be created', async () => {
    // Each level grows to 512 MiB and sends on to itself; the fifth instance's one page does not fit.
    const { machine, address } = await actor(
      `(drop (memory.grow (i32.const 8191)))
       ${SEND_ON}
       (i32.const 0)`,
      { funcs: READ_PARAMS },
    );
    expect(MAX_CALL_STACK_MEMORY_BYTES / (8192 * WASM_PAGE_SIZE)).toBe(4);
    const applied = invokeActor(machine, address, 2, address.bytes, { gasLimit: 5_000_000_000 });
    expect(applied.result.receipt.exitCode).toBe(0);
    const chain: CallNode[] = [];
    for (let node = buildCallTree(applied.result.trace ?? []).root; node; node = node.subcalls[0])
      chain.push(node);
    expect(chain.map((node) => node.exitCode)).toEqual([0, 0, 0, 0, ExitCode.SYS_ILLEGAL_INSTRUCTION]);
    expect(engineMemoryIsReleased(machine)).toBe(true);
    machineStillWorks(machine);
  });
});

/** After a message, no instance is left on the engine's call stack. */
const engineMemoryIsReleased = (machine: Machine) =>
  machine.wasm.stackMemory.depth === 0 && machine.wasm.stackMemory.usedBytes === 0;

describe('deep sends', () => {
  it('recursion through send ends cleanly (call depth limit or the engine stack), never crashes the machine', async () => {
    const { machine, address } = await actor(`${SEND_ON} (i32.const 0)`, { funcs: READ_PARAMS });
    const applied = invokeActor(machine, address, 2, address.bytes, { gasLimit: 10_000_000_000 });
    expect(applied.result.receipt.exitCode).toBe(0);
    const chain: CallNode[] = [];
    for (let node = buildCallTree(applied.result.trace ?? []).root; node; node = node.subcalls[0])
      chain.push(node);
    // Either the FVM's depth limit answered LimitExceeded, or the JavaScript stack ran out first and the
    // Wasm frame where it happened exited SYS_ILLEGAL_INSTRUCTION, as a wasmtime stack overflow does
    // (below it, the call the overflow interrupted shows as a host error). Every frame above returned.
    const limited = chain.at(-1)?.error?.errno === 3;
    const overflowAt = chain.findIndex((node) => node.exitCode === ExitCode.SYS_ILLEGAL_INSTRUCTION);
    expect(limited || overflowAt > 0).toBe(true);
    const returned = limited ? chain.slice(0, -1) : chain.slice(0, overflowAt);
    expect(returned.every((node) => node.exitCode === 0)).toBe(true);
    expect(engineMemoryIsReleased(machine)).toBe(true);
    machineStillWorks(machine);
  });
});

describe('host stack overflow in any actor', () => {
  it('is SYS_ILLEGAL_INSTRUCTION for that frame (a system exit the host decides, not SYS_ILLEGAL_EXIT_CODE)', async () => {
    const machine = Machine.create();
    const code = wasmCodeCid(new Uint8Array([1, 2, 3]));
    machine.code.set(code, {
      minMemoryPages: 0,
      minTableElements: undefined,
      invoke: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    const exec = machine.applyMessage(
      message(machine, Address.newId(1), 2, (await import('../userActors/exec')).execParams(code)),
    );
    const ctor = buildCallTree(exec.result.trace ?? []).root?.subcalls[0];
    expect(ctor?.exitCode).toBe(ExitCode.SYS_ILLEGAL_INSTRUCTION);
    machineStillWorks(machine);
  });
});
