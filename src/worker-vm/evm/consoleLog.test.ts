import { format } from 'node:util';
import fc from 'fast-check';
import { encodeAbiParameters, parseAbiParameters, toFunctionSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../util/bytes';
import { decodeConsoleLog, formatLikeNode, replaceNumberSpecifiers } from './consoleLog';

/** Calldata of `console.log(...)` for a signature like `log(string,uint256)`. */
function call(signature: string, values: unknown[]): Uint8Array {
  const types = signature.slice(signature.indexOf('(') + 1, -1);
  const args = types === '' ? '0x' : encodeAbiParameters(parseAbiParameters(types), values as never);
  return hexToBytes(`${toFunctionSelector(signature).slice(2)}${args.slice(2)}`);
}

describe('console.log decoding (Hardhat formatting)', () => {
  it('substitutes like Hardhat: %s, %d and %i as strings, %% as %', () => {
    const owner = '0x52908400098527886e0f7030069857d2e4169ee7';
    expect(
      decodeConsoleLog(call('log(string,address,uint256)', ['from %s sent %d', owner, 10n ** 30n])),
    ).toEqual({
      text: 'from 0x52908400098527886E0F7030069857D2E4169EE7 sent 1000000000000000000000000000000',
      signature: 'log(string,address,uint256)',
      args: [
        'from %s sent %d',
        '0x52908400098527886E0F7030069857D2E4169EE7',
        '1000000000000000000000000000000',
      ],
    });
    expect(decodeConsoleLog(call('log(string,uint256)', ['100%% of %i', 7n]))!.text).toBe('100% of 7');
    expect(decodeConsoleLog(call('log(string,bool)', ['%o', true]))!.text).toBe("'true'");
  });

  it('joins arguments that no specifier takes with spaces; a lone string is printed as it is', () => {
    expect(decodeConsoleLog(call('log(uint256,bool,string)', [5n, false, 'x']))!.text).toBe('5 false x');
    expect(decodeConsoleLog(call('log(string)', ['50%% done %s']))!.text).toBe('50%% done %s');
    expect(decodeConsoleLog(call('log()', []))).toEqual({ text: '', signature: 'log()', args: [] });
  });

  it('decodes every argument type: int256, bytes, bytesN, and the legacy selectors', () => {
    expect(decodeConsoleLog(call('log(int256)', [-42n]))!.text).toBe('-42');
    expect(decodeConsoleLog(call('log(bytes)', ['0xdeadbeef']))!.text).toBe('0xdeadbeef');
    expect(decodeConsoleLog(call('log(bytes4)', ['0x01020304']))!.text).toBe('0x01020304');
    expect(decodeConsoleLog(call('log(bytes32)', [`0x${'ab'.repeat(32)}`]))!.text).toBe(
      `0x${'ab'.repeat(32)}`,
    );
    // Older console.sol hashed `uint`: same encoding, another selector.
    const legacy = call('log(uint256)', [9n]);
    legacy.set(hexToBytes(toFunctionSelector('log(uint)').slice(2)), 0);
    expect(decodeConsoleLog(legacy)).toMatchObject({ text: '9', signature: 'log(uint256)' });
  });

  it('ignores other selectors, and never throws on malformed data', () => {
    expect(decodeConsoleLog(hexToBytes('a9059cbb'))).toBeUndefined();
    expect(decodeConsoleLog(new Uint8Array(2))).toBeUndefined();
    const truncated = call('log(string,string)', ['a', 'b']).subarray(0, 40);
    // Offsets past the end read as empty, partial words as the shorter numbers they are (Hardhat's slices).
    expect(decodeConsoleLog(truncated)).toMatchObject({ signature: 'log(string,string)' });
    expect(decodeConsoleLog(truncated)!.args[0]).toBe('');
    const hostile = call('log(string)', ['x']);
    hostile.fill(0xff, 4, 36);
    expect(decodeConsoleLog(hostile)!.text).toBe('');
  });

  it('replaces %d and %i only where the % is not escaped', () => {
    expect(replaceNumberSpecifiers('%d %i %%d %%%d %s')).toBe('%s %s %%d %%%s %s');
  });
});

describe('formatLikeNode', () => {
  it('matches Node util.format on string arguments', () => {
    const piece = fc.constantFrom(
      '%s',
      '%d',
      '%i',
      '%f',
      '%j',
      '%o',
      '%O',
      '%c',
      '%%',
      '%x',
      '%',
      'a',
      ' ',
      '1.5',
      '-0',
      '',
    );
    const formatString = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    const argument = fc.oneof(
      fc.constantFrom('12', '-0', 'abc', '3.7e5', "it's", 'x"y\'z', 'tab\there', '', '0x', '0x1f', ' 7'),
      fc.string(),
    );
    // Cases random runs found: %i parses like parseInt without a radix, as Node does.
    for (const [first, ...rest] of [
      ['%i', '0x'],
      ['%i %i', '0x1f', '012'],
    ])
      expect(formatLikeNode([first!, ...rest])).toBe(format(first, ...rest));
    fc.assert(
      fc.property(formatString, fc.array(argument, { maxLength: 5 }), (first, rest) => {
        expect(formatLikeNode([first, ...rest])).toBe(format(first, ...rest));
      }),
      { numRuns: 2000 },
    );
  });
});
