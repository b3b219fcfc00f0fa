import { describe, expect, it } from 'vitest';
import { encodeDagCbor } from '../ipld/cid';
import { bytesToHex } from '../util/bytes';
import { decodeBigInt, encodeBigInt, formatFil } from './bigint';
import { methodNumber } from './frc42';

describe('BigInt wire form (spec 7.2)', () => {
  it('encodes 1 FIL as in spec 7.8b', () => {
    expect(bytesToHex(encodeDagCbor(encodeBigInt(10n ** 18n)))).toBe('49000de0b6b3a7640000');
  });
  it('round-trips signs and zero', () => {
    for (const value of [0n, 1n, -1n, 255n, 256n, -(2n ** 130n), 2n ** 127n]) {
      expect(decodeBigInt(encodeBigInt(value))).toBe(value);
    }
    expect(encodeBigInt(0n).length).toBe(0);
  });
  it('rejects a bad sign byte', () => {
    expect(() => decodeBigInt(Uint8Array.of(2, 1))).toThrow(/sign byte/);
  });
  it('formats FIL', () => {
    expect(formatFil(15n * 10n ** 17n)).toBe('1.5');
    expect(formatFil(1n)).toBe('0.000000000000000001');
    expect(formatFil(-(10n ** 18n))).toBe('-1');
  });
});

describe('FRC-42 method numbers (spec 9.1)', () => {
  it.each([
    ['InvokeEVM', 3844450837],
    ['AuthenticateMessage', 2643134072],
    ['Receive', 3726118371],
    ['Constructor', 3316146672],
  ])('%s = %d', (name, number) => {
    expect(methodNumber(name)).toBe(number);
  });
  it('rejects names that are not identifiers', () => {
    expect(() => methodNumber('not valid')).toThrow(/FRC-42/);
  });
});
