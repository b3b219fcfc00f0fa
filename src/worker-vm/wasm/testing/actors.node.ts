import { Address } from '../../address';
import type { Message } from '../../executor/message';
import type { CID } from '../../ipld/cid';
import { decodeDagCbor, encodeDagCbor } from '../../ipld/cid';
import { type AppliedMessage, Machine, type MachineOptions } from '../../machine/machine';
import { INIT_ACTOR_ID } from '../../state/singletons';
import { buildCallTree } from '../../trace/callTree';
import { SYSCALLS } from '../syscalls/signatures';
import { wat } from './wat.node.js';

/** Init's Exec method (spec 9.4). */
export const INIT_EXEC = 2;

/** A message from genesis account `from` (secp account 0 by default) with a generous gas limit. */
export function message(
  machine: Machine,
  to: Address,
  method: number,
  params: Uint8Array = new Uint8Array(0),
  options: { value?: bigint; gasLimit?: number; from?: Address } = {},
): Message {
  const from = options.from ?? machine.accounts[0]!.address;
  return {
    version: 0,
    from,
    to,
    sequence: machine.nonceOf(from),
    value: options.value ?? 0n,
    gasLimit: options.gasLimit ?? 1_000_000_000,
    gasFeeCap: 0n,
    gasPremium: 0n,
    method,
    params,
  };
}

/** Creates an actor from installed code through Init's Exec; returns its ID address. */
export function createActor(
  machine: Machine,
  code: CID,
  constructorParams = new Uint8Array(0),
): {
  address: Address;
  applied: AppliedMessage;
} {
  const applied = machine.applyMessage(
    message(machine, Address.newId(INIT_ACTOR_ID), INIT_EXEC, encodeDagCbor([code, constructorParams])),
  );
  if (applied.result.receipt.exitCode !== 0) {
    throw new Error(
      `Exec failed with exit code ${applied.result.receipt.exitCode}: ${applied.result.failure}`,
    );
  }
  const [idAddress] = decodeDagCbor<[Uint8Array, Uint8Array]>(applied.result.receipt.returnData);
  return { address: Address.fromBytes(idAddress), applied };
}

/** A machine with one Wasm actor compiled from WAT, installed and created. */
export async function wasmActor(
  text: string,
  options: MachineOptions = {},
): Promise<{ machine: Machine; code: CID; address: Address; bytes: Uint8Array }> {
  const machine = Machine.create(options);
  const bytes = await wat(text);
  const { code } = machine.installActor(bytes);
  const { address } = createActor(machine, code);
  return { machine, code, address, bytes };
}

/**
 * Imports of every syscall, named `$module.name` (e.g. `$ipld.block_create`), for test actors written in
 * WAT. Unused imports cost nothing: gas is metered per instruction executed.
 */
export function syscallImportsWat(): string {
  return SYSCALLS.map((s) => {
    const params = [...s.params].map((p) => (p === 'I' ? 'i64' : 'i32')).join(' ');
    return `(import "${s.module}" "${s.name}" (func $${s.module}.${s.name} (param ${params}) (result i32)))`;
  }).join('\n');
}

/**
 * Helpers every test actor gets (memory layout: 0x100 message context, 0x180 scratch out-pointer,
 * 0x200.. test data, 0x400.. results):
 * - `$method` → the invocation's method number (one vm.message_context syscall);
 * - `$return_bytes(off, len)` → a handle of a raw block holding those bytes, to return from invoke.
 */
export const HELPERS_WAT = `
  (func $method (result i64)
    (drop (call $vm.message_context (i32.const 0x100)))
    (i64.load (i32.const 0x120)))
  (func $return_bytes (param $off i32) (param $len i32) (result i32)
    (drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x55) (local.get $off) (local.get $len)))
    (i32.load (i32.const 0x180)))`;

/**
 * A test actor: every syscall imported, the helpers, one page of memory (unless given), and an `invoke`
 * that returns 0 for the constructor Init calls (method 1) and otherwise runs `body` (which leaves the
 * return block handle on the stack).
 */
export function testActorWat(
  body: string,
  options: { funcs?: string; data?: string; memory?: string } = {},
): string {
  return `(module
  ${syscallImportsWat()}
  ${options.memory ?? '(memory (export "memory") 1)'}
  ${options.data ?? ''}
  ${HELPERS_WAT}
  ${options.funcs ?? ''}
  (func (export "invoke") (param $params i32) (result i32)
    (if (i64.eq (call $method) (i64.const 1)) (then (return (i32.const 0))))
    ${body}))`;
}

/** Applies a message calling `method` on `to`. */
export function invokeActor(
  machine: Machine,
  to: Address,
  method: number,
  params: Uint8Array = new Uint8Array(0),
  options: { value?: bigint; gasLimit?: number; from?: Address } = {},
): AppliedMessage {
  return machine.applyMessage(message(machine, to, method, params, options));
}

/** The receipt's return bytes read as little-endian u32s (test actors return errno lists this way). */
export function u32s(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length >> 2 }, (_, i) => view.getUint32(i * 4, true));
}

/** The charges made by the message's top call itself, as [name, compute, other] in milligas. */
export function topCharges(applied: AppliedMessage): Array<[string, number, number]> {
  const tree = buildCallTree(applied.result.trace ?? []);
  return (tree.root?.gasCharges ?? []).map((c) => [c.name, c.compute, c.other]);
}

/** The sum of the `wasm_exec` charges of the top call (milligas). */
export function wasmExecOf(applied: AppliedMessage): number {
  return topCharges(applied)
    .filter(([name]) => name === 'wasm_exec')
    .reduce((sum, [, compute]) => sum + compute, 0);
}

/**
 * The top call's charges grouped by syscall: each group is what one syscall charged after its OnSyscall
 * (its own charges), in order. The Wasm execution and OnSyscall themselves are left out.
 */
export function syscallGroups(applied: AppliedMessage): Array<Array<[string, number, number]>> {
  const groups: Array<Array<[string, number, number]>> = [];
  let current: Array<[string, number, number]> | undefined;
  for (const charge of topCharges(applied)) {
    const [name] = charge;
    if (name === 'OnSyscall') {
      current = [];
      groups.push(current);
    } else if (name === 'wasm_exec' || name === 'wasm_memory_grow') current = undefined;
    else current?.push(charge);
  }
  return groups;
}

/** Bytes as a WAT data string ("\\01\\02…"). */
export const watBytes = (bytes: Uint8Array): string =>
  [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');

/** `(data (i32.const offset) "…")` for bytes computed in a test. */
export const dataAt = (offset: number, bytes: Uint8Array): string =>
  `(data (i32.const ${offset}) "${watBytes(bytes)}")`;

/**
 * WAT helpers to call another actor: `$read_params(handle)` copies the params block (an address) to 0x200
 * and returns its length; `$send_to_params(params, method, flags)` sends `method` with no params and no
 * value to that address and returns the errno (the Send struct is written at 0x300).
 */
export const CALL_HELPERS_WAT = `
  (func $read_params (param $id i32) (result i32)
    (drop (call $ipld.block_read (i32.const 0x180) (local.get $id) (i32.const 0) (i32.const 0x200) (i32.const 64)))
    (i32.add (i32.load (i32.const 0x180)) (i32.const 64)))
  (func $send_to_params (param $params i32) (param $method i64) (param $flags i64) (result i32)
    (call $send.send (i32.const 0x300) (i32.const 0x200) (call $read_params (local.get $params)) (local.get $method)
      (i32.const 0) (i64.const 0) (i64.const 0) (i64.const -1) (local.get $flags)))`;
