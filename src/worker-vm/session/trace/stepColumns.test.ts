import { describe, expect, it } from 'vitest';
import { StepTrace } from '../../evm';
import { assemble } from '../../evm/testing/assemble';
import { EthereumHost } from '../../evm/testing/ethereumHost';
import { slowColumns, stepColumns } from './stepColumns';

function tracedLoop(): StepTrace {
  const trace = new StepTrace();
  const host = new EthereumHost({ trace });
  const code = assemble(
    'PUSH1 0 JUMPDEST PUSH1 1 ADD DUP1 DUP1 SSTORE DUP1 SLOAD POP DUP1 PUSH1 40 GT PUSH1 2 JUMPI STOP',
  );
  host.setAccount(0xaaaan, { code });
  host.setAccount(0x5e4dn, { balance: 1n });
  host.runTransaction({ from: 0x5e4dn, to: 0xaaaan });
  return trace;
}

describe('stepColumns', () => {
  it('reads pc, opcode, frame, gas and storage steps exactly as getStep does, fast and slow', () => {
    const trace = tracedLoop();
    const fast = stepColumns(trace);
    const slow = slowColumns(trace);
    expect(fast.fast).toBe(true);
    expect(fast.stepCount).toBe(trace.stepCount);
    const storage: number[] = [];
    for (let i = 0; i < trace.stepCount; i++) {
      const step = trace.getStep(i);
      for (const columns of [fast, slow]) {
        expect([
          columns.pc(i),
          columns.op(i),
          columns.frameId(i),
          columns.gasBefore(i),
          columns.gasAfter(i),
        ]).toEqual([step.pc, step.op, step.frameId, step.gasBefore, step.gasAfter]);
      }
      if (step.storage) storage.push(i);
    }
    expect(storage.length).toBe(80);
    expect([...fast.storageSteps()]).toEqual(storage);
    expect([...slow.storageSteps()]).toEqual(storage);
  });
});
