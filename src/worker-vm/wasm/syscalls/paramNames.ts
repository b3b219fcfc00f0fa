/**
 * The names of each syscall's parameters (spec 2.4; the proof calls after the SDK's `sys/crypto.rs`), for
 * the syscall trace: `block_read(id=1 offset=0 buf_off=0x1d90 buf_len=1)` instead of bare numbers. The
 * out-pointer of a value-returning call is not listed here (the trace shows it as `ret`).
 * `paramNames.test.ts` checks that every syscall of `signatures.ts` has as many names as parameters.
 */
export const PARAM_NAMES: Readonly<Record<string, readonly string[]>> = {
  'vm.exit': ['code', 'blk_id', 'msg_off', 'msg_len'],
  'vm.message_context': [],

  'network.context': [],
  'network.tipset_cid': ['epoch', 'buf_off', 'buf_len'],
  'network.total_fil_circ_supply': [],

  'ipld.block_open': ['cid_off'],
  'ipld.block_create': ['codec', 'data_off', 'data_len'],
  'ipld.block_read': ['id', 'offset', 'buf_off', 'buf_len'],
  'ipld.block_stat': ['id'],
  'ipld.block_link': ['id', 'hash_fun', 'hash_len', 'cid_off', 'cid_max_len'],

  'self.root': ['cid_off', 'cid_max_len'],
  'self.set_root': ['cid_off'],
  'self.current_balance': [],
  'self.self_destruct': ['burn_unspent'],

  'actor.resolve_address': ['addr_off', 'addr_len'],
  'actor.lookup_delegated_address': ['actor_id', 'buf_off', 'buf_len'],
  'actor.get_actor_code_cid': ['actor_id', 'buf_off', 'buf_len'],
  'actor.next_actor_address': ['buf_off', 'buf_len'],
  'actor.create_actor': ['actor_id', 'code_cid_off', 'deleg_off', 'deleg_len'],
  'actor.get_builtin_actor_type': ['cid_off'],
  'actor.get_code_cid_for_type': ['typ', 'buf_off', 'buf_len'],
  'actor.balance_of': ['actor_id'],

  'crypto.verify_signature': ['sig_type', 'sig_off', 'sig_len', 'addr_off', 'addr_len', 'pt_off', 'pt_len'],
  'crypto.verify_bls_aggregate': [
    'num_signers',
    'sig_off',
    'pubkeys_off',
    'plaintexts_off',
    'plaintext_lens_off',
  ],
  'crypto.recover_secp_public_key': ['hash_off', 'sig_off'],
  'crypto.hash': ['hash_code', 'data_off', 'data_len', 'digest_off', 'digest_len'],
  'crypto.compute_unsealed_sector_cid': ['proof_type', 'pieces_off', 'pieces_len', 'cid_off', 'cid_len'],
  'crypto.verify_post': ['info_off', 'info_len'],
  'crypto.verify_consensus_fault': ['h1_off', 'h1_len', 'h2_off', 'h2_len', 'extra_off', 'extra_len'],
  'crypto.verify_aggregate_seals': ['agg_off', 'agg_len'],
  'crypto.verify_replica_update': ['rep_off', 'rep_len'],
  'crypto.batch_verify_seals': ['batch_off', 'batch_len', 'result_off'],

  'rand.get_chain_randomness': ['epoch'],
  'rand.get_beacon_randomness': ['epoch'],

  'gas.charge': ['name_off', 'name_len', 'amount'],
  'gas.available': [],

  'send.send': [
    'recipient_off',
    'recipient_len',
    'method',
    'params_id',
    'value_hi',
    'value_lo',
    'gas_limit',
    'flags',
  ],

  'event.emit_event': ['evt_off', 'evt_count', 'key_off', 'key_len', 'val_off', 'val_len'],

  'debug.enabled': [],
  'debug.log': ['msg_off', 'msg_len'],
  'debug.store_artifact': ['name_off', 'name_len', 'data_off', 'data_len'],
};
