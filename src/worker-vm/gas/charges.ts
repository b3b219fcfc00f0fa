import { type GasCharge, gasCharge } from './charge';
import { HASH_PRICE_PER_BYTE, PRICES as P } from './priceList';

/**
 * Every named charge of spec 6.4 as a function of its inputs. The kernel calls these; nothing else
 * computes a gas amount, so each rule has one implementation.
 */

/** Safe multiply-add on milligas numbers: saturates instead of losing integer precision. */
const sat = (value: number) => (value > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : value);

export const onChainMessage = (length: number): GasCharge =>
  gasCharge(
    'OnChainMessage',
    P.onChainMessageCompute,
    P.actorUpdate + P.onChainMessageStorageBase + P.onChainMessageStoragePerByte * length,
  );

export const onChainReturnValue = (length: number): GasCharge =>
  gasCharge('OnChainReturnValue', 0, P.onChainReturnStoragePerByte * length);

export const onReturnValue = (links: number): GasCharge =>
  gasCharge('OnReturnValue', P.ipldLinkTracked * links);

export const onValueTransfer = (): GasCharge => gasCharge('OnValueTransfer', P.sendTransferFunds);

export const onMethodInvocation = (paramLinks: number): GasCharge =>
  gasCharge('OnMethodInvocation', P.sendInvokeMethod + P.ipldLinkTracked * paramLinks);

/** Explicit creation by the Init actor (650,000) or implicit creation by a send (2,700,000) (spec 4.4). */
export const onCreateActor = (bySend: boolean): GasCharge =>
  gasCharge('OnCreateActor', 0, P.actorCreateStorage + (bySend ? P.addressAssignment + P.addressLookup : 0));

export const onDeleteActor = (): GasCharge => gasCharge('OnDeleteActor', 0);
export const onActorLookup = (): GasCharge => gasCharge('OnActorLookup', 0, P.actorLookup);
export const onActorUpdate = (): GasCharge => gasCharge('OnActorUpdate', 0, P.actorUpdate);
export const onResolveAddress = (): GasCharge => gasCharge('OnResolveAddress', 0);
export const onSyscall = (): GasCharge => gasCharge('OnSyscall', P.hostCall);
export const onActorGetRoot = (): GasCharge => gasCharge('OnActorGetRoot', P.actorGetRoot);
export const onActorSetRoot = (): GasCharge => gasCharge('OnActorSetRoot', P.actorSetRoot);

/** The charges that cost nothing but still appear in traces (spec 6.4, "zero-cost names"). */
export const zeroCharge = (
  name:
    | 'OnSelfBalance'
    | 'OnBalanceOf'
    | 'OnLookupAddress'
    | 'OnGetActorCodeCid'
    | 'OnGetBuiltinActorType'
    | 'OnGetCodeCidForType'
    | 'OnNetworkContext'
    | 'OnMessageContext'
    | 'OnBlockStat',
): GasCharge => gasCharge(name, 0);

export const onBlockOpenBase = (): GasCharge =>
  gasCharge('OnBlockOpenBase', P.blockOpenBaseCompute, P.blockOpen);

export const onScanIpldLinks = (fields: number, cids: number): GasCharge =>
  gasCharge('OnScanIpldLinks', P.ipldCborScanPerField * fields + P.ipldCborScanPerCid * cids);

/** Memory retention: blocks pay at least 10 gas/byte in total (spec 6.4). */
const retention = (bytes: number, alreadyCharged: number) =>
  Math.max(0, P.blockMemoryRetentionMinimumPerByte * bytes - alreadyCharged);

const allocateAndCopy = (bytes: number) => (P.blockAllocatePerByte + P.blockMemcpyPerByte) * bytes;

export const onBlockOpen = (bytes: number, links: number): GasCharge => {
  const compute = P.ipldLinkTracked * links;
  const copy = allocateAndCopy(bytes);
  return gasCharge('OnBlockOpen', compute, copy + retention(bytes, compute + copy));
};

export const onBlockCreate = (bytes: number, links: number): GasCharge => {
  const compute = allocateAndCopy(bytes) + P.ipldLinkChecked * links;
  return gasCharge('OnBlockCreate', compute, retention(bytes, compute));
};

export const onBlockRead = (bytesRead: number): GasCharge =>
  gasCharge('OnBlockRead', P.blockMemcpyPerByte * bytesRead);

/** Linking (hashing and persisting) a block with blake2b-256 (spec 6.4). */
export const onBlockLink = (bytes: number): GasCharge =>
  gasCharge(
    'OnBlockLink',
    allocateAndCopy(bytes) + HASH_PRICE_PER_BYTE.get(0xb220)! * bytes + P.ipldLinkChecked,
    P.blockPersistCompute + P.blockPersistStorageBase + P.blockPersistStoragePerByte * bytes,
  );

export const onHashing = (hashCode: number, bytes: number): GasCharge => {
  const perByte = HASH_PRICE_PER_BYTE.get(hashCode);
  if (perByte === undefined) throw new Error(`no hashing price for multihash 0x${hashCode.toString(16)}`);
  return gasCharge('OnHashing', perByte * bytes);
};

export const onVerifySignature = (kind: 'secp256k1' | 'bls', plaintextBytes: number): GasCharge =>
  gasCharge(
    'OnVerifySignature',
    kind === 'secp256k1'
      ? P.secp256k1SigBase + P.secp256k1SigPerByte * plaintextBytes
      : P.blsSigBase + P.blsSigPerByte * plaintextBytes,
  );

export const onVerifyBlsAggregateSignature = (signers: number, plaintextBytes: number): GasCharge =>
  gasCharge(
    'OnVerifyBlsAggregateSignature',
    P.blsPairing * (signers + 1) + P.blsHashingPerByte * plaintextBytes,
  );

export const onRecoverSecpPublicKey = (): GasCharge =>
  gasCharge('OnRecoverSecpPublicKey', P.secp256k1Recover);

/**
 * Randomness and tipset-CID lookback (spec 2.4). A lookback that is negative (a future epoch) wraps to a
 * huge u64 in ref-fvm and saturates: the caller runs out of gas (the quirk of spec 13 item 13).
 */
const lookback = (name: string, epochs: bigint): GasCharge =>
  gasCharge(
    name,
    0,
    epochs < 0n ? Number.MAX_SAFE_INTEGER : sat(P.lookbackBase + P.lookbackPerEpoch * Number(epochs)),
  );

export const onGetRandomness = (lookbackEpochs: bigint) => lookback('OnGetRandomness', lookbackEpochs);
export const onTipsetCid = (lookbackEpochs: bigint) => lookback('OnTipsetCid', lookbackEpochs);

/** Events: E entries, K total key bytes, V total value bytes (spec 6.4). */
export const onActorEvent = (entries: number, keyBytes: number, valueBytes: number): GasCharge => {
  const estimatedSize = 12 + 9 * entries + keyBytes + valueBytes;
  const memory = allocateAndCopy(estimatedSize);
  return gasCharge(
    'OnActorEvent',
    2 * memory +
      (P.eventPerEntryBase + P.eventPerEntry * entries) +
      (P.utf8ValidationBase + P.utf8ValidationPerByte * keyBytes),
    P.blockMemoryRetentionMinimumPerByte * estimatedSize + memory,
  );
};

export const wasmMemoryInit = (minPages: number): GasCharge =>
  gasCharge('wasm_memory_init', P.wasmMemoryPerByte * minPages * 65_536);

export const wasmTableInit = (minElements: number): GasCharge =>
  gasCharge('wasm_table_init', P.wasmTablePerElement * minElements);
