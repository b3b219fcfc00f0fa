/**
 * The FVM's gas prices (spec 6.2; ref-fvm `fvm/src/gas/price_list.rs`, WATERMELON = TEEP for everything
 * an EVM playground uses). All values are in **milligas** (1 gas = 1000 milligas), so that the fractional
 * per-byte prices (0.4, 2.4) are integers.
 */
export const GAS = 1000;

export const PRICES = {
  // 5.2 / 6.2 message inclusion
  onChainMessageCompute: 38_863 * GAS,
  onChainMessageStorageBase: 46_800 * GAS, // 36 · 1,300
  onChainMessageStoragePerByte: 1_300 * GAS,
  onChainReturnStoragePerByte: 1_300 * GAS,

  // 4.2 sends
  sendTransferFunds: 6_000 * GAS,
  sendInvokeMethod: 75_000 * GAS,

  // 6.3 state access
  actorLookup: 500_000 * GAS,
  actorUpdate: 475_000 * GAS,
  actorCreateStorage: 650_000 * GAS,
  addressLookup: 1_050_000 * GAS,
  addressAssignment: 1_000_000 * GAS,

  // crypto
  secp256k1SigBase: 1_637_292 * GAS,
  secp256k1SigPerByte: 10 * GAS,
  blsSigBase: 16_598_605 * GAS,
  blsSigPerByte: 26 * GAS,
  secp256k1Recover: 1_637_292 * GAS,
  blsPairing: 8_299_302 * GAS,
  blsHashingPerByte: 7 * GAS,

  // randomness and tipset CIDs (5,800·19 + 15,000 + 21,000 flat)
  lookbackBase: 146_200 * GAS,
  lookbackPerEpoch: 75 * GAS,

  // IPLD blocks (6.4)
  blockAllocatePerByte: 2 * GAS,
  blockMemcpyPerByte: 400, // 0.4 gas
  blockMemoryRetentionMinimumPerByte: 10 * GAS,
  blockOpen: 187_440 * GAS,
  blockOpenBaseCompute: 300 * GAS,
  blockPersistStorageBase: 334_000 * GAS,
  blockPersistStoragePerByte: 3_340 * GAS,
  blockPersistCompute: 172_000 * GAS,
  ipldCborScanPerField: 35 * GAS,
  ipldCborScanPerCid: 400 * GAS,
  ipldLinkTracked: 300 * GAS,
  ipldLinkChecked: 300 * GAS,

  // events (6.4)
  eventPerEntryBase: 2_000 * GAS,
  eventPerEntry: 1_400 * GAS,
  utf8ValidationBase: 500 * GAS,
  utf8ValidationPerByte: 16 * GAS,

  // 2.1 syscalls
  hostCall: 14_000 * GAS,
  actorGetRoot: 300 * GAS,
  actorSetRoot: 300 * GAS,

  // 6.5 Wasm (used by instrumentation and memory/table init)
  wasmMemoryPerByte: 400, // 0.4 gas per byte of memory (init, grow, copy, fill)
  wasmTablePerElement: 3_200, // 3.2 gas per table element
} as const;

/** Per-byte hashing prices, by multihash code (spec 2.4 `crypto.hash`). */
export const HASH_PRICE_PER_BYTE: ReadonlyMap<number, number> = new Map([
  [0x12, 7 * GAS], // sha2-256
  [0xb220, 10 * GAS], // blake2b-256
  [0xb240, 10 * GAS], // blake2b-512
  [0x1b, 33 * GAS], // keccak-256
  [0x1053, 35 * GAS], // ripemd-160
]);

/** Actors whose state access is free: preloaded singletons (spec 6.3). */
export const PRELOADED_ACTORS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 10, 99];
