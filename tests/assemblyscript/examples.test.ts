// The AssemblyScript examples (src/compiler/assemblyscript/examples) compiled with the compiler service and
// run on the machine: install, create through Init Exec, invoke, returns, traces, events and state diffs.
import { decode as decodeDagCborStrict, encode as encodeDagCborStrict } from '@ipld/dag-cbor';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundledExamples } from '../../src/compiler/assemblyscript/exampleCatalog';
import { nodeExamples } from '../../src/compiler/assemblyscript/exampleCatalog.node.js';
import { Address } from '../../src/worker-vm/address';
import { ethToFilecoin } from '../../src/worker-vm/address/ethereum';
import { encodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { CBOR } from '../../src/worker-vm/ipld/codecs';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildCallTree } from '../../src/worker-vm/trace/callTree';
import { diffStates } from '../../src/worker-vm/trace/stateDiff';
import { hexToBytes } from '../../src/worker-vm/util/bytes';
import { invokeActor } from '../../src/worker-vm/wasm/testing/actors.node.js';
import { encodeJsonParams } from '../../src/worker-vm/wasm/userActors/ipldJson';
import { compile as compileSolidity, deploy } from '../fevm/helpers';
import { chargeNames, compileExample, deployActor, exitMessage, logsOf, returned } from './helpers';

const cbor = (value: unknown) => encodeDagCbor(value);
const json = (value: unknown) => encodeJsonParams(value);

describe('the example catalog', () => {
  it('lists counter, token and evm-caller with their files, the same bundled and on disk', async () => {
    const examples = await nodeExamples();
    expect(examples.map((e) => e.id)).toEqual(['counter', 'token', 'evm-caller']);
    for (const example of examples) expect(Object.keys(example.files)).toContain(example.entry);
    expect(Object.keys(examples[2]!.files)).toEqual(['evmCaller.ts', 'SimpleStorage.sol']);
    expect(await loadBundledExamples()).toEqual(examples);
  });
});

describe('counter.ts', () => {
  let wasm: Uint8Array;
  beforeAll(async () => {
    wasm = await compileExample('counter.ts');
  });

  it('is created through Exec and counts, with an event, a log line and syscall charges in the trace', () => {
    const machine = Machine.create();
    const { address, id } = deployActor(machine, wasm);
    expect(machine.store.get(machine.actor(id)!.head)).toEqual(cbor([0]));

    const first = invokeActor(machine, address, 2, json(5));
    expect(first.result.receipt.exitCode).toBe(0);
    expect(first.result.receipt.returnCodec).toBe(CBOR);
    expect(returned(first)).toBe(5);
    expect(first.result.events).toEqual([
      { emitter: id, entries: [{ flags: 3, key: 'count', codec: CBOR, value: cbor(5) }] },
    ]);
    expect(logsOf(first)).toEqual(['count 0 -> 5']);
    const charges = chargeNames(first);
    expect(charges.filter((c) => c === 'OnSyscall').length).toBeGreaterThanOrEqual(8);
    expect(charges).toEqual(
      expect.arrayContaining([
        'wasm_exec',
        'OnBlockOpenBase',
        'OnBlockLink',
        'OnActorSetRoot',
        'OnActorEvent',
      ]),
    );

    expect(returned(invokeActor(machine, address, 2, json(37)))).toBe(42);
    expect(returned(invokeActor(machine, address, 3))).toBe(42);
    expect(machine.store.get(machine.actor(id)!.head)).toEqual(cbor([42]));
  });

  it('refuses what it should, with exit codes and messages, leaving the count alone', () => {
    const machine = Machine.create();
    const { address, id } = deployActor(machine, wasm);
    invokeActor(machine, address, 2, json(3));
    const cases: Array<[number, Uint8Array | undefined, number, RegExp]> = [
      [1, undefined, 18, /only the Init actor/],
      [2, undefined, 16, /expects params/],
      [2, json('three'), 21, /CBOR at byte 0: expected an unsigned integer, found a text string/],
      [2, new Uint8Array([0x03, 0x04]), 21, /unexpected data after the end/],
      [2, new Uint8Array([0x1b, 0xff]), 21, /truncated/],
      [2, json({ $int: '18446744073709551615' }), 16, /overflow/],
      [3, json(1), 16, /takes no params/],
      [9, undefined, 22, /unknown method 9/],
    ];
    for (const [method, params, exitCode, message] of cases) {
      const applied = invokeActor(machine, address, method, params);
      expect(applied.result.receipt.exitCode, `method ${method}`).toBe(exitCode);
      expect(exitMessage(applied)).toMatch(message);
    }
    expect(machine.store.get(machine.actor(id)!.head)).toEqual(cbor([3]));
  });
});

describe('token.ts', () => {
  let wasm: Uint8Array;
  beforeAll(async () => {
    wasm = await compileExample('token.ts');
  });

  const setup = () => {
    const machine = Machine.create();
    const [alice, bob] = machine.accounts;
    const deployed = deployActor(machine, wasm, { name: 'Playground Token', symbol: 'PLAY', supply: 1000 });
    return { machine, alice: alice!.address, bob: bob!.address, ...deployed };
  };
  const stateOf = (machine: Machine, id: number) => {
    const bytes = machine.store.get(machine.actor(id)!.head)!;
    // Canonical DAG-CBOR: the strict decoder accepts it and encoding it again gives the same bytes.
    const value = decodeDagCborStrict(bytes);
    expect(encodeDagCborStrict(value)).toEqual(bytes);
    return value;
  };

  it('mints the supply to the creator, with a mint event', () => {
    const { machine, id, applied } = setup();
    expect(stateOf(machine, id)).toEqual({
      name: 'Playground Token',
      supply: 1000,
      symbol: 'PLAY',
      balances: { f0100: 1000 },
    });
    expect(applied.result.events).toEqual([
      {
        emitter: id,
        entries: [
          { flags: 3, key: '$type', codec: CBOR, value: cbor('mint') },
          { flags: 3, key: 'to', codec: CBOR, value: cbor('f0100') },
          { flags: 3, key: 'amount', codec: CBOR, value: cbor(1000) },
        ],
      },
    ]);
  });

  it('transfers, emits a transfer event, and the state diff shows the balances change', () => {
    const { machine, address, id, bob } = setup();
    const transfer = invokeActor(
      machine,
      address,
      2,
      json({ to: { $address: bob.toString() }, amount: 250 }),
    );
    expect(transfer.result.receipt.exitCode).toBe(0);
    expect(returned(transfer)).toBe(750);
    expect(transfer.result.events[0]!.entries.map((e) => [e.key, e.value])).toEqual([
      ['$type', cbor('transfer')],
      ['from', cbor('f0100')],
      ['to', cbor('f0101')],
      ['amount', cbor(250)],
    ]);
    expect(logsOf(transfer)).toEqual(['f0100 sent 250 PLAY to f0101']);
    expect(chargeNames(transfer)).toEqual(
      expect.arrayContaining([
        'OnSyscall',
        'wasm_exec',
        'OnResolveAddress',
        'OnActorEvent',
        'OnActorSetRoot',
      ]),
    );

    const diff = diffStates(
      machine.store,
      machine.manifest,
      transfer.stateRootBefore,
      transfer.stateRootAfter,
    );
    const tokenChange = diff.actors.find((change) => change.id === id);
    expect(tokenChange?.fields).toEqual(['head']);
    expect(diff.userStates).toEqual([
      {
        id,
        before: { name: 'Playground Token', supply: 1000, symbol: 'PLAY', balances: { f0100: 1000 } },
        after: {
          name: 'Playground Token',
          supply: 1000,
          symbol: 'PLAY',
          balances: { f0100: 750, f0101: 250 },
        },
      },
    ]);

    expect(returned(invokeActor(machine, address, 3, json({ $address: 'f0101' })))).toBe(250);
    expect(returned(invokeActor(machine, address, 3, json({ $address: bob.toString() })))).toBe(250);
    expect(returned(invokeActor(machine, address, 3, json({ $address: 'f0999' })))).toBe(0);
    expect(returned(invokeActor(machine, address, 4))).toBe(1000);
    expect(returned(invokeActor(machine, address, 5))).toEqual({
      name: 'Playground Token',
      supply: 1000,
      symbol: 'PLAY',
    });
  });

  it('keeps the balances map in DAG-CBOR key order, empties removed, from any caller', () => {
    const { machine, address, id, bob } = setup();
    const eth = machine.accounts.find((a) => a.address.protocol === 4)!.address;
    expect(
      invokeActor(machine, address, 2, json({ amount: 10, to: { $address: bob.toString() } })).result.receipt
        .exitCode,
    ).toBe(0);
    // f099 (burnt funds) has a shorter key: it sorts first.
    expect(
      invokeActor(machine, address, 2, json({ to: { $address: 'f099' }, amount: 1 })).result.receipt.exitCode,
    ).toBe(0);
    const fromBob = invokeActor(machine, address, 2, json({ to: { $address: eth.toString() }, amount: 10 }), {
      from: bob,
    });
    expect(fromBob.result.receipt.exitCode).toBe(0);
    expect(returned(fromBob)).toBe(0);
    const state = stateOf(machine, id) as { balances: Record<string, number> };
    expect(Object.keys(state.balances)).toEqual(['f099', 'f0100', 'f0105']);
    expect(state.balances).toEqual({ f099: 1, f0100: 989, f0105: 10 });
  });

  it('refuses bad transfers with exit codes and messages, changing nothing', () => {
    const { machine, address, id, bob } = setup();
    const before = machine.actor(id)!.head;
    const nobody = Address.newActor(new TextEncoder().encode('nobody')).toString();
    const cases: Array<[unknown, number, RegExp]> = [
      [{ to: { $address: bob.toString() }, amount: 1001 }, 19, /f0100 has 1000 PLAY, cannot send 1001/],
      [{ to: { $address: nobody }, amount: 1 }, 17, /no actor has the address f2:0x/],
      [{ to: { $address: 'f0999' }, amount: 1 }, 17, /no actor has the address f0999/],
      [{ to: { $hex: '0x0a' }, amount: 1 }, 16, /not a valid address/],
      [{ to: { $address: 'f0101' } }, 16, /needs "to" and "amount"/],
      [{ to: { $address: 'f0101' }, amount: 1, memo: 'x' }, 16, /unknown transfer param "memo"/],
      [[1, 2], 21, /expected a map, found an array/],
    ];
    for (const [params, exitCode, message] of cases) {
      const applied = invokeActor(machine, address, 2, json(params));
      expect(applied.result.receipt.exitCode, JSON.stringify(params)).toBe(exitCode);
      expect(exitMessage(applied)).toMatch(message);
    }
    expect(machine.actor(id)!.head.equals(before)).toBe(true);
    // Constructing again, by anyone but Init, is refused.
    expect(
      invokeActor(machine, address, 1, json({ name: 'x', symbol: 'X', supply: 1 })).result.receipt.exitCode,
    ).toBe(18);
  });
});

describe('evmCaller.ts', () => {
  it('calls a Solidity contract with ABI calldata, decodes its return, and reports reverts with their reason', async () => {
    const example = (await nodeExamples()).find((e) => e.id === 'evm-caller')!;
    const wasm = await compileExample('evmCaller.ts');
    const contracts = await compileSolidity({ 'SimpleStorage.sol': example.files['SimpleStorage.sol']! });
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.address.protocol === 4)!.address;
    const { contract, created } = deploy(machine, eth, contracts.get('SimpleStorage')!);
    const contractAddress = ethToFilecoin(hexToBytes(created.ethAddress.replace(/^0x/, '')));
    const { address, id } = deployActor(machine, wasm, {
      $address: `0x${created.ethAddress.replace(/^0x/, '')}`,
    });

    const store = invokeActor(machine, address, 2, json(42));
    expect(store.result.receipt.exitCode).toBe(0);
    expect(logsOf(store)).toEqual(['stored 42']);
    expect(contract.read('retrieve')).toBe(42n);
    // msg.sender was this actor: without an f410 address it is its masked ID address.
    expect(String(contract.read('lastWriter')).toLowerCase()).toBe(
      `0xff${'00'.repeat(11)}${id.toString(16).padStart(16, '0')}`,
    );
    // The trace: the Wasm actor's syscalls, then InvokeContract on the EVM actor as a subcall.
    const tree = buildCallTree(store.result.trace ?? []);
    expect(tree.root?.gasCharges.map((c) => c.name)).toEqual(
      expect.arrayContaining(['OnSyscall', 'OnHashing']),
    );
    expect(tree.root?.subcalls.map((s) => [s.to.toString(), s.method])).toEqual([
      [contractAddress.toString(), 3844450837],
    ]);
    expect(store.result.events).toHaveLength(1); // Stored(by, value), emitted by the contract

    const retrieve = invokeActor(machine, address, 3);
    expect(retrieve.result.receipt.exitCode).toBe(0);
    expect(returned(retrieve)).toBe(42);
    expect(buildCallTree(retrieve.result.trace ?? []).root?.subcalls[0]?.readOnly).toBe(true);

    const reverted = invokeActor(machine, address, 2, json(0));
    expect(reverted.result.receipt.exitCode).toBe(16);
    expect(exitMessage(reverted)).toBe('store(0) reverted: zero is not a value');
    expect(contract.read('retrieve')).toBe(42n);

    // Any calldata: retrieve() through Call returns the raw ABI output.
    const raw = invokeActor(machine, address, 4, json({ $hex: '0x2e64cec1' }));
    expect(returned(raw)).toEqual(hexToBytes(`${'00'.repeat(31)}2a`));
    const rawRevert = invokeActor(machine, address, 4, json({ $hex: `0x6057361d${'00'.repeat(32)}` }));
    expect(rawRevert.result.receipt.exitCode).toBe(23);
    expect(rawRevert.result.receipt.returnData.slice(0, 4)).toEqual(hexToBytes('08c379a0'));
    // State: [contract address, successful calls].
    expect(machine.store.get(machine.actor(id)!.head)).toEqual(cbor([contractAddress.bytes, 2]));
  });
});
