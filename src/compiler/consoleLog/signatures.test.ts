import { describe, expect, it } from 'vitest';
import {
  CONSOLE_ADDRESS,
  CONSOLE_SELECTORS,
  CONSOLE_SIGNATURES,
  LEGACY_CONSOLE_SIGNATURES,
  selectorOf,
} from './signatures';

describe('console.log signatures', () => {
  it('match the selectors Hardhat and Foundry use', () => {
    expect(selectorOf('log()')).toBe('0x51973ec9');
    expect(selectorOf('log(string)')).toBe('0x41304fac');
    expect(selectorOf('log(uint256)')).toBe('0xf82c50f1');
    expect(selectorOf('log(int256)')).toBe('0x2d5b6cb9');
    expect(selectorOf('log(address)')).toBe('0x2c2ecbc2');
    expect(selectorOf('log(bool)')).toBe('0x32458eed');
    expect(selectorOf('log(string,uint256)')).toBe('0xb60e72cc');
  });

  it('cover Hardhat console.sol: log(), typed helpers, bytes1..32 and every 1-4 argument combination', () => {
    expect(CONSOLE_SIGNATURES).toHaveLength(1 + 6 + 32 + 5 + 4 ** 2 + 4 ** 3 + 4 ** 4);
    const names = CONSOLE_SIGNATURES.map((s) => `${s.functionName}(${s.params.join(',')})`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('logBytes32(bytes32)');
    expect(names).toContain('log(address,bool,string,uint256)');
    expect(CONSOLE_SIGNATURES.every((s) => s.signature.startsWith('log('))).toBe(true);
    expect(CONSOLE_ADDRESS.toLowerCase()).toBe(
      `0x${'00'.repeat(9)}${Array.from(new TextEncoder().encode('console.log'), (b) => b.toString(16)).join('')}`,
    );
  });

  it('map the legacy uint/int selectors to their canonical signatures', () => {
    const legacy = new Map(LEGACY_CONSOLE_SIGNATURES.map((l) => [l.signature, l]));
    expect(legacy.get('log(uint)')).toMatchObject({ selector: '0xf5b1bba9', canonical: 'log(uint256)' });
    expect(legacy.get('log(int)')).toMatchObject({ selector: '0x4e0c1d1d', canonical: 'log(int256)' });
    expect(legacy.get('log(string,uint)')).toMatchObject({
      selector: '0x9710a9d0',
      canonical: 'log(string,uint256)',
    });
    expect(legacy.get('log(byte)')?.canonical).toBe('log(bytes1)');
    expect(CONSOLE_SELECTORS.get('0xf5b1bba9')).toEqual({ signature: 'log(uint256)', params: ['uint256'] });
    expect(CONSOLE_SELECTORS.get('0x9710a9d0')?.params).toEqual(['string', 'uint256']);
    expect(CONSOLE_SELECTORS.get('0xb60e72cc')?.signature).toBe('log(string,uint256)');
  });
});
