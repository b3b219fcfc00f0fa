import { blake2b } from '@noble/hashes/blake2.js';
import { decodeFunctionResult, encodeFunctionData, keccak256 } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { EvmMethod } from '../../src/worker-vm/actors/evm/methods';
import { Address } from '../../src/worker-vm/address';
import { ethToFilecoin, maskedIdAddress } from '../../src/worker-vm/address/ethereum';
import { decodeDagCbor, encodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { ExitCode } from '../../src/worker-vm/kernel/codes';
import { deterministicExterns } from '../../src/worker-vm/machine/externs';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildMessage, cborBytes } from '../../src/worker-vm/scenario/runScenario';
import { buildCallTree, type CallNode } from '../../src/worker-vm/trace/callTree';
import {
  bytesToHex,
  concatBytes,
  hexToBytes,
  numberToBytesBE,
  utf8ToBytes,
} from '../../src/worker-vm/util/bytes';
import { type Contract, compile, deploy } from './helpers';

// Filecoin semantics of the EVM actor that an Ethereum developer would notice (spec 10.1-10.8).

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Inspector {
    function look(address a) external view returns (uint256 bal, uint256 size, bytes32 hash, bytes memory code) {
        bal = a.balance;
        size = a.code.length;
        hash = a.codehash;
        code = a.code;
    }
    function selfBalance() external view returns (uint256) { return address(this).balance; }
}

contract Store {
    uint256 public value;
    event Stored(uint256 v);
    function set(uint256 v) external { value = v; }
    function emitIt() external { emit Stored(1); }
    function pay(address payable to) external { (bool ok, ) = to.call{value: 1}(""); require(ok); }
}

contract StaticCaller {
    bool public lastOk;
    function tryStatic(address target, bytes calldata data) external returns (bool ok) {
        (ok, ) = target.staticcall(data);
        lastOk = ok;
    }
}

contract Context {
    function info() external view returns (
        uint256 chainid, uint256 gaslimit, address coinbase, uint256 basefee, uint256 number,
        uint256 timestamp, bytes32 previous, bytes32 current, bytes32 tooOld, uint256 prevrandao,
        uint256 gasLeft, uint256 gasprice
    ) {
        return (block.chainid, block.gaslimit, block.coinbase, block.basefee, block.number,
            block.timestamp, blockhash(block.number - 1), blockhash(block.number),
            blockhash(block.number - 257), block.prevrandao, gasleft(), tx.gasprice);
    }
}

contract Doomed {
    uint256 public x = 42;
    constructor() payable {}
    receive() external payable {}
    function destroy(address payable to) external { selfdestruct(to); }
}

contract Killer {
    constructor() payable {}
    /// Destroys the target, then pays it in the same message: the funds stay in the tombstoned contract.
    function killAndPay(Doomed target) external {
        target.destroy(payable(address(this)));
        (bool ok, ) = payable(address(target)).call{value: 5}("");
        require(ok, "payment failed");
        require(target.x() == 42, "still alive within the message");
    }
    receive() external payable {}
}

contract Transient {
    function tset(uint256 v) external { assembly { tstore(0, v) } }
    function tget() external view returns (uint256 v) { assembly { v := tload(0) } }
    function setAndReadBack(uint256 v) external returns (uint256) {
        assembly { tstore(0, v) }
        return Transient(address(this)).tget();
    }
}

contract FilecoinMethods {
    uint64 public lastMethod;
    uint64 public lastCodec;
    bytes public lastParams;
    function handle_filecoin_method(uint64 method, uint64 codec, bytes calldata params)
        external returns (uint32, uint64, bytes memory)
    {
        lastMethod = method;
        lastCodec = codec;
        lastParams = params;
        if (method == 5000) return (0, 0x51, hex"820102");
        if (method == 5001) return (17, 0, "");
        if (method == 5002) return (0, 0x55, hex"01");
        return (0, 0, "");
    }
}

contract Impl {
    uint256 public count;
    address public lastSender;
    uint256 public lastValue;
    function inc() external payable returns (uint256) {
        count += 1;
        lastSender = msg.sender;
        lastValue = msg.value;
        return count;
    }
}

contract Proxy {
    uint256 public count;
    address public lastSender;
    uint256 public lastValue;
    address public impl;
    constructor(address i) { impl = i; }
    fallback() external payable {
        address i = impl;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), i, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok case 0 { revert(0, returndatasize()) } default { return(0, returndatasize()) }
        }
    }
}
`;

let artifacts: Map<string, ContractArtifact>;
beforeAll(async () => {
  artifacts = await compile({ 'Semantics.sol': source });
}, 60_000);

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as const;

function setup() {
  const machine = Machine.create();
  const eth = machine.accounts.filter((a) => a.kind === 'eth');
  const secp = machine.accounts.filter((a) => a.kind === 'secp256k1');
  const make = (name: string, args: unknown[] = [], value = 0n) =>
    deploy(machine, eth[0]!.address, artifacts.get(name)!, args, value);
  return { machine, eth, secp, make, sender: eth[0]!.address };
}

/** Every call in a tree, depth first. */
const allCalls = (node: CallNode): CallNode[] => [node, ...node.subcalls.flatMap(allCalls)];

/** The ABI output of an invoke's receipt (a CBOR byte string). */
function output(contract: Contract, functionName: string, returnData: Uint8Array) {
  const data = hex(decodeDagCbor<Uint8Array>(returnData));
  return decodeFunctionResult({ abi: contract.abi, functionName, data } as never) as unknown;
}

describe('STATICCALL and read-only violations (spec 10.4, 10.5)', () => {
  it('an SSTORE, a LOG or a value transfer in a static call makes the callee exit 25; the CALL returns 0', () => {
    const { eth, make, sender } = setup();
    const store = make('Store').contract;
    const caller = make('StaticCaller').contract;
    for (const [name, args] of [
      ['set', [7n]],
      ['emitIt', []],
      ['pay', [hex(eth[1]!.ethAddress!)]],
    ] as const) {
      const data = encodeFunctionData({ abi: store.abi, functionName: name, args } as never);
      const result = caller.invoke(sender, 'tryStatic', [createdAddress(store), data]);
      expect(result.receipt.exitCode, name).toBe(0);
      expect(output(caller, 'tryStatic', result.receipt.returnData), name).toBe(false);
      const callee = allCalls(buildCallTree(result.trace!).root!).find(
        (c) => c.readOnly && c.method === EvmMethod.InvokeContract,
      )!;
      expect(callee.exitCode, name).toBe(ExitCode.USR_READ_ONLY);
    }
    expect(store.read('value')).toBe(0n);
    // A static call that only reads succeeds.
    const read = encodeFunctionData({ abi: store.abi, functionName: 'value' });
    expect(
      output(
        caller,
        'tryStatic',
        caller.invoke(sender, 'tryStatic', [createdAddress(store), read]).receipt.returnData,
      ),
    ).toBe(true);
  });
});

/** A contract's Ethereum address as the EVM sees it. */
const ethOf = new WeakMap<Contract, `0x${string}`>();
function createdAddress(contract: Contract): `0x${string}` {
  const known = ethOf.get(contract);
  if (known) return known;
  const actor = contract.machine.actor(contract.id)!;
  const eth = hex(actor.delegatedAddress!.payload.subarray(1));
  ethOf.set(contract, eth);
  return eth;
}

describe('block and message context (spec 10.4)', () => {
  it('CHAINID, GASLIMIT, COINBASE, BASEFEE, NUMBER, TIMESTAMP, BLOCKHASH, PREVRANDAO, GAS, GASPRICE', () => {
    const { machine, make, sender } = setup();
    machine.advanceEpochs(3n);
    const context = make('Context').contract;
    const gasLimit = 300_000_000;
    const result = context.invoke(sender, 'info', [], 0n, gasLimit);
    expect(result.receipt.exitCode).toBe(0);
    const [
      chainid,
      gaslimit,
      coinbase,
      basefee,
      number,
      timestamp,
      previous,
      current,
      tooOld,
      prevrandao,
      gasLeft,
      gasprice,
    ] = output(context, 'info', result.receipt.returnData) as [
      bigint,
      bigint,
      string,
      bigint,
      bigint,
      bigint,
      string,
      string,
      string,
      bigint,
      bigint,
      bigint,
    ];
    const network = machine.networkContext();
    const epoch = machine.epoch;
    expect(chainid).toBe(network.chainId);
    expect(gaslimit).toBe(10_000_000_000n);
    expect(coinbase).toBe('0x0000000000000000000000000000000000000000');
    expect(basefee).toBe(network.baseFee);
    expect(number).toBe(epoch);
    expect(timestamp).toBe(network.timestamp);
    // BLOCKHASH(n) is the digest of tipset n's CID for the 256 epochs before the current one, else 0.
    const externs = deterministicExterns(machine.network.seed);
    expect(previous).toBe(hex(externs.tipsetCid(epoch - 1n).multihash.digest));
    expect(current).toBe(hex(new Uint8Array(32)));
    expect(tooOld).toBe(hex(new Uint8Array(32)));
    // PREVRANDAO: blake2b-256(i64 DST 10 ‖ beacon digest ‖ i64 epoch ‖ "prevrandao") (spec 10.9).
    const i64 = (n: bigint) => numberToBytesBE(n, 8);
    const draw = blake2b(
      concatBytes(i64(10n), externs.beaconRandomness(epoch), i64(epoch), utf8ToBytes('prevrandao')),
      { dkLen: 32 },
    );
    expect(prevrandao).toBe(BigInt(hex(draw)));
    // GAS is the FVM gas left (whole gas): below the message's limit, above what the call had spent.
    expect(gasLeft).toBeGreaterThan(0n);
    expect(gasLeft).toBeLessThan(BigInt(gasLimit));
    expect(gasLeft).toBeGreaterThan(BigInt(gasLimit) - BigInt(result.receipt.gasUsed));
    // GASPRICE: base fee + the effective premium (the helpers send premium 100, fee cap 300).
    expect(gasprice).toBe(network.baseFee + 100n);
  });
});

describe('SELFDESTRUCT (spec 10.7)', () => {
  it('pays out the balance, keeps the actor, and is dead from the next message on', () => {
    const { machine, eth, make, sender } = setup();
    const doomed = make('Doomed', [], 10n ** 18n).contract;
    const beneficiary = eth[1]!;
    const before = machine.balanceOf(beneficiary.address);
    const destroyed = doomed.invoke(sender, 'destroy', [hex(beneficiary.ethAddress!)]);
    expect(destroyed.receipt.exitCode).toBe(0);
    expect(machine.balanceOf(beneficiary.address) - before).toBe(10n ** 18n);
    expect(machine.balanceOf(doomed.address)).toBe(0n);
    // The actor stays in the state tree (no self_destruct syscall), as an EVM actor.
    const actor = machine.actor(doomed.id)!;
    expect(machine.manifest.is(actor.code, 'evm')).toBe(true);
    // Dead: calls return nothing without running, GetBytecode is null, GetBytecodeHash is EMPTY.
    const call = (method: number, params: Uint8Array = new Uint8Array(0)) =>
      machine.call(buildMessage(machine, sender, doomed.address, method, params, 0n, 100_000_000)).receipt;
    const x = encodeFunctionData({ abi: doomed.abi, functionName: 'x' });
    const invoke = call(EvmMethod.InvokeContract, cborBytes(hexToBytes(x.slice(2))));
    expect(invoke.exitCode).toBe(0);
    expect(decodeDagCbor<Uint8Array>(invoke.returnData)).toEqual(new Uint8Array(0));
    expect(decodeDagCbor(call(EvmMethod.GetBytecode).returnData)).toBeNull();
    expect(hex(decodeDagCbor<Uint8Array>(call(EvmMethod.GetBytecodeHash).returnData))).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });

  it('is alive until the message ends; funds sent to it later in the message stay there', () => {
    const { machine, make, sender } = setup();
    const doomed = make('Doomed', [], 1000n).contract;
    const killer = make('Killer', [], 1000n).contract;
    const result = killer.invoke(sender, 'killAndPay', [createdAddress(doomed)]);
    expect(result.receipt.exitCode).toBe(0);
    expect(machine.balanceOf(doomed.address)).toBe(5n);
    expect(machine.balanceOf(killer.address)).toBe(1000n + 1000n - 5n);
  });

  it('fails with exit 40 when the balance cannot be sent (an unknown masked ID)', () => {
    const { make, sender } = setup();
    const doomed = make('Doomed', [], 1000n).contract;
    const result = doomed.invoke(sender, 'destroy', [hex(maskedIdAddress(987_654n))]);
    expect(result.receipt.exitCode).toBe(ExitCode.EVM_CONTRACT_SELFDESTRUCT_FAILED);
    expect(doomed.read('x')).toBe(42n);
  });
});

describe('transient storage (spec 10.2, EIP-1153)', () => {
  it('TSTORE is visible across calls within the message and gone in the next message', () => {
    const { make, sender } = setup();
    const transient = make('Transient').contract;
    const set = transient.invoke(sender, 'setAndReadBack', [77n]);
    expect(set.receipt.exitCode).toBe(0);
    expect(output(transient, 'setAndReadBack', set.receipt.returnData)).toBe(77n);
    // Next message: the stored transient data belongs to another message's lifespan.
    expect(transient.read('tget')).toBe(0n);
    const next = transient.invoke(sender, 'tget');
    expect(output(transient, 'tget', next.receipt.returnData)).toBe(0n);
  });
});

describe('GetStorageAt (spec 10.1)', () => {
  it('answers an implicit message from f00 with the slot value; other callers are forbidden', () => {
    const { machine, make, sender } = setup();
    const store = make('Store').contract;
    store.invoke(sender, 'set', [0xabcdefn]);
    const params = encodeDagCbor([numberToBytesBE(0n, 32)]);
    const fromSystem = machine.call(
      buildMessage(machine, Address.newId(0), store.address, EvmMethod.GetStorageAt, params, 0n, 100_000_000),
    );
    expect(fromSystem.receipt.exitCode).toBe(0);
    expect(hex(decodeDagCbor<Uint8Array>(fromSystem.receipt.returnData))).toBe('0xabcdef');
    const empty = machine.call(
      buildMessage(
        machine,
        Address.newId(0),
        store.address,
        EvmMethod.GetStorageAt,
        encodeDagCbor([numberToBytesBE(9n, 32)]),
        0n,
        100_000_000,
      ),
    );
    expect(decodeDagCbor<Uint8Array>(empty.receipt.returnData)).toEqual(new Uint8Array(0));
    const fromUser = machine.call(
      buildMessage(machine, sender, store.address, EvmMethod.GetStorageAt, params, 0n, 100_000_000),
    );
    expect(fromUser.receipt.exitCode).toBe(ExitCode.USR_FORBIDDEN);
  });
});

describe('HandleFilecoinMethod (spec 10.1)', () => {
  it('methods ≥ 1024 reach handle_filecoin_method; its output becomes the result', () => {
    const { machine, secp, make } = setup();
    const target = make('FilecoinMethods').contract;
    const from = secp[0]!.address;
    const send = (method: number, params: Uint8Array) => {
      const message = buildMessage(machine, from, target.address, method, params, 0n, 200_000_000);
      return machine.applyMessage({ ...message, gasFeeCap: 300n, gasPremium: 100n }).result.receipt;
    };
    const ok = send(5000, encodeDagCbor(['hi', 1]));
    expect(ok.exitCode).toBe(0);
    expect(ok.returnCodec).toBe(0x51);
    expect(hex(ok.returnData)).toBe('0x820102');
    expect(target.read('lastMethod')).toBe(5000n);
    expect(target.read('lastCodec')).toBe(0x51n);
    expect(target.read('lastParams')).toBe(hex(encodeDagCbor(['hi', 1])));
    // A non-zero exit code from the contract is the actor's exit code.
    expect(send(5001, new Uint8Array(0)).exitCode).toBe(17);
    // Return data must be CBOR (or empty with codec 0).
    expect(send(5002, new Uint8Array(0)).exitCode).toBe(ExitCode.USR_SERIALIZATION);
    // Empty output: success, no return value.
    const nothing = send(6000, new Uint8Array(0));
    expect(nothing.exitCode).toBe(0);
    expect(nothing.returnData).toEqual(new Uint8Array(0));
    // Methods 7..1023 are not for contracts.
    expect(send(1000, new Uint8Array(0)).exitCode).toBe(ExitCode.USR_UNHANDLED_MESSAGE);
  });
});

describe('DELEGATECALL proxy (spec 10.5)', () => {
  it('runs the implementation on the proxy storage, keeping CALLER and CALLVALUE, via InvokeContractDelegate on itself', () => {
    const { eth, make, sender } = setup();
    const impl = make('Impl').contract;
    const proxy = make('Proxy', [createdAddress(impl)]).contract;
    const data = encodeFunctionData({ abi: impl.abi, functionName: 'inc' });
    const result = proxy.machine.applyMessage({
      ...buildMessage(
        proxy.machine,
        sender,
        proxy.address,
        EvmMethod.InvokeContract,
        cborBytes(hexToBytes(data.slice(2))),
        7n,
        200_000_000,
      ),
      gasFeeCap: 300n,
      gasPremium: 100n,
    }).result;
    expect(result.receipt.exitCode).toBe(0);
    expect(output({ abi: impl.abi } as Contract, 'inc', result.receipt.returnData)).toBe(1n);
    expect(proxy.read('count')).toBe(1n);
    expect((proxy.read('lastSender') as string).toLowerCase()).toBe(hex(eth[0]!.ethAddress!));
    expect(proxy.read('lastValue')).toBe(7n);
    expect(impl.read('count')).toBe(0n);
    // The trace: GetBytecode of the implementation, then InvokeContractDelegate sent to the proxy itself.
    const calls = allCalls(buildCallTree(result.trace!).root!);
    const delegate = calls.find((c) => c.method === EvmMethod.InvokeContractDelegate)!;
    expect(delegate.to.toString()).toBe(Address.newId(proxy.id).toString());
    expect(delegate.from).toBe(proxy.id);
    expect(calls.some((c) => c.method === EvmMethod.GetBytecode && c.readOnly)).toBe(true);
    expect(ethToFilecoin(hexToBytes(createdAddress(impl).slice(2))).protocol).toBe(4);
  });
});

describe('BALANCE, SELFBALANCE and EXTCODE* on Filecoin actors (spec 10.4)', () => {
  const EMPTY = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';
  const NATIVE = '0xbcc90f2d6dada5b18e155c17a1c0a55920aae94f39857d39d0d8ed07ae8f228b';
  const ZERO = `0x${'00'.repeat(32)}`;

  it('reports contracts, accounts, placeholders, native actors, precompiles and unknown addresses as the FEVM does', () => {
    const { machine, eth, secp, make, sender } = setup();
    const inspector = make('Inspector', [], 0n).contract;
    const store = make('Store').contract;
    // A placeholder: funds sent to an f410 nobody has used yet.
    const fresh = `0x${'ab'.repeat(20)}` as const;
    const funding = machine.applyMessage({
      ...buildMessage(
        machine,
        sender,
        ethToFilecoin(hexToBytes(fresh.slice(2))),
        0,
        new Uint8Array(0),
        9n,
        10_000_000,
      ),
      gasFeeCap: 300n,
      gasPremium: 100n,
    }).result;
    expect(funding.receipt.exitCode).toBe(0);
    const look = (address: string) => {
      const [bal, size, hash, code] = inspector.read('look', [address]) as [bigint, bigint, string, string];
      return { bal, size, hash, code };
    };

    const contract = look(createdAddress(store));
    expect(contract.size).toBeGreaterThan(0n);
    expect(BigInt((contract.code.length - 2) / 2)).toBe(contract.size);
    expect(contract.hash).toBe(keccak256(contract.code as `0x${string}`));

    const ethAccount = look(hex(eth[1]!.ethAddress!));
    expect(ethAccount).toEqual({
      bal: machine.balanceOf(eth[1]!.address),
      size: 0n,
      hash: EMPTY,
      code: '0x',
    });
    const f1 = look(hex(maskedIdAddress(BigInt(secp[0]!.id))));
    expect(f1).toEqual({ bal: machine.balanceOf(secp[0]!.address), size: 0n, hash: EMPTY, code: '0x' });
    expect(look(fresh)).toEqual({ bal: 9n, size: 0n, hash: EMPTY, code: '0x' });
    // The reward actor (f02): a native built-in.
    expect(look(hex(maskedIdAddress(2n)))).toMatchObject({ size: 1n, hash: NATIVE, code: '0xfe' });
    // The ecrecover precompile and an address no actor has.
    expect(look(`0x${'00'.repeat(19)}01`)).toMatchObject({ size: 0n, hash: EMPTY, code: '0x' });
    expect(look(`0x${'cd'.repeat(20)}`)).toEqual({ bal: 0n, size: 0n, hash: ZERO, code: '0x' });

    // SELFBALANCE: the contract's own balance (nothing was sent to it).
    expect(inspector.read('selfBalance')).toBe(0n);
  });
});
