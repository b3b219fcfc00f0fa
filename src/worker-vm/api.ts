import type { PlaygroundSession } from './session/session';
import type { ApiResult } from './session/sessionErrors';
import type {
  ExportedWorkspace,
  ImportedWorkspace,
  LinkPreview,
  OpenedLink,
  OpenLinkRequest,
  ShareLinkResult,
  ShareRequest,
  WorkspaceSnapshot,
} from './session/share/shareTypes';

/** What the VM worker offers the UI (through comlink). */
export interface VmInfo {
  /** The playground's version (package.json). */
  version: string;
  /** The runtime the worker is in, as the worker sees it. */
  runtime: string;
}

/**
 * The session operations the worker exposes, by name. Each answers with JSON-safe data (views and pages,
 * see session/views.ts), never with whole traces.
 */
export const SESSION_METHODS = [
  'state',
  'reset',
  'registerCompilation',
  'estimate',
  'submit',
  'read',
  'createAccount',
  'atAddress',
  'message',
  'callTree',
  'callNode',
  'gasTotals',
  'debugInfo',
  'debugRows',
  'debugStep',
  'debugNavigate',
  'debugSource',
  'gasByLine',
  'stateDiff',
  // Wasm actors (session/wasm): install, list, read-only invoke, syscall trace, bundles.
  'installWasm',
  'wasmOverview',
  'readWasm',
  'syscallTrace',
  'loadBundle',
  // The open workspace (persistence): IndexedDB chain and records, tabs, time travel.
  'openWorkspace',
  'closeWorkspace',
  'workspaceStatus',
  'settledStatus',
  'chainInfo',
  'restoreTo',
  'advanceEpochs',
  'traceOrigin',
  'followWriter',
  'awaitWriter',
  'takeOver',
  'retrySave',
] as const satisfies readonly (keyof PlaygroundSession)[];

export type SessionMethod = (typeof SESSION_METHODS)[number];

type Method<K extends SessionMethod> = PlaygroundSession[K] extends (...args: infer A) => infer R
  ? { args: A; result: Awaited<R> }
  : never;

/**
 * Over the wire, errors are data (`ApiResult`): comlink would keep only an Error's message, and forms need
 * the field an error is at.
 */
export type VmApi = {
  info(): Promise<VmInfo>;
} & ShareApi & {
    [K in SessionMethod]: (...args: Method<K>['args']) => Promise<ApiResult<Method<K>['result']>>;
  };

/** The same operations with errors thrown again (as `VmError`), for the UI. */
export type VmSession = {
  [K in SessionMethod]: (...args: Method<K>['args']) => Promise<Method<K>['result']>;
};

/** Share links, export and import (session/share): not session views, so listed on their own. */
export interface ShareMethods {
  createShareLink(request: ShareRequest): ShareLinkResult;
  previewShareLink(fragment: string): LinkPreview;
  openShareLink(request: OpenLinkRequest): OpenedLink;
  exportWorkspace(snapshot: WorkspaceSnapshot): ExportedWorkspace;
  importWorkspace(bytes: Uint8Array): ImportedWorkspace;
}

export const SHARE_METHODS = [
  'createShareLink',
  'previewShareLink',
  'openShareLink',
  'exportWorkspace',
  'importWorkspace',
] as const satisfies readonly (keyof ShareMethods)[];

export type ShareApi = {
  [K in keyof ShareMethods]: (
    ...args: Parameters<ShareMethods[K]>
  ) => Promise<ApiResult<ReturnType<ShareMethods[K]>>>;
};
