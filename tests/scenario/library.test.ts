import { describe, expect, it } from 'vitest';
import {
  Address,
  buildCallTree,
  buildMessage,
  diffStates,
  ExitCode,
  Machine,
  parseAnyAddress,
  toLotusTrace,
} from '../../src/worker-vm/index';

describe('the VM as a library (src/worker-vm/index.ts)', () => {
  it('applies a transfer and gives its receipt, Lotus trace and state diff', () => {
    const machine = Machine.create();
    const [from, to] = machine.accounts;
    const fresh = parseAnyAddress('f1ys5qqiciehcml3sp764ymbbytfn3qoar5fo3iwy');
    const message = {
      ...buildMessage(machine, from!.address, fresh, 0, new Uint8Array(0), 5n, 10_000_000),
      gasFeeCap: 300n,
      gasPremium: 100n,
    };
    const applied = machine.applyMessage(message);
    expect(applied.result.receipt.exitCode).toBe(ExitCode.OK);
    expect(machine.balanceOf(fresh)).toBe(5n);
    const trace = toLotusTrace(buildCallTree(applied.result.trace!))!;
    expect(trace.Msg.To).toBe(fresh.toString());
    const diff = diffStates(machine.store, machine.manifest, applied.stateRootBefore, applied.stateRootAfter);
    // The new account actor and its address in Init's map; the sender's balance and nonce changed.
    expect(diff.addresses.map((a) => [a.kind, a.address.toString()])).toEqual([['added', fresh.toString()]]);
    const added = diff.actors.find((a) => a.kind === 'added')!;
    expect(added.id).toBe(diff.addresses[0]!.after);
    expect(diff.actors.find((a) => a.id === from!.id)?.fields).toEqual(
      expect.arrayContaining(['balance', 'sequence']),
    );
    expect(to!.address).toBeInstanceOf(Address);
  });
});
