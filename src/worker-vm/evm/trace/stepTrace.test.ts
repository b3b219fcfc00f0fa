import { describe, expect, it } from 'vitest';
import { gasSchedule } from '../gas';
import { execute } from '../interpreter';
import { Op } from '../opcodes';
import { assemble } from '../testing/assemble';
import { EthereumHost } from '../testing/ethereumHost';
import { MockHost } from '../testing/mockHost';
import { ReferenceTrace } from '../testing/referenceTrace';
import { StepTrace, type StepTraceOptions } from './stepTrace';

const A = 0xaaaan;
const B = 0xbbbbn;
const SENDER = 0x5e4dn;

/**
 * Contract A: a loop writing mstore(c, c*c) and sstore(c, c) for c = 1..n, then a CALL to B with
 * output [64, 96), then MLOAD of what B returned. Contract B writes memory and returns 32 bytes.
 */
function loopProgram(n: number): Uint8Array {
  const loop = assemble(
    `PUSH1 0 JUMPDEST PUSH1 7 SWAP1 SWAP1 POP PUSH1 1 ADD DUP1 DUP1 MUL DUP2 MSTORE DUP1 DUP1 SSTORE DUP1 PUSH3 ${n} GT PUSH1 2 JUMPI`,
  );
  const tail = assemble(
    `PUSH1 32 PUSH1 64 PUSH1 4 PUSH1 0 PUSH1 0 PUSH2 ${B} PUSH1 0 CALL POP PUSH1 64 MLOAD PUSH1 0 SSTORE`,
  );
  return Uint8Array.from([...loop, ...tail]);
}

const CALLEE = assemble('PUSH1 0x99 PUSH1 0 MSTORE PUSH1 0x77 PUSH1 40 MSTORE8 PUSH1 32 PUSH1 0 RETURN');

function tracedRun(trace: StepTrace, n = 20) {
  const host = new EthereumHost({ trace });
  host.setAccount(A, { code: loopProgram(n) });
  host.setAccount(B, { code: CALLEE });
  host.setAccount(SENDER, { balance: 1n });
  return host.runTransaction({ from: SENDER, to: A });
}

describe('StepTrace', () => {
  for (const options of [{}, { stackCheckpointSteps: 3, memoryCheckpointBytes: 32 }] as StepTraceOptions[]) {
    it(`rebuilds every step's stack and memory exactly (${JSON.stringify(options)})`, () => {
      const trace = new ReferenceTrace(options);
      expect(tracedRun(trace).success).toBe(true);
      expect(trace.stepCount).toBe(trace.stacks.length);
      expect(trace.stepCount).toBeGreaterThan(300);
      // Read in a scrambled order: random access must not depend on previous reads.
      const order = [...Array(trace.stepCount).keys()].sort(
        (a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009),
      );
      for (const i of order) {
        expect(trace.stackAt(i), `stack at ${i}`).toEqual(trace.stacks[i]);
        expect(trace.memoryAt(i), `memory at ${i}`).toEqual(trace.memories[i]);
      }
    });
  }

  it('records per-step details: pc, opcode, pushed value, memory writes, storage with previous values', () => {
    const trace = new StepTrace();
    tracedRun(trace, 3);
    const first = trace.getStep(0);
    expect(first).toMatchObject({
      pc: 0,
      op: Op.PUSH1,
      opName: 'PUSH1',
      frameId: 0,
      depth: 0,
      stack: [],
      pushed: 0n,
    });
    const steps = [...Array(trace.stepCount).keys()].map((i) => trace.getStep(i));
    const mstore = steps.find((s) => s.opName === 'MSTORE' && s.frameId === 0)!;
    expect(mstore.memoryWrite).toEqual({ offset: 1, data: Uint8Array.from([...new Array(31).fill(0), 1]) });
    expect(mstore.stack.slice(-2)).toEqual([1n, 1n]);
    const sstores = steps.filter((s) => s.opName === 'SSTORE');
    expect(sstores.map((s) => s.storage)).toEqual([
      { kind: 'sstore', key: 1n, value: 1n, previous: 0n },
      { kind: 'sstore', key: 2n, value: 2n, previous: 0n },
      { kind: 'sstore', key: 3n, value: 3n, previous: 0n },
      { kind: 'sstore', key: 0n, value: 0x99n, previous: 0n },
    ]);
    const mstore8 = steps.find((s) => s.opName === 'MSTORE8')!;
    expect(mstore8.memoryWrite).toEqual({ offset: 40, data: Uint8Array.of(0x77) });
    expect(steps.find((s) => s.opName === 'GT')!.stack.length).toBe(3);
    expect(trace.getStep(3, { stackTop: 1 }).stack).toEqual([7n]);
    expect(trace.getStep(3).stack).toEqual([0n, 7n]);
  });

  it('gives nested frames ids and parents, and the CALL step its output write', () => {
    const trace = new StepTrace();
    tracedRun(trace, 2);
    expect(trace.frameCount).toBe(2);
    const parent = trace.getFrame(0);
    const child = trace.getFrame(1);
    expect(parent).toMatchObject({
      id: 0,
      parentId: -1,
      parentStep: -1,
      depth: 0,
      address: A,
      status: 'stop',
    });
    expect(child).toMatchObject({ id: 1, parentId: 0, depth: 1, address: B, caller: A, status: 'return' });
    expect(child.code).toEqual(CALLEE);
    const callStep = trace.getStep(child.parentStep);
    expect(callStep.opName).toBe('CALL');
    expect(callStep.frameId).toBe(0);
    expect(callStep.pushed).toBe(1n);
    expect(callStep.memoryWrite?.offset).toBe(64);
    expect(callStep.memoryWrite?.data.length).toBe(32);
    // The child's steps sit between the CALL step and the parent's next step.
    expect(child.firstStep).toBe(child.parentStep + 1);
    expect(trace.getStep(child.firstStep + child.stepCount).frameId).toBe(0);
    expect(parent.stepCount + child.stepCount).toBe(trace.stepCount);
  });

  it('records gas before and after each step, and marks the step that failed', () => {
    const opcodeCost = new Int32Array(256).fill(2);
    const trace = new StepTrace();
    const result = execute({
      host: new MockHost(),
      message: { address: 1n, caller: 2n, value: 0n, input: new Uint8Array(0), isStatic: false, depth: 0 },
      code: assemble('PUSH1 1 PUSH1 2 ADD POP POP'),
      gas: 100,
      gasSchedule: gasSchedule({ opcodeCost }),
      trace,
    });
    expect(result.error).toBe('StackUnderflow');
    expect(trace.stepCount).toBe(5);
    expect(trace.getStep(2)).toMatchObject({
      opName: 'ADD',
      gasBefore: 96,
      gasAfter: 94,
      gasCost: 2,
      stack: [1n, 2n],
    });
    expect(trace.getStep(4)).toMatchObject({ opName: 'POP', error: 'StackUnderflow', stack: [] });
    expect(trace.getStep(3).error).toBeUndefined();
    expect(trace.getFrame(0)).toMatchObject({ status: 'error', error: 'StackUnderflow', gasAtStart: 100 });
  });

  it('rejects indexes outside the trace', () => {
    const trace = new StepTrace();
    tracedRun(trace, 1);
    expect(() => trace.getStep(trace.stepCount)).toThrow(RangeError);
    expect(() => trace.memoryAt(-1)).toThrow(RangeError);
    expect(() => trace.getFrame(5)).toThrow(RangeError);
  });

  it('keeps a million steps in a few tens of MB', () => {
    const trace = new StepTrace();
    // 16 steps per iteration.
    tracedRun(trace, 63_000);
    expect(trace.stepCount).toBeGreaterThan(1_000_000);
    const bytesPerStep = trace.byteSize() / trace.stepCount;
    expect(bytesPerStep).toBeLessThan(64);
    // Random access into the middle stays exact.
    console.log(
      `trace: ${trace.stepCount} steps, ${(trace.byteSize() / 1e6).toFixed(1)} MB, ${bytesPerStep.toFixed(1)} B/step`,
    );
    const i = 777_777;
    const step = trace.getStep(i);
    expect(step.frameId).toBe(0);
    expect(trace.memoryAt(i).length).toBe(step.memorySize);
  });
});
