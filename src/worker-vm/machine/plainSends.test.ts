import { describe, expect, it } from 'vitest';
import { Address } from '../address';
import { ethToFilecoin, parseEthAddress } from '../address/ethereum';
import type { Message } from '../executor/message';
import { ExitCode } from '../kernel/codes';
import { buildCallTree } from '../trace/callTree';
import { Machine } from './machine';

/** Spec 15.1: a secp sender, method 0, raw length 100, zero fees (as in ref-fvm's basic_send_test). */
function send(machine: Machine, to: Address, value: bigint): Message {
  const from = machine.accounts[0]!.address;
  return {
    version: 0,
    from,
    to,
    sequence: machine.nonceOf(from),
    value,
    gasLimit: 10_000_000,
    gasFeeCap: 0n,
    gasPremium: 0n,
    method: 0,
    params: new Uint8Array(0),
  };
}

const chargesOf = (machine: Machine, message: Message) => {
  const applied = machine.applyMessage(message, { chainLength: 100 });
  const tree = buildCallTree(applied.result.trace ?? []);
  const all = [...tree.preCallCharges, ...(tree.root?.gasCharges ?? [])];
  return {
    receipt: applied.result.receipt,
    charges: all.map((c) => [c.name, c.compute / 1000, c.other / 1000]),
  };
};

describe('plain sends reproduce ref-fvm basic_send_test gas (spec 15.1)', () => {
  const machine = Machine.create();
  const f410 = ethToFilecoin(parseEthAddress('0x00000000000000000000000000000000000000aa'));
  const inclusion = ['OnChainMessage', 38_863, 475_000 + 46_800 + 130_000];

  it('value 0 to a never-seen f410 creates a placeholder: 4,365,663', () => {
    const { receipt, charges } = chargesOf(machine, send(machine, f410, 0n));
    expect(receipt.exitCode).toBe(ExitCode.OK);
    expect(charges).toEqual([
      inclusion,
      ['OnCreateActor', 0, 2_700_000],
      ['OnActorLookup', 0, 500_000],
      ['OnActorUpdate', 0, 475_000],
    ]);
    expect(receipt.gasUsed).toBe(4_365_663);
    const id = machine.resolve(f410)!;
    expect(machine.manifest.nameOf(machine.actor(id)!.code)).toBe('placeholder');
  });

  it('value 0 to the same f410 again: 690,663', () => {
    const { receipt, charges } = chargesOf(machine, send(machine, f410, 0n));
    expect(charges).toEqual([inclusion]);
    expect(receipt.gasUsed).toBe(690_663);
  });

  it('value 1 to the same f410: 1,171,663', () => {
    const { receipt, charges } = chargesOf(machine, send(machine, f410, 1n));
    expect(charges).toEqual([inclusion, ['OnValueTransfer', 6_000, 0], ['OnActorUpdate', 0, 475_000]]);
    expect(receipt.gasUsed).toBe(1_171_663);
    expect(machine.balanceOf(f410)).toBe(1n);
  });

  it('value 1 to f010, a preloaded singleton: 696,663', () => {
    const { receipt, charges } = chargesOf(machine, send(machine, Address.newId(10), 1n));
    expect(charges).toEqual([inclusion, ['OnValueTransfer', 6_000, 0]]);
    expect(receipt.gasUsed).toBe(696_663);
  });
});
