import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@noble/hashes/utils.js';
import { loadBundledSolcInNode } from '../../../src/compiler/solc/loadSoljson.node.js';

/**
 * Compiles the differential corpus with the bundled solc. Imports are resolved before compiling (the
 * binding takes no import callback): `@openzeppelin/contracts/...` from node_modules, relative paths
 * against the importing file. Results are cached in memory for the test run (OpenZeppelin takes seconds).
 */
export interface CompiledContract {
  abi: unknown[];
  bytecode: Uint8Array;
  deployedBytecode: Uint8Array;
}

const here = dirname(fileURLToPath(import.meta.url));
const contractsDir = join(here, '..', 'contracts');
const require = createRequire(import.meta.url);
const openZeppelinRoot = dirname(require.resolve('@openzeppelin/contracts/package.json'));

const IMPORT = /import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']\s*;/g;

function readSource(unit: string): string {
  if (unit.startsWith('@openzeppelin/contracts/')) {
    return readFileSync(join(openZeppelinRoot, unit.slice('@openzeppelin/contracts/'.length)), 'utf8');
  }
  return readFileSync(join(contractsDir, unit), 'utf8');
}

/** The file and everything it imports, transitively, keyed by source unit name. */
function collectSources(entry: string): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {};
  const pending = [entry];
  while (pending.length > 0) {
    const unit = pending.pop()!;
    if (sources[unit] !== undefined) continue;
    const content = readSource(unit);
    sources[unit] = { content };
    for (const match of content.matchAll(IMPORT)) {
      const path = match[1]!;
      pending.push(path.startsWith('.') ? posix.normalize(posix.join(posix.dirname(unit), path)) : path);
    }
  }
  return sources;
}

const cache = new Map<string, Record<string, CompiledContract>>();
let solc: ReturnType<typeof loadBundledSolcInNode> | undefined;

/** Compiles `file` (in tests/evm/contracts) and returns its contracts by name. */
export function compileFile(file: string): Record<string, CompiledContract> {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  solc ??= loadBundledSolcInNode();
  const input = {
    language: 'Solidity',
    sources: collectSources(file),
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { [file]: { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compileStandardJson(JSON.stringify(input))) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts?: Record<
      string,
      Record<
        string,
        { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }
      >
    >;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contracts: Record<string, CompiledContract> = {};
  for (const [name, contract] of Object.entries(output.contracts?.[file] ?? {})) {
    contracts[name] = {
      abi: contract.abi,
      bytecode: hexToBytes(contract.evm.bytecode.object),
      deployedBytecode: hexToBytes(contract.evm.deployedBytecode.object),
    };
  }
  cache.set(file, contracts);
  return contracts;
}
