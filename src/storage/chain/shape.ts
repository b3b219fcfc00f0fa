import { malformed } from '../../worker-vm/errors';
import { CID } from '../../worker-vm/ipld/cid';

/**
 * Small checks for decoded records (DAG-CBOR maps, parsed JSON): each returns the value with its type or
 * throws a MalformedData error naming the field, so a corrupted record is reported, never trusted.
 */

export type Fields = Record<string, unknown>;

export function asRecord(value: unknown, where: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array)
    throw malformed('must be a map', where);
  return value as Fields;
}

/** Refuses keys outside `allowed` (a record from a newer version or a hostile file). */
export function onlyKeys(record: Fields, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(record))
    if (!allowed.includes(key)) throw malformed(`unexpected field "${key}"`, where);
}

export function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw malformed('must be a list', where);
  return value;
}

export function asInt(value: unknown, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw malformed(`must be a whole number from ${min} to ${max}`, where);
  return value;
}

export function asBytes(value: unknown, where: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw malformed('must be bytes', where);
  return value;
}

export function asString(value: unknown, where: string, maxLength = Number.MAX_SAFE_INTEGER): string {
  if (typeof value !== 'string') throw malformed('must be a string', where);
  if (value.length > maxLength) throw malformed(`must be at most ${maxLength} characters`, where);
  return value;
}

export function asBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw malformed('must be true or false', where);
  return value;
}

export function asCid(value: unknown, where: string): CID {
  const cid = CID.asCID(value);
  if (!cid) throw malformed('must be a CID', where);
  return cid;
}

export const orNull = <T>(value: unknown, read: (value: unknown) => T): T | null =>
  value === null ? null : read(value);
