import { type Address, Protocol } from '../address';
import { encodeBigInt } from '../encoding/bigint';
import { invalidInput } from '../errors';
import { type CID, cidForBlock, encodeDagCbor } from '../ipld/cid';
import { DAG_CBOR } from '../ipld/codecs';

/** A Filecoin message (spec 5.1). */
export interface Message {
  readonly version: 0;
  readonly to: Address;
  readonly from: Address;
  readonly sequence: number;
  readonly value: bigint;
  readonly gasLimit: number;
  readonly gasFeeCap: bigint;
  readonly gasPremium: bigint;
  readonly method: number;
  readonly params: Uint8Array;
}

/** Block gas limit: Lotus refuses messages above it (spec 5.6). */
export const BLOCK_GAS_LIMIT = 10_000_000_000;
/** Total FIL supply in attoFIL (2 billion FIL), the upper bound Lotus allows for a value (spec 5.6). */
export const TOTAL_FILECOIN_ATTO = 2_000_000_000n * 10n ** 18n;

/** CBOR tuple in wire order `[version, to, from, sequence, value, gas_limit, fee_cap, premium, method, params]`. */
export function encodeMessage(message: Message): Uint8Array {
  return encodeDagCbor([
    message.version,
    message.to.bytes,
    message.from.bytes,
    message.sequence,
    encodeBigInt(message.value),
    message.gasLimit,
    encodeBigInt(message.gasFeeCap),
    encodeBigInt(message.gasPremium),
    message.method,
    message.params,
  ]);
}

export function messageCid(message: Message): CID {
  return cidForBlock(DAG_CBOR, encodeMessage(message));
}

/**
 * The "chain length" the FVM charges inclusion gas for (spec 5.1): the serialized signed message
 * `[message, signature]`, where a secp256k1 or delegated signature is 1 type byte + 65 bytes; for BLS
 * senders it is the unsigned message. The playground does not sign messages (the FVM never checks
 * signatures; Lotus does), but the length is exactly what a signed message would have.
 */
export function chainLength(message: Message): number {
  const unsigned = encodeMessage(message);
  if (message.from.protocol === Protocol.BLS) return unsigned.length;
  const signature = 66;
  // array(2) header + message + byte-string header (0x58 0x42) + signature bytes
  return 1 + unsigned.length + 2 + signature;
}

/**
 * Rejects messages the playground cannot apply at all (nothing changes, the caller gets an error): the FVM's
 * own `check()` (0 < gas limit) plus limits the playground enforces from Lotus (spec 5.6): version 0,
 * non-negative amounts, value within the FIL supply, gas limit within the block gas limit. A gas limit
 * below the inclusion cost, a wrong nonce or an unknown sender are *not* rejected here: the FVM answers
 * those with a receipt (spec 5.2).
 */
export function validateMessage(message: Message): string[] {
  const problems: string[] = [];
  if (message.version !== 0) problems.push('version must be 0');
  if (message.value < 0n) problems.push('value must not be negative');
  if (message.value > TOTAL_FILECOIN_ATTO) problems.push('value exceeds the total FIL supply');
  if (message.gasFeeCap < 0n) problems.push('gas fee cap must not be negative');
  if (message.gasPremium < 0n) problems.push('gas premium must not be negative');
  if (!Number.isSafeInteger(message.gasLimit) || message.gasLimit <= 0)
    problems.push('gas limit must be a positive integer');
  else if (message.gasLimit > BLOCK_GAS_LIMIT)
    problems.push(`gas limit must not exceed the block gas limit ${BLOCK_GAS_LIMIT}`);
  if (!Number.isSafeInteger(message.sequence) || message.sequence < 0)
    problems.push('sequence must be a non-negative integer');
  if (!Number.isSafeInteger(message.method) || message.method < 0)
    problems.push('method must be a non-negative integer');
  return problems;
}

export function assertValidMessage(message: Message): void {
  const problems = validateMessage(message);
  if (problems.length > 0) throw invalidInput(problems.join('; '), 'message');
}

/** Lotus would not include this message (spec 5.6), though the FVM would apply it: warnings for the UI. */
export function lotusWarnings(message: Message, inclusionGas: number): string[] {
  const warnings: string[] = [];
  if (message.gasPremium > message.gasFeeCap) warnings.push('gas premium exceeds the gas fee cap');
  if (message.gasLimit < inclusionGas)
    warnings.push(`gas limit ${message.gasLimit} is below the inclusion cost ${inclusionGas}`);
  return warnings;
}
