import { blake2b } from '@noble/hashes/blake2.js';
import { deflateSync } from 'fflate';
import { base64url } from 'multiformats/bases/base64';
import { malformed, PlaygroundError } from '../../worker-vm/errors';
import { inflateRawBounded } from './boundedInflate';
import { checkPayload, type SharePayload } from './payload';

/**
 * Link format 1: `#v1/` + base64url (RFC 4648, no padding) of
 *   checksum (4 bytes: blake2b-256 of the JSON, truncated) ‖ raw DEFLATE of the payload as UTF-8 JSON.
 * The checksum turns a damaged link (a character lost in a chat app) into a clear error rather than a
 * different workspace. This decoder stays as it is when later versions are added.
 */
export const V1 = 1;
const CHECKSUM_BYTES = 4;

export function encodeV1(payload: SharePayload): { body: string; jsonBytes: number } {
  const json = new TextEncoder().encode(JSON.stringify(payloadToJson(payload)));
  return { body: packV1(json), jsonBytes: json.length };
}

/** The format-1 body of any JSON bytes (the encoder's last step; tests use it to build hostile links). */
export function packV1(json: Uint8Array): string {
  const deflated = deflateSync(json, { level: 9 });
  const bytes = new Uint8Array(CHECKSUM_BYTES + deflated.length);
  bytes.set(checksum(json), 0);
  bytes.set(deflated, CHECKSUM_BYTES);
  return base64url.baseEncode(bytes);
}

export function decodeV1(body: string, maxPayloadBytes: number, where: string): SharePayload {
  if (!/^[A-Za-z0-9_-]*$/.test(body)) throw malformed('contains characters a share link never has', where);
  let bytes: Uint8Array;
  try {
    bytes = base64url.baseDecode(body);
  } catch {
    throw malformed('is cut short or damaged (not valid base64url)', where);
  }
  if (bytes.length <= CHECKSUM_BYTES) throw malformed('is cut short', where);
  const json = inflateRawBounded(bytes.subarray(CHECKSUM_BYTES), maxPayloadBytes, where);
  const expected = checksum(json);
  for (let i = 0; i < CHECKSUM_BYTES; i++) {
    if (bytes[i] !== expected[i]) throw malformed('is damaged (its checksum does not match)', where);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    throw malformed(
      `does not hold valid JSON (${error instanceof Error ? error.message : String(error)})`,
      where,
    );
  }
  try {
    return checkPayload(parsed, where);
  } catch (error) {
    if (error instanceof PlaygroundError) throw error;
    // A structure too deep or odd for a checker is a bad link, not a crash.
    throw malformed(
      `is not a valid share link (${error instanceof Error ? error.message : String(error)})`,
      where,
    );
  }
}

function checksum(bytes: Uint8Array): Uint8Array {
  return blake2b(bytes, { dkLen: 32 }).subarray(0, CHECKSUM_BYTES);
}

/** The JSON shape of format 1: files as [path, text] pairs (an object would make `__proto__` special). */
export function payloadToJson(payload: SharePayload): unknown {
  return {
    ...(payload.name === undefined ? {} : { name: payload.name }),
    files: Object.entries(payload.files),
    compiler: payload.compiler,
    scenario: payload.scenario,
    ...(payload.expect === undefined ? {} : { expect: payload.expect }),
    ...(payload.open === undefined ? {} : { open: payload.open }),
  };
}
