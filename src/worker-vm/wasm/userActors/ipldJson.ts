import { base64 } from 'multiformats/bases/base64';
import { parseAnyAddress } from '../../address/parseAny';
import { encodeBigInt } from '../../encoding/bigint';
import { invalidInput } from '../../errors';
import { CID, decodeDagCbor, encodeDagCbor, parseCid } from '../../ipld/cid';
import { CBOR, DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import { bytesToHex, hexToBytes } from '../../util/bytes';

/**
 * Parameters of user actors written as JSON and turned into IPLD for DAG-CBOR (issue 8). Plain JSON maps
 * as it reads (numbers must be integers; objects become maps), with DAG-JSON's two forms and a few
 * playground forms for what JSON cannot say:
 *
 * | JSON | IPLD value |
 * |---|---|
 * | `{"/": "bafy…"}` | a CID (a link) |
 * | `{"/": {"bytes": "<base64>"}}` | bytes |
 * | `{"$hex": "0x…"}` | bytes |
 * | `{"$int": "123456789012345678901"}` | an integer beyond 2^53 (CBOR up to 64 bits) |
 * | `{"$bigint": "-5"}` | a Filecoin BigInt / TokenAmount (sign byte + big-endian magnitude, as bytes) |
 * | `{"$address": "f01234"}` | an address in binary form, as bytes (f…, t… or 0x…) |
 */
export function jsonToIpld(value: unknown, where = 'params'): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw invalidInput(
        `${value} is not an integer JSON can carry exactly; write {"$int": "…"} for large integers`,
        where,
      );
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => jsonToIpld(item, `${where}[${index}]`));
  if (typeof value !== 'object') throw invalidInput(`${typeof value} cannot be encoded`, where);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const key = keys[0]!;
    const inner = object[key];
    const at = `${where}.${key}`;
    switch (key) {
      case '/':
        if (typeof inner === 'string') return parseCid(inner, at);
        if (
          typeof inner === 'object' &&
          inner !== null &&
          typeof (inner as { bytes?: unknown }).bytes === 'string'
        )
          return decodeBase64((inner as { bytes: string }).bytes, at);
        throw invalidInput('"/" holds a CID string or {"bytes": base64}', at);
      case '$hex':
        return decodeHex(inner, at);
      case '$int':
        return BigInt(integerText(inner, at));
      case '$bigint':
        return encodeBigInt(BigInt(integerText(inner, at)));
      case '$address':
        if (typeof inner !== 'string') throw invalidInput('an address string is expected', at);
        return parseAnyAddress(inner, at).bytes;
    }
  }
  const map: Record<string, unknown> = {};
  for (const key of keys) map[key] = jsonToIpld(object[key], `${where}.${key}`);
  return map;
}

/** IPLD (as decoded from CBOR) back to JSON in the same notation; bytes and links in DAG-JSON form. */
export function ipldToJson(value: unknown): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return { $int: value.toString() };
  if (value instanceof Uint8Array) return { '/': { bytes: base64.baseEncode(value) } };
  const cid = CID.asCID(value);
  if (cid) return { '/': cid.toString() };
  if (Array.isArray(value)) return value.map(ipldToJson);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = ipldToJson(item);
    return out;
  }
  return String(value);
}

/** JSON params as the bytes of a message (DAG-CBOR; the FVM gives top-level params codec CBOR). */
export function encodeJsonParams(value: unknown, where = 'params'): Uint8Array {
  return encodeDagCbor(jsonToIpld(value, where));
}

/**
 * A return value for display: CBOR and DAG-CBOR decoded to JSON, raw bytes as DAG-JSON bytes; what does
 * not decode is shown as hex.
 */
export function decodeReturnValue(data: Uint8Array, codec: number): unknown {
  if (data.length === 0) return null;
  if (codec === CBOR || codec === DAG_CBOR) {
    try {
      return ipldToJson(decodeDagCbor(data, 'return value'));
    } catch {
      return { $hex: `0x${bytesToHex(data)}` };
    }
  }
  if (codec === IPLD_RAW) return ipldToJson(data);
  return { $hex: `0x${bytesToHex(data)}` };
}

function integerText(value: unknown, where: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || !/^-?\d+$/.test(value))
    throw invalidInput('an integer string is expected', where);
  return value;
}

function decodeHex(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string') throw invalidInput('a hex string is expected', where);
  const body = value.startsWith('0x') ? value.slice(2) : value;
  if (!/^([0-9a-fA-F]{2})*$/.test(body)) throw invalidInput('must be hex bytes (0x…)', where);
  return hexToBytes(body);
}

function decodeBase64(text: string, where: string): Uint8Array {
  try {
    return base64.baseDecode(text.replace(/=+$/, ''));
  } catch {
    throw invalidInput('not valid base64', where);
  }
}
