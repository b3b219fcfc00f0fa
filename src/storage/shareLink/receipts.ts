import { blake2b } from '@noble/hashes/blake2.js';
import { base64url } from 'multiformats/bases/base64';
import type { Receipt } from '../../worker-vm/executor/applyMessage';
import { encodeDagCbor } from '../../worker-vm/ipld/cid';

/**
 * A short fingerprint of the receipts of a chain's messages, in order (exit code, return data, gas used,
 * events root): 16 bytes of blake2b-256 over their DAG-CBOR, base64url. A link carries it so the opener can
 * say "same receipts" without carrying them.
 */
export function receiptsDigest(receipts: readonly Receipt[]): string {
  const data = encodeDagCbor(receipts.map((r) => [r.exitCode, r.returnData, r.gasUsed, r.eventsRoot]));
  return base64url.baseEncode(blake2b(data, { dkLen: 32 }).subarray(0, 16));
}
