/**
 * Turns solc's standard-JSON output into the playground's artifacts: one entry per contract with `0x`
 * bytecode, both source maps, storage layout and method identifiers; every source with its id and AST;
 * and diagnostics whose byte offsets are converted to editor lines and columns.
 */
import type { Abi } from 'viem';
import type { ResolvedSource } from '../imports/importGraph';
import type {
  CompiledSource,
  ContractArtifact,
  ContractKind,
  Diagnostic,
  DiagnosticLocation,
  LinkReferences,
  StorageLayout,
} from '../types';
import { contractKindsInSource } from './contractKinds';
import { SourcePositions } from './positions';

interface SolcSourceLocation {
  file: string;
  start: number;
  end: number;
  message?: string;
}

interface SolcError {
  sourceLocation?: SolcSourceLocation;
  secondarySourceLocations?: SolcSourceLocation[];
  type: string;
  component?: string;
  severity: 'error' | 'warning' | 'info';
  errorCode?: string;
  message: string;
  formattedMessage?: string;
}

interface SolcBytecode {
  object?: string;
  sourceMap?: string;
  linkReferences?: LinkReferences;
  immutableReferences?: Record<string, { start: number; length: number }[]>;
}

interface SolcContract {
  abi?: Abi;
  evm?: {
    bytecode?: SolcBytecode;
    deployedBytecode?: SolcBytecode;
    methodIdentifiers?: Record<string, string>;
  };
  storageLayout?: StorageLayout;
}

export interface SolcOutput {
  errors?: SolcError[];
  sources?: Record<string, { id: number; ast?: unknown }>;
  contracts?: Record<string, Record<string, SolcContract>>;
}

export interface NormalizedOutput {
  contracts: ContractArtifact[];
  sources: CompiledSource[];
  diagnostics: Diagnostic[];
}

/** solc's error code for "Source file requires different compiler version". */
export const PRAGMA_MISMATCH = '5333';

export function normalizeOutput(output: SolcOutput, resolved: Map<string, ResolvedSource>): NormalizedOutput {
  // Positions are computed lazily: most compilations have no diagnostics in most files.
  const positions = new Map<string, SourcePositions>();
  const positionsOf = (file: string) => {
    let p = positions.get(file);
    if (!p) {
      p = new SourcePositions(resolved.get(file)?.content ?? '');
      positions.set(file, p);
    }
    return p;
  };
  const locate = (location: SolcSourceLocation): DiagnosticLocation => {
    const start = location.start >= 0 ? location.start : 0;
    const end = location.end >= 0 ? location.end : start;
    const result: DiagnosticLocation = {
      file: location.file,
      range: positionsOf(location.file).rangeFromBytes(start, end),
    };
    if (location.message) result.message = location.message;
    return result;
  };

  const diagnostics: Diagnostic[] = (output.errors ?? []).map((error) => {
    const diagnostic: Diagnostic = {
      severity: error.severity,
      origin: 'solc',
      type: error.type,
      message: error.message,
    };
    if (error.errorCode) diagnostic.code = error.errorCode;
    if (error.sourceLocation?.file) {
      diagnostic.location = locate(error.sourceLocation);
      if (resolved.get(error.sourceLocation.file)?.origin !== 'workspace') diagnostic.inLibrary = true;
    }
    const secondary = (error.secondarySourceLocations ?? []).filter((l) => l.file).map(locate);
    if (secondary.length > 0) diagnostic.secondaryLocations = secondary;
    if (error.errorCode === PRAGMA_MISMATCH && error.sourceLocation) {
      // solc's sentence has no full stop of its own.
      diagnostic.message = `${diagnostic.message.replace(/\.?$/, '.')}${pragmaHint(error.sourceLocation, resolved)}`;
    }
    return diagnostic;
  });

  const sources: CompiledSource[] = [];
  const kinds = new Map<string, ContractKind>();
  for (const [path, { id, ast }] of Object.entries(output.sources ?? {})) {
    const source = resolved.get(path);
    sources.push({
      id,
      path,
      content: source?.content ?? '',
      origin: source?.origin ?? 'workspace',
      ast: ast ?? null,
    });
    for (const [name, kind] of contractKindsInSource(source?.content ?? ''))
      kinds.set(`${path}:${name}`, kind);
  }
  sources.sort((a, b) => a.id - b.id);

  const contracts: ContractArtifact[] = [];
  for (const [file, byName] of Object.entries(output.contracts ?? {})) {
    const fromLibrary = resolved.get(file)?.origin !== 'workspace';
    for (const [name, contract] of Object.entries(byName)) {
      const bytecode = contract.evm?.bytecode ?? {};
      const deployed = contract.evm?.deployedBytecode ?? {};
      contracts.push({
        file,
        name,
        id: `${file}:${name}`,
        kind: kinds.get(`${file}:${name}`) ?? 'contract',
        fromLibrary,
        abi: contract.abi ?? [],
        creation: {
          object: hex(bytecode.object),
          sourceMap: bytecode.sourceMap ?? '',
          linkReferences: bytecode.linkReferences ?? {},
        },
        runtime: {
          object: hex(deployed.object),
          sourceMap: deployed.sourceMap ?? '',
          linkReferences: deployed.linkReferences ?? {},
          immutableReferences: deployed.immutableReferences ?? {},
        },
        methodIdentifiers: contract.evm?.methodIdentifiers ?? {},
        storageLayout: contract.storageLayout ?? { storage: [], types: null },
      });
    }
  }
  return { contracts, sources, diagnostics };
}

const hex = (object: string | undefined) => (object ? `0x${object}` : '0x');

/** Says which pragma failed and what to do, since the bundled compiler is one fixed version. */
function pragmaHint(location: SolcSourceLocation, resolved: Map<string, ResolvedSource>): string {
  const source = resolved.get(location.file);
  if (!source) return '';
  const bytes = new TextEncoder().encode(source.content);
  const pragma = new TextDecoder().decode(
    bytes.subarray(Math.max(0, location.start), Math.max(0, location.end)),
  );
  let hint = ` "${location.file}" declares \`${pragma.trim()}\`: choose a compiler version that satisfies it in the compiler settings.`;
  if (location.file.startsWith('@zondax/solidity-bignumber/')) {
    hint +=
      " (@zondax/filecoin-solidity's utils/BigInts.sol pulls this file in; filecoin-solidity-api/contracts/v0.8/utils/BigInts.sol is the same API and works with current compilers.)";
  }
  return hint;
}
