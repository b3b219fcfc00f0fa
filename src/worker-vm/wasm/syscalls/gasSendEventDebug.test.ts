import { describe, expect, it } from 'vitest';
import { Address } from '../../address';
import { ExitCode } from '../../kernel/codes';
import { buildCallTree } from '../../trace/callTree';
import {
  CALL_HELPERS_WAT,
  dataAt,
  invokeActor,
  syscallGroups,
  testActorWat,
  topCharges,
  u32s,
  wasmActor,
} from '../testing/actors.node';

const actor = (
  body: string,
  options?: Parameters<typeof testActorWat>[1],
  machine?: Parameters<typeof wasmActor>[1],
) => wasmActor(testActorWat(body, options), machine);

const GAS = 1000;
const text = (s: string) => new TextEncoder().encode(s);

describe('gas', () => {
  it('charge: a named charge of whole gas; bad UTF-8 names are IllegalArgument; available: whole gas left, rounded down', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $gas.charge (i32.const 0x200) (i32.const 9) (i64.const 1234)))
       (i32.store (i32.const 0x404) (call $gas.charge (i32.const 0x220) (i32.const 1) (i64.const 1)))
       (i32.store (i32.const 0x408) (call $gas.available (i32.const 0x410)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x18))`,
      { data: `${dataAt(0x200, text('my_charge'))} ${dataAt(0x220, new Uint8Array([0xff]))}` },
    );
    const gasLimit = 70_000_000;
    const applied = invokeActor(machine, address, 2, undefined, { gasLimit });
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 12))).toEqual([0, 1, 0]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['my_charge', 1_234 * GAS, 0]]);
    expect(groups[2]).toEqual([]);
    // What the actor saw: the limit minus everything charged up to this syscall's OnSyscall.
    const tree = buildCallTree(applied.result.trace ?? []);
    const charges = [...tree.preCallCharges, ...(tree.root?.gasCharges ?? [])];
    const upTo = charges.findIndex(
      (c, i) =>
        c.name === 'OnSyscall' && charges.slice(0, i).filter((x) => x.name === 'OnSyscall').length === 3,
    );
    const used = charges.slice(0, upTo + 1).reduce((sum, c) => sum + c.compute + c.other, 0);
    const view = new DataView(out.buffer, out.byteOffset);
    expect(view.getBigUint64(0x10, true)).toBe(BigInt(Math.floor((gasLimit * GAS - used) / GAS)));
  });

  it('charge: more gas than is left runs out of gas', async () => {
    const { machine, address } = await actor(
      '(drop (call $gas.charge (i32.const 0x200) (i32.const 1) (i64.const -1))) (i32.const 0)',
      { data: '(data (i32.const 0x200) "x")' },
    );
    const applied = invokeActor(machine, address, 2, undefined, { gasLimit: 90_000_000 });
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_OUT_OF_GAS);
    expect(applied.result.receipt.gasUsed).toBe(90_000_000);
  });
});

/** A caller/callee actor: method 2 runs `body`; method 3 returns raw [1, 2, 3]; method 4 exits 17 with [0xf6]. */
const SEND_ACTOR = (body: string, data = '') =>
  actor(
    `(if (i64.eq (i64.load (i32.const 0x120)) (i64.const 3))
       (then (return (call $return_bytes (i32.const 0x2f0) (i32.const 3)))))
     (if (i64.eq (i64.load (i32.const 0x120)) (i64.const 4))
       (then
         (drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x51) (i32.const 0x2f3) (i32.const 1)))
         (drop (call $vm.exit (i32.const 17) (i32.load (i32.const 0x180)) (i32.const 0) (i32.const 0)))))
     (if (i64.eq (i64.load (i32.const 0x120)) (i64.const 5))
       (then (loop $spin (br $spin))))
     (drop (call $read_params (local.get $params)))
     ${body}`,
    { funcs: CALL_HELPERS_WAT, data: `(data (i32.const 0x2f0) "\\01\\02\\03\\f6") ${data}` },
  );

/** `send(ret, to 0x200, len, method, params, hi, lo, gas_limit, flags)` with the address from the params. */
const send = (
  ret: number,
  method: number,
  fields: { params?: string; lo?: string; gas?: string; flags?: string; to?: string } = {},
) =>
  `(call $send.send (i32.const ${ret}) ${fields.to ?? '(i32.const 0x200) (call $read_params (local.get $params))'} (i64.const ${method})
     ${fields.params ?? '(i32.const 0)'} (i64.const 0) ${fields.lo ?? '(i64.const 0)'} ${fields.gas ?? '(i64.const -1)'} ${fields.flags ?? '(i64.const 0)'})`;

describe('send', () => {
  it('returns the Send struct: the callee return block registered for the caller, its codec and size', async () => {
    const { machine, address } = await SEND_ACTOR(
      `(i32.store (i32.const 0x400) ${send(0x404, 3)})
       (drop (call $ipld.block_read (i32.const 0x180) (i32.load (i32.const 0x408)) (i32.const 0) (i32.const 0x420) (i32.const 3)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x23))`,
    );
    const applied = invokeActor(machine, address, 2, address.bytes);
    const out = applied.result.receipt.returnData;
    const v = new DataView(out.buffer, out.byteOffset);
    expect(v.getUint32(0, true)).toBe(0); // errno
    expect(v.getUint32(4, true)).toBe(0); // exit code
    expect(v.getUint32(8, true)).toBe(2); // handles: the params are 1, the callee's return block is 2
    expect(v.getBigUint64(12, true)).toBe(0x55n);
    expect(v.getUint32(20, true)).toBe(3);
    expect([...out.subarray(0x20, 0x23)]).toEqual([1, 2, 3]);
    // The call's own charges (spec 4.2 e, g): the invocation (no params, so no links) first, the return
    // value last (a raw block: no links, nothing to pay); no value moved, so no OnValueTransfer.
    const charges = buildCallTree(applied.result.trace ?? []).root!.subcalls[0]!.gasCharges.map(
      (c): [string, number, number] => [c.name, c.compute, c.other],
    );
    expect(charges[0]).toEqual(['OnMethodInvocation', 75_000 * GAS, 0]);
    expect(charges.at(-1)).toEqual(['OnReturnValue', 0, 0]);
    expect(charges.some(([name]) => name === 'OnValueTransfer')).toBe(false);
  });

  it('a failing callee is a result, not an error: its exit code and data come back', async () => {
    const { machine, address } = await SEND_ACTOR(
      `(i32.store (i32.const 0x400) ${send(0x404, 4)})
       (call $return_bytes (i32.const 0x400) (i32.const 0x18))`,
    );
    const applied = invokeActor(machine, address, 2, address.bytes);
    const out = applied.result.receipt.returnData;
    expect(applied.result.receipt.exitCode).toBe(0);
    expect(u32s(out.subarray(0, 8))).toEqual([0, 17]);
    const v = new DataView(out.buffer, out.byteOffset);
    expect(v.getBigUint64(12, true)).toBe(0x51n);
    expect(v.getUint32(20, true)).toBe(1);
  });

  it('a gas limit (even 0) is a hard limit: the callee runs out (exit 7) and the caller goes on', async () => {
    const { machine, address } = await SEND_ACTOR(
      `(i32.store (i32.const 0x400) ${send(0x404, 5, { gas: '(i64.const 2000000)' })})
       (i32.store (i32.const 0x418) ${send(0x41c, 3, { gas: '(i64.const 0)' })})
       (call $return_bytes (i32.const 0x400) (i32.const 0x20))`,
    );
    const applied = invokeActor(machine, address, 2, address.bytes);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 8))).toEqual([0, ExitCode.SYS_OUT_OF_GAS]);
    expect(u32s(out.subarray(0x18, 0x20))).toEqual([0, ExitCode.SYS_OUT_OF_GAS]);
    const calls = buildCallTree(applied.result.trace ?? []).root?.subcalls ?? [];
    expect(calls.map((c) => c.gasLimit)).toEqual([2_000_000, 0]);
  });

  it('moves value; errors: no such actor, not enough funds, bad flags, value in read-only, bad handle, bad address', async () => {
    const missing = Address.newId(987_654);
    const { machine, address } = await SEND_ACTOR(
      `(i32.store (i32.const 0x400) ${send(0x180, 0, { lo: '(i64.const 40)', to: '(i32.const 0x600) (i32.const 2)' })})
       (i32.store (i32.const 0x404) ${send(0x180, 0, { to: `(i32.const 0x640) (i32.const ${missing.bytes.length})` })})
       (i32.store (i32.const 0x408) ${send(0x180, 0, { lo: '(i64.const 1000000)', to: '(i32.const 0x600) (i32.const 2)' })})
       (i32.store (i32.const 0x40c) ${send(0x180, 3, { flags: '(i64.const 2)' })})
       (i32.store (i32.const 0x410) ${send(0x180, 0, { lo: '(i64.const 1)', flags: '(i64.const 1)', to: '(i32.const 0x600) (i32.const 2)' })})
       (i32.store (i32.const 0x414) ${send(0x180, 3, { params: '(i32.const 77)' })})
       (i32.store (i32.const 0x418) ${send(0x180, 3, { to: '(i32.const 0x680) (i32.const 3)' })})
       (call $return_bytes (i32.const 0x400) (i32.const 0x1c))`,
      // 0x600: f0101 (a genesis account); 0x640: an ID nobody has; 0x680: not an address.
      [
        dataAt(0x600, Address.newId(101).bytes),
        dataAt(0x640, missing.bytes),
        dataAt(0x680, new Uint8Array([9, 9, 9])),
      ].join(' '),
    );
    const before = machine.actor(101)!.balance;
    const applied = invokeActor(machine, address, 2, address.bytes, { value: 100n });
    expect(u32s(applied.result.receipt.returnData)).toEqual([0, 6, 5, 1, 13, 7, 1]);
    expect(machine.balanceOf(address)).toBe(60n);
    expect(machine.actor(101)!.balance - before).toBe(40n);
    // The value transfer to the account (method 0) pays OnValueTransfer and no invocation (spec 4.2 c, d).
    const transfer = buildCallTree(applied.result.trace ?? []).root!.subcalls[0]!;
    expect(
      transfer.gasCharges
        .filter((c) => c.name === 'OnValueTransfer' || c.name === 'OnMethodInvocation')
        .map((c) => [c.name, c.compute, c.other]),
    ).toEqual([['OnValueTransfer', 6_000 * GAS, 0]]);
  });
});

describe('event.emit_event', () => {
  /** Event entry headers: flags u64, codec u64, key_len u32, val_len u32 (24 bytes each). */
  const headers = (
    entries: Array<[flags: number, codec: number, keyLength: number, valueLength: number]>,
  ) => {
    const bytes = new Uint8Array(entries.length * 24);
    const v = new DataView(bytes.buffer);
    entries.forEach(([flags, codec, key, value], i) => {
      v.setBigUint64(i * 24, BigInt(flags), true);
      v.setBigUint64(i * 24 + 8, BigInt(codec), true);
      v.setUint32(i * 24 + 16, key, true);
      v.setUint32(i * 24 + 20, value, true);
    });
    return bytes;
  };
  /** OnActorEvent (spec 6.4) for E entries, K key bytes, V value bytes, in milligas. */
  const eventCharge = (e: number, k: number, val: number): [string, number, number] => {
    const size = 12 + 9 * e + k + val;
    const m = 2.4 * size;
    return [
      'OnActorEvent',
      Math.round((2 * m + 2000 + 1400 * e + 500 + 16 * k) * GAS),
      Math.round((10 * size + m) * GAS),
    ];
  };

  it('records the event stamped with the emitter; the charge is computed from the buffer sizes', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $event.emit_event (i32.const 0x200) (i32.const 2) (i32.const 0x300) (i32.const 4) (i32.const 0x320) (i32.const 3)))
       (call $return_bytes (i32.const 0x400) (i32.const 4))`,
      {
        data: [
          dataAt(
            0x200,
            headers([
              [3, 0x55, 1, 2],
              [0, 0x51, 3, 1],
            ]),
          ),
          dataAt(0x300, text('akey')),
          dataAt(0x320, new Uint8Array([0xde, 0xad, 0x01])),
        ].join(' '),
      },
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([0]);
    expect(applied.result.events).toEqual([
      {
        emitter: machine.resolve(address),
        entries: [
          { flags: 3, key: 'a', codec: 0x55, value: new Uint8Array([0xde, 0xad]) },
          { flags: 0, key: 'key', codec: 0x51, value: new Uint8Array([1]) },
        ],
      },
    ]);
    expect(applied.result.receipt.eventsRoot).not.toBeNull();
    expect(syscallGroups(applied)[1]).toEqual([eventCharge(2, 4, 3)]);
  });

  it('charges first, then refuses: bad flags, long key, codec, buffers not used up, non-UTF-8 key, too many entries', async () => {
    const call = (
      at: number,
      n: number,
      keys: number,
      keyLength: number,
      values: number,
      valueLength: number,
    ) =>
      `(i32.store (i32.const ${at}) (call $event.emit_event (i32.const ${0x1000 + n * 0x100}) (i32.const 1) (i32.const ${keys}) (i32.const ${keyLength}) (i32.const ${values}) (i32.const ${valueLength})))`;
    const { machine, address } = await actor(
      `${call(0x400, 0, 0x300, 1, 0x320, 1)}
       ${call(0x404, 1, 0x340, 32, 0x320, 1)}
       ${call(0x408, 2, 0x300, 1, 0x320, 1)}
       ${call(0x40c, 3, 0x300, 2, 0x320, 1)}
       ${call(0x410, 4, 0x380, 1, 0x320, 1)}
       (i32.store (i32.const 0x414) (call $event.emit_event (i32.const 0x2000) (i32.const 256) (i32.const 0x300) (i32.const 0) (i32.const 0x320) (i32.const 0)))
       (i32.store (i32.const 0x418) (call $event.emit_event (i32.const 0xfff0) (i32.const 1) (i32.const 0x300) (i32.const 0) (i32.const 0x320) (i32.const 0)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x1c))`,
      {
        data: [
          dataAt(0x1000, headers([[4, 0x55, 1, 1]])),
          dataAt(0x1100, headers([[0, 0x55, 32, 1]])),
          dataAt(0x1200, headers([[0, 0x71, 1, 1]])),
          dataAt(0x1300, headers([[0, 0x55, 1, 1]])), // the keys buffer is 2 bytes: one left over
          dataAt(0x1400, headers([[0, 0x55, 1, 1]])),
          dataAt(0x300, text('kk')),
          dataAt(0x320, new Uint8Array([7])),
          dataAt(0x340, text('k'.repeat(32))),
          dataAt(0x380, new Uint8Array([0xff])),
        ].join(' '),
      },
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([1, 3, 9, 1, 1, 3, 1]);
    expect(applied.result.events).toEqual([]);
    const groups = syscallGroups(applied);
    expect(groups.slice(1, 8)).toEqual([
      [eventCharge(1, 1, 1)],
      [eventCharge(1, 32, 1)],
      [eventCharge(1, 1, 1)],
      [eventCharge(1, 2, 1)],
      [eventCharge(1, 1, 1)],
      [eventCharge(256, 0, 0)],
      [], // headers out of memory: nothing read, nothing charged
    ]);
  });

  it('a read-only call cannot emit (ReadOnly)', async () => {
    const { machine, address } = await actor(
      `(if (i64.eq (i64.load (i32.const 0x120)) (i64.const 3))
         (then
           (i32.store (i32.const 0x400) (call $event.emit_event (i32.const 0x200) (i32.const 0) (i32.const 0x200) (i32.const 0) (i32.const 0x200) (i32.const 0)))
           (return (call $return_bytes (i32.const 0x400) (i32.const 4)))))
       (drop (call $send_to_params (local.get $params) (i64.const 3) (i64.const 1)))
       (drop (call $ipld.block_read (i32.const 0x180) (i32.load (i32.const 0x304)) (i32.const 0) (i32.const 0x400) (i32.const 4)))
       (call $return_bytes (i32.const 0x400) (i32.const 4))`,
      { funcs: CALL_HELPERS_WAT },
    );
    expect(u32s(invokeActor(machine, address, 2, address.bytes).result.receipt.returnData)).toEqual([13]);
  });
});

describe('debug', () => {
  const BODY = `(i32.store (i32.const 0x400) (call $debug.enabled (i32.const 0x404)))
    (i32.store (i32.const 0x408) (call $debug.log (i32.const 0x200) (i32.const 5)))
    (i32.store (i32.const 0x40c) (call $debug.log (i32.const 0x210) (i32.const 1)))
    (i32.store (i32.const 0x410) (call $debug.log (i32.const 0xfffff) (i32.const 1)))
    (i32.store (i32.const 0x414) (call $debug.store_artifact (i32.const 0x220) (i32.const 7) (i32.const 0x200) (i32.const 5)))
    (i32.store (i32.const 0x418) (call $debug.store_artifact (i32.const 0x220) (i32.const 0) (i32.const 0x200) (i32.const 5)))
    (i32.store (i32.const 0x41c) (call $debug.store_artifact (i32.const 0x230) (i32.const 7) (i32.const 0x200) (i32.const 5)))
    (i32.store (i32.const 0x420) (call $debug.store_artifact (i32.const 0x240) (i32.const 3) (i32.const 0x200) (i32.const 5)))
    (i32.store (i32.const 0x424) (call $debug.store_artifact (i32.const 0x300) (i32.const 257) (i32.const 0x200) (i32.const 5)))
    (call $return_bytes (i32.const 0x400) (i32.const 0x28))`;
  const DATA = [
    dataAt(0x200, text('hello')),
    dataAt(0x210, new Uint8Array([0xff])),
    dataAt(0x220, text('out.txt')),
    dataAt(0x230, text('.hidden')),
    dataAt(0x240, text('a/b')),
    dataAt(0x300, text('n'.repeat(257))),
  ].join(' ');

  it('with actor debugging on: enabled is 0, log adds a Log event (UTF-8 only), artifact names are validated', async () => {
    const { machine, address } = await actor(BODY, { data: DATA });
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([0, 0, 0, 1, 1, 0, 1, 1, 1, 1]);
    expect(buildCallTree(applied.result.trace ?? []).root?.logs).toEqual(['hello']);
    expect(topCharges(applied).some(([name]) => name.startsWith('OnLog'))).toBe(false);
  });

  it('with actor debugging off: enabled is -1, log and store_artifact do nothing (not even check their input)', async () => {
    const { machine, address } = await actor(BODY, { data: DATA }, { config: { actorDebugging: false } });
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([0, 0xffffffff, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(buildCallTree(applied.result.trace ?? []).root?.logs).toEqual([]);
  });
});
