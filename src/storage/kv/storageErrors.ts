import { PlaygroundError, tooLarge } from '../../worker-vm/errors';

/** Where storage errors point (`error.where`), so the UI can tell them from VM errors. */
export const STORAGE = 'storage';

/**
 * True for the browser's "storage is full" failure: a DOMException named QuotaExceededError (legacy
 * code 22), which IndexedDB reports by aborting the transaction, or the same name on a plain error.
 */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || (name !== undefined && code === 22);
}

/**
 * The error a full quota becomes: typed (`TooLarge`), and saying what the user can do. Nothing that was
 * saved before is affected: the failed transaction wrote nothing.
 */
export function quotaExceeded(what: string): PlaygroundError {
  return tooLarge(
    `the browser's storage for this site is full, so ${what} failed. Nothing saved before was lost and ` +
      'the unsaved work is still open: export a backup, delete an unused workspace, or free disk space, ' +
      'then try again',
    STORAGE,
  );
}

/** Maps a failed IndexedDB write to a playground error where one applies; other errors pass through. */
export function toStorageError(error: unknown, what: string): unknown {
  if (error instanceof PlaygroundError) return error;
  if (isQuotaError(error)) return quotaExceeded(what);
  return error;
}
