import { encodeAbiParameters } from 'viem';
import { describe, expect, it } from 'vitest';
import { Address } from '../../address/address';
import { ethToFilecoin, maskedIdAddress } from '../../address/ethereum';
import { bytesToHex } from '../../util/bytes';
import { parseAbiArgs, parseInteger } from './abiInput';
import { parseList } from './listSyntax';

const p = (type: string, name = 'x', extra: object = {}) => ({ type, name, ...extra });

describe('parseList', () => {
  it('reads nested lists, quoted strings with commas and escapes, and tuples in parentheses', () => {
    expect(parseList('[1, 2,3]')).toEqual(['1', '2', '3']);
    expect(parseList('[ ]')).toEqual([]);
    expect(parseList('[[1, 2], [3]]')).toEqual([['1', '2'], ['3']]);
    expect(parseList('["a, b", "say \\"hi\\""]')).toEqual(['a, b', 'say "hi"']);
    expect(parseList('(0xab, [1, 2])')).toEqual(['0xab', ['1', '2']]);
  });

  it('refuses broken lists', () => {
    expect(() => parseList('1, 2')).toThrow(/starts with/);
    expect(() => parseList('[1, 2')).toThrow(/missing "\]"/);
    expect(() => parseList('[1,,2]')).toThrow(/empty/);
    expect(() => parseList('[1] x')).toThrow(/after the closing/);
    expect(() => parseList('["open]')).toThrow(/not closed/);
  });
});

describe('parseInteger', () => {
  it('takes decimal, hex, separators, scientific and units, exactly', () => {
    expect(parseInteger('1_000', 'x', true, 256)).toBe(1000n);
    expect(parseInteger('0xff', 'x', true, 8)).toBe(255n);
    expect(parseInteger('1e18', 'x', true, 256)).toBe(10n ** 18n);
    expect(parseInteger('1.5 ether', 'x', true, 256)).toBe(15n * 10n ** 17n);
    expect(parseInteger('2 FIL', 'x', true, 256)).toBe(2n * 10n ** 18n);
    expect(parseInteger('3 gwei', 'x', true, 256)).toBe(3n * 10n ** 9n);
    expect(parseInteger('-128', 'x', false, 8)).toBe(-128n);
  });

  it('refuses values out of range, fractions and garbage with a message naming the range', () => {
    expect(() => parseInteger('256', 'x', true, 8)).toThrow('out of range for uint8 (0 to 255)');
    expect(() => parseInteger('-1', 'x', true, 256)).toThrow('out of range for uint256 (0 to 2^256-1)');
    expect(() => parseInteger('128', 'x', false, 8)).toThrow('out of range for int8 (-128 to 127)');
    expect(() => parseInteger(`${1n << 256n}`, 'x', true, 256)).toThrow(/out of range/);
    expect(() => parseInteger('1.5', 'x', true, 256)).toThrow('not a whole number');
    expect(() => parseInteger('12abc', 'x', true, 256)).toThrow(/unknown unit/);
    expect(() => parseInteger('ten', 'x', true, 256)).toThrow(/not a number/);
    expect(() => parseInteger('', 'x', true, 256)).toThrow(/required/);
  });
});

describe('parseAbiArgs', () => {
  it('parses every supported type into values viem encodes', () => {
    const params = [
      p('uint256', 'amount'),
      p('int16', 'delta'),
      p('bool', 'flag'),
      p('string', 'note'),
      p('bytes', 'data'),
      p('bytes4', 'sig'),
      p('uint8[]', 'list'),
      p('uint8[2][]', 'pairs'),
      { type: 'tuple', name: 'order', components: [p('address', 'maker'), p('uint64', 'size')] },
    ];
    const maker = `0x${'12'.repeat(20)}`;
    const parsed = parseAbiArgs(params, [
      '10',
      '-3',
      'true',
      ' spaced ',
      '0xABcd',
      '0x12345678',
      '[1, 2, 3]',
      '[[1, 2], [3, 4]]',
      [maker, '7'],
    ]);
    expect(parsed).toEqual({
      ok: true,
      args: [
        10n,
        -3n,
        true,
        ' spaced ',
        '0xabcd',
        '0x12345678',
        [1n, 2n, 3n],
        [
          [1n, 2n],
          [3n, 4n],
        ],
        ['0x1212121212121212121212121212121212121212', 7n],
      ],
    });
    if (!parsed.ok) return;
    // The values are what viem's encoder takes.
    expect(() => encodeAbiParameters(params, parsed.args)).not.toThrow();
  });

  it('reports every bad field with its path, and produces no arguments', () => {
    const parsed = parseAbiArgs(
      [
        p('address', 'to'),
        p('uint8', 'small'),
        p('bytes', 'data'),
        p('bytes32', 'hash'),
        p('uint256[2]', 'fixed'),
        p('bool', 'flag'),
        p('uint256[]', 'list'),
      ],
      ['f9abc', '300', '0x123', '0xzz', '[1]', 'yes', '[1, -2]'],
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      { path: 'to', message: 'not an address: use f0…, f1…, f2…, f3…, f4… (or t…) or 0x…' },
      { path: 'small', message: 'out of range for uint8 (0 to 255)' },
      { path: 'data', message: 'hex needs an even number of digits (two per byte)' },
      { path: 'hash', message: 'not hex: use only 0-9 and a-f after 0x' },
      { path: 'fixed', message: 'needs exactly 2 elements, got 1' },
      { path: 'flag', message: 'must be true or false' },
      { path: 'list[1]', message: 'out of range for uint256 (0 to 2^256-1)' },
    ]);
  });

  it('names unnamed parameters by position', () => {
    const parsed = parseAbiArgs([{ type: 'uint8' }], ['x']);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.path)).toEqual(['arg0']);
  });
});

describe('address arguments convert as the ABI type needs', () => {
  const eth = `0x${'ab'.repeat(20)}`;
  const f410 = ethToFilecoin(Uint8Array.from({ length: 20 }, () => 0xab)).toString();
  const f1 = Address.newSecp256k1(new Uint8Array(65).fill(4)).toString();
  const masked = (id: bigint) => `0x${bytesToHex(maskedIdAddress(id))}`;

  it('address: 0x as is (checksummed), f410 to its 0x, f0 to the masked ID', () => {
    const parsed = parseAbiArgs([p('address'), p('address'), p('address')], [eth, f410, 'f01234']);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect((parsed.args as string[]).map((a) => a.toLowerCase())).toEqual([eth, eth, masked(1234n)]);
    expect(parsed.args[0]).toBe('0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB');
  });

  it('address: f1/f2/f3 resolve to the actor ID, or fail when the actor does not exist', () => {
    const resolve = (a: Address) => (a.toString() === f1 ? 1001 : undefined);
    const parsed = parseAbiArgs([p('address')], [f1], { resolve });
    expect(parsed.ok && (parsed.args[0] as string).toLowerCase()).toBe(masked(1001n));
    const missing = parseAbiArgs(
      [p('address')],
      [Address.newSecp256k1(new Uint8Array(65).fill(5)).toString()],
      {
        resolve,
      },
    );
    expect(missing.ok ? '' : missing.errors[0]!.message).toMatch(/has no actor yet/);
    // Without a resolver (the UI), the form is accepted and the value waits for the worker.
    expect(parseAbiArgs([p('address')], [f1])).toEqual({ ok: true, args: [undefined] });
  });

  it('address: a wrong checksum or length is refused', () => {
    const bad = parseAbiArgs(
      [p('address'), p('address')],
      ['0xABaBaBaBABabABabAbAbABAbABabababaBaBABab', '0x1234'],
    );
    expect(bad.ok ? [] : bad.errors.map((e) => e.message)).toEqual([
      'the mixed-case checksum (EIP-55) is wrong',
      'an Ethereum address is 0x followed by 40 hex digits',
    ]);
  });

  it('FilAddress (bytes) takes a Filecoin address as its binary form; FilActorId (uint64) takes f0', () => {
    const filAddress = {
      type: 'tuple',
      name: 'target',
      internalType: 'struct CommonTypes.FilAddress',
      components: [p('bytes', 'data')],
    };
    const actorId = p('uint64', 'actor', { internalType: 'CommonTypes.FilActorId' });
    const parsed = parseAbiArgs([filAddress, actorId, actorId], [[f1], 'f01234', '77']);
    expect(parsed).toEqual({
      ok: true,
      args: [[`0x${bytesToHex(Address.fromString(f1).bytes)}`], 1234n, 77n],
    });
  });
});
