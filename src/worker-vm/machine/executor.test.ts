import { describe, expect, it } from 'vitest';
import { create2Address, createAddress } from '../actors/eam';
import { Address } from '../address';
import { ethToFilecoin, parseEthAddress } from '../address/ethereum';
import { blake2b256, keccak256 } from '../crypto/hash';
import { signSecpHash } from '../crypto/signatures';
import { PlaygroundError } from '../errors';
import type { Message } from '../executor/message';
import { decodeDagCbor, encodeDagCbor } from '../ipld/cid';
import { ExitCode } from '../kernel/codes';
import { FatalError } from '../kernel/errors';
import { BURNT_FUNDS_ACTOR_ID, REWARD_ACTOR_ID } from '../state/singletons';
import { buildCallTree } from '../trace/callTree';
import { bytesToHex, hexToBytes } from '../util/bytes';
import { Machine } from './machine';

const FIL = 10n ** 18n;

function message(machine: Machine, overrides: Partial<Message> & { from: Address; to: Address }): Message {
  return {
    version: 0,
    sequence: machine.nonceOf(overrides.from),
    value: 0n,
    gasLimit: 10_000_000,
    gasFeeCap: 300n,
    gasPremium: 100n,
    method: 0,
    params: new Uint8Array(0),
    ...overrides,
  };
}

describe('pre-flight receipts (spec 5.2)', () => {
  const machine = Machine.create();
  const alice = machine.accounts[0]!.address;
  const bob = machine.accounts[1]!.address;

  it('gas limit below the inclusion cost: SYS_OUT_OF_GAS, no gas used, nothing changes', () => {
    const root = machine.stateRoot;
    const applied = machine.applyMessage(message(machine, { from: alice, to: bob, gasLimit: 1000 }));
    expect(applied.result.receipt).toMatchObject({ exitCode: ExitCode.SYS_OUT_OF_GAS, gasUsed: 0 });
    expect(applied.result.minerPenalty).toBeGreaterThan(0n);
    expect(machine.stateRoot.equals(root)).toBe(true);
    expect(machine.nonceOf(alice)).toBe(0);
  });

  it('unknown sender: SYS_SENDER_INVALID', () => {
    const stranger = Address.newActor(new Uint8Array([1, 2, 3]));
    const applied = machine.applyMessage(message(machine, { from: stranger, to: bob }));
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_SENDER_INVALID);
    expect(applied.result.minerPenalty).toBe(100n * 10_000_000n);
  });

  it('wrong nonce: SYS_SENDER_STATE_INVALID', () => {
    const applied = machine.applyMessage({ ...message(machine, { from: alice, to: bob }), sequence: 5 });
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_SENDER_STATE_INVALID);
    expect(applied.result.failure).toMatch(/nonce/);
  });

  it('balance below fee cap × gas limit: SYS_SENDER_STATE_INVALID', () => {
    const applied = machine.applyMessage(message(machine, { from: alice, to: bob, gasFeeCap: 10n ** 18n }));
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_SENDER_STATE_INVALID);
    expect(applied.result.failure).toMatch(/fee cap/);
  });

  it('a non-account sender (the EAM) is refused', () => {
    const applied = machine.applyMessage(message(machine, { from: Address.newId(10), to: bob }));
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_SENDER_INVALID);
  });

  it('malformed messages are refused with a typed error and change nothing', () => {
    const root = machine.stateRoot;
    const history = machine.history.length;
    for (const bad of [{ value: -1n }, { gasLimit: 0 }, { gasLimit: 20_000_000_000 }, { gasFeeCap: -1n }]) {
      expect(() => machine.applyMessage({ ...message(machine, { from: alice, to: bob }), ...bad })).toThrow(
        PlaygroundError,
      );
    }
    expect(machine.stateRoot.equals(root)).toBe(true);
    expect(machine.history.length).toBe(history);
  });
});

describe('execution, fees and state', () => {
  it('a transfer moves value and distributes fees exactly (spec 5.5)', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const bob = machine.accounts[1]!.address;
    const before = {
      alice: machine.balanceOf(alice),
      bob: machine.balanceOf(bob),
      burnt: machine.actor(BURNT_FUNDS_ACTOR_ID)!.balance,
      reward: machine.actor(REWARD_ACTOR_ID)!.balance,
    };
    const applied = machine.applyMessage(message(machine, { from: alice, to: bob, value: FIL }));
    const { receipt, gasOutputs } = applied.result;
    expect(receipt.exitCode).toBe(0);
    const out = gasOutputs!;
    expect(out.baseFeeBurn + out.overEstimationBurn + out.refund + out.minerTip).toBe(300n * 10_000_000n);
    expect(machine.balanceOf(bob) - before.bob).toBe(FIL);
    expect(before.alice - machine.balanceOf(alice)).toBe(FIL + 300n * 10_000_000n - out.refund);
    expect(machine.actor(BURNT_FUNDS_ACTOR_ID)!.balance - before.burnt).toBe(
      out.baseFeeBurn + out.overEstimationBurn,
    );
    expect(machine.actor(REWARD_ACTOR_ID)!.balance - before.reward).toBe(out.minerTip);
    expect(out.minerTip).toBe(100n * 10_000_000n);
    expect(machine.nonceOf(alice)).toBe(1);
  });

  it('value to an unknown f2 address fails with SYS_INVALID_RECEIVER and keeps the value', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const nowhere = Address.newActor(new Uint8Array([9]));
    const balance = machine.balanceOf(alice);
    const applied = machine.applyMessage(message(machine, { from: alice, to: nowhere, value: FIL }));
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_INVALID_RECEIVER);
    const fees = 300n * 10_000_000n - applied.result.gasOutputs!.refund;
    expect(machine.balanceOf(alice)).toBe(balance - fees);
    expect(machine.nonceOf(alice)).toBe(1);
  });

  it('sending more than the balance fails with SYS_INSUFFICIENT_FUNDS', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const bob = machine.accounts[1]!.address;
    const applied = machine.applyMessage(message(machine, { from: alice, to: bob, value: 1_000_000n * FIL }));
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_INSUFFICIENT_FUNDS);
  });

  it('a failed call reverts its value transfer; nonce and fees stay (spec 4.5)', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const bob = machine.accounts[1]!.address;
    const bobBefore = machine.balanceOf(bob);
    // PubkeyAddress takes no parameters: non-empty params make the account fail after the transfer.
    const applied = machine.applyMessage(
      message(machine, { from: alice, to: bob, value: FIL, method: 2, params: encodeDagCbor(1) }),
    );
    expect(applied.result.receipt.exitCode).toBe(ExitCode.USR_ILLEGAL_ARGUMENT);
    expect(machine.balanceOf(bob)).toBe(bobBefore);
    expect(machine.nonceOf(alice)).toBe(1);
    const diff = [...machine.actors()].length;
    expect(diff).toBeGreaterThan(0);
  });

  it('sending to a new f1 creates an account and runs its constructor', () => {
    const machine = Machine.create({ secpAccounts: 2 });
    const alice = machine.accounts[0]!.address;
    const fresh = Address.newSecp256k1(Uint8Array.from([4, ...new Array(64).fill(7)]));
    const applied = machine.applyMessage(message(machine, { from: alice, to: fresh, value: 5n }));
    expect(applied.result.receipt.exitCode).toBe(0);
    const id = machine.resolve(fresh)!;
    expect(machine.manifest.nameOf(machine.actor(id)!.code)).toBe('account');
    const tree = buildCallTree(applied.result.trace!);
    const names = tree.root!.gasCharges.map((c) => c.name);
    // The constructor's charges appear in the node that triggered it, not as a sub-call (spec 4.4).
    expect(tree.root!.subcalls).toEqual([]);
    expect(names).toContain('OnMethodInvocation');
    expect(names).toContain('OnActorSetRoot');
    // PubkeyAddress now returns the key address.
    const call = machine.call(message(machine, { from: alice, to: fresh, method: 2 }));
    expect(call.receipt.exitCode).toBe(0);
    expect(Address.fromBytes(decodeDagCbor(call.receipt.returnData)).equals(fresh)).toBe(true);
  });

  it('an f410 placeholder is promoted to an EthAccount on its first message (spec 5.2)', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    expect(machine.manifest.nameOf(machine.actor(eth.id)!.code)).toBe('placeholder');
    const applied = machine.applyMessage(
      message(machine, { from: eth.address, to: machine.accounts[0]!.address, value: 1n }),
    );
    expect(applied.result.receipt.exitCode).toBe(0);
    expect(machine.manifest.nameOf(machine.actor(eth.id)!.code)).toBe('ethaccount');
  });

  it('AuthenticateMessage verifies a real secp256k1 signature', () => {
    const machine = Machine.create();
    const account = machine.accounts[0]!;
    const plaintext = new TextEncoder().encode('hello filecoin');
    const signature = signSecpHash(blake2b256(plaintext), account.key.privateKey);
    const params = (sig: Uint8Array) => encodeDagCbor([sig, plaintext]);
    const ok = machine.call(
      message(machine, {
        from: account.address,
        to: account.address,
        method: 2643134072,
        params: params(signature),
      }),
    );
    expect(ok.receipt.exitCode).toBe(0);
    expect(decodeDagCbor(ok.receipt.returnData)).toBe(true);
    const tampered = signature.slice();
    tampered[5]! ^= 1;
    const bad = machine.call(
      message(machine, {
        from: account.address,
        to: account.address,
        method: 2643134072,
        params: params(tampered),
      }),
    );
    expect(bad.receipt.exitCode).toBe(ExitCode.USR_ILLEGAL_ARGUMENT);
  });

  it('restricted dispatch: internal methods refuse unknown methods and bad params', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const bob = machine.accounts[1]!.address;
    const unknown = machine.call(message(machine, { from: alice, to: bob, method: 77 }));
    expect(unknown.receipt.exitCode).toBe(ExitCode.USR_UNHANDLED_MESSAGE);
    const exported = machine.call(message(machine, { from: alice, to: bob, method: 3_844_450_837 }));
    expect(exported.receipt.exitCode).toBe(0);
  });

  it('implicit calls change nothing', () => {
    const machine = Machine.create();
    const root = machine.stateRoot;
    const alice = machine.accounts[0]!.address;
    const fresh = ethToFilecoin(parseEthAddress('0x1111111111111111111111111111111111111111'));
    const result = machine.call(message(machine, { from: alice, to: fresh, value: 10n }));
    expect(result.receipt.exitCode).toBe(0);
    expect(machine.stateRoot.equals(root)).toBe(true);
    expect(machine.resolve(fresh)).toBeUndefined();
    expect(machine.nonceOf(alice)).toBe(0);
  });
});

describe('fatal errors and atomicity', () => {
  it('a FatalError fails the message with SYS_ASSERTION_FAILED and the whole gas limit', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const bob = machine.accounts[1]!;
    const account = machine.manifest.code('account');
    const real = machine.code.get(account)!;
    machine.code.set(account, {
      ...real,
      invoke: () => {
        throw new FatalError('simulated missing state');
      },
    });
    const applied = machine.applyMessage(message(machine, { from: alice, to: bob.address, method: 2 }));
    expect(applied.result.receipt).toMatchObject({
      exitCode: ExitCode.SYS_ASSERTION_FAILED,
      gasUsed: 10_000_000,
    });
    expect(applied.result.failure).toMatch(/simulated missing state/);
  });

  it('an unexpected host exception leaves the previous state root and history untouched', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const bob = machine.accounts[1]!;
    machine.applyMessage(message(machine, { from: alice, to: bob.address, value: 1n }));
    const root = machine.stateRoot;
    const account = machine.manifest.code('account');
    const real = machine.code.get(account)!;
    machine.code.set(account, {
      ...real,
      invoke: () => {
        throw new TypeError('bug in the host');
      },
    });
    expect(() => machine.applyMessage(message(machine, { from: alice, to: bob.address, method: 2 }))).toThrow(
      'bug in the host',
    );
    expect(machine.stateRoot.equals(root)).toBe(true);
    expect(machine.history.length).toBe(1);
    expect(machine.nonceOf(alice)).toBe(1);
    machine.code.set(account, real);
    expect(
      machine.applyMessage(message(machine, { from: alice, to: bob.address, value: 1n })).result.receipt
        .exitCode,
    ).toBe(0);
  });

  it('restoring an earlier state root is O(1) and the chain continues from it', () => {
    const machine = Machine.create();
    const alice = machine.accounts[0]!.address;
    const bob = machine.accounts[1]!.address;
    const first = machine.applyMessage(message(machine, { from: alice, to: bob, value: 1n }));
    machine.applyMessage(message(machine, { from: alice, to: bob, value: 1n }));
    expect(machine.nonceOf(alice)).toBe(2);
    machine.restore(first.stateRootAfter, first.epoch);
    expect(machine.nonceOf(alice)).toBe(1);
    expect(() => machine.restore(Machine.create({ network: { seed: 'other' } }).stateRoot)).toThrow(
      /not in this playground/,
    );
  });
});

describe('EAM address derivation (spec 9.8)', () => {
  const hex = (bytes: Uint8Array) => bytesToHex(bytes);
  it.each([
    ['00'.repeat(20), 0n, 'bd770416a3345f91e4b34576cb804a576fa48eb1'],
    ['00'.repeat(20), 200n, 'a6b14387c1356b443061155e9c3e17f72c1777e5'],
    ['7b'.repeat(20), 12345n, '809a9ab0471e78ee5100e96ca4d0828d1b97e2ba'],
  ])('CREATE from %s nonce %d', (from, nonce, expected) => {
    expect(hex(createAddress(keccak256, hexToBytes(from), nonce))).toBe(expected);
  });
  it.each([
    ['00'.repeat(20), '00'.repeat(32), '', 'e33c0c7f7df4809055c3eba6c09cfe4baf1bd9e0'],
    [
      '99'.repeat(20),
      '42'.repeat(32),
      bytesToHex(new TextEncoder().encode('foobar')),
      '64425c93a90901271fa355c2bc462190803b97d4',
    ],
  ])('CREATE2 from %s', (from, salt, code, expected) => {
    expect(hex(create2Address(keccak256, hexToBytes(from), hexToBytes(salt), hexToBytes(code)))).toBe(
      expected,
    );
  });
});
