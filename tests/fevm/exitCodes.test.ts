import { describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { EvmMethod } from '../../src/worker-vm/actors/evm/methods';
import { ExitCode } from '../../src/worker-vm/kernel/codes';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildMessage, cborBytes } from '../../src/worker-vm/scenario/runScenario';
import { deploy } from './helpers';

/** Creation code that returns `runtime` as the contract's code (CODECOPY of what follows an 11-byte prefix). */
function creationFor(runtime: string): string {
  const length = (runtime.length / 2).toString(16).padStart(4, '0');
  // PUSH2 length, DUP1, PUSH2 11, PUSH0, CODECOPY, PUSH0, RETURN: 11 bytes, then the runtime code.
  return `61${length}8061000b5f395ff3${runtime}`;
}

/** Deploys raw runtime code and sends it one message with empty calldata; returns the receipt. */
function run(runtime: string) {
  const machine = Machine.create();
  const eth = machine.accounts.find((a) => a.kind === 'eth')!.address;
  const artifact = {
    name: 'Raw',
    abi: [],
    creation: { object: creationFor(runtime) },
  } as unknown as ContractArtifact;
  const { contract } = deploy(machine, eth, artifact);
  const message = {
    ...buildMessage(
      machine,
      eth,
      contract.address,
      EvmMethod.InvokeContract,
      cborBytes(new Uint8Array(0)),
      0n,
      50_000_000,
    ),
    gasFeeCap: 300n,
    gasPremium: 100n,
  };
  return machine.applyMessage(message).result.receipt;
}

describe('EVM errors end the invocation with the FEVM exit codes (spec 3.4, 10.3)', () => {
  it.each([
    ['INVALID (0xfe)', 'fe', ExitCode.EVM_CONTRACT_INVALID_INSTRUCTION],
    ['an undefined opcode (0x0c)', '0c', ExitCode.EVM_CONTRACT_UNDEFINED_INSTRUCTION],
    ['CALLCODE, which the FEVM does not define', 'f2', ExitCode.EVM_CONTRACT_UNDEFINED_INSTRUCTION],
    ['ADD on an empty stack', '01', ExitCode.EVM_CONTRACT_STACK_UNDERFLOW],
    ['1,025 pushes', '5f'.repeat(1025), ExitCode.EVM_CONTRACT_STACK_OVERFLOW],
    ['MLOAD at 2^32', '6401000000005100', ExitCode.EVM_CONTRACT_ILLEGAL_MEMORY_ACCESS],
    ['JUMP to a non-JUMPDEST', '60055600', ExitCode.EVM_CONTRACT_BAD_JUMPDEST],
  ])('%s → exit %i', (_, runtime, exitCode) => {
    expect(run(runtime).exitCode).toBe(exitCode);
  });

  it('a contract that stops returns OK (the prefix deploys what it is given)', () => {
    expect(run('00').exitCode).toBe(ExitCode.OK);
  });
});
