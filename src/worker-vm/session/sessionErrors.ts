import { type ErrorKind, PlaygroundError } from '../errors';
import type { FieldError } from './abi/abiInput';

/** Several fields of one form are wrong at once (a call's arguments): each with its path. */
export class FieldsError extends PlaygroundError {
  readonly fields: readonly FieldError[];

  constructor(fields: readonly FieldError[], prefix: string) {
    const first = fields[0];
    super('InvalidInput', first ? first.message : 'invalid input', first ? `${prefix}${first.path}` : prefix);
    this.fields = fields.map((f) => ({ path: `${prefix}${f.path}`, message: f.message }));
  }
}

/** A bug or an inconsistency in the worker (never the user's input). */
export class SessionAssertion extends Error {
  override name = 'SessionAssertion';
}

export const assertionFailed = (message: string) => new SessionAssertion(message);

/** An error as the UI receives it: comlink keeps only an Error's message, so errors travel as data. */
export interface ApiError {
  readonly kind: ErrorKind | 'Internal';
  readonly message: string;
  /** The field or path the problem is at, when there is one. */
  readonly where?: string;
  /** Every field's problem, for forms. */
  readonly fields?: readonly FieldError[];
}

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ApiError };

export function toApiError(error: unknown): ApiError {
  if (error instanceof FieldsError) {
    return { kind: error.kind, message: error.message, where: error.where ?? '', fields: error.fields };
  }
  if (error instanceof PlaygroundError) {
    const message = error.where ? error.message.slice(error.where.length + 2) : error.message;
    return error.where === undefined
      ? { kind: error.kind, message }
      : { kind: error.kind, message, where: error.where, fields: [{ path: error.where, message }] };
  }
  return { kind: 'Internal', message: error instanceof Error ? error.message : String(error) };
}

/** Runs `work` and returns its value or its error as data. */
export function asResult<T>(work: () => T): ApiResult<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
