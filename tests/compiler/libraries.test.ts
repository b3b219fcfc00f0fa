import { describe, expect, it } from 'vitest';
import { parseImports } from '../../src/compiler/imports/parseImports';
import { resolveRelative } from '../../src/compiler/imports/paths';
import { bundledLibraryFiles } from '../../src/compiler/libraries/bundledLibraries';
import { BUNDLED_LIBRARIES, CONSOLE_SOL_PATH, libraryOf } from '../../src/compiler/libraries/catalog';
import { nodeLibraryFiles } from '../../src/compiler/libraries/nodeLibraries.node.js';

describe('the bundled Solidity libraries', () => {
  const node = nodeLibraryFiles();
  // Vite (which runs these tests) expands the same globs as in the build.
  const bundled = bundledLibraryFiles(async () => {
    throw new Error('no fetch in this test');
  });

  it('ship the same files in the browser build as Node reads from node_modules', () => {
    expect(bundled.names().sort()).toEqual(node.names().sort());
  });

  it('include every package the tutorials import, without their test suites', () => {
    const names = node.names();
    for (const library of BUNDLED_LIBRARIES) {
      expect(
        names.some((name) => libraryOf(name) === library),
        library.packageName,
      ).toBe(true);
    }
    expect(names).toContain('@openzeppelin/contracts/token/ERC20/ERC20.sol');
    expect(names).toContain('@openzeppelin/contracts/token/ERC721/ERC721.sol');
    expect(names).toContain('@zondax/filecoin-solidity/contracts/v0.8/MarketAPI.sol');
    expect(names).toContain('filecoin-solidity-api/contracts/v0.8/utils/BigInts.sol');
    expect(names).toContain('filecoin-solidity-api/contracts/vendor/solidity-BigNumber/src/BigNumbers.sol');
    expect(names).toContain('solidity-cborutils/contracts/CBOR.sol');
    expect(names).toContain('@ensdomains/buffer/contracts/Buffer.sol');
    expect(names).toContain('@zondax/solidity-bignumber/src/BigNumbers.sol');
    expect(names.filter((name) => /\/tests?\//.test(name))).toEqual([]);
  });

  it('are closed under their own imports: every import of a library file names a shipped file', async () => {
    const names = new Set(node.names());
    const unresolved: string[] = [];
    for (const name of names) {
      for (const directive of parseImports(await node.read(name))) {
        const target = resolveRelative(directive.path, name);
        if (!names.has(target) && target !== CONSOLE_SOL_PATH) unresolved.push(`${name} -> ${target}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('fetch a file only when it is read, once, and retry after a failure', async () => {
    const fetched: string[] = [];
    let fail = true;
    const files = bundledLibraryFiles(async (url) => {
      fetched.push(url);
      if (fail) throw new Error('offline');
      return 'contract X {}';
    });
    expect(fetched).toEqual([]);
    await expect(files.read('solidity-cborutils/contracts/CBOR.sol')).rejects.toThrow('offline');
    fail = false;
    expect(await files.read('solidity-cborutils/contracts/CBOR.sol')).toBe('contract X {}');
    expect(await files.read('solidity-cborutils/contracts/CBOR.sol')).toBe('contract X {}');
    expect(fetched).toHaveLength(2);
    await expect(files.read('nope/X.sol')).rejects.toThrow(/not a bundled library file/);
  });
});
