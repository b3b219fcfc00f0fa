import { describe, expect, it } from 'vitest';
import { instrumentModule } from './instrumentModule';
import { instantiate } from './testing/run.node';
import { wat } from './testing/wat.node';
import { classifyTrap, isStackOverflow } from './traps';

async function trapOf(invokeBody: string, extra = '', gas = 10n ** 12n) {
  const bytes = await wat(
    `(module (memory (export "memory") 1) ${extra} (func (export "invoke") (param i32) (result i32) ${invokeBody}))`,
  );
  const { exports, gas: global } = instantiate(instrumentModule(bytes).bytes, gas);
  try {
    (exports.invoke as (x: number) => number)(0);
  } catch (e) {
    return { error: e, gasLeft: global.value as bigint, trap: classifyTrap(e, global.value as bigint) };
  }
  throw new Error('invoke returned');
}

describe('classifyTrap on real instantiated modules', () => {
  it('an infinite loop runs out of gas (the gas global ends negative)', async () => {
    const { error, gasLeft, trap } = await trapOf('loop br 0 end i32.const 0', '', 1_000_000n);
    expect(error).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(gasLeft).toBeLessThan(0n);
    expect(trap).toBe('OutOfGas');
  });

  it('unbounded recursion is stopped by the stack limiter: illegal instruction, gas left', async () => {
    const { gasLeft, trap } = await trapOf(
      'local.get 0 call $r',
      '(func $r (param i32) (result i32) local.get 0 call $r)',
    );
    expect(gasLeft).toBeGreaterThan(0n);
    expect(trap).toBe('IllegalInstruction');
  });

  it('unreachable, division by zero and out-of-bounds memory are illegal instructions', async () => {
    expect((await trapOf('unreachable')).trap).toBe('IllegalInstruction');
    expect((await trapOf('i32.const 1 local.get 0 i32.div_u')).trap).toBe('IllegalInstruction');
    expect((await trapOf('i32.const 65536 i32.load')).trap).toBe('IllegalInstruction');
    expect((await trapOf('i32.const 0 i32.const 0 i32.const 65537 memory.fill i32.const 0')).trap).toBe(
      'IllegalInstruction',
    );
  });

  it('an error thrown by host code is fatal unless gas is exhausted', () => {
    expect(classifyTrap(new Error('host bug'), 5n)).toBe('Fatal');
    expect(classifyTrap(new TypeError('x is undefined'), 5n)).toBe('Fatal');
    expect(classifyTrap(new Error('host bug'), -1n)).toBe('OutOfGas');
  });

  it('treats an engine stack overflow as an illegal instruction, other RangeErrors as fatal', () => {
    let overflow: unknown;
    const recurse = (n: number): number => recurse(n + 1) + 1;
    try {
      recurse(0);
    } catch (e) {
      overflow = e;
    }
    expect(isStackOverflow(overflow)).toBe(true);
    expect(classifyTrap(overflow, 10n)).toBe('IllegalInstruction');
    let other: unknown;
    try {
      new Array(-1);
    } catch (e) {
      other = e;
    }
    expect(other).toBeInstanceOf(RangeError);
    expect(classifyTrap(other, 10n)).toBe('Fatal');
    const spiderMonkey = Object.assign(new Error('too much recursion'), { name: 'InternalError' });
    expect(classifyTrap(spiderMonkey, 10n)).toBe('IllegalInstruction');
  });
});
