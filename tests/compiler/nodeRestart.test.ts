import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeCompiler } from '../../src/compiler/compiler.node.js';
import { DEFAULT_SETTINGS } from '../../src/compiler/settings';
import { forgetSoljsonInNode } from '../../src/compiler/solc/loadSoljson.node.js';

const require = createRequire(import.meta.url);
const files = { 'A.sol': '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract A { uint x; }' };

// Whatever happens here, later test files in this worker get a clean soljson from require().
afterAll(() => forgetSoljsonInNode());

describe('solc in Node after a crash', () => {
  it('a crash that corrupted the compiler memory is followed by a fresh instance, not the broken one', async () => {
    const compiler = createNodeCompiler();
    expect((await compiler.compile({ files, settings: DEFAULT_SETTINGS })).ok).toBe(true);
    // Break the loaded soljson the way a memory-corrupting bug would: garbage over its heap.
    const heap = (require('solc/soljson.js') as { HEAPU8: Uint8Array }).HEAPU8;
    for (let i = 1024; i < Math.min(heap.length, 64 * 1024 * 1024); i += 7) heap[i] = 0xff;
    const crashed = await compiler.compile({ files, settings: DEFAULT_SETTINGS });
    expect(crashed.ok).toBe(false);
    expect(crashed.diagnostics[0]?.type).toMatch(/^Compiler(Crashed|OutOfMemory)$/);
    // Restarted for real: the next compile runs on a new instance and succeeds.
    const again = await compiler.compile({ files, settings: DEFAULT_SETTINGS });
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(again.ok).toBe(true);
  }, 120_000);
});
