import { keccak_256 } from '@noble/hashes/sha3.js';
import { type Abi, decodeFunctionResult, encodeAbiParameters, getContractAddress, keccak256 } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { create2Address, createAddress } from '../../src/worker-vm/actors/eam';
import { Address } from '../../src/worker-vm/address';
import { ethToFilecoin } from '../../src/worker-vm/address/ethereum';
import { decodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildMessage } from '../../src/worker-vm/scenario/runScenario';
import { buildCallTree } from '../../src/worker-vm/trace/callTree';
import { bytesToHex, hexToBytes } from '../../src/worker-vm/util/bytes';
import { Contract, compile, deploy } from './helpers';

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as const;

describe('EAM address derivation (spec 9.8 vectors)', () => {
  const zero = new Uint8Array(20);
  it.each([
    [zero, 0n, 'bd770416a3345f91e4b34576cb804a576fa48eb1'],
    [zero, 200n, 'a6b14387c1356b443061155e9c3e17f72c1777e5'],
    [new Uint8Array(20).fill(0x7b), 12345n, '809a9ab0471e78ee5100e96ca4d0828d1b97e2ba'],
  ])('Create(%s, %s)', (creator, nonce, expected) => {
    expect(bytesToHex(createAddress(keccak_256, creator, nonce))).toBe(expected);
  });

  it.each([
    [zero, new Uint8Array(32), new Uint8Array(0), 'e33c0c7f7df4809055c3eba6c09cfe4baf1bd9e0'],
    [
      new Uint8Array(20).fill(0x99),
      new Uint8Array(32).fill(0x42),
      new TextEncoder().encode('foobar'),
      '64425c93a90901271fa355c2bc462190803b97d4',
    ],
  ])('Create2(%s, %s, %s)', (creator, salt, code, expected) => {
    expect(bytesToHex(create2Address(keccak_256, creator, salt, code))).toBe(expected);
  });
});

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Child {
    uint256 public id;
    constructor(uint256 i) { id = i; }
}
contract Phoenix {
    uint256 public life;
    constructor() { life = Nest(msg.sender).generation(); }
    function destroy() external { selfdestruct(payable(msg.sender)); }
}
/// CREATE2 of the same initcode, so the same address each time; the constructor reads the generation.
contract Nest {
    uint256 public generation;
    function hatch() external returns (address) { generation++; return address(new Phoenix{salt: bytes32(0)}()); }
}
contract Factory {
    function make(uint256 i) external returns (address) { return address(new Child(i)); }
    function make2(uint256 i, bytes32 salt) external returns (address) { return address(new Child{salt: salt}(i)); }
    /// The Ethereum CREATE2 formula, computed by the contract itself.
    function predict2(uint256 i, bytes32 salt) external view returns (address) {
        bytes32 codeHash = keccak256(abi.encodePacked(type(Child).creationCode, abi.encode(i)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, codeHash)))));
    }
}`;

let artifacts: Map<string, ContractArtifact>;
beforeAll(async () => {
  artifacts = await compile({ 'Factory.sol': source });
}, 60_000);

describe('CREATE and CREATE2 from a contract land where Ethereum says (spec 10.6)', () => {
  it('CREATE uses the contract nonce (starting at 1), CREATE2 the salt; the EAM assigns exactly those f410s', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const { contract: factory, created } = deploy(machine, eth.address, artifacts.get('Factory')!);
    const factoryEth = created.ethAddress as `0x${string}`;
    const ret = (name: string, data: Uint8Array) =>
      decodeFunctionResult({
        abi: factory.abi,
        functionName: name,
        data: hex(decodeDagCbor<Uint8Array>(data)),
      } as never) as `0x${string}`;

    const first = factory.invoke(eth.address, 'make', [1n]);
    const second = factory.invoke(eth.address, 'make', [2n]);
    expect(first.receipt.exitCode).toBe(0);
    const firstAddress = ret('make', first.receipt.returnData);
    expect(firstAddress.toLowerCase()).toBe(
      getContractAddress({ from: factoryEth, nonce: 1n }).toLowerCase(),
    );
    expect(ret('make', second.receipt.returnData).toLowerCase()).toBe(
      getContractAddress({ from: factoryEth, nonce: 2n }).toLowerCase(),
    );
    // The CREATE went through the EAM's Create (method 2) with the pre-increment nonce.
    const eamCall = buildCallTree(first.trace!).root!.subcalls.find((c) => c.to.toString() === 'f010')!;
    expect(eamCall.method).toBe(2);
    expect(decodeDagCbor<[Uint8Array, number]>(eamCall.params!.data)[1]).toBe(1);

    const salt = `0x${'5a'.repeat(32)}` as const;
    const made2 = factory.invoke(eth.address, 'make2', [3n, salt]);
    expect(made2.receipt.exitCode).toBe(0);
    const create2 = ret('make2', made2.receipt.returnData);
    const initcode =
      `0x${artifacts.get('Child')!.creation.object.replace(/^0x/, '')}${encodeAbiParameters([{ type: 'uint256' }], [3n]).slice(2)}` as const;
    expect(create2.toLowerCase()).toBe(
      getContractAddress({
        opcode: 'CREATE2',
        from: factoryEth,
        salt,
        bytecodeHash: keccak256(initcode),
      }).toLowerCase(),
    );
    expect(factory.read('predict2', [3n, salt])).toBe(create2);

    // Each address is an EVM actor's f410 whose constructor ran.
    for (const [address, id] of [
      [firstAddress, 1n],
      [create2, 3n],
    ] as const) {
      const actorId = machine.resolve(ethToFilecoin(hexToBytes(address.slice(2))))!;
      expect(machine.manifest.is(machine.actor(actorId)!.code, 'evm')).toBe(true);
      const child = {
        ...factory,
        address: ethToFilecoin(hexToBytes(address.slice(2))),
        abi: artifacts.get('Child')!.abi,
      };
      expect(factory.read.call(child, 'id')).toBe(id);
    }
    // The same salt again collides (the EAM refuses an existing EVM actor's address): CREATE2 pushes 0
    // and Solidity reverts.
    const again = factory.invoke(eth.address, 'make2', [3n, salt]);
    expect(again.receipt.exitCode).toBe(33);
  });
});

describe('deploying where funds were sent first (spec 9.8)', () => {
  it('CreateExternal over a placeholder deploys the contract there, with its funds', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const nonce = machine.nonceOf(eth.address);
    // The address the sender's deploy will get: its next message after the funding one.
    const predicted = getContractAddress({ from: hex(eth.ethAddress!), nonce: BigInt(nonce) + 1n });
    const target = ethToFilecoin(hexToBytes(predicted.slice(2)));
    const funding = machine.applyMessage({
      ...buildMessage(machine, eth.address, target, 0, new Uint8Array(0), 7n, 10_000_000),
      gasFeeCap: 300n,
      gasPremium: 100n,
    }).result;
    expect(funding.receipt.exitCode).toBe(0);
    const placeholder = machine.resolve(target)!;
    expect(machine.manifest.is(machine.actor(placeholder)!.code, 'placeholder')).toBe(true);

    const { created, contract } = deploy(machine, eth.address, artifacts.get('Child')!, [42n]);
    expect(created.ethAddress.toLowerCase()).toBe(predicted.toLowerCase());
    // The same actor, now the contract: its ID, its funds, its constructor's storage.
    expect(created.id).toBe(placeholder);
    const actor = machine.actor(placeholder)!;
    expect(machine.manifest.is(actor.code, 'evm')).toBe(true);
    expect(actor.balance).toBe(7n);
    expect(contract.read('id')).toBe(42n);
  });

  it('CREATE2 over a dead contract resurrects it: the same actor, the new constructor', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const { contract: nest } = deploy(machine, eth.address, artifacts.get('Nest')!);
    const hatch = () => {
      const result = nest.invoke(eth.address, 'hatch');
      expect(result.receipt.exitCode).toBe(0);
      const data = hex(decodeDagCbor<Uint8Array>(result.receipt.returnData));
      const address = decodeFunctionResult({ abi: nest.abi, functionName: 'hatch', data } as never) as string;
      return { result, id: machine.resolve(ethToFilecoin(hexToBytes(address.slice(2))))! };
    };
    const first = hatch();
    const phoenix = new Contract(
      machine,
      Address.newId(first.id),
      artifacts.get('Phoenix')!.abi as Abi,
      first.id,
    );
    expect(phoenix.read('life')).toBe(1n);
    expect(phoenix.invoke(eth.address, 'destroy').receipt.exitCode).toBe(0);

    const second = hatch();
    expect(second.id).toBe(first.id);
    expect(phoenix.read('life')).toBe(2n);
    // The EAM sent Resurrect (EVM method 2) to the dead contract instead of Init.Exec4.
    const eam = buildCallTree(second.result.trace!).root!.subcalls.find((c) => c.to.toString() === 'f010')!;
    expect(eam.subcalls.map((c) => [c.to.toString(), c.method])).toEqual([[`f0${first.id}`, 2]]);
  });
});
