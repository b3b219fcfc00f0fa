import { describe, expect, it } from 'vitest';
import { Address } from '../../address';
import { ATTO_PER_FIL } from '../../encoding/bigint';
import { cidForBlock } from '../../ipld/cid';
import { DAG_CBOR } from '../../ipld/codecs';
import { BURNT_FUNDS_ACTOR_ID } from '../../state/singletons';
import {
  CALL_HELPERS_WAT,
  dataAt,
  invokeActor,
  syscallGroups,
  testActorWat,
  u32s,
  wasmActor,
} from '../testing/actors.node';

const actor = (body: string, options?: Parameters<typeof testActorWat>[1]) =>
  wasmActor(testActorWat(body, options));

const GAS = 1000;
const LOOKUP = [['OnActorLookup', 0, 500_000 * GAS]];
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

describe('self', () => {
  it('root: the state root CID (38 bytes), OnActorGetRoot 300; short and out-of-memory buffers fail', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $self.root (i32.const 0x404) (i32.const 0x408) (i32.const 100)))
       (i32.store (i32.const 0x440) (call $self.root (i32.const 0x180) (i32.const 0x500) (i32.const 37)))
       (i32.store (i32.const 0x444) (call $self.root (i32.const 0x180) (i32.const 65520) (i32.const 100)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x48))`,
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 8))).toEqual([0, 38]);
    expect([...out.subarray(8, 46)]).toEqual([...machine.emptyArrayCid.bytes]);
    expect(u32s(out.subarray(0x40, 0x48))).toEqual([12, 1]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnActorGetRoot', 300 * GAS, 0]]);
    expect(groups[3]).toEqual([]);
  });

  it('set_root: an unreachable CID is NotFound; a read-only call gets ReadOnly and sees the read-only flag', async () => {
    const unreachable = cidForBlock(DAG_CBOR, new Uint8Array([0x80]));
    const { machine, address } = await actor(
      `(if (i64.eq (i64.load (i32.const 0x120)) (i64.const 3))
         (then
           ;; called read-only: the errno of set_root, then the context's flags
           (i32.store (i32.const 0x400) (call $self.set_root (i32.const 0x600)))
           (i32.store (i32.const 0x404) (i32.wrap_i64 (i64.load (i32.const 0x148))))
           (return (call $return_bytes (i32.const 0x400) (i32.const 8)))))
       (i32.store (i32.const 0x400) (call $self.set_root (i32.const 0x600)))
       (i32.store (i32.const 0x404) (call $send_to_params (local.get $params) (i64.const 3) (i64.const 1)))
       ;; the callee's answer (Send at 0x300: exit code, return handle, codec, size)
       (drop (call $ipld.block_read (i32.const 0x180) (i32.load (i32.const 0x304)) (i32.const 0) (i32.const 0x408) (i32.const 8)))
       (i32.store (i32.const 0x410) (i32.load (i32.const 0x300)))
       (call $return_bytes (i32.const 0x400) (i32.const 20))`,
      { funcs: CALL_HELPERS_WAT, data: dataAt(0x600, unreachable.bytes) },
    );
    const applied = invokeActor(machine, address, 2, address.bytes);
    // NotFound (6), send ok (0), callee: ReadOnly (13) with flags bit 0 set, callee exit code 0.
    expect(u32s(applied.result.receipt.returnData)).toEqual([6, 0, 13, 1, 0]);
    expect(syscallGroups(applied)[1]).toEqual([['OnActorSetRoot', 300 * GAS, 0]]);
  });

  it('current_balance: the actor balance as a TokenAmount (OnSelfBalance 0)', async () => {
    const { machine, address } = await actor(
      '(drop (call $self.current_balance (i32.const 0x400))) (call $return_bytes (i32.const 0x400) (i32.const 16))',
    );
    const applied = invokeActor(machine, address, 2, undefined, { value: 12_345n });
    const v = view(applied.result.receipt.returnData);
    expect(v.getBigUint64(0, true) + (v.getBigUint64(8, true) << 64n)).toBe(12_345n);
    expect(syscallGroups(applied)[1]).toEqual([['OnSelfBalance', 0, 0]]);
  });

  it('self_destruct: refused with funds unless burning (IllegalOperation); burning moves them to f099 and deletes the actor', async () => {
    const { machine, address } = await actor(
      `(drop (call $self.root (i32.const 0x180) (i32.const 0x600) (i32.const 100)))
       (i32.store (i32.const 0x400) (call $self.self_destruct (i32.const 0)))
       (i32.store (i32.const 0x404) (call $self.self_destruct (i32.const 1)))
       (i32.store (i32.const 0x408) (call $self.root (i32.const 0x180) (i32.const 0x500) (i32.const 100)))
       (i32.store (i32.const 0x40c) (call $self.self_destruct (i32.const 1)))
       (i32.store (i32.const 0x410) (call $self.set_root (i32.const 0x600)))
       (call $return_bytes (i32.const 0x400) (i32.const 20))`,
    );
    const burntBefore = machine.actor(BURNT_FUNDS_ACTOR_ID)!.balance;
    const id = machine.resolve(address)!;
    const applied = invokeActor(machine, address, 2, undefined, { value: 777n });
    // Deleted: root, and set_root with the (reachable) root read before, fail with IllegalOperation;
    // destroying again is idempotent.
    expect(u32s(applied.result.receipt.returnData)).toEqual([2, 0, 2, 0, 2]);
    expect(machine.actor(id)).toBeUndefined();
    expect(machine.actor(BURNT_FUNDS_ACTOR_ID)!.balance - burntBefore).toBe(777n);
    expect(syscallGroups(applied)[2]).toEqual([['OnDeleteActor', 0, 0]]);
  });
});

describe('actor', () => {
  it('resolve_address: f1 through Init (OnResolveAddress 0), ID addresses directly; unknown NotFound; bad bytes IllegalArgument', async () => {
    // Not the sender: the message's own addresses are resolved before any code runs.
    const account = (await import('../../machine/machine')).Machine.create().accounts[1]!;
    const unknown = Address.newSecp256k1(new Uint8Array(65).fill(4));
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $actor.resolve_address (i32.const 0x410) (i32.const 0x600) (i32.const ${account.address.bytes.length})))
       (i32.store (i32.const 0x404) (call $actor.resolve_address (i32.const 0x418) (i32.const 0x680) (i32.const 3)))
       (i32.store (i32.const 0x408) (call $actor.resolve_address (i32.const 0x180) (i32.const 0x700) (i32.const 21)))
       (i32.store (i32.const 0x40c) (call $actor.resolve_address (i32.const 0x180) (i32.const 0x780) (i32.const 2)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x20))`,
      {
        data: [
          dataAt(0x600, account.address.bytes),
          dataAt(0x680, Address.newId(1234).bytes),
          dataAt(0x700, unknown.bytes),
          dataAt(0x780, new Uint8Array([9, 9])),
        ].join(' '),
      },
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 16))).toEqual([0, 0, 6, 1]);
    expect(view(out).getBigUint64(0x10, true)).toBe(BigInt(account.id));
    expect(view(out).getBigUint64(0x18, true)).toBe(1234n);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnResolveAddress', 0, 0]]);
    expect(groups[2]).toEqual([]);
  });

  it('lookup_delegated_address: the f410 of an Ethereum account, 0 for none, NotFound, BufferTooSmall', async () => {
    const probe = (await import('../../machine/machine')).Machine.create();
    const eth = probe.accounts.find((a) => a.kind === 'eth')!;
    const secp = probe.accounts[0]!;
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $actor.lookup_delegated_address (i32.const 0x410) (i64.const ${eth.id}) (i32.const 0x420) (i32.const 64)))
       (i32.store (i32.const 0x404) (call $actor.lookup_delegated_address (i32.const 0x414) (i64.const ${secp.id}) (i32.const 0x500) (i32.const 64)))
       (i32.store (i32.const 0x408) (call $actor.lookup_delegated_address (i32.const 0x180) (i64.const 4000) (i32.const 0x500) (i32.const 64)))
       (i32.store (i32.const 0x40c) (call $actor.lookup_delegated_address (i32.const 0x180) (i64.const ${eth.id}) (i32.const 0x500) (i32.const 10)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x40))`,
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 24))).toEqual([0, 0, 6, 12, 22, 0]);
    expect([...out.subarray(0x20, 0x36)]).toEqual([...eth.address.bytes]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnLookupAddress', 0, 0], ...LOOKUP]);
    expect(groups[4]).toEqual([['OnLookupAddress', 0, 0]]); // already looked up in this message
  });

  it('get_actor_code_cid / get_builtin_actor_type / get_code_cid_for_type', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $actor.get_actor_code_cid (i32.const 0x180) (i64.const 101) (i32.const 0x500) (i32.const 100)))
       (i32.store (i32.const 0x404) (call $actor.get_builtin_actor_type (i32.const 0x410) (i32.const 0x500)))
       (i32.store (i32.const 0x408) (call $actor.get_code_cid_for_type (i32.const 0x180) (i32.const 14) (i32.const 0x540) (i32.const 100)))
       (i32.store (i32.const 0x40c) (call $actor.get_code_cid_for_type (i32.const 0x180) (i32.const 99) (i32.const 0x540) (i32.const 100)))
       (i32.store (i32.const 0x414) (call $actor.get_actor_code_cid (i32.const 0x180) (i64.const 4000) (i32.const 0x500) (i32.const 100)))
       (i32.store (i32.const 0x418) (call $actor.get_actor_code_cid (i32.const 0x180) (i64.const -1) (i32.const 0x500) (i32.const 100)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x170))`,
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    // code of f0101 (an account, not the sender), its type (4), the EVM's code by type, unknown type, missing actors
    // (an ID beyond 2^53 is missing too).
    expect(u32s(out.subarray(0, 0x1c))).toEqual([0, 0, 0, 1, 4, 6, 6]);
    expect([...out.subarray(0x100, 0x126)]).toEqual([...machine.manifest.code('account').bytes]);
    expect([...out.subarray(0x140, 0x166)]).toEqual([...machine.manifest.code('evm').bytes]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnGetActorCodeCid', 0, 0], ...LOOKUP]);
    expect(groups[2]).toEqual([['OnGetBuiltinActorType', 0, 0]]);
    expect(groups[3]).toEqual([['OnGetCodeCidForType', 0, 0]]);
  });

  it('next_actor_address: a 21-byte f2; a buffer under 21 bytes is BufferTooSmall', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $actor.next_actor_address (i32.const 0x404) (i32.const 0x408) (i32.const 21)))
       (i32.store (i32.const 0x420) (call $actor.next_actor_address (i32.const 0x180) (i32.const 0x500) (i32.const 20)))
       (i32.store (i32.const 0x424) (call $actor.next_actor_address (i32.const 0x180) (i32.const 65530) (i32.const 21)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x28))`,
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 8))).toEqual([0, 21]);
    expect(Address.fromBytes(out.slice(8, 29)).protocol).toBe(2);
    expect(u32s(out.subarray(0x20, 0x28))).toEqual([12, 1]);
    expect(syscallGroups(applied)[1]).toEqual([]);
  });

  it('create_actor: only the Init actor may (Forbidden); a bad code CID pointer is IllegalArgument', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $actor.create_actor (i64.const 5000) (i32.const 0x600) (i32.const 0) (i32.const 0)))
       (i32.store (i32.const 0x404) (call $actor.create_actor (i64.const 5000) (i32.const 0x20000) (i32.const 0) (i32.const 0)))
       (call $return_bytes (i32.const 0x400) (i32.const 8))`,
      { data: dataAt(0x600, cidForBlock(DAG_CBOR, new Uint8Array([0x80])).bytes) },
    );
    expect(u32s(invokeActor(machine, address, 2).result.receipt.returnData)).toEqual([11, 1]);
  });

  it('balance_of: a TokenAmount after the lookup charge; a missing actor is NotFound', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $actor.balance_of (i32.const 0x410) (i64.const 101)))
       (i32.store (i32.const 0x404) (call $actor.balance_of (i32.const 0x410) (i64.const 4000)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x20))`,
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 8))).toEqual([0, 6]);
    const v = view(out);
    expect(v.getBigUint64(0x10, true) + (v.getBigUint64(0x18, true) << 64n)).toBe(
      machine.actor(101)!.balance,
    );
    expect(machine.actor(101)!.balance).toBe(10_000n * ATTO_PER_FIL);
    expect(syscallGroups(applied)[1]).toEqual([['OnBalanceOf', 0, 0], ...LOOKUP]);
  });
});
