/**
 * The compiler's data model: what goes in (a workspace and settings) and what comes out (artifacts and
 * diagnostics). Everything here is plain data, so it crosses the worker boundary by structured clone.
 */
import type { Abi } from 'viem';

/** Solidity source files of a workspace, keyed by path (`contracts/Token.sol`). */
export type SourceFiles = Record<string, string>;

export interface OptimizerSettings {
  enabled: boolean;
  /** How often each opcode is expected to run: low favours deployment size, high favours call cost. */
  runs: number;
}

/** The standard-JSON settings a user can change. */
export interface CompilerSettings {
  optimizer: OptimizerSettings;
  /** An EVM version name (`cancun`, `osaka`, ...) or undefined for the compiler's default. */
  evmVersion?: string | undefined;
  viaIR: boolean;
  /** solc remappings, `[context:]prefix=target`, applied to imports before they are resolved. */
  remappings: string[];
}

/** Which solc: the one bundled with the app, or a release by its long version (`0.8.26+commit.8a97fa7a`). */
export type CompilerVersion = 'bundled' | string;

export interface CompileRequest {
  files: SourceFiles;
  settings: CompilerSettings;
  /** Defaults to the bundled solc. */
  version?: CompilerVersion;
  /**
   * The files to compile, with everything they import. Defaults to every `.sol` file of the workspace.
   */
  entries?: string[];
  /**
   * Also return the ASTs of bundled library files. Off by default: solc spends a large share of its time
   * writing ASTs, and source maps with source texts already map any pc to a line. Workspace files always
   * get theirs; the generated console.sol never does.
   */
  libraryAsts?: boolean;
}

/** A place in a source, as Monaco wants it: 1-based lines and 1-based UTF-16 columns, end exclusive. */
export interface SourceRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** The same range as solc counts it: UTF-8 byte offsets into the file, end exclusive. */
  startByte: number;
  endByte: number;
}

export interface DiagnosticLocation {
  file: string;
  range: SourceRange;
  /** For secondary locations: what this place has to do with the diagnostic. */
  message?: string;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Who found it: solc, the import resolver, or the compiler service (limits, crashes, downloads). */
  origin: 'solc' | 'imports' | 'service';
  /** solc's error type (`ParserError`, `TypeError`, ...) or ours (`ImportNotFound`, `TooLarge`, ...). */
  type: string;
  /** solc's numeric error code, when it gives one. */
  code?: string;
  message: string;
  /** Where the problem is, when there is a place to point at. */
  location?: DiagnosticLocation;
  secondaryLocations?: DiagnosticLocation[];
  /** True when the problem is in a bundled library rather than the workspace. */
  inLibrary?: boolean;
}

/** One source unit of the compilation, for mapping source-map offsets to lines. */
export interface CompiledSource {
  /** The file index solc uses in source maps. */
  id: number;
  path: string;
  content: string;
  /** Where the file came from. */
  origin: SourceOrigin;
  /** solc's AST of the file (compact JSON form); null for library files unless `libraryAsts` was asked. */
  ast: unknown;
}

export type SourceOrigin = 'workspace' | 'library' | 'generated';

export interface LinkReference {
  start: number;
  length: number;
}

/** `file -> library name -> places in the bytecode to patch with its address`. */
export type LinkReferences = Record<string, Record<string, LinkReference[]>>;

export interface Bytecode {
  /** `0x`-prefixed hex; unlinked library addresses stay as solc's `__$...$__` placeholders. */
  object: string;
  /** solc's compressed source map (`s:l:f:j:m;...`). */
  sourceMap: string;
  linkReferences: LinkReferences;
}

export interface RuntimeBytecode extends Bytecode {
  /** AST id of an immutable -> places in the runtime code where its value is written at deployment. */
  immutableReferences: Record<string, LinkReference[]>;
}

export interface StorageSlot {
  astId: number;
  contract: string;
  label: string;
  offset: number;
  slot: string;
  type: string;
}

export interface StorageType {
  encoding: 'inplace' | 'mapping' | 'dynamic_array' | 'bytes';
  label: string;
  numberOfBytes: string;
  base?: string;
  key?: string;
  value?: string;
  members?: StorageSlot[];
}

export interface StorageLayout {
  storage: StorageSlot[];
  types: Record<string, StorageType> | null;
}

export type ContractKind = 'contract' | 'abstract' | 'interface' | 'library';

export interface ContractArtifact {
  /** The source file that defines the contract. */
  file: string;
  name: string;
  /** `file:name`, unique within a compilation. */
  id: string;
  kind: ContractKind;
  /** True for contracts of a bundled library (OpenZeppelin, filecoin-solidity, ...). */
  fromLibrary: boolean;
  abi: Abi;
  creation: Bytecode;
  runtime: RuntimeBytecode;
  /** `transfer(address,uint256)` -> `a9059cbb` */
  methodIdentifiers: Record<string, string>;
  storageLayout: StorageLayout;
}

export interface CompileTimings {
  /** Loading or finding a warm solc. */
  loadCompilerMs: number;
  /** Walking the import graph and reading library files. */
  resolveImportsMs: number;
  /** The solc call itself. */
  solcMs: number;
  /** Turning solc's output into artifacts and diagnostics. */
  normalizeMs: number;
}

export interface CompileResult {
  /** True when there are no errors (warnings allowed). */
  ok: boolean;
  /** solc's long version, or undefined when no compiler could be loaded. */
  solcVersion?: string;
  contracts: ContractArtifact[];
  /** Every source of the compilation, ordered by id. */
  sources: CompiledSource[];
  diagnostics: Diagnostic[];
  /** Errors and warnings, counted over the workspace and libraries. */
  errorCount: number;
  warningCount: number;
  timings: CompileTimings;
}

/** A solc release that can be downloaded, from the official list. */
export interface SolcRelease {
  /** `0.8.26` */
  version: string;
  /** `0.8.26+commit.8a97fa7a` */
  longVersion: string;
  /** File name under the binaries site's `wasm/` folder. */
  path: string;
  /** `0x`-prefixed hex digests of the file, as published. */
  sha256: string;
  keccak256: string;
}

export interface VersionListing {
  /** The long version of the solc that ships with the app. */
  bundled: string;
  /** Releases from the official list (newest first); empty when the list could not be fetched. */
  releases: SolcRelease[];
  /** Long versions already in the local cache (usable offline). */
  cached: string[];
  /** Why the release list is missing, when it is. */
  listError?: string;
}
