import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import type { StorageLayout } from '../../../compiler/types';
import { bytesToNumberBE, numberToBytesBE } from '../../util/bytes';
import { Preimages } from './preimages';
import { StorageDecoder } from './storageDecoder';

// uint64 a; uint64 b (packed in slot 0); mapping(address => uint256) balances (slot 1); int8 c (slot 2)
const layout: StorageLayout = {
  storage: [
    { astId: 1, contract: 'C', label: 'a', offset: 0, slot: '0', type: 't_uint64' },
    { astId: 2, contract: 'C', label: 'b', offset: 8, slot: '0', type: 't_uint64' },
    {
      astId: 3,
      contract: 'C',
      label: 'balances',
      offset: 0,
      slot: '1',
      type: 't_mapping(t_address,t_uint256)',
    },
    { astId: 4, contract: 'C', label: 'c', offset: 0, slot: '2', type: 't_int8' },
  ],
  types: {
    t_uint64: { encoding: 'inplace', label: 'uint64', numberOfBytes: '8' },
    t_uint256: { encoding: 'inplace', label: 'uint256', numberOfBytes: '32' },
    t_int8: { encoding: 'inplace', label: 'int8', numberOfBytes: '1' },
    t_address: { encoding: 'inplace', label: 'address', numberOfBytes: '20' },
    't_mapping(t_address,t_uint256)': {
      encoding: 'mapping',
      label: 'mapping(address => uint256)',
      numberOfBytes: '32',
      key: 't_address',
      value: 't_uint256',
    },
  },
};

const holder = Uint8Array.from({ length: 32 }, (_, i) => (i >= 12 ? 0xaa : 0));
const entrySlot = (() => {
  const input = new Uint8Array(64);
  input.set(holder, 0);
  input.set(numberToBytesBE(1n, 32), 32);
  return bytesToNumberBE(keccak_256(input));
})();

describe('StorageDecoder', () => {
  it('decodes packed variables separately and lists only those that changed', () => {
    const decoder = new StorageDecoder(layout, new Preimages());
    const before = (3n << 64n) | 1n; // b = 3, a = 1
    const after = (3n << 64n) | 2n; // a = 2
    expect(decoder.describeChange(0n, before, after)).toEqual([
      { name: 'a', type: 'uint64', before: '1', after: '2' },
    ]);
    expect(decoder.nameOf(0n)).toBe('a, b');
    // Signed values are read as two's complement of their own width.
    expect(decoder.describeChange(2n, 0n, 0xffn)).toEqual([
      { name: 'c', type: 'int8', before: '0', after: '-1' },
    ]);
  });

  it('names a mapping entry from a traced keccak input, or from a candidate key, or not at all', () => {
    const traced = new Preimages();
    const input = new Uint8Array(64);
    input.set(holder, 0);
    input.set(numberToBytesBE(1n, 32), 32);
    traced.add(input);
    // Addresses are shown checksummed; compare without case.
    const name = `balances[0x${'aa'.repeat(20)}]`;
    const fromTrace = new StorageDecoder(layout, traced).describeChange(entrySlot, 0n, 5n);
    expect(fromTrace.map((v) => [v.name.toLowerCase(), v.after])).toEqual([[name, '5']]);
    const fromCandidates = new StorageDecoder(layout, new Preimages(), [holder]).describeChange(
      entrySlot,
      0n,
      5n,
    );
    expect(fromCandidates.map((v) => v.name.toLowerCase())).toEqual([name]);
    expect(new StorageDecoder(layout, new Preimages()).describeChange(entrySlot, 0n, 5n)).toEqual([]);
  });
});
