import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { decodeFunctionResult } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { AUTHENTICATE_MESSAGE } from '../../src/worker-vm/actors/account';
import type { Address } from '../../src/worker-vm/address';
import { ethToFilecoin } from '../../src/worker-vm/address/ethereum';
import { blake2b256 } from '../../src/worker-vm/crypto/hash';
import { signSecpHash } from '../../src/worker-vm/crypto/signatures';
import { decodeDagCbor, encodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { ErrorNumber, ExitCode } from '../../src/worker-vm/kernel/codes';
import { deterministicExterns } from '../../src/worker-vm/machine/externs';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildCallTree, type CallNode } from '../../src/worker-vm/trace/callTree';
import { bytesToHex, numberToBytesBE } from '../../src/worker-vm/util/bytes';
import { compile, deploy } from './helpers';

// Precompiles as contracts see them on the FEVM (spec 10.10): the Ethereum ones (0x01-0x03 through
// syscalls), and the Filecoin ones at 0xfe00…, including call_actor into native actors.

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Precompiles {
    address constant RESOLVE = 0xFE00000000000000000000000000000000000001;
    address constant LOOKUP = 0xfE00000000000000000000000000000000000002;
    address constant CALL_ACTOR = 0xfe00000000000000000000000000000000000003;
    address constant CALL_ACTOR_ID = 0xfe00000000000000000000000000000000000005;

    constructor() payable {}
    receive() external payable {}

    function hashes(bytes calldata data) external view returns (bytes32, bytes32, bytes20) {
        return (sha256(data), keccak256(data), ripemd160(data));
    }
    function recover(bytes32 hash, uint8 v, bytes32 r, bytes32 s) external pure returns (address) {
        return ecrecover(hash, v, r, s);
    }
    function raw(address precompile, bytes calldata input) external returns (bool ok, bytes memory out) {
        (ok, out) = precompile.staticcall(input);
    }
    function withValue(address precompile, bytes calldata input) external returns (bool ok, bytes memory out) {
        (ok, out) = precompile.call{value: 1}(input);
    }
    function resolve(bytes calldata filecoinAddress) external view returns (bool ok, bytes memory out) {
        (ok, out) = RESOLVE.staticcall(filecoinAddress);
    }
    function lookup(uint256 id) external view returns (bool ok, bytes memory out) {
        (ok, out) = LOOKUP.staticcall(abi.encode(id));
    }
    function callActor(uint64 method, uint256 value, uint64 flags, uint64 codec, bytes calldata params, bytes calldata target)
        external returns (bool ok, int256 exit, uint64 returnCodec, bytes memory ret)
    {
        bytes memory out;
        (ok, out) = CALL_ACTOR.delegatecall(abi.encode(method, value, flags, codec, params, target));
        if (ok) (exit, returnCodec, ret) = abi.decode(out, (int256, uint64, bytes));
    }
    function callActorId(uint64 method, uint256 value, uint64 flags, uint64 codec, bytes calldata params, uint64 id)
        external returns (bool ok, int256 exit, uint64 returnCodec, bytes memory ret)
    {
        bytes memory out;
        (ok, out) = CALL_ACTOR_ID.delegatecall(abi.encode(method, value, flags, codec, params, id));
        if (ok) (exit, returnCodec, ret) = abi.decode(out, (int256, uint64, bytes));
    }
    function callActorWithCall(bytes calldata input) external returns (bool ok) {
        (ok, ) = CALL_ACTOR.call(input);
    }
}`;

let artifact: ContractArtifact;
beforeAll(async () => {
  artifact = (await compile({ 'Precompiles.sol': source })).get('Precompiles')!;
}, 60_000);

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as const;
const allCalls = (node: CallNode): CallNode[] => [node, ...node.subcalls.flatMap(allCalls)];

function setup() {
  const machine = Machine.create();
  const eth = machine.accounts.filter((a) => a.kind === 'eth');
  const secp = machine.accounts.filter((a) => a.kind === 'secp256k1');
  const { contract } = deploy(machine, eth[0]!.address, artifact, [], 10n ** 18n);
  const invoke = (name: string, args: unknown[]) => {
    const result = contract.invoke(eth[0]!.address, name, args, 0n, 1_000_000_000);
    expect(result.receipt.exitCode, `${name} exit`).toBe(0);
    const data = hex(decodeDagCbor<Uint8Array>(result.receipt.returnData));
    return {
      result,
      out: decodeFunctionResult({ abi: contract.abi, functionName: name, data } as never) as unknown[],
    };
  };
  return { machine, eth, secp, contract, invoke };
}

describe('Ethereum precompiles on the FEVM', () => {
  it('sha256, ripemd160 and ecrecover give Ethereum results, hashing through crypto.hash', () => {
    const { contract, invoke, eth } = setup();
    const data = new TextEncoder().encode('filecoin');
    const { result, out } = invoke('hashes', [hex(data)]);
    expect(out[0]).toBe(hex(sha256(data)));
    expect(out[1]).toBe(hex(keccak_256(data)));
    // SHA-256 hashes at 7 gas/byte, keccak at 33 (spec 6.2): the syscalls' real charges.
    const charges = allCalls(buildCallTree(result.trace!).root!).flatMap((c) => c.gasCharges);
    const hashing = charges.filter((c) => c.name === 'OnHashing').map((c) => c.compute + c.other);
    expect(hashing).toEqual(expect.arrayContaining([7_000 * data.length, 33_000 * data.length]));

    const secret = eth[0]!.key.privateKey;
    const digest = keccak_256(new TextEncoder().encode('sign me'));
    const signature = secp256k1.sign(digest, secret, { prehash: false, format: 'recovered' });
    const recovered = contract.read('recover', [
      hex(digest),
      27 + signature[0]!,
      hex(signature.subarray(1, 33)),
      hex(signature.subarray(33)),
    ]);
    expect((recovered as string).toLowerCase()).toBe(hex(eth[0]!.ethAddress!));
    // An invalid v gives the zero address (ecrecover's empty output).
    expect(
      contract.read('recover', [
        hex(digest),
        29,
        hex(signature.subarray(1, 33)),
        hex(signature.subarray(33)),
      ]),
    ).toBe('0x0000000000000000000000000000000000000000');
  });

  it('P256VERIFY, blake2f and an unimplemented reserved address (0x0a) through STATICCALL', () => {
    const { invoke } = setup();
    const secret = numberToBytesBE(12345n, 32);
    const message = sha256(new TextEncoder().encode('passkey'));
    const sig = p256.sign(message, secret, { prehash: false });
    const key = p256.getPublicKey(secret, false).subarray(1);
    const input = hex(new Uint8Array([...message, ...sig, ...key]));
    expect(invoke('raw', ['0x0000000000000000000000000000000000000100', input]).out).toEqual([
      true,
      hex(numberToBytesBE(1n, 32)),
    ]);
    const blake = `0x0000000c48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b616263${'00'.repeat(125)}0300000000000000000000000000000001`;
    expect(invoke('raw', ['0x0000000000000000000000000000000000000009', blake]).out[1]).toBe(
      '0xba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
    expect(invoke('raw', ['0x0000000000000000000000000000000000000009', '0x00']).out).toEqual([false, '0x']);
    expect(invoke('raw', ['0x000000000000000000000000000000000000000a', '0x1234']).out).toEqual([true, '0x']);
  });

  it('value sent to a precompile goes to its f410 address (a placeholder appears)', () => {
    const { machine, invoke } = setup();
    const identity = ethToFilecoin(numberToBytesBE(4n, 20));
    expect(machine.resolve(identity)).toBeUndefined();
    expect(invoke('withValue', ['0x0000000000000000000000000000000000000004', '0xabcd']).out).toEqual([
      true,
      '0xabcd',
    ]);
    const id = machine.resolve(identity)!;
    expect(machine.manifest.is(machine.actor(id)!.code, 'placeholder')).toBe(true);
    expect(machine.balanceOf(identity)).toBe(1n);
  });

  it('a precompile that cannot afford its work runs the invocation out of gas', () => {
    const { contract, eth } = setup();
    // 2^32 - 1 blake2f rounds: the estimate alone is far beyond the block gas limit.
    const input = `0xffffffff${'00'.repeat(208)}01`;
    const result = contract.invoke(
      eth[0]!.address,
      'raw',
      ['0x0000000000000000000000000000000000000009', input],
      0n,
      1_000_000_000,
    );
    expect(result.receipt.exitCode).toBe(ExitCode.SYS_OUT_OF_GAS);
  });
});

describe('Filecoin precompiles', () => {
  it('resolve_address: an address → its actor ID word; unassigned → empty; garbage → failure', () => {
    const { machine, secp, eth, invoke } = setup();
    const id = (address: Address) => hex(numberToBytesBE(BigInt(machine.resolve(address)!), 32));
    expect(invoke('resolve', [hex(secp[1]!.address.bytes)]).out).toEqual([true, id(secp[1]!.address)]);
    expect(invoke('resolve', [hex(eth[2]!.address.bytes)]).out).toEqual([true, id(eth[2]!.address)]);
    const unknown = ethToFilecoin(new Uint8Array(20).fill(0x77));
    expect(invoke('resolve', [hex(unknown.bytes)]).out).toEqual([true, '0x']);
    expect(invoke('resolve', ['0x0901']).out).toEqual([false, '0x']);
  });

  it('get_beacon_randomness: an epoch word → the beacon randomness of that epoch; a later epoch → out of gas', () => {
    const { machine, contract, invoke } = setup();
    const beacon = '0xfe00000000000000000000000000000000000006';
    const externs = deterministicExterns(machine.network.seed);
    const epoch = machine.epoch;
    const word = (n: bigint) => hex(numberToBytesBE(n, 32));
    for (const at of [epoch, epoch - 10n, 0n])
      expect(invoke('raw', [beacon, word(at)]).out).toEqual([true, hex(externs.beaconRandomness(at))]);
    // Not an i64 word: the precompile fails.
    expect(invoke('raw', [beacon, word(1n << 64n)]).out[0]).toBe(false);
    // An epoch in the future: the lookback charge saturates and the message runs out of gas (spec 13).
    const future = contract.invoke(machine.accounts[5]!.address, 'raw', [beacon, word(epoch + 1n)]);
    expect(future.receipt.exitCode).toBe(ExitCode.SYS_OUT_OF_GAS);
  });

  it('lookup_delegated_address: an ID → its f4 address; none → empty; over 64 bits → failure', () => {
    const { eth, secp, invoke } = setup();
    expect(invoke('lookup', [BigInt(eth[1]!.id)]).out).toEqual([true, hex(eth[1]!.address.bytes)]);
    expect(invoke('lookup', [BigInt(secp[1]!.id)]).out).toEqual([true, '0x']);
    expect(invoke('lookup', [1n << 64n]).out).toEqual([false, '0x']);
  });

  it('call_actor sends value (method 0) to an f1 account; call_actor_id reads a native method’s result', () => {
    const { machine, secp, contract, invoke } = setup();
    const recipient = secp[1]!;
    const before = machine.balanceOf(recipient.address);
    const sent = invoke('callActor', [0n, 1234n, 0n, 0n, '0x', hex(recipient.address.bytes)]);
    expect(sent.out).toEqual([true, 0n, 0n, '0x']);
    expect(machine.balanceOf(recipient.address) - before).toBe(1234n);
    // The send is a real sub-call from the contract to the account.
    const transfer = allCalls(buildCallTree(sent.result.trace!).root!).find(
      (c) => c.method === 0 && c.value === 1234n,
    )!;
    expect(transfer.from).toBe(contract.id);

    // AuthenticateMessage (an exported method) on the account actor, with a valid signature: CBOR true.
    const plaintext = new TextEncoder().encode('authorize me');
    const signature = signSecpHash(blake2b256(plaintext), recipient.key.privateKey);
    const params = hex(encodeDagCbor([signature, plaintext]));
    const authenticated = invoke('callActorId', [
      BigInt(AUTHENTICATE_MESSAGE),
      0n,
      0n,
      0x51n,
      params,
      BigInt(recipient.id),
    ]);
    expect(authenticated.out).toEqual([true, 0n, 0x51n, '0xf5']);
    // A wrong signature: the account exits with USR_ILLEGAL_ARGUMENT, which comes back as the exit code.
    const forged = hex(encodeDagCbor([signature, new TextEncoder().encode('something else')]));
    expect(
      invoke('callActorId', [BigInt(AUTHENTICATE_MESSAGE), 0n, 0n, 0x51n, forged, BigInt(recipient.id)]).out,
    ).toEqual([true, BigInt(ExitCode.USR_ILLEGAL_ARGUMENT), 0n, '0x']);
    // An unknown actor: the send fails with a syscall error, reported as −errno.
    expect(invoke('callActorId', [0n, 0n, 0n, 0n, '0x', 999_999n]).out).toEqual([
      true,
      -BigInt(ErrorNumber.NotFound),
      0n,
      '0x',
    ]);
  });

  it('call_actor refuses reserved methods, bad codecs and anything but DELEGATECALL', () => {
    const { secp, invoke } = setup();
    const target = hex(secp[1]!.address.bytes);
    expect(invoke('callActor', [2n, 0n, 0n, 0n, '0x', target]).out[0]).toBe(false);
    expect(invoke('callActor', [0n, 0n, 0n, 0x55n, '0x01', target]).out[0]).toBe(false);
    expect(invoke('callActor', [0n, 0n, 2n, 0n, '0x', target]).out[0]).toBe(false);
    expect(invoke('callActorWithCall', ['0x']).out).toBe(false);
  });
});
