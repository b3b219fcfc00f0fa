import { invalidInput } from '../errors';
import { bytesEqual } from './bytes';
import { encodeDagCbor } from './cid';

/**
 * Values stored in the IPLD structures are plain IPLD data. Two values are the same when their
 * DAG-CBOR encodings are the same bytes (what decides whether a `set` changes a node's CID).
 */
export function sameIpldValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
    return false;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return bytesEqual(a, b);
  return bytesEqual(encodeDagCbor(a), encodeDagCbor(b));
}

/** Rejects a value DAG-CBOR cannot encode, before any structure is touched. */
export function checkIpldValue(value: unknown, where: string): void {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value instanceof Uint8Array
  ) {
    return;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return;
  try {
    encodeDagCbor(value);
  } catch (error) {
    throw invalidInput(`value is not encodable as DAG-CBOR (${(error as Error).message})`, where);
  }
}
