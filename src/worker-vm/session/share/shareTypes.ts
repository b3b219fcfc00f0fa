import type { CompilerSettings } from '../../../compiler/types';

/**
 * What the UI and the VM worker exchange for sharing, export and import: plain structured-clone data.
 * Files travel as `[path, text]` pairs (an object would make a file named `__proto__` special).
 */
export type FilePairs = Array<[string, string]>;

export interface CompilerChoiceData {
  /** 'bundled' or a solc long version. */
  version: string;
  settings: CompilerSettings;
}

/** A compiled contract of the workspace: its creation code (deploys of it travel as its name). */
export interface CompiledContractCode {
  /** `file:Contract` */
  id: string;
  /** `0x…` creation code. */
  bytecode: string;
  /** The contract's ABI (kept with the contracts a shared workspace deployed). */
  abi?: readonly unknown[];
}

/** The workspace as the UI has it now (the freshest files: typing is saved later). */
export interface WorkspaceSnapshot {
  name?: string;
  files: FilePairs;
  compiler: CompilerChoiceData;
  openFiles: string[];
  activeFile: string | null;
  selectedMessage?: number | null;
}

export interface ShareRequest extends WorkspaceSnapshot {
  /** The contracts of a compile of exactly these files with this compiler (may be empty). */
  artifacts: CompiledContractCode[];
}

export interface ShareLinkResult {
  /** `#v1/…` */
  fragment: string;
  length: number;
  /** Longer than the soft limit: some chat apps cut it. */
  long: boolean;
  softLimit: number;
  maxLength: number;
  /** Scenario steps and applied messages the link replays. */
  steps: number;
  messages: number;
}

/** A decoded link, for the opener to compile (names and contents are untrusted text). */
export interface LinkPreview {
  name: string | null;
  files: FilePairs;
  compiler: CompilerChoiceData;
  steps: number;
  expectedStateRoot: string | null;
}

export interface OpenLinkRequest {
  fragment: string;
  /** The contracts of a compile of the link's files with the link's compiler. */
  artifacts: CompiledContractCode[];
}

export interface ReceiptSummary {
  index: number;
  exitCode: number;
  gasUsed: number;
}

export interface OpenedLink {
  workspaceId: string;
  name: string;
  stateRoot: string;
  expectedStateRoot: string | null;
  /** undefined when the link carries no expectation (hand-made). */
  sameStateRoot: boolean | undefined;
  sameReceipts: boolean | undefined;
  receipts: ReceiptSummary[];
}

export interface ExportedWorkspace {
  bytes: Uint8Array;
  fileName: string;
}

export interface ImportedWorkspace {
  workspaceId: string;
  name: string;
  messages: number;
  stateRoot: string;
}
