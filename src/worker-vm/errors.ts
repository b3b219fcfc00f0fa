/**
 * Typed errors for bad input and broken data. Every entry point (addresses, CBOR, messages, Wasm modules,
 * share links) throws one of these with a message a user can act on; callers can switch on `kind`.
 * Kernel-level failures that actors see (error numbers, exit codes) live in the kernel, not here.
 */
export type ErrorKind =
  /** Input that does not parse or is out of range (an address string, a JSON field, a number). */
  | 'InvalidInput'
  /** Bytes that do not decode as the format they claim (CBOR, a HAMT node, a Wasm module). */
  | 'MalformedData'
  /** A block or object that should exist but is not in the store. */
  | 'NotFound'
  /** Something larger than a limit allows. */
  | 'TooLarge';

export class PlaygroundError extends Error {
  readonly kind: ErrorKind;
  /** Where the problem is, when there is a place to point at (a field name, a path in a structure). */
  readonly where?: string;

  constructor(kind: ErrorKind, message: string, where?: string) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'PlaygroundError';
    this.kind = kind;
    if (where !== undefined) this.where = where;
  }
}

export const invalidInput = (message: string, where?: string) =>
  new PlaygroundError('InvalidInput', message, where);
export const malformed = (message: string, where?: string) =>
  new PlaygroundError('MalformedData', message, where);
export const notFound = (message: string, where?: string) => new PlaygroundError('NotFound', message, where);
export const tooLarge = (message: string, where?: string) => new PlaygroundError('TooLarge', message, where);
