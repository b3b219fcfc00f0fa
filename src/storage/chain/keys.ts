import type { CID } from '../../worker-vm/ipld/cid';
import { BLOCK_KEY_PREFIX } from '../idbBlockstore';

/**
 * The chain's keys in a workspace database (docs/storage.md). Blocks use the same `b/<cid>` keys as
 * IdbBlockstore; message records are numbered with zero padding so that key order is message order.
 */
export const GENESIS_KEY = 'c/genesis';
export const HEAD_KEY = 'c/head';
export const MESSAGE_KEY_PREFIX = 'm/';
/** `k/<cid>`: Wasm actor code installed on this chain (its bytes are the block `b/<cid>`). */
export const CODE_KEY_PREFIX = 'k/';
export { BLOCK_KEY_PREFIX };

/** Ten digits: more messages than a browser tab will ever apply. */
const INDEX_DIGITS = 10;
export const MAX_MESSAGES = 10 ** INDEX_DIGITS - 1;

export const blockKey = (cid: CID): string => `${BLOCK_KEY_PREFIX}${cid.toString()}`;

export const codeKey = (cid: CID): string => `${CODE_KEY_PREFIX}${cid.toString()}`;

export const messageKey = (index: number): string =>
  `${MESSAGE_KEY_PREFIX}${index.toString().padStart(INDEX_DIGITS, '0')}`;

/** The index in a message key, or undefined if the key is not one this module writes. */
export function indexOfMessageKey(key: string): number | undefined {
  const digits = key.slice(MESSAGE_KEY_PREFIX.length);
  if (!key.startsWith(MESSAGE_KEY_PREFIX) || !/^\d{10}$/.test(digits)) return undefined;
  return Number(digits);
}
