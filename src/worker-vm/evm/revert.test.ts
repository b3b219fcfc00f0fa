import { encodeAbiParameters, encodeErrorResult, parseAbi, toFunctionSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../util/bytes';
import { decodeRevert, describeRevert } from './revert';

const bytes = (hex: `0x${string}`) => hexToBytes(hex.slice(2));
const TOO_BIG = toFunctionSelector('TooBig(uint256)');
const abi = parseAbi([
  'error TooBig(uint256 got)',
  'error Unauthorized(address who, string why)',
  'error Empty()',
]);

describe('revert decoding', () => {
  it('Error(string) without an ABI', () => {
    const data = bytes(
      `0x08c379a0${encodeAbiParameters([{ type: 'string' }], ['insufficient balance']).slice(2)}`,
    );
    const reason = decodeRevert(data);
    expect(reason).toEqual({ kind: 'error', message: 'insufficient balance' });
    expect(describeRevert(reason)).toBe('Error: insufficient balance');
  });

  it('Panic(uint256) with the meaning of its code', () => {
    const panic = (code: bigint) =>
      decodeRevert(bytes(`0x4e487b71${encodeAbiParameters([{ type: 'uint256' }], [code]).slice(2)}`));
    expect(panic(0x11n)).toEqual({ kind: 'panic', code: 0x11n, meaning: 'arithmetic overflow or underflow' });
    expect(describeRevert(panic(0x12n))).toBe('Panic 0x12: division or modulo by zero');
    expect(describeRevert(panic(0x32n))).toBe('Panic 0x32: array index out of bounds');
    expect(panic(0x99n)).toMatchObject({ kind: 'panic', meaning: 'unknown panic code' });
  });

  it('custom errors by selector when the ABI has them', () => {
    const data = bytes(encodeErrorResult({ abi, errorName: 'TooBig', args: [500n] }));
    expect(decodeRevert(data, abi)).toEqual({
      kind: 'custom',
      name: 'TooBig',
      signature: 'TooBig(uint256)',
      selector: TOO_BIG,
      args: [500n],
    });
    expect(describeRevert(decodeRevert(data, abi))).toBe('TooBig(500)');
    const who = '0x52908400098527886e0f7030069857d2e4169ee7';
    const other = bytes(encodeErrorResult({ abi, errorName: 'Unauthorized', args: [who, 'not owner'] }));
    expect(describeRevert(decodeRevert(other, abi))).toBe(
      'Unauthorized(0x52908400098527886E0F7030069857D2E4169EE7, "not owner")',
    );
    expect(describeRevert(decodeRevert(bytes(encodeErrorResult({ abi, errorName: 'Empty' })), abi))).toBe(
      'Empty()',
    );
  });

  it('falls back to raw hex: no ABI, unknown selector, malformed data, short data', () => {
    const data = bytes(encodeErrorResult({ abi, errorName: 'TooBig', args: [1n] }));
    expect(decodeRevert(data)).toEqual({ kind: 'raw', selector: TOO_BIG, data: expect.any(String) });
    expect(describeRevert(decodeRevert(bytes('0xdeadbeef01'), abi))).toBe(
      'reverted with unknown error 0xdeadbeef (0xdeadbeef01)',
    );
    expect(decodeRevert(bytes('0x08c379a0ffff'))).toMatchObject({ kind: 'raw', selector: '0x08c379a0' });
    expect(decodeRevert(bytes('0x0102'))).toEqual({ kind: 'raw', selector: undefined, data: '0x0102' });
    expect(describeRevert(decodeRevert(new Uint8Array(0)))).toBe('reverted without data');
  });
});
