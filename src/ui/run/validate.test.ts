import { describe, expect, it } from 'vitest';
import {
  argumentErrors,
  checkAddress,
  checkArguments,
  checkGasLimit,
  checkHex,
  checkValue,
} from './validate';

describe('form checks', () => {
  it('values: FIL with decimals, attoFIL as whole numbers, nothing negative or odd', () => {
    expect(checkValue('', 'FIL')).toEqual({ value: '0' });
    expect(checkValue('1.5', 'FIL')).toEqual({ value: '1.5 FIL' });
    expect(checkValue('100', 'attoFIL')).toEqual({ value: '100 attoFIL' });
    expect(checkValue('1.5', 'attoFIL')).toEqual({ error: 'attoFIL amounts are whole numbers' });
    expect(checkValue('-1', 'FIL')).toHaveProperty('error');
    expect(checkValue('0.0000000000000000001', 'FIL')).toEqual({ error: 'FIL has at most 18 decimals' });
  });

  it('gas limits: empty estimates, otherwise 1 to the block gas limit', () => {
    expect(checkGasLimit('')).toEqual({ gasLimit: null });
    expect(checkGasLimit('1,000,000')).toEqual({ gasLimit: 1_000_000 });
    expect(checkGasLimit('0')).toHaveProperty('error');
    expect(checkGasLimit('10000000001')).toHaveProperty('error');
    expect(checkGasLimit('1e6')).toEqual({ error: 'a whole number of gas, or empty to estimate' });
  });

  it('addresses and hex', () => {
    expect(checkAddress('f01234')).toBeUndefined();
    expect(checkAddress(`0x${'ab'.repeat(20)}`)).toBeUndefined();
    expect(checkAddress('f1abc')).toMatch(/./);
    expect(checkAddress('alice')).toMatch(/not an address/);
    expect(checkHex('0x00ff')).toBeUndefined();
    expect(checkHex('')).toMatch(/required/);
    expect(checkHex('', true)).toBeUndefined();
    expect(checkHex('0x0')).toMatch(/even/);
    expect(checkHex('0xgg')).toMatch(/not hex/);
    expect(checkHex('ff')).toMatch(/start with 0x/);
  });

  it('argument errors land on their top-level field, with the inner path', () => {
    const inputs = [
      { name: 'to', type: 'address' },
      { name: 'amounts', type: 'uint8[]' },
      { name: 'order', type: 'tuple', components: [{ name: 'size', type: 'uint8' }] },
    ];
    expect(checkArguments(inputs, ['nope', '[1, 300]', ['256']])).toEqual({
      to: 'not an address: use f0…, f1…, f2…, f3…, f4… (or t…) or 0x…',
      amounts: 'amounts[1]: out of range for uint8 (0 to 255)',
      order: 'order.size: out of range for uint8 (0 to 255)',
    });
    expect(argumentErrors(inputs, [{ path: 'args.to', message: 'has no actor yet' }], 'args.')).toEqual({
      to: 'has no actor yet',
    });
  });
});
