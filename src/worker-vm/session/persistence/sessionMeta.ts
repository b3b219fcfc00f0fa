import type { AbiFunction } from 'viem';
import { malformed } from '../../errors';
import type { MessageKind } from '../views';

/**
 * What the session keeps beside the chain, stored in the workspace's database next to it: the accounts
 * the user created, the contracts it knows (with the artifact each was built from), and per message what
 * it was for (deploy, call of which function). The chain holds the messages themselves; without this
 * record (an imported file, a crash between the two writes) the session rebuilds a plainer version from
 * the chain alone (restoreBookkeeping.ts).
 *
 * Artifacts are named by the compilation they came from: `compilation` is a hash of the compiler output
 * the UI registered (stored once under `p/compilation/<hash>`), `id` the artifact's `file:Contract`. The
 * registry's own keys (`<n>:<file>:<Contract>`) count compiles and mean nothing after a reload.
 */
export const META_KEY = 'p/session';
export const COMPILATION_KEY_PREFIX = 'p/compilation/';
export const META_VERSION = 1;

export interface StoredArtifactRef {
  readonly compilation: string;
  readonly id: string;
}

export interface StoredAccount {
  readonly kind: 'secp256k1' | 'eth';
  readonly address: string;
  readonly label: string;
}

export interface StoredContract {
  readonly name: string;
  readonly artifact: StoredArtifactRef | null;
  readonly address: string;
  readonly id: number;
  readonly createdBy: number | null;
  readonly source: 'deployed' | 'created' | 'at-address';
}

export interface StoredMessageMeta {
  readonly kind: MessageKind;
  readonly action: string;
  readonly contract: number | null;
  readonly fn: AbiFunction | null;
  readonly artifact: StoredArtifactRef | null;
  readonly deployed: number | null;
}

export interface SessionMeta {
  readonly v: typeof META_VERSION;
  /** Accounts created in the session (the genesis ones follow from the chain's genesis). */
  readonly accounts: readonly StoredAccount[];
  /** How many accounts of each kind were derived so far (the next derivation index). */
  readonly created: { readonly secp256k1: number; readonly eth: number };
  readonly contracts: readonly StoredContract[];
  /** By message index (the chain's log index). */
  readonly messages: readonly StoredMessageMeta[];
}

// 'wasm': messages to Wasm actors (session/wasm), kept by name so the record reads before that kind exists.
const KINDS = new Set(['deploy', 'invoke', 'send', 'wasm']);
const SOURCES = new Set(['deployed', 'created', 'at-address']);

/** Checks a stored session record; a corrupted one is refused whole (the chain alone is the fallback). */
export function checkSessionMeta(value: unknown, where = META_KEY): SessionMeta {
  const fail = (why: string): never => {
    throw malformed(`the session record is corrupted (${why})`, where);
  };
  const obj = (v: unknown, what: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(what);
  const list = (v: unknown, what: string): unknown[] => (Array.isArray(v) ? v : fail(what));
  const text = (v: unknown, what: string): string => (typeof v === 'string' ? v : fail(what));
  const index = (v: unknown, what: string): number =>
    Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(what);
  const indexOrNull = (v: unknown, what: string): number | null => (v === null ? null : index(v, what));
  const ref = (v: unknown): StoredArtifactRef | null => {
    if (v === null) return null;
    const r = obj(v, 'artifact');
    return { compilation: text(r.compilation, 'artifact.compilation'), id: text(r.id, 'artifact.id') };
  };

  const meta = obj(value, 'not an object');
  if (meta.v !== META_VERSION)
    fail(typeof meta.v === 'number' && meta.v > META_VERSION ? `newer version ${meta.v}` : 'no version');
  const created = obj(meta.created, 'created');
  return {
    v: META_VERSION,
    created: { secp256k1: index(created.secp256k1, 'created'), eth: index(created.eth, 'created') },
    accounts: list(meta.accounts, 'accounts').map((a) => {
      const r = obj(a, 'account');
      const kind = r.kind === 'eth' || r.kind === 'secp256k1' ? r.kind : fail('account kind');
      return { kind, address: text(r.address, 'account address'), label: text(r.label, 'account label') };
    }),
    contracts: list(meta.contracts, 'contracts').map((c) => {
      const r = obj(c, 'contract');
      const source = SOURCES.has(r.source as string)
        ? (r.source as StoredContract['source'])
        : fail('source');
      return {
        name: text(r.name, 'contract name'),
        artifact: ref(r.artifact),
        address: text(r.address, 'contract address'),
        id: index(r.id, 'contract id'),
        createdBy: indexOrNull(r.createdBy, 'createdBy'),
        source,
      };
    }),
    messages: list(meta.messages, 'messages').map((m) => {
      const r = obj(m, 'message');
      const kind = KINDS.has(r.kind as string) ? (r.kind as MessageKind) : fail('message kind');
      const fn = r.fn === null ? null : obj(r.fn, 'fn');
      if (fn !== null && (fn.type !== 'function' || typeof fn.name !== 'string' || !Array.isArray(fn.inputs)))
        fail('fn');
      return {
        kind,
        action: text(r.action, 'action'),
        contract: indexOrNull(r.contract, 'contract'),
        fn: fn as AbiFunction | null,
        artifact: ref(r.artifact),
        deployed: indexOrNull(r.deployed, 'deployed'),
      };
    }),
  };
}
