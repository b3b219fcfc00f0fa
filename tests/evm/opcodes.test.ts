import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../src/worker-vm/evm/interpreter';
import { Op } from '../../src/worker-vm/evm/opcodes';
import { MockHost } from '../../src/worker-vm/evm/testing/mockHost';
import { MAX_WORD, SIGN_BIT } from '../../src/worker-vm/evm/words';

/**
 * Every arithmetic, comparison and bitwise instruction against @ethereumjs/evm (Osaka, for CLZ) on random
 * operands biased towards the edges (0, 1, 2^255, 2^256-1, shift and byte counts around 31/32/255/256).
 */
const word = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: MAX_WORD }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 300n }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0n,
      1n,
      2n,
      31n,
      32n,
      255n,
      256n,
      SIGN_BIT,
      SIGN_BIT - 1n,
      SIGN_BIT + 1n,
      MAX_WORD,
      MAX_WORD - 1n,
    ),
  },
);

const push32 = (value: bigint) => [
  Op.PUSH32,
  ...Array.from({ length: 32 }, (_, i) => Number((value >> BigInt(8 * (31 - i))) & 0xffn)),
];

/** Code that applies `op` to operands (first = top of stack) and returns the result word. */
function program(op: number, operands: bigint[]): Uint8Array {
  const pushes = [...operands].reverse().flatMap(push32);
  return Uint8Array.from([...pushes, op, Op.PUSH0, Op.MSTORE, Op.PUSH1, 32, Op.PUSH0, Op.RETURN]);
}

function ours(code: Uint8Array): Uint8Array {
  const result = execute({
    host: new MockHost(),
    message: { address: 1n, caller: 2n, value: 0n, input: new Uint8Array(0), isStatic: false, depth: 0 },
    code,
  });
  expect(result.status).toBe('return');
  return result.output;
}

const INSTRUCTIONS: Array<[string, number, number]> = [
  ['ADD', Op.ADD, 2],
  ['MUL', Op.MUL, 2],
  ['SUB', Op.SUB, 2],
  ['DIV', Op.DIV, 2],
  ['SDIV', Op.SDIV, 2],
  ['MOD', Op.MOD, 2],
  ['SMOD', Op.SMOD, 2],
  ['ADDMOD', Op.ADDMOD, 3],
  ['MULMOD', Op.MULMOD, 3],
  ['EXP', Op.EXP, 2],
  ['SIGNEXTEND', Op.SIGNEXTEND, 2],
  ['LT', Op.LT, 2],
  ['GT', Op.GT, 2],
  ['SLT', Op.SLT, 2],
  ['SGT', Op.SGT, 2],
  ['EQ', Op.EQ, 2],
  ['ISZERO', Op.ISZERO, 1],
  ['AND', Op.AND, 2],
  ['OR', Op.OR, 2],
  ['XOR', Op.XOR, 2],
  ['NOT', Op.NOT, 1],
  ['BYTE', Op.BYTE, 2],
  ['SHL', Op.SHL, 2],
  ['SHR', Op.SHR, 2],
  ['SAR', Op.SAR, 2],
  ['CLZ', Op.CLZ, 1],
];

describe('instructions against @ethereumjs/evm', () => {
  let evm: EVM;
  beforeAll(async () => {
    evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Osaka }) });
  });

  it.each(INSTRUCTIONS)('%s', async (_name, op, arity) => {
    await fc.assert(
      fc.asyncProperty(fc.array(word, { minLength: arity, maxLength: arity }), async (operands) => {
        const code = program(op, operands);
        const theirs = await evm.runCode({ code, gasLimit: 10_000_000n });
        expect(theirs.exceptionError).toBeUndefined();
        expect(Buffer.from(ours(code)).toString('hex')).toBe(Buffer.from(theirs.returnValue).toString('hex'));
      }),
      { seed: 20240607 + op, numRuns: 150 },
    );
  });

  it('CLZ matches EIP-7939 on fixed points', () => {
    const clz = (x: bigint) => BigInt(`0x${Buffer.from(ours(program(Op.CLZ, [x]))).toString('hex')}`);
    expect(clz(0n)).toBe(256n);
    expect(clz(1n)).toBe(255n);
    expect(clz(SIGN_BIT)).toBe(0n);
    expect(clz(MAX_WORD)).toBe(0n);
    expect(clz(1n << 200n)).toBe(55n);
  });
});
