import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlaygroundError } from '../../errors';
import { writeBundle } from '../../wasm/bundle/bundle';
import { WasmModuleError } from '../../wasm/moduleError';
import { wat } from '../../wasm/testing/wat.node';
import { PlaygroundSession } from '../session';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../tests/fixtures/wasm/${name}`, import.meta.url), 'utf8');

/** Calls ipld.block_stat on a handle that does not exist (InvalidHandle), then returns no block. */
const BAD_HANDLE_WAT = `(module
  (import "ipld" "block_stat" (func $stat (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "invoke") (param i32) (result i32)
    (drop (call $stat (i32.const 0x40) (i32.const 99)))
    (i32.const 0)))`;

const ON_SYSCALL_MILLIGAS = 14_000_000;

let counterBytes: Uint8Array;
let session: PlaygroundSession;
let from: string;

function expectRefusal(work: () => unknown, where: string | RegExp, message: RegExp) {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(PlaygroundError);
    expect((error as PlaygroundError).where).toMatch(where);
    expect((error as PlaygroundError).message).toMatch(message);
    return error as PlaygroundError;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  counterBytes = await wat(fixture('counter.wat'));
  session = new PlaygroundSession();
  from = session.state().accounts[0]!.robust!;
});

describe('installing Wasm code through the session', () => {
  it('returns the code CID, size, imports and exports, and lists the module', () => {
    const view = session.installWasm(counterBytes, 'counter.wat');
    expect(view.code).toMatch(/^bafk/);
    expect(view.size).toBe(counterBytes.length);
    expect(view.name).toBe('counter.wat');
    expect(view.imports).toContainEqual({ module: 'vm', name: 'exit', type: '(i32, i32, i32, i32) -> i32' });
    expect(view.exports.map((e) => e.name).sort()).toEqual(['invoke', 'memory']);
    expect(view.warnings).toEqual([]);
    expect(session.wasmOverview().codes.map((c) => c.code)).toContain(view.code);
  });

  it('refuses bad modules with the install check’s problem and place, changing nothing', () => {
    const before = session.wasmOverview().codes.length;
    const garbage = expectRefusal(() => session.installWasm(new Uint8Array([1, 2, 3])), 'module', /./);
    expect(garbage).toBeInstanceOf(WasmModuleError);
    expect((garbage as WasmModuleError).problem).toBe('malformed');
    expect(session.wasmOverview().codes.length).toBe(before);
  });

  it('refuses a module without its memory export, at the exports', async () => {
    const bytes = await wat('(module (func (export "invoke") (param i32) (result i32) (i32.const 0)))');
    const error = expectRefusal(() => session.installWasm(bytes), 'exports', /memory/);
    expect((error as WasmModuleError).problem).toBe('missing-memory');
  });

  it('refuses an empty upload as input', () => {
    expectRefusal(() => session.installWasm(new Uint8Array(0)), 'module', /no module bytes/);
  });
});

describe('creating and invoking a Wasm actor', () => {
  let actor: string;
  let code: string;

  beforeAll(() => {
    code = session.installWasm(counterBytes, 'counter.wat').code;
  });

  it('creates the actor through Init and shows its f0/f2 addresses', () => {
    const detail = session.submit({ kind: 'wasmCreate', from, code });
    expect(detail.exitCode).toBe(0);
    expect(detail.kind).toBe('wasm');
    expect(detail.action).toBe('create counter.wat');
    expect(detail.to).toBe('f01');
    const id = detail.returned?.find((v) => v.name === 'id')?.text;
    const robust = detail.returned?.find((v) => v.name === 'robust')?.text;
    expect(id).toMatch(/^f0\d+$/);
    expect(robust).toMatch(/^f2/);
    actor = id!;
    const listed = session.wasmOverview().actors.find((a) => a.id === actor);
    expect(listed).toMatchObject({ robust, code, codeName: 'counter.wat' });
  });

  it('invokes a method with JSON params as a real message: return decoded, state diff decoded', () => {
    const detail = session.submit({ kind: 'wasmInvoke', from, to: actor, method: 2, params: '7' });
    expect(detail.exitCode).toBe(0);
    expect(detail.returned).toEqual([{ name: 'return', type: 'cbor', text: '7' }]);
    expect(session.state().messages[detail.index]?.action).toBe('method 2');
    const diff = session.stateDiff(detail.index);
    const changed = diff.actors.find((a) => a.actor.id === actor);
    expect(changed?.userState).toEqual({
      before: JSON.stringify([0], null, 1),
      after: JSON.stringify([7], null, 1),
    });
    // The message is in the log with its receipt.
    expect(session.message(detail.index).gasUsed).toBeGreaterThan(0);
  });

  it('reads with an implicit message: decoded return, logs, nothing committed', () => {
    const root = session.state().stateRoot;
    const count = session.state().messages.length;
    const view = session.readWasm({ to: actor, method: 3 });
    expect(view).toMatchObject({ exitCode: 0, exitName: 'OK', returned: '7' });
    expect(session.state().stateRoot).toBe(root);
    expect(session.state().messages.length).toBe(count);
  });

  it('refuses bad params at the field, with the JSON path', () => {
    expectRefusal(
      () => session.submit({ kind: 'wasmInvoke', from, to: actor, method: 2, params: '{"a": ' }),
      'params',
      /not JSON/,
    );
    expectRefusal(
      () =>
        session.submit({
          kind: 'wasmInvoke',
          from,
          to: actor,
          method: 2,
          params: '{"to": {"$address": "f9x"}}',
        }),
      'params.to.$address',
      /./,
    );
    expectRefusal(
      () => session.submit({ kind: 'wasmInvoke', from, to: actor, method: -1 }),
      'method',
      /whole/,
    );
    expectRefusal(
      () =>
        session.submit({
          kind: 'wasmCreate',
          from,
          code: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
        }),
      'code',
      /no Wasm code/,
    );
  });

  it('a failing invoke keeps its exit code and the actor’s message', () => {
    const detail = session.submit({ kind: 'wasmInvoke', from, to: actor, method: 9 });
    expect(detail.exitName).toBe('USR_UNHANDLED_MESSAGE');
    expect(detail.returned).toBeNull();
  });
});

describe('the syscall trace', () => {
  it('lists each syscall in order with its arguments, gas, charges and result', () => {
    const code = session.installWasm(counterBytes, 'counter.wat').code;
    const created = session.submit({ kind: 'wasmCreate', from, code });
    const actor = created.returned!.find((v) => v.name === 'id')!.text;
    const detail = session.submit({ kind: 'wasmInvoke', from, to: actor, method: 2, params: '3' });
    const trace = session.syscallTrace(detail.index);
    const names = trace.rows.map((row) => row.name);
    expect(names[0]).toBe('vm.message_context');
    expect(names).toContain('ipld.block_open');
    expect(names).toContain('self.set_root');
    expect(names).toContain('debug.log');
    expect(names.at(-1)).toBe('ipld.block_create');
    for (const row of trace.rows) {
      expect(row.charges.find((c) => c.name === 'OnSyscall')?.gas).toBe(ON_SYSCALL_MILLIGAS);
      expect(row.gas).toBeGreaterThanOrEqual(ON_SYSCALL_MILLIGAS);
      expect(row.node).toBe(0);
    }
    expect(trace.rows[0]).toMatchObject({ errno: 0, outcome: 'Ok', args: 'ret=0x100' });
    // Arguments are named after the spec: block_open's CID pointer, block_read's handle and buffer.
    expect(trace.rows.find((r) => r.name === 'ipld.block_open')?.args).toMatch(/^ret=0x[0-9a-f]+ cid_off=0x/);
    expect(trace.rows.find((r) => r.name === 'ipld.block_read')?.args).toMatch(
      /^ret=0x[0-9a-f]+ id=\d+ offset=\d+ buf_off=0x[0-9a-f]+ buf_len=\d+$/,
    );
    expect(trace.rows[0]!.result).toHaveLength(2 + 64 * 2); // kept up to 64 bytes;
    expect(trace.rows[0]!.execGas).toBeGreaterThan(0);
    expect(trace.rows.at(-1)).toMatchObject({
      errno: 0,
      outcome: 'Ok',
      result: expect.stringMatching(/^0x[0-9a-f]{8}$/),
    }); // the return block's handle
    expect(trace.invocations).toEqual([expect.objectContaining({ node: 0, depth: 0 })]);
    // Every charge of the actor's node is in a row, the tail execution, or the invocation's own setup.
    const tree = session.callNode(detail.index, 0);
    const inRows = trace.rows.reduce((sum, row) => sum + row.execGas + row.gas, 0);
    const setup = tree.charges
      .filter((c) => !['OnSyscall', 'wasm_exec', 'wasm_memory_grow'].includes(c.name))
      .reduce((sum, c) => sum + c.total, 0);
    expect(inRows + trace.invocations[0]!.tailExecGas).toBeLessThanOrEqual(tree.ownGas);
    expect(inRows + trace.invocations[0]!.tailExecGas).toBeGreaterThan(tree.ownGas - setup - 1);
  });

  it('shows a syscall that ends the invocation (vm.exit) as unwound', () => {
    const code = session.installWasm(counterBytes, 'counter.wat').code;
    const created = session.submit({ kind: 'wasmCreate', from, code });
    const actor = created.returned!.find((v) => v.name === 'id')!.text;
    const detail = session.submit({ kind: 'wasmInvoke', from, to: actor, method: 9 });
    const last = session.syscallTrace(detail.index).rows.at(-1)!;
    expect(last).toMatchObject({ name: 'vm.exit', errno: null, outcome: 'exit 22: unknown method' });
  });

  it('reports a syscall’s error number', async () => {
    const code = session.installWasm(await wat(BAD_HANDLE_WAT), 'bad-handle').code;
    const created = session.submit({ kind: 'wasmCreate', from, code });
    const actor = created.returned!.find((v) => v.name === 'id')!.text;
    const detail = session.submit({ kind: 'wasmInvoke', from, to: actor, method: 2 });
    expect(detail.exitCode).toBe(0);
    const rows = session.syscallTrace(detail.index).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: 'ipld.block_stat',
      errno: 7,
      outcome: 'InvalidHandle (7)',
      result: null,
    });
  });

  it('is empty for a message that ran no Wasm', () => {
    const to = session.state().accounts[1]!.robust!;
    const detail = session.submit({ kind: 'send', from, to, value: '1' });
    expect(session.syscallTrace(detail.index).rows).toEqual([]);
  });
});

describe('bundles and resets', () => {
  it('loads a bundle, shows what it replaces, refuses a bad one, and keeps code across a reset', async () => {
    const fresh = new PlaygroundSession();
    const account = await wat(fixture('account.wat'));
    const view = await fresh.loadBundle(
      writeBundle([
        { name: 'account', bytes: account },
        { name: 'nosuch', bytes: counterBytes },
      ]),
    );
    expect(view.actors.map((a) => [a.name, a.replaces !== null])).toEqual([
      ['account', true],
      ['nosuch', false],
    ]);
    expect(fresh.wasmOverview().bundle?.root).toBe(view.root);
    expectRefusal(() => fresh.wasm.loadBundle(new Uint8Array([0xa1, 0x00])), /^bundle/, /./);
    const installed = fresh.installWasm(counterBytes, 'counter.wat');
    await fresh.reset();
    expect(fresh.wasmOverview().codes.map((c) => c.code)).toContain(installed.code);
    const sender = fresh.state().accounts[0]!.robust!;
    expect(fresh.submit({ kind: 'wasmCreate', from: sender, code: installed.code }).exitCode).toBe(0);
    expect(fresh.wasmOverview().bundle?.actors[0]?.name).toBe('account');
  });
});
