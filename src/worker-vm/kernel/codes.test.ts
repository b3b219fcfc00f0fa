import { describe, expect, it } from 'vitest';
import { describeExitCode, ExitCode } from './codes';

describe('exit codes in words (the transaction log)', () => {
  it('names system, user and EVM codes, and says what each means', () => {
    expect(describeExitCode(ExitCode.SYS_OUT_OF_GAS)).toEqual({ name: 'SYS_OUT_OF_GAS', text: 'out of gas' });
    expect(describeExitCode(ExitCode.SYS_INSUFFICIENT_FUNDS).name).toBe('SYS_INSUFFICIENT_FUNDS');
    expect(describeExitCode(ExitCode.USR_FORBIDDEN)).toEqual({
      name: 'USR_FORBIDDEN',
      text: 'forbidden: the caller may not call this method',
    });
    expect(describeExitCode(ExitCode.USR_READ_ONLY).text).toMatch(/read-only/);
    expect(describeExitCode(ExitCode.EVM_CONTRACT_REVERTED)).toEqual({
      name: 'EVM_CONTRACT_REVERTED',
      text: 'the contract reverted',
    });
  });

  it('an actor-defined code is USR_<n>; a code reserved for the system says so', () => {
    expect(describeExitCode(1234)).toEqual({ name: 'USR_1234', text: 'actor-defined failure' });
    expect(describeExitCode(3)).toEqual({ name: 'SYS_RESERVED_3', text: 'reserved system code' });
  });
});
