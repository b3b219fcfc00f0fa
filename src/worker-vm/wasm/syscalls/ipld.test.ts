import { describe, expect, it } from 'vitest';
import { cidForBlock } from '../../ipld/cid';
import { DAG_CBOR } from '../../ipld/codecs';
import { buildCallTree } from '../../trace/callTree';
import {
  invokeActor,
  syscallGroups,
  syscallImportsWat,
  testActorWat,
  topCharges,
  u32s,
  wasmActor,
} from '../testing/actors.node';

const actor = (body: string, options?: Parameters<typeof testActorWat>[1]) =>
  wasmActor(testActorWat(body, options));

const GAS = 1000;
const PARAMS = new Uint8Array([0x80]);

/** DAG-CBOR `[1]` at 0x200 (2 bytes). */
const LIST_OF_ONE = '(data (i32.const 0x200) "\\81\\01")';

describe('block_create + block_link + set_root: the exact charges (spec 2.1, 6.4)', () => {
  it('pins every GasCharge of the invocation, wasm_exec from the metered block sums', async () => {
    // invoke: @0 local.get, eqz, if (12); @3 i32.const, return (4); @6 — block_create: 4 consts + call
    // (20), block_link: 6 consts + i32.load + call (32), set_root: const + call (8), i32.const (4) = 64 —
    // all charged on entry, before the first syscall, with the thunk (56).
    const { machine, address } = await wasmActor(`(module ${syscallImportsWat()}
      (memory (export "memory") 1) ${LIST_OF_ONE}
      (func (export "invoke") (param $p i32) (result i32)
        (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))
        (drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x71) (i32.const 0x200) (i32.const 2)))
        (drop (call $ipld.block_link (i32.const 0x184) (i32.load (i32.const 0x180)) (i64.const 0xb220)
          (i32.const 32) (i32.const 0x300) (i32.const 100)))
        (drop (call $self.set_root (i32.const 0x300)))
        (i32.const 0)))`);
    const applied = invokeActor(machine, address, 2, PARAMS);
    expect(applied.result.receipt.exitCode).toBe(0);
    expect(topCharges(applied)).toEqual([
      ['OnMethodInvocation', 75_000 * GAS, 0],
      ['wasm_memory_init', 26_214_400, 0],
      ['wasm_exec', 0, 0],
      ['wasm_exec', (56 + 12 + 64) * GAS, 0],
      ['OnSyscall', 14_000 * GAS, 0],
      ['OnScanIpldLinks', 2 * 35 * GAS, 0], // an array and an int
      ['OnBlockCreate', 4_800, 15_200], // 2.4/byte, then retention up to 10/byte
      ['wasm_exec', 0, 0],
      ['OnSyscall', 14_000 * GAS, 0],
      ['OnBlockLink', (2.4 * 2 + 10 * 2 + 300) * GAS, (172_000 + 334_000 + 3_340 * 2) * GAS],
      ['wasm_exec', 0, 0],
      ['OnSyscall', 14_000 * GAS, 0],
      ['OnActorSetRoot', 300 * GAS, 0],
      ['OnActorUpdate', 0, 475_000 * GAS],
      ['wasm_exec', 0, 0],
    ]);
    const root = cidForBlock(DAG_CBOR, new Uint8Array([0x81, 0x01]));
    expect(machine.actor(machine.resolve(address)!)!.head.equals(root)).toBe(true);
    expect(machine.store.get(root)).toEqual(new Uint8Array([0x81, 0x01]));
    const ops = buildCallTree(applied.result.trace ?? []).root?.ipldOps;
    expect(ops).toEqual([{ op: 'Put', cid: root, size: 2 }]);
  });
});

describe('ipld syscalls', () => {
  it('block_open of a reachable block: codec, handle, size; charges OnBlockOpenBase, the scan, OnBlockOpen', async () => {
    // Set the root to [1], then open it (as the state root it is reachable) and read it back.
    const { machine, address } = await actor(
      `(drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x71) (i32.const 0x200) (i32.const 2)))
       (drop (call $ipld.block_link (i32.const 0x184) (i32.load (i32.const 0x180)) (i64.const 0xb220) (i32.const 32) (i32.const 0x300) (i32.const 100)))
       (drop (call $self.set_root (i32.const 0x300)))
       (drop (call $self.root (i32.const 0x180) (i32.const 0x340) (i32.const 100)))
       (i32.store (i32.const 0x400) (call $ipld.block_open (i32.const 0x404) (i32.const 0x340)))
       (i32.store (i32.const 0x414) (call $ipld.block_read (i32.const 0x418) (i32.load (i32.const 0x40c)) (i32.const 0) (i32.const 0x41c) (i32.const 2)))
       (call $return_bytes (i32.const 0x400) (i32.const 30))`,
      { data: LIST_OF_ONE },
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    const v = new DataView(out.buffer, out.byteOffset);
    expect(v.getUint32(0, true)).toBe(0);
    expect(v.getBigUint64(4, true)).toBe(0x71n); // codec
    expect(v.getUint32(12, true)).toBe(2); // handles count from 1: the block created, then this one
    expect(v.getUint32(16, true)).toBe(2); // size
    expect(v.getUint32(20, true)).toBe(0); // block_read ok
    expect(v.getInt32(24, true)).toBe(0); // nothing left
    expect([...out.subarray(28, 30)]).toEqual([0x81, 0x01]);
    const groups = syscallGroups(applied);
    expect(groups[5]).toEqual([
      ['OnBlockOpenBase', 300 * GAS, 187_440 * GAS],
      ['OnScanIpldLinks', 70 * GAS, 0],
      ['OnBlockOpen', 0, 20 * GAS], // 2.4/byte copy + retention to 10/byte
    ]);
    expect(groups[6]).toEqual([['OnBlockRead', 2 * 400, 0]]);
    const ops = buildCallTree(applied.result.trace ?? []).root?.ipldOps.map((op) => op.op);
    expect(ops).toEqual(['Put', 'Get']);
  });

  it('block_open errors: unreachable CID (NotFound, after OnBlockOpenBase), unparseable or out-of-memory CID (IllegalArgument)', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $ipld.block_open (i32.const 0x180) (i32.const 0x200)))
       (i32.store (i32.const 0x404) (call $ipld.block_open (i32.const 0x180) (i32.const 0x300)))
       (i32.store (i32.const 0x408) (call $ipld.block_open (i32.const 0x180) (i32.const 0x20000)))
       (call $return_bytes (i32.const 0x400) (i32.const 12))`,
      {
        // 0x200: a well-formed CID nobody handed this actor; 0x300: not a CID at all.
        data: `(data (i32.const 0x200) "${[...cidForBlock(DAG_CBOR, new Uint8Array([0x80, 0x01])).bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')}")
               (data (i32.const 0x300) "\\ff\\ff\\ff\\ff")`,
      },
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([6, 1, 1]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnBlockOpenBase', 300 * GAS, 187_440 * GAS]]);
    expect(groups[2]).toEqual([]);
  });

  it('block_create errors: codec, DAG-CBOR parse, unreachable link, size, bounds', async () => {
    const link = cidForBlock(DAG_CBOR, new Uint8Array([0x80, 0x02]));
    // [CID] as DAG-CBOR: 0x81, tag 42 (0xd8 0x2a), bytes (0x58 len 0x00 ‖ cid).
    const linked = [0x81, 0xd8, 0x2a, 0x58, link.bytes.length + 1, 0, ...link.bytes];
    const hex = (bytes: number[]) => bytes.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $ipld.block_create (i32.const 0x180) (i64.const 0x70) (i32.const 0x200) (i32.const 2)))
       (i32.store (i32.const 0x404) (call $ipld.block_create (i32.const 0x180) (i64.const 0x71) (i32.const 0x210) (i32.const 1)))
       (i32.store (i32.const 0x408) (call $ipld.block_create (i32.const 0x180) (i64.const 0x71) (i32.const 0x220) (i32.const ${linked.length})))
       (i32.store (i32.const 0x40c) (call $ipld.block_create (i32.const 0x180) (i64.const 0x55) (i32.const 0) (i32.const 1048577)))
       (i32.store (i32.const 0x410) (call $ipld.block_create (i32.const 0x180) (i64.const 0x55) (i32.const 0x10000) (i32.const 1048577)))
       (i32.store (i32.const 0x414) (call $ipld.block_create (i32.const 0x180) (i64.const 0x55) (i32.const 0x200) (i32.const 0)))
       (call $return_bytes (i32.const 0x400) (i32.const 24))`,
      {
        memory: '(memory (export "memory") 17)',
        data: `${LIST_OF_ONE} (data (i32.const 0x210) "\\ff") (data (i32.const 0x220) "${hex(linked)}")`,
      },
    );
    const applied = invokeActor(machine, address, 2);
    // IllegalCodec, Serialization, NotFound, LimitExceeded, IllegalArgument (out of memory), then success:
    // an empty raw block (handle 1: earlier failures registered nothing).
    expect(u32s(applied.result.receipt.returnData)).toEqual([9, 10, 6, 3, 1, 0]);
    const groups = syscallGroups(applied);
    expect(groups[3]).toEqual([['OnScanIpldLinks', (2 * 35 + 400) * GAS, 0]]); // scanned, then NotFound
    expect(groups[6]).toEqual([['OnBlockCreate', 0, 0]]);
  });

  it('block_read: partial reads and what is left; InvalidHandle, i32 overflow and bounds errors', async () => {
    // The params block (handle 1) is 10 bytes.
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $ipld.block_read (i32.const 0x440) (local.get $params) (i32.const 0) (i32.const 0x500) (i32.const 4)))
       (i32.store (i32.const 0x404) (call $ipld.block_read (i32.const 0x444) (local.get $params) (i32.const 8) (i32.const 0x504) (i32.const 10)))
       (i32.store (i32.const 0x408) (call $ipld.block_read (i32.const 0x448) (local.get $params) (i32.const 40) (i32.const 0x506) (i32.const 5)))
       (i32.store (i32.const 0x40c) (call $ipld.block_read (i32.const 0x180) (i32.const 9) (i32.const 0) (i32.const 0x500) (i32.const 4)))
       (i32.store (i32.const 0x410) (call $ipld.block_read (i32.const 0x180) (local.get $params) (i32.const 0x7fffffff) (i32.const 0x500) (i32.const 1)))
       (i32.store (i32.const 0x414) (call $ipld.block_read (i32.const 0x180) (local.get $params) (i32.const 0) (i32.const 65535) (i32.const 2)))
       (i32.store (i32.const 0x418) (call $ipld.block_stat (i32.const 0x44c) (local.get $params)))
       (i32.store (i32.const 0x41c) (call $ipld.block_stat (i32.const 0x180) (i32.const 77)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x10c))`,
    );
    const params = new Uint8Array([0x49, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const applied = invokeActor(machine, address, 2, params);
    const out = applied.result.receipt.returnData;
    const v = new DataView(out.buffer, out.byteOffset);
    expect(u32s(out.subarray(0, 32))).toEqual([0, 0, 0, 7, 1, 1, 0, 7]);
    expect(v.getInt32(0x40, true)).toBe(10 - 4); // more left
    expect(v.getInt32(0x44, true)).toBe(10 - 18); // buffer longer than the rest
    expect(v.getInt32(0x48, true)).toBe(10 - 45); // offset past the end: nothing copied
    expect(v.getBigUint64(0x4c, true)).toBe(0x51n); // stat: codec CBOR (top-level params)
    expect(v.getUint32(0x54, true)).toBe(10); // stat: size
    expect([...out.subarray(0x100, 0x106)]).toEqual([0x49, 1, 2, 3, 8, 9]);
    const groups = syscallGroups(applied);
    expect(groups.slice(1, 4)).toEqual([
      [['OnBlockRead', 4 * 400, 0]],
      [['OnBlockRead', 2 * 400, 0]],
      [['OnBlockRead', 0, 0]],
    ]);
    expect(groups[7]).toEqual([['OnBlockStat', 0, 0]]);
  });

  it('block_link errors: hash other than blake2b-256/32 (IllegalCid), buffer checked first (IllegalArgument), short buffer after linking (BufferTooSmall)', async () => {
    const { machine, address } = await actor(
      `(drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x55) (i32.const 0x200) (i32.const 2)))
       (i32.store (i32.const 0x400) (call $ipld.block_link (i32.const 0x180) (i32.const 1) (i64.const 0x12) (i32.const 32) (i32.const 0x300) (i32.const 100)))
       (i32.store (i32.const 0x404) (call $ipld.block_link (i32.const 0x180) (i32.const 1) (i64.const 0xb220) (i32.const 20) (i32.const 0x300) (i32.const 100)))
       (i32.store (i32.const 0x408) (call $ipld.block_link (i32.const 0x180) (i32.const 1) (i64.const 0xb220) (i32.const 32) (i32.const 65500) (i32.const 100)))
       (i32.store (i32.const 0x40c) (call $ipld.block_link (i32.const 0x180) (i32.const 1) (i64.const 0xb220) (i32.const 32) (i32.const 0x300) (i32.const 37)))
       (i32.store (i32.const 0x410) (call $ipld.block_link (i32.const 0x180) (i32.const 5) (i64.const 0xb220) (i32.const 32) (i32.const 0x300) (i32.const 100)))
       (call $return_bytes (i32.const 0x400) (i32.const 20))`,
      { data: LIST_OF_ONE },
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([8, 8, 1, 12, 7]);
    const groups = syscallGroups(applied);
    expect(groups[4]).toEqual([]); // out of memory: refused before hashing
    expect(groups[5]?.[0]?.[0]).toBe('OnBlockLink'); // linked and charged, then the CID did not fit
  });
});
