/**
 * Builds solc's standard-JSON input. Only the outputs the playground uses are requested, since each one
 * costs solc time: no gas estimates (they are Ethereum gas, not Filecoin gas), no metadata, no IR.
 */
import type { CompilerSettings } from '../types';

/** Per-contract outputs: what deploying, calling, tracing and state diffs need. */
export const CONTRACT_OUTPUTS = [
  'abi',
  'evm.bytecode.object',
  'evm.bytecode.sourceMap',
  'evm.bytecode.linkReferences',
  'evm.deployedBytecode.object',
  'evm.deployedBytecode.sourceMap',
  'evm.deployedBytecode.linkReferences',
  'evm.deployedBytecode.immutableReferences',
  'evm.methodIdentifiers',
  'storageLayout',
] as const;

export interface StandardJsonInput {
  language: 'Solidity';
  sources: Record<string, { content: string }>;
  settings: {
    optimizer: { enabled: boolean; runs: number };
    evmVersion?: string;
    viaIR?: boolean;
    remappings?: string[];
    outputSelection: Record<string, Record<string, string[]>>;
  };
}

export interface SourceForSolc {
  content: string;
  /** Whether to ask for this source's AST. */
  ast: boolean;
}

/**
 * ASTs are asked for per source: serializing them is a large share of solc's time (about 45% for an
 * OpenZeppelin ERC-20, and 0.6 s for console.sol alone), and only some sources need them.
 */
export function standardJsonInput(
  sources: Map<string, SourceForSolc>,
  settings: CompilerSettings,
): StandardJsonInput {
  const outputSelection: Record<string, Record<string, string[]>> = { '*': { '*': [...CONTRACT_OUTPUTS] } };
  const input: StandardJsonInput = {
    language: 'Solidity',
    sources: {},
    settings: {
      optimizer: { enabled: settings.optimizer.enabled, runs: settings.optimizer.runs },
      outputSelection,
    },
  };
  for (const [name, { content, ast }] of sources) {
    input.sources[name] = { content };
    // solc unites a file's own selection with the '*' one.
    if (ast) outputSelection[name] = { '': ['ast'] };
  }
  if (settings.evmVersion) input.settings.evmVersion = settings.evmVersion;
  // Only sent when on: compilers before 0.8.13 reject the key.
  if (settings.viaIR) input.settings.viaIR = true;
  // solc sees the remappings too, so the names it derives from imports are the names we loaded.
  if (settings.remappings.length > 0) input.settings.remappings = [...settings.remappings];
  return input;
}
