// The FVM syscalls, exactly as ref-fvm links them (spec 2.4.1). Every call returns 0 or an error number;
// value-returning calls take an out-pointer first, where the host writes a packed little-endian result.
// Only the syscalls a module calls become imports, so declaring all of them here costs nothing.
//
// Most actors never need these: the rest of the SDK wraps them. They are exported for the cases it does not.

// ---- vm ----
@external("vm", "exit")
export declare function vm_exit(code: u32, blockId: u32, message: usize, messageLength: u32): u32;
@external("vm", "message_context")
export declare function vm_message_context(ret: usize): u32;

// ---- network ----
@external("network", "context")
export declare function network_context(ret: usize): u32;
@external("network", "tipset_cid")
export declare function network_tipset_cid(ret: usize, epoch: i64, cid: usize, cidMaxLength: u32): u32;
@external("network", "total_fil_circ_supply")
export declare function network_total_fil_circ_supply(ret: usize): u32;

// ---- ipld ----
@external("ipld", "block_open")
export declare function ipld_block_open(ret: usize, cid: usize): u32;
@external("ipld", "block_create")
export declare function ipld_block_create(ret: usize, codec: u64, data: usize, length: u32): u32;
@external("ipld", "block_read")
export declare function ipld_block_read(ret: usize, id: u32, offset: u32, buffer: usize, length: u32): u32;
@external("ipld", "block_stat")
export declare function ipld_block_stat(ret: usize, id: u32): u32;
@external("ipld", "block_link")
export declare function ipld_block_link(
  ret: usize,
  id: u32,
  hashFunction: u64,
  hashLength: u32,
  cid: usize,
  cidMaxLength: u32,
): u32;

// ---- self ----
@external("self", "root")
export declare function self_root(ret: usize, cid: usize, cidMaxLength: u32): u32;
@external("self", "set_root")
export declare function self_set_root(cid: usize): u32;
@external("self", "current_balance")
export declare function self_current_balance(ret: usize): u32;
@external("self", "self_destruct")
export declare function self_self_destruct(burnUnspent: u32): u32;

// ---- actor ----
@external("actor", "resolve_address")
export declare function actor_resolve_address(ret: usize, address: usize, length: u32): u32;
@external("actor", "lookup_delegated_address")
export declare function actor_lookup_delegated_address(ret: usize, actorId: u64, buffer: usize, length: u32): u32;
@external("actor", "get_actor_code_cid")
export declare function actor_get_actor_code_cid(ret: usize, actorId: u64, buffer: usize, length: u32): u32;
@external("actor", "next_actor_address")
export declare function actor_next_actor_address(ret: usize, buffer: usize, length: u32): u32;
@external("actor", "create_actor")
export declare function actor_create_actor(actorId: u64, codeCid: usize, delegated: usize, delegatedLength: u32): u32;
@external("actor", "get_builtin_actor_type")
export declare function actor_get_builtin_actor_type(ret: usize, codeCid: usize): u32;
@external("actor", "get_code_cid_for_type")
export declare function actor_get_code_cid_for_type(ret: usize, actorType: i32, buffer: usize, length: u32): u32;
@external("actor", "balance_of")
export declare function actor_balance_of(ret: usize, actorId: u64): u32;

// ---- crypto ----
@external("crypto", "verify_signature")
export declare function crypto_verify_signature(
  ret: usize,
  signatureType: u32,
  signature: usize,
  signatureLength: u32,
  signer: usize,
  signerLength: u32,
  plaintext: usize,
  plaintextLength: u32,
): u32;
@external("crypto", "verify_bls_aggregate")
export declare function crypto_verify_bls_aggregate(
  ret: usize,
  signers: u32,
  signature: usize,
  publicKeys: usize,
  plaintexts: usize,
  plaintextLengths: usize,
): u32;
@external("crypto", "recover_secp_public_key")
export declare function crypto_recover_secp_public_key(ret: usize, hash: usize, signature: usize): u32;
@external("crypto", "hash")
export declare function crypto_hash(
  ret: usize,
  hashCode: u64,
  data: usize,
  length: u32,
  digest: usize,
  digestLength: u32,
): u32;
@external("crypto", "compute_unsealed_sector_cid")
export declare function crypto_compute_unsealed_sector_cid(
  ret: usize,
  proofType: i64,
  pieces: usize,
  piecesLength: u32,
  cid: usize,
  cidLength: u32,
): u32;
@external("crypto", "verify_post")
export declare function crypto_verify_post(ret: usize, info: usize, length: u32): u32;
@external("crypto", "verify_consensus_fault")
export declare function crypto_verify_consensus_fault(
  ret: usize,
  header1: usize,
  header1Length: u32,
  header2: usize,
  header2Length: u32,
  extra: usize,
  extraLength: u32,
): u32;
@external("crypto", "verify_aggregate_seals")
export declare function crypto_verify_aggregate_seals(ret: usize, aggregate: usize, length: u32): u32;
@external("crypto", "verify_replica_update")
export declare function crypto_verify_replica_update(ret: usize, replica: usize, length: u32): u32;
@external("crypto", "batch_verify_seals")
export declare function crypto_batch_verify_seals(batch: usize, length: u32, results: usize): u32;

// ---- rand ----
@external("rand", "get_chain_randomness")
export declare function rand_get_chain_randomness(ret: usize, epoch: i64): u32;
@external("rand", "get_beacon_randomness")
export declare function rand_get_beacon_randomness(ret: usize, epoch: i64): u32;

// ---- gas ----
@external("gas", "charge")
export declare function gas_charge(name: usize, nameLength: u32, amount: u64): u32;
@external("gas", "available")
export declare function gas_available(ret: usize): u32;

// ---- send ----
@external("send", "send")
export declare function send_send(
  ret: usize,
  recipient: usize,
  recipientLength: u32,
  method: u64,
  paramsId: u32,
  valueHi: u64,
  valueLo: u64,
  gasLimit: u64,
  flags: u64,
): u32;

// ---- event ----
@external("event", "emit_event")
export declare function event_emit_event(
  entries: usize,
  entryCount: u32,
  keys: usize,
  keysLength: u32,
  values: usize,
  valuesLength: u32,
): u32;

// ---- debug ----
@external("debug", "enabled")
export declare function debug_enabled(ret: usize): u32;
@external("debug", "log")
export declare function debug_log(message: usize, length: u32): u32;
@external("debug", "store_artifact")
export declare function debug_store_artifact(name: usize, nameLength: u32, data: usize, dataLength: u32): u32;

/** A static scratch area for syscall results (the largest, the secp public key, is 65 bytes). */
export const SCRATCH: usize = memory.data(128, 16);
