import { describe, expect, it } from 'vitest';
import { parseRemapping } from '../settings';
import { applyRemappings, normalizeWorkspacePath, resolveRelative } from './paths';

describe('resolveRelative', () => {
  it('joins ./ and ../ paths to the importing file and leaves direct imports alone', () => {
    expect(resolveRelative('./B.sol', 'contracts/A.sol')).toBe('contracts/B.sol');
    expect(resolveRelative('../lib/C.sol', 'contracts/token/A.sol')).toBe('contracts/lib/C.sol');
    expect(resolveRelative('./x/./y/../Z.sol', 'A.sol')).toBe('x/Z.sol');
    expect(resolveRelative('@openzeppelin/contracts/token/ERC20/ERC20.sol', 'contracts/A.sol')).toBe(
      '@openzeppelin/contracts/token/ERC20/ERC20.sol',
    );
    expect(resolveRelative('lib/./X.sol', 'contracts/A.sol')).toBe('lib/./X.sol');
    expect(
      resolveRelative('../IERC20.sol', '@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol'),
    ).toBe('@openzeppelin/contracts/token/ERC20/IERC20.sol');
  });

  it('drops `..` above the root, as solc does', () => {
    expect(resolveRelative('../../B.sol', 'A.sol')).toBe('B.sol');
  });
});

describe('applyRemappings', () => {
  const remap = (path: string, importer: string, ...texts: string[]) =>
    applyRemappings(path, importer, texts.map(parseRemapping)).name;

  it('replaces the longest matching prefix', () => {
    expect(remap('oz/token/X.sol', 'A.sol', 'oz/=@openzeppelin/contracts/', 'oz/token/=tokens/')).toBe(
      'tokens/X.sol',
    );
    expect(remap('other/X.sol', 'A.sol', 'oz/=lib/')).toBe('other/X.sol');
  });

  it('prefers the longest matching context, even over a longer prefix', () => {
    const rules = ['lib/=generic/', 'contracts/special:l=special/'];
    expect(remap('lib/X.sol', 'contracts/special/A.sol', ...rules)).toBe('special/ib/X.sol');
    expect(remap('lib/X.sol', 'contracts/other/A.sol', ...rules)).toBe('generic/X.sol');
  });

  it('lets the later of two equal remappings win', () => {
    expect(remap('a/X.sol', 'A.sol', 'a/=first/', 'a/=second/')).toBe('second/X.sol');
  });

  it('reports which remapping applied', () => {
    expect(applyRemappings('a/X.sol', 'A.sol', [parseRemapping('a/=b/')]).remapping?.text).toBe('a/=b/');
  });
});

describe('parseRemapping', () => {
  it('reads context, prefix and target', () => {
    expect(parseRemapping('ctx:pre=tgt')).toMatchObject({ context: 'ctx', prefix: 'pre', target: 'tgt' });
    expect(parseRemapping(' @oz/=node_modules/@oz/ ')).toMatchObject({
      context: '',
      prefix: '@oz/',
      target: 'node_modules/@oz/',
    });
  });

  it('refuses entries that are not remappings', () => {
    expect(() => parseRemapping('no-equals-sign')).toThrow(/not a remapping/);
    expect(() => parseRemapping('=target')).toThrow(/not a remapping/);
    expect(() => parseRemapping('ctx:=target')).toThrow(/empty prefix/);
  });
});

describe('normalizeWorkspacePath', () => {
  it('canonicalizes and refuses paths that leave the workspace', () => {
    expect(normalizeWorkspacePath('./contracts//A.sol')).toBe('contracts/A.sol');
    expect(normalizeWorkspacePath('/A.sol')).toBe('A.sol');
    expect(normalizeWorkspacePath('dir\\B.sol')).toBe('dir/B.sol');
    expect(() => normalizeWorkspacePath('../etc/passwd')).toThrow(/leaves the workspace/);
    expect(() => normalizeWorkspacePath('')).toThrow(/needs a name/);
  });
});
