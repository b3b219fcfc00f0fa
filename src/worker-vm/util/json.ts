import { Address } from '../address';
import { CID } from '../ipld/cid';
import { bytesToHex } from './bytes';

/**
 * Plain JSON for values the VM uses: bigints as decimal strings, bytes as 0x-hex, CIDs and addresses as
 * strings, Maps as objects. Used by the headless runner and the worker API.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `0x${bytesToHex(value)}`;
  if (value instanceof Address) return value.toString();
  const cid = CID.asCID(value);
  if (cid) return cid.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJsonValue(item);
    return out;
  }
  return value;
}
