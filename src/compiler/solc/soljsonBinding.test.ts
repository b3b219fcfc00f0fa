import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadBundledSolcInNode } from './loadSoljson.node';
import { bindSoljson } from './soljsonBinding';
import { shortSolcVersion } from './version';

const require = createRequire(import.meta.url);

describe('the soljson binding', () => {
  // Node loads soljson with require; the worker evaluates the same file's text (covered by e2e).
  const solc = loadBundledSolcInNode();

  it('reports the version of the solc bundled in the npm package', () => {
    const { version } = require('solc/package.json') as { version: string };
    expect(solc.version().startsWith(`${version}+commit.`)).toBe(true);
  });

  it('compiles standard JSON without an import callback', () => {
    const output = JSON.parse(
      solc.compileStandardJson(
        JSON.stringify({
          language: 'Solidity',
          sources: {
            'A.sol': {
              content:
                '// SPDX-License-Identifier: MIT\npragma solidity >=0.8.0; contract A { function f() public pure returns (uint) { return 7; } }',
            },
          },
          settings: { outputSelection: { '*': { '*': ['evm.bytecode.object'] } } },
        }),
      ),
    );
    expect(output.errors ?? []).toEqual([]);
    expect(output.contracts['A.sol'].A.evm.bytecode.object).toMatch(/^[0-9a-f]{100,}$/);
  });

  it('rejects a module that is not soljson', () => {
    expect(() => bindSoljson({} as never)).toThrow(/not a soljson build/);
  });

  it('shortens the long version string', () => {
    expect(shortSolcVersion('0.8.30+commit.73712a01.Emscripten.clang')).toBe('0.8.30+commit.73712a01');
    expect(shortSolcVersion('weird')).toBe('weird');
  });
});
