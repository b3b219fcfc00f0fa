import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { ErrorNumber, ExitCode } from '../../src/worker-vm/kernel/codes';
import { Machine } from '../../src/worker-vm/machine/machine';
import { compile, deploy } from './helpers';

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Deep {
    uint256 public deepest;
    function dive(uint256 n) external returns (uint256) {
        if (n == 0) return 0;
        try this.dive(n - 1) returns (uint256 got) { if (got + 1 > deepest) deepest = got + 1; return got + 1; }
        catch { return 0; }
    }
}`;

let deep: ContractArtifact;
beforeAll(async () => {
  deep = (await compile({ 'Deep.sol': source })).get('Deep')!;
}, 60_000);

describe('deep call chains', () => {
  it('a contract recursing past the call depth limit gets a receipt, and the machine goes on', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!.address;
    const { contract } = deploy(machine, eth, deep);
    const result = contract.invoke(eth, 'dive', [2000n], 0n, 10_000_000_000);
    // Either the FVM's depth limit (1,024: the send fails, the try/catch catches) or this engine's stack
    // (SYS_ILLEGAL_INSTRUCTION in the frame where it ran out, caught the same way) stops the recursion.
    expect([ExitCode.OK, ExitCode.SYS_OUT_OF_GAS]).toContain(result.receipt.exitCode);
    const reached = contract.read('deepest') as bigint;
    console.log(
      `recursion reached depth ${reached} (exit ${result.receipt.exitCode}, gas ${result.receipt.gasUsed})`,
    );
    expect(reached).toBeGreaterThan(10n);
    expect(contract.invoke(eth, 'dive', [3n]).receipt.exitCode).toBe(0);
  }, 120_000);

  it('the call depth limit stops a chain exactly where it says (a lowered limit, below the JS stack)', () => {
    // Depth 1 is the message's call to the contract; each dive is one more send. With a limit of 12 the
    // 12th nested dive is refused (LimitExceeded), the try/catch catches it, and 11 levels were reached.
    const machine = Machine.create({ config: { maxCallDepth: 12 } });
    const eth = machine.accounts.find((a) => a.kind === 'eth')!.address;
    const { contract } = deploy(machine, eth, deep);
    const result = contract.invoke(eth, 'dive', [100n], 0n, 5_000_000_000);
    expect(result.receipt.exitCode).toBe(ExitCode.OK);
    expect(contract.read('deepest')).toBe(11n);
    // The refused send is in the trace as a call error, with the limit's errno.
    const refusals = (result.trace ?? []).filter(
      (event) => event.kind === 'CallError' && event.errno === ErrorNumber.LimitExceeded,
    );
    expect(refusals).toHaveLength(1);
  });
});
