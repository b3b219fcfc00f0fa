import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../kernel/codes';
import { deterministicExterns } from '../../machine/externs';
import {
  invokeActor,
  message,
  syscallGroups,
  testActorWat,
  topCharges,
  u32s,
  wasmActor,
} from '../testing/actors.node';

const actor = (body: string, options?: Parameters<typeof testActorWat>[1]) =>
  wasmActor(testActorWat(body, options));

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const tokenAmount = (v: DataView, at: number) =>
  v.getBigUint64(at, true) + (v.getBigUint64(at + 8, true) << 64n);

describe('vm.exit', () => {
  it('code 0 returns the given block (a non-local return); wasm_exec and OnSyscall are its only charges', async () => {
    const { machine, address } = await actor(
      `(drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x51) (i32.const 0x200) (i32.const 3)))
       (drop (call $vm.exit (i32.const 0) (i32.load (i32.const 0x180)) (i32.const 0) (i32.const 0)))
       unreachable`,
      { data: '(data (i32.const 0x200) "\\82\\01\\02")' },
    );
    const applied = invokeActor(machine, address, 2);
    expect(applied.result.receipt).toMatchObject({ exitCode: 0, returnCodec: 0x51 });
    expect([...applied.result.receipt.returnData]).toEqual([0x82, 1, 2]);
    // message_context, block_create, then exit: nothing of its own.
    expect(syscallGroups(applied).at(-1)).toEqual([]);
    // After the exit nothing ran: the final sync charges zero; then the return value's storage.
    expect(topCharges(applied).slice(-2)).toEqual([
      ['wasm_exec', 0, 0],
      ['OnChainReturnValue', 0, 3 * 1300 * 1000],
    ]);
  });

  it('a user code (≥ 16) fails the call and carries its data block and message', async () => {
    const { machine, address } = await actor(
      `(drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x51) (i32.const 0x200) (i32.const 1)))
       (drop (call $vm.exit (i32.const 20) (i32.load (i32.const 0x180)) (i32.const 0x210) (i32.const 9)))
       unreachable`,
      { data: '(data (i32.const 0x200) "\\f6") (data (i32.const 0x210) "bad state")' },
    );
    const applied = invokeActor(machine, address, 2);
    expect(applied.result.receipt.exitCode).toBe(20);
    expect([...applied.result.receipt.returnData]).toEqual([0xf6]);
    expect(applied.result.backtrace.frames[0]).toMatchObject({ exitCode: 20, message: 'bad state' });
  });

  it('a system code (1..15) becomes SYS_ILLEGAL_EXIT_CODE', async () => {
    const { machine, address } = await actor(
      '(drop (call $vm.exit (i32.const 4) (i32.const 0) (i32.const 0) (i32.const 0))) unreachable',
    );
    const applied = invokeActor(machine, address, 2);
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_ILLEGAL_EXIT_CODE);
    expect(applied.result.backtrace.frames[0]?.message).toMatch(/system exit code 4: actor aborted/);
  });

  it('a data handle that names no block is fatal (SYS_MISSING_RETURN fails the message)', async () => {
    const { machine, address } = await actor(
      '(drop (call $vm.exit (i32.const 16) (i32.const 99) (i32.const 0) (i32.const 0))) unreachable',
    );
    const applied = invokeActor(machine, address, 2, undefined, { gasLimit: 60_000_000 });
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_ASSERTION_FAILED);
    expect(applied.result.receipt.gasUsed).toBe(60_000_000);
  });

  it('a bad message pointer does not fail the exit; long messages keep their first and last 512 bytes', async () => {
    const bad = await actor(
      '(drop (call $vm.exit (i32.const 17) (i32.const 0) (i32.const 0xfffff000) (i32.const 10))) unreachable',
    );
    const first = invokeActor(bad.machine, bad.address, 2);
    expect(first.result.receipt.exitCode).toBe(17);
    expect(first.result.backtrace.frames[0]?.message).toMatch(/failed to read the exit message/);

    const long = await actor(
      `(memory.fill (i32.const 0x1000) (i32.const 0x61) (i32.const 2000))
       (i32.store8 (i32.const 0x1000) (i32.const 0x5b))
       (i32.store8 (i32.const 0x17cf) (i32.const 0x5d))
       (drop (call $vm.exit (i32.const 18) (i32.const 0) (i32.const 0x1000) (i32.const 2000))) unreachable`,
    );
    const message = invokeActor(long.machine, long.address, 2).result.backtrace.frames[0]?.message ?? '';
    expect(message).toBe(`[${'a'.repeat(511)}...${'a'.repeat(511)}]`);
  });
});

describe('vm.message_context', () => {
  it('writes the 80-byte packed struct: origin, nonce, caller, receiver, method, value, effective premium, flags', async () => {
    const { machine, address } = await actor('(call $return_bytes (i32.const 0x100) (i32.const 80))');
    const from = machine.accounts[2]!;
    const applied = machine.applyMessage({
      ...message(machine, address, 7, new Uint8Array(0), { from: from.address, value: 3n * 2n ** 64n + 9n }),
      gasFeeCap: 1000n,
      gasPremium: 50n,
    });
    const v = view(applied.result.receipt.returnData);
    expect(v.byteLength).toBe(80);
    expect(v.getBigUint64(0, true)).toBe(BigInt(from.id)); // origin
    expect(v.getBigUint64(8, true)).toBe(0n); // nonce of the message
    expect(v.getBigUint64(16, true)).toBe(BigInt(from.id)); // caller
    expect(v.getBigUint64(24, true)).toBe(BigInt(machine.resolve(address)!)); // receiver
    expect(v.getBigUint64(32, true)).toBe(7n); // method
    expect(tokenAmount(v, 40)).toBe(3n * 2n ** 64n + 9n); // value, both halves
    expect(tokenAmount(v, 56)).toBe(50n); // min(premium, fee cap − base fee)
    expect(v.getBigUint64(72, true)).toBe(0n); // not read-only
    expect(syscallGroups(applied)[0]).toEqual([['OnMessageContext', 0, 0]]);
  });

  it('checks the out-pointer against the memory end before anything else (IllegalArgument)', async () => {
    // One page: the struct fits at 65,536 − 80, not at 65,536 − 79.
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $vm.message_context (i32.const 65456)))
       (i32.store (i32.const 0x404) (call $vm.message_context (i32.const 65457)))
       (i32.store (i32.const 0x408) (call $vm.message_context (i32.const -1)))
       (call $return_bytes (i32.const 0x400) (i32.const 12))`,
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([0, 1, 1]);
    // The failing calls charge nothing of their own (not even OnMessageContext).
    expect(syscallGroups(applied).slice(1, 4)).toEqual([[['OnMessageContext', 0, 0]], [], []]);
  });
});

describe('network', () => {
  it('context: epoch, timestamp, base fee, chain id, network version (44 bytes)', async () => {
    const { machine, address } = await actor(
      '(drop (call $network.context (i32.const 0x400))) (call $return_bytes (i32.const 0x400) (i32.const 44))',
    );
    machine.advanceEpochs(7n);
    const applied = invokeActor(machine, address, 2);
    const v = view(applied.result.receipt.returnData);
    const expected = machine.networkContext();
    expect(v.getBigInt64(0, true)).toBe(expected.epoch);
    expect(v.getBigUint64(8, true)).toBe(expected.timestamp);
    expect(tokenAmount(v, 16)).toBe(expected.baseFee);
    expect(v.getBigUint64(32, true)).toBe(31415926n);
    expect(v.getUint32(40, true)).toBe(28);
    expect(syscallGroups(applied)[1]).toEqual([['OnNetworkContext', 0, 0]]);
  });

  it('tipset_cid: a past epoch gives the extern CID and charges 146,200 + 75/epoch of lookback', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $network.tipset_cid (i32.const 0x404) (i64.load (i32.const 0x3f8)) (i32.const 0x408) (i32.const 100)))
       (call $return_bytes (i32.const 0x400) (i32.const 46))`,
      { data: `(data (i32.const 0x3f8) "\\dc\\03\\00\\00\\00\\00\\00\\00")` }, // epoch 988
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 8))).toEqual([0, 38]);
    const expected = deterministicExterns(machine.network.seed).tipsetCid(988n);
    expect([...out.subarray(8, 46)]).toEqual([...expected.bytes]);
    const lookback = machine.epoch - 988n;
    expect(syscallGroups(applied)[1]).toEqual([['OnTipsetCid', 0, (146_200 + 75 * Number(lookback)) * 1000]]);
  });

  it('tipset_cid errors: current or negative epoch, short buffer (BufferTooSmall), buffer out of memory (no charge)', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $network.tipset_cid (i32.const 0x180) (i64.const 1000) (i32.const 0x500) (i32.const 100)))
       (i32.store (i32.const 0x404) (call $network.tipset_cid (i32.const 0x180) (i64.const -1) (i32.const 0x500) (i32.const 100)))
       (i32.store (i32.const 0x408) (call $network.tipset_cid (i32.const 0x180) (i64.const 999) (i32.const 0x500) (i32.const 37)))
       (i32.store (i32.const 0x40c) (call $network.tipset_cid (i32.const 0x180) (i64.const 999) (i32.const 65500) (i32.const 100)))
       (call $return_bytes (i32.const 0x400) (i32.const 16))`,
    );
    expect(machine.epoch).toBe(1000n);
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([1, 1, 12, 1]);
    const groups = syscallGroups(applied);
    expect(groups[3]).toEqual([['OnTipsetCid', 0, (146_200 + 75) * 1000]]); // charged, then too small
    expect(groups[4]).toEqual([]); // bounds first
  });

  it('total_fil_circ_supply: the machine context value as a TokenAmount, no charge of its own', async () => {
    const { machine, address } = await actor(
      '(drop (call $network.total_fil_circ_supply (i32.const 0x400))) (call $return_bytes (i32.const 0x400) (i32.const 16))',
    );
    const applied = invokeActor(machine, address, 2);
    expect(tokenAmount(view(applied.result.receipt.returnData), 0)).toBe(machine.network.circulatingSupply);
    expect(syscallGroups(applied)[1]).toEqual([]);
  });
});
