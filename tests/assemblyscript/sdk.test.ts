// The FVM SDK for AssemblyScript, exercised through a probe actor on the machine: its CBOR reader and
// writer (round trips of arbitrary DAG-CBOR), token amounts, addresses, hashing, contexts, events, send,
// state, exits and the abort/trace handlers, each checked against the host's own view.
import { encode as encodeDagCborStrict } from '@ipld/dag-cbor';
import { blake2b } from '@noble/hashes/blake2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { decodeFunctionData, encodeAbiParameters, encodeFunctionData, parseAbi } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { Address } from '../../src/worker-vm/address';
import { encodeBigInt } from '../../src/worker-vm/encoding/bigint';
import { cidForBlock, decodeDagCbor, encodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { CBOR, DAG_CBOR, IPLD_RAW } from '../../src/worker-vm/ipld/codecs';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildCallTree } from '../../src/worker-vm/trace/callTree';
import { bytesToHex, hexToBytes } from '../../src/worker-vm/util/bytes';
import { invokeActor } from '../../src/worker-vm/wasm/testing/actors.node.js';
import { compileAs, deployActor, exitMessage, logsOf } from './helpers';

const PROBE = `import {
  AbiReader, AbiWriter, ActorEvent, actorExists, addressToString, blake2b256, blake2b512, blockCreate, CborReader,
  CborWriter, currentBalance, debugEnabled, ethAddressOf, exit, f410Address, gasAvailable, idAddress, idOf,
  keccak256, log, lookupDelegatedAddress, maskedIdEthAddress, Major, messageContext, methodNumber, networkContext,
  NO_RETURN, paramsReader, RAW, readParams, resolveAddress, returnCbor, ripemd160, saveState, send, sha256,
  stateRoot, loadState, TokenAmount,
} from "fvm";

export function invoke(params: u32): u32 {
  const method = methodNumber();
  if (method == 1) return NO_RETURN;
  if (method == 2) return echo(params);
  if (method == 3) return amounts(params);
  if (method == 4) return addresses(params);
  if (method == 5) return hashes(params);
  if (method == 6) return context();
  if (method == 7) return events();
  if (method == 8) return sending(params);
  if (method == 9) return exiting(params);
  if (method == 10) { assert(false, "boom"); return NO_RETURN; }
  if (method == 11) { trace("traced", 2, 1.5, -3); return NO_RETURN; }
  if (method == 12) return state(params);
  if (method == 13) { const list: i32[] = [1, 2]; return <u32>list[<i32>paramsReader(params).uint()]; }
  if (method == 14) return abi(params);
  if (method == 15) return amountErrors(params);
  return NO_RETURN;
}

function copy(r: CborReader, w: CborWriter): void {
  const major = r.peekMajor();
  if (major == Major.UINT) w.uint(r.uint());
  else if (major == Major.NINT) w.int(r.int());
  else if (major == Major.BYTES) w.bytes(r.bytes());
  else if (major == Major.TEXT) w.text(r.text());
  else if (major == Major.ARRAY) {
    const n = r.array();
    w.array(n);
    for (let i: u32 = 0; i < n; i++) copy(r, w);
  } else if (major == Major.MAP) {
    const n = r.map();
    w.map(n);
    for (let i: u32 = 0; i < n * 2; i++) copy(r, w);
  } else if (major == Major.TAG) w.cid(r.cid());
  else if (r.isNull()) {
    r.null();
    w.null();
  } else {
    const raw = r.skip();
    if (raw.length == 1 && (raw[0] == 0xf4 || raw[0] == 0xf5)) w.bool(raw[0] == 0xf5);
    else w.raw(raw);
  }
}

function echo(params: u32): u32 {
  const r = readParams(params).reader();
  const w = new CborWriter(4);
  copy(r, w);
  r.end();
  return returnCbor(w);
}

function amounts(params: u32): u32 {
  const r = paramsReader(params);
  r.tuple(3);
  const a = r.tokenAmount();
  const b = r.tokenAmount();
  const factor = r.uint();
  const w = new CborWriter().array(6);
  w.tokenAmount(a.add(b));
  if (a.compare(b) >= 0) w.tokenAmount(a.sub(b)); else w.null();
  w.tokenAmount(a.mulU64(factor));
  w.text(a.toString());
  w.int(<i64>a.compare(b));
  if (a.hi == 0) w.uint(a.toU64()); else w.null();
  return returnCbor(w);
}

function amountErrors(params: u32): u32 {
  const r = paramsReader(params);
  r.tuple(3);
  const which = r.uint();
  const a = r.tokenAmount();
  const b = r.tokenAmount();
  if (which == 0) a.add(b);
  if (which == 1) a.sub(b);
  if (which == 2) a.mulU64(b.toU64());
  if (which == 3) a.toU64();
  return NO_RETURN;
}

function addresses(params: u32): u32 {
  const r = paramsReader(params);
  r.tuple(3);
  const id = r.uint();
  const eth = r.bytes();
  const other = r.bytes();
  const w = new CborWriter().array(10);
  w.bytes(idAddress(id));
  w.bytes(f410Address(eth));
  w.bytes(maskedIdEthAddress(id));
  w.int(idOf(idAddress(id)));
  w.int(resolveAddress(other));
  const otherId = resolveAddress(other);
  let delegated: Uint8Array | null = null;
  if (otherId >= 0) delegated = lookupDelegatedAddress(<u64>otherId);
  if (delegated === null) w.null();
  else w.bytes(delegated!);
  w.bytes(ethAddressOf(messageContext().receiver));
  w.bytes(otherId < 0 ? new Uint8Array(0) : ethAddressOf(<u64>otherId));
  w.text(addressToString(idAddress(id)) + " " + addressToString(other));
  w.bool(actorExists(id));
  return returnCbor(w);
}

function hashes(params: u32): u32 {
  const data = paramsReader(params).bytes();
  const w = new CborWriter().array(5);
  w.bytes(sha256(data)).bytes(keccak256(data)).bytes(blake2b256(data)).bytes(blake2b512(data)).bytes(ripemd160(data));
  return returnCbor(w);
}

function context(): u32 {
  const m = messageContext();
  const n = networkContext();
  const w = new CborWriter().array(15);
  w.uint(m.origin).uint(m.nonce).uint(m.caller).uint(m.receiver).uint(m.method);
  w.tokenAmount(m.valueReceived).bool(m.readOnly);
  w.int(n.epoch).uint(n.timestamp).uint(n.chainId).uint(<u64>n.networkVersion).tokenAmount(n.baseFee);
  w.tokenAmount(currentBalance()).bool(gasAvailable() > 0).bool(debugEnabled());
  return returnCbor(w);
}

function events(): u32 {
  new ActorEvent()
    .add("raw", Uint8Array.wrap(String.UTF8.encode("bytes")))
    .addCbor("cbor", new CborWriter().array(2).uint(1).text("two"), 1)
    .add("plain", new Uint8Array(0), RAW, 0)
    .emit();
  return NO_RETURN;
}

function sending(params: u32): u32 {
  const r = paramsReader(params);
  r.tuple(5);
  const to = r.bytes();
  const method = r.uint();
  let body: Uint8Array | null = null;
  if (r.isNull()) r.null(); else body = r.bytes();
  const value = r.tokenAmount();
  const readOnly = r.bool();
  const result = send(to, method, body, value, 0x51, u64.MAX_VALUE, readOnly);
  const w = new CborWriter().array(4).uint(result.errno).uint(result.exitCode).uint(result.returnCodec).bytes(result.returnData);
  return returnCbor(w);
}

function exiting(params: u32): u32 {
  const r = paramsReader(params);
  r.tuple(3);
  const code = <u32>r.uint();
  const message = r.text();
  let block: u32 = 0;
  if (r.isNull()) r.null(); else block = blockCreate(RAW, r.bytes());
  exit(code, message, block);
  return NO_RETURN;
}

function state(params: u32): u32 {
  const data = paramsReader(params).bytes();
  const saved = saveState(data);
  const w = new CborWriter().array(3).bytes(saved).bytes(stateRoot()).bytes(loadState());
  log("state saved");
  return returnCbor(w);
}

function abi(params: u32): u32 {
  const r = paramsReader(params);
  r.tuple(2);
  const returnData = r.bytes();
  const eth = r.bytes();
  const calldata = new AbiWriter("probe(uint256,address,bool,bytes32,bytes)")
    .uint64(7).address(eth).bool(true).bytes32(Uint8Array.wrap(String.UTF8.encode("key"))).bytes(returnData.slice(0, 3))
    .finish();
  const reader = new AbiReader(returnData);
  const w = new CborWriter().array(5);
  w.bytes(calldata).uint(reader.uint64(0)).bytes(reader.address(1)).bool(reader.bool(2)).text(reader.string(3));
  return returnCbor(w);
}
`;

const cbor = (value: unknown) => encodeDagCbor(value);

describe('the FVM SDK for AssemblyScript', () => {
  let machine: Machine;
  let probe: Address;
  let probeId: number;
  beforeAll(async () => {
    machine = Machine.create();
    const deployed = deployActor(machine, await compileAs({ 'probe.ts': PROBE }));
    probe = deployed.address;
    probeId = deployed.id;
  });
  const call = (method: number, params?: Uint8Array, options: { value?: bigint; from?: Address } = {}) =>
    invokeActor(machine, probe, method, params, options);

  it('reads and writes back arbitrary DAG-CBOR byte for byte', () => {
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { maxDepth: 4, depthSize: 'small' },
        fc
          .bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n })
          .map((n) =>
            n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n,
          ),
        fc.integer({ min: -100, max: 100_000 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.boolean(),
        fc.constant(null),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => cidForBlock(IPLD_RAW, bytes)),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 5 }),
      ),
    }));
    fc.assert(
      fc.property(value, (item) => {
        const bytes = encodeDagCborStrict(item);
        const applied = call(2, bytes);
        expect(applied.result.receipt.exitCode, exitMessage(applied)).toBe(0);
        expect(bytesToHex(applied.result.receipt.returnData)).toBe(bytesToHex(bytes));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses malformed CBOR with USR_SERIALIZATION and where it failed', () => {
    const cases: Array<[string, RegExp]> = [
      ['9f01ff', /CBOR at byte 1: indefinite lengths and reserved values are not allowed/],
      ['1c', /indefinite lengths and reserved values/],
      ['5a00000010', /truncated: the item is longer than the data/],
      ['9a00ffffff', /more elements than bytes left/],
      ['d82a4101', /a CID's bytes start with 0x00/],
      ['d82b4100', /expected tag 42 \(a CID\), got tag 43/],
      ['0101', /unexpected data after the end/],
      ['3b8000000000000000', /integer too small for i64/],
    ];
    for (const [hex, message] of cases) {
      const applied = call(2, hexToBytes(hex));
      expect(applied.result.receipt.exitCode, hex).toBe(21);
      expect(exitMessage(applied), hex).toMatch(message);
    }
  });

  it('computes token amounts as u128 with Filecoin BigInt bytes', () => {
    const u128 = fc.bigInt({ min: 0n, max: 2n ** 128n - 1n });
    fc.assert(
      fc.property(u128, u128, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (a, b, factor) => {
        fc.pre(a + b < 2n ** 128n && a * factor < 2n ** 128n);
        const applied = call(3, cbor([encodeBigInt(a), encodeBigInt(b), factor]));
        expect(applied.result.receipt.exitCode, exitMessage(applied)).toBe(0);
        expect(decodeDagCbor(applied.result.receipt.returnData)).toEqual([
          encodeBigInt(a + b),
          a >= b ? encodeBigInt(a - b) : null,
          encodeBigInt(a * factor),
          a.toString(),
          a === b ? 0 : a < b ? -1 : 1,
          a < 2n ** 64n ? (a <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(a) : a) : null,
        ]);
      }),
      { numRuns: 60 },
    );
    const max = 2n ** 128n - 1n;
    const errors: Array<[number, bigint, bigint, number, RegExp]> = [
      [0, max, 1n, 16, /token amount overflow/],
      [1, 1n, 2n, 19, /token amount underflow/],
      [2, 2n ** 127n, 2n, 16, /token amount overflow/],
      [3, 2n ** 64n, 0n, 16, /does not fit in 64 bits/],
    ];
    for (const [which, a, b, exitCode, message] of errors) {
      const applied = call(15, cbor([which, encodeBigInt(a), encodeBigInt(b)]));
      expect(applied.result.receipt.exitCode).toBe(exitCode);
      expect(exitMessage(applied)).toMatch(message);
    }
    expect(call(3, cbor([encodeBigInt(-1n), new Uint8Array(0), 1])).result.receipt.exitCode).toBe(21);
    expect(call(3, cbor([encodeBigInt(2n ** 128n), new Uint8Array(0), 1])).result.receipt.exitCode).toBe(21);
  });

  it('builds and resolves addresses as the host does', () => {
    const ethAccount = machine.accounts.find((a) => a.address.protocol === 4)!.address;
    const ethId = machine.resolve(ethAccount)!;
    const eth = ethAccount.bytes.slice(2);
    const id = 2n ** 40n + 5n;
    const applied = call(4, cbor([id, eth, ethAccount.bytes]));
    expect(applied.result.receipt.exitCode, exitMessage(applied)).toBe(0);
    const masked = hexToBytes(`ff${'00'.repeat(11)}${id.toString(16).padStart(16, '0')}`);
    expect(decodeDagCbor(applied.result.receipt.returnData)).toEqual([
      Address.newId(id).bytes,
      Address.newDelegated(10, eth).bytes,
      masked,
      Number(id),
      ethId,
      ethAccount.bytes,
      hexToBytes(`ff${'00'.repeat(11)}${probeId.toString(16).padStart(16, '0')}`),
      eth,
      `f0${id} f4:0x${bytesToHex(ethAccount.bytes.slice(1))}`,
      false,
    ]);
    const unknown = Address.newActor(new Uint8Array([1, 2, 3]));
    const missing = decodeDagCbor<unknown[]>(
      call(4, cbor([100, eth, unknown.bytes])).result.receipt.returnData,
    );
    expect(missing.slice(4, 6)).toEqual([-1, null]);
    expect(missing[9]).toBe(true); // f0100 exists
  });

  it('hashes through crypto.hash, as @noble/hashes does, charging OnHashing', () => {
    for (const data of [
      new Uint8Array(0),
      new TextEncoder().encode('The quick brown fox'),
      new Uint8Array(1000).fill(7),
    ]) {
      const applied = call(5, cbor(data));
      expect(decodeDagCbor(applied.result.receipt.returnData)).toEqual([
        sha256(data),
        keccak_256(data),
        blake2b(data, { dkLen: 32 }),
        blake2b(data, { dkLen: 64 }),
        ripemd160(data),
      ]);
      const names = (buildCallTree(applied.result.trace ?? []).root?.gasCharges ?? []).map((c) => c.name);
      expect(names.filter((n) => n === 'OnHashing')).toHaveLength(5);
    }
  });

  it('reads the message and network contexts', () => {
    const [alice] = machine.accounts;
    const applied = call(6, undefined, { value: 123n });
    const network = machine.networkContext();
    expect(decodeDagCbor(applied.result.receipt.returnData)).toEqual([
      100,
      machine.nonceOf(alice!.address) - 1,
      100,
      probeId,
      6,
      encodeBigInt(123n),
      false,
      Number(network.epoch),
      Number(network.timestamp),
      Number(network.chainId),
      network.networkVersion,
      encodeBigInt(network.baseFee),
      encodeBigInt(machine.actor(probeId)!.balance),
      true,
      true,
    ]);
  });

  it('emits events with the entries, codecs and flags given', () => {
    const applied = call(7);
    expect(applied.result.events).toEqual([
      {
        emitter: probeId,
        entries: [
          { flags: 3, key: 'raw', codec: IPLD_RAW, value: new TextEncoder().encode('bytes') },
          { flags: 1, key: 'cbor', codec: CBOR, value: cbor([1, 'two']) },
          { flags: 0, key: 'plain', codec: IPLD_RAW, value: new Uint8Array(0) },
        ],
      },
    ]);
  });

  it('sends: params and returns, callee failures as exit codes, syscall errors as errno', () => {
    const bob = machine.accounts[1]!.address;
    const send = (
      to: Uint8Array,
      method: number,
      params: Uint8Array | null,
      value: bigint,
      readOnly: boolean,
    ) => call(8, cbor([to, method, params, encodeBigInt(value), readOnly]));
    // To itself: the echo method, its CBOR return read back.
    const echoed = send(probe.bytes, 2, cbor({ a: [1, 'x'] }), 0n, false);
    expect(decodeDagCbor(echoed.result.receipt.returnData)).toEqual([0, 0, CBOR, cbor({ a: [1, 'x'] })]);
    // Value to an account.
    const before = machine.balanceOf(bob);
    const paid = send(bob.bytes, 0, null, 5n, false);
    expect(decodeDagCbor(paid.result.receipt.returnData)).toEqual([0, 0, 0, new Uint8Array(0)]);
    expect(machine.balanceOf(bob)).toBe(before + 5n);
    // A callee that fails (the probe's exit method with code 16) is an exit code, not an errno.
    const failed = send(probe.bytes, 9, cbor([16, 'nope', null]), 0n, false);
    expect(decodeDagCbor(failed.result.receipt.returnData)).toEqual([0, 16, 0, new Uint8Array(0)]);
    // Syscall errors: no such actor, value in a read-only send, more than the balance.
    expect(
      decodeDagCbor<number[]>(
        send(Address.newId(999_999).bytes, 0, null, 0n, false).result.receipt.returnData,
      )[0],
    ).toBe(6);
    expect(decodeDagCbor<number[]>(send(bob.bytes, 0, null, 1n, true).result.receipt.returnData)[0]).toBe(13);
    expect(
      decodeDagCbor<number[]>(send(bob.bytes, 0, null, 10n ** 30n, false).result.receipt.returnData)[0],
    ).toBe(5);
  });

  it('exits with codes, messages and return data; system codes become SYS_ILLEGAL_EXIT_CODE', () => {
    const ok = call(9, cbor([0, '', new Uint8Array([1, 2])]));
    expect(ok.result.receipt.exitCode).toBe(0);
    expect(ok.result.receipt.returnData).toEqual(new Uint8Array([1, 2]));
    const failed = call(9, cbor([20, 'bad state', new Uint8Array([9])]));
    expect(failed.result.receipt.exitCode).toBe(20);
    expect(failed.result.receipt.returnData).toEqual(new Uint8Array([9]));
    expect(exitMessage(failed)).toBe('bad state');
    expect(call(9, cbor([3, 'system', null])).result.receipt.exitCode).toBe(9);
  });

  it("routes AssemblyScript's abort and trace to vm.exit and debug.log", () => {
    const asserted = call(10);
    expect(asserted.result.receipt.exitCode).toBe(24);
    expect(exitMessage(asserted)).toMatch(/^boom \(probe\.ts:\d+:\d+\)$/);
    const outOfRange = call(13, cbor(5));
    expect(outOfRange.result.receipt.exitCode).toBe(24);
    expect(exitMessage(outOfRange)).toMatch(/Index out of range \(~lib\/.*\.ts:\d+:\d+\)/);
    expect(logsOf(call(11))).toEqual(['traced 1.5 -3.0']);
  });

  it('saves and loads state, whose root is the block it stored', () => {
    const data = cbor({ list: [1, 2, 3], name: 'state' });
    const applied = call(12, cbor(data));
    expect(applied.result.receipt.exitCode, exitMessage(applied)).toBe(0);
    const [saved, root, loaded] = decodeDagCbor<Uint8Array[]>(applied.result.receipt.returnData);
    const cid = cidForBlock(DAG_CBOR, data);
    expect(saved).toEqual(cid.bytes);
    expect(root).toEqual(cid.bytes);
    expect(loaded).toEqual(data);
    expect(machine.actor(probeId)!.head.equals(cid)).toBe(true);
    expect(logsOf(applied)).toEqual(['state saved']);
    // block_create refuses what is not DAG-CBOR (Serialization) and links the actor cannot reach (NotFound:
    // message params are CBOR, so their links are not tracked); the SDK reports both as assertions.
    const bad = call(12, cbor(new Uint8Array([0xff])));
    expect(bad.result.receipt.exitCode).toBe(24);
    expect(exitMessage(bad)).toMatch(/ipld\.block_create failed: Serialization \(10\)/);
    const unreachable = call(12, cbor(cbor({ link: cidForBlock(DAG_CBOR, cbor(['elsewhere'])) })));
    expect(unreachable.result.receipt.exitCode).toBe(24);
    expect(exitMessage(unreachable)).toMatch(/ipld\.block_create failed: NotFound \(6\)/);
    expect(machine.actor(probeId)!.head.equals(cid)).toBe(true);
  });

  it('encodes calls and decodes returns in the Solidity ABI as viem does', () => {
    const eth = hexToBytes('1234567890abcdef1234567890abcdef12345678');
    const returnData = hexToBytes(
      encodeAbiParameters(
        [{ type: 'uint256' }, { type: 'address' }, { type: 'bool' }, { type: 'string' }],
        [77n, '0x00000000000000000000000000000000deadbeef', true, 'héllo, ABI'],
      ).slice(2),
    );
    const applied = call(14, cbor([returnData, eth]));
    expect(applied.result.receipt.exitCode, exitMessage(applied)).toBe(0);
    const [calldata, n, address, flag, text] = decodeDagCbor<
      [Uint8Array, number, Uint8Array, boolean, string]
    >(applied.result.receipt.returnData);
    const abi = parseAbi(['function probe(uint256,address,bool,bytes32,bytes)']);
    const expected = encodeFunctionData({
      abi,
      functionName: 'probe',
      args: [
        7n,
        `0x${bytesToHex(eth)}`,
        true,
        `0x${bytesToHex(new TextEncoder().encode('key'))}${'00'.repeat(29)}`,
        `0x${bytesToHex(returnData.slice(0, 3))}`,
      ],
    });
    expect(`0x${bytesToHex(calldata)}`).toBe(expected);
    expect(decodeFunctionData({ abi, data: expected }).functionName).toBe('probe');
    expect([n, bytesToHex(address), flag, text]).toEqual([
      77,
      '00000000000000000000000000000000deadbeef',
      true,
      'héllo, ABI',
    ]);
  });
});
