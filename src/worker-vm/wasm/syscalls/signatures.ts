/**
 * Every syscall the FVM links into actor modules (spec 2.4, 2.4.1; ref-fvm `syscalls/mod.rs`
 * `link_syscalls`, with the Filecoin kernel's circulating-supply and proof calls and the default-on
 * `verify-signature` feature). The import object, the install-time import check and the tests all read
 * this one table.
 *
 * `params` is the Wasm signature: `i` an i32, `I` an i64, one letter per parameter, the out-pointer
 * included first for value-returning calls. Every syscall returns one i32 (0 or an error number).
 */
export interface SyscallSignature {
  readonly module: string;
  readonly name: string;
  readonly params: string;
  /**
   * `value`: the first parameter is the out-pointer of a `resultSize`-byte result. `empty`: returns only
   * an error number. `exit`: `vm.exit`, which never returns.
   */
  readonly kind: 'value' | 'empty' | 'exit';
  readonly resultSize: number;
}

const value = (module: string, name: string, params: string, resultSize: number): SyscallSignature => ({
  module,
  name,
  params,
  kind: 'value',
  resultSize,
});
const empty = (module: string, name: string, params: string): SyscallSignature => ({
  module,
  name,
  params,
  kind: 'empty',
  resultSize: 0,
});

/** Result sizes written at the out-pointer (spec 2.3). */
export const RESULT_SIZE = {
  u32: 4,
  u64: 8,
  tokenAmount: 16,
  ipldOpen: 16,
  ipldStat: 12,
  send: 20,
  messageContext: 80,
  networkContext: 44,
  randomness: 32,
  secpPublicKey: 65,
  verifyConsensusFault: 20,
} as const;

const R = RESULT_SIZE;

export const SYSCALLS: readonly SyscallSignature[] = [
  { module: 'vm', name: 'exit', params: 'iiii', kind: 'exit', resultSize: 0 },
  value('vm', 'message_context', 'i', R.messageContext),

  value('network', 'context', 'i', R.networkContext),
  value('network', 'tipset_cid', 'iIii', R.u32),
  value('network', 'total_fil_circ_supply', 'i', R.tokenAmount),

  value('ipld', 'block_open', 'ii', R.ipldOpen),
  value('ipld', 'block_create', 'iIii', R.u32),
  value('ipld', 'block_read', 'iiiii', R.u32),
  value('ipld', 'block_stat', 'ii', R.ipldStat),
  value('ipld', 'block_link', 'iiIiii', R.u32),

  value('self', 'root', 'iii', R.u32),
  empty('self', 'set_root', 'i'),
  value('self', 'current_balance', 'i', R.tokenAmount),
  empty('self', 'self_destruct', 'i'),

  value('actor', 'resolve_address', 'iii', R.u64),
  value('actor', 'lookup_delegated_address', 'iIii', R.u32),
  value('actor', 'get_actor_code_cid', 'iIii', R.u32),
  value('actor', 'next_actor_address', 'iii', R.u32),
  empty('actor', 'create_actor', 'Iiii'),
  value('actor', 'get_builtin_actor_type', 'ii', R.u32),
  value('actor', 'get_code_cid_for_type', 'iiii', R.u32),
  value('actor', 'balance_of', 'iI', R.tokenAmount),

  value('crypto', 'verify_signature', 'iiiiiiii', R.u32),
  value('crypto', 'verify_bls_aggregate', 'iiiiii', R.u32),
  value('crypto', 'recover_secp_public_key', 'iii', R.secpPublicKey),
  value('crypto', 'hash', 'iIiiii', R.u32),
  value('crypto', 'compute_unsealed_sector_cid', 'iIiiii', R.u32),
  value('crypto', 'verify_post', 'iii', R.u32),
  value('crypto', 'verify_consensus_fault', 'iiiiiii', R.verifyConsensusFault),
  value('crypto', 'verify_aggregate_seals', 'iii', R.u32),
  value('crypto', 'verify_replica_update', 'iii', R.u32),
  empty('crypto', 'batch_verify_seals', 'iii'),

  value('rand', 'get_chain_randomness', 'iI', R.randomness),
  value('rand', 'get_beacon_randomness', 'iI', R.randomness),

  empty('gas', 'charge', 'iiI'),
  value('gas', 'available', 'i', R.u64),

  value('send', 'send', 'iiiIiIIII', R.send),

  empty('event', 'emit_event', 'iiiiii'),

  value('debug', 'enabled', 'i', R.u32),
  empty('debug', 'log', 'ii'),
  empty('debug', 'store_artifact', 'iiii'),
];

const byKey = new Map(SYSCALLS.map((s) => [`${s.module}.${s.name}`, s]));

export const findSyscall = (module: string, name: string): SyscallSignature | undefined =>
  byKey.get(`${module}.${name}`);

/** The signature as `describeModule` prints import types, e.g. `(i32, i64) -> i32`. */
export const signatureText = (s: SyscallSignature): string =>
  `(${[...s.params].map((p) => (p === 'I' ? 'i64' : 'i32')).join(', ')}) -> i32`;
