import { normalizeWorkspacePath } from '../../compiler/imports/paths';
import { invalidInput } from '../../worker-vm/errors';

/** Longest file path a workspace, an archive or a share link may hold. */
export const MAX_PATH_LENGTH = 512;

/**
 * Characters never allowed in a file name: C0 and C1 controls (newlines, escapes, NUL), the line and
 * paragraph separators, and the bidirectional overrides and isolates that make a name read differently
 * from what it is ("Trojan Source"). A name is shown as text, never interpreted, but it must also look
 * like what it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

/**
 * Checks a workspace file path and returns it. It must already be in the compiler's canonical form
 * (forward slashes, no leading `/` or `./`, no empty, `.` or `..` segments), so a path is stored,
 * compiled and shown as exactly one string; backslashes and forbidden characters are refused.
 */
export function checkFilePath(path: unknown, where = 'file path'): string {
  if (typeof path !== 'string') throw invalidInput('must be a string', where);
  if (path.length === 0) throw invalidInput('a file needs a name', where);
  if (path.length > MAX_PATH_LENGTH)
    throw invalidInput(`a file path has at most ${MAX_PATH_LENGTH} characters`, where);
  const shown = JSON.stringify(path);
  if (FORBIDDEN.test(path)) throw invalidInput(`${shown} contains a control or direction character`, where);
  if (path.includes('\\')) throw invalidInput(`${shown} contains a backslash; use /`, where);
  if (!isWellFormed(path)) throw invalidInput(`${shown} is not valid Unicode`, where);
  let canonical: string;
  try {
    canonical = normalizeWorkspacePath(path);
  } catch (error) {
    throw invalidInput(error instanceof Error ? error.message : String(error), where);
  }
  if (canonical !== path)
    throw invalidInput(`${shown} is not a plain path; write ${JSON.stringify(canonical)}`, where);
  return path;
}

/** True when a string has no lone surrogates (it encodes to UTF-8 and back unchanged). */
export function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) return false;
  }
  return true;
}

/** A short user-given name (a workspace's): trimmed, 1 to 100 characters, no control characters. */
export function checkName(name: unknown, where = 'name'): string {
  if (typeof name !== 'string') throw invalidInput('must be a string', where);
  const trimmed = name.trim();
  if (trimmed.length === 0) throw invalidInput('must not be empty', where);
  if (trimmed.length > 100) throw invalidInput('has at most 100 characters', where);
  if (FORBIDDEN.test(trimmed)) throw invalidInput('contains a control or direction character', where);
  if (!isWellFormed(trimmed)) throw invalidInput('is not valid Unicode', where);
  return trimmed;
}

/** `base`, else `base 2`, `base 3`…: the first that no listed workspace has, so two can be told apart. */
export function freeName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} ${i}`)) return `${base} ${i}`;
}
