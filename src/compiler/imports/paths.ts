/**
 * How an import path becomes a source unit name, the same way solc does it (so the names we hand solc
 * are the names it looks for):
 *  1. A path starting with `./` or `../` is relative: it is joined to the importing file's directory
 *     and `.`/`..` segments are collapsed (a `..` above the root is dropped). Any other path is used as written ("direct import").
 *  2. Remappings are applied to the result: among those whose context is a prefix of the importing
 *     file's name and whose prefix is a prefix of the path, the longest context wins, then the
 *     longest prefix; the prefix is replaced by the target.
 */
import { invalidInput } from '../../worker-vm/errors';
import type { Remapping } from '../settings';

export const isRelativeImport = (path: string) => path.startsWith('./') || path.startsWith('../');

/** Joins a relative import to the importing file's directory and collapses `.` and `..`. */
export function resolveRelative(importPath: string, importer: string): string {
  if (!isRelativeImport(importPath)) return importPath;
  const slash = importer.lastIndexOf('/');
  const base = slash >= 0 ? importer.slice(0, slash).split('/') : [];
  const segments: string[] = base.filter((segment) => segment !== '' && segment !== '.');
  for (const segment of importPath.split('/')) {
    if (segment === '.' || segment === '') continue;
    // Above the root there is nothing to pop, and solc drops the `..` (its parent of "" is "").
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

export interface RemapOutcome {
  name: string;
  /** The remapping that applied, if any. */
  remapping?: Remapping;
}

export function applyRemappings(path: string, importer: string, remappings: Remapping[]): RemapOutcome {
  let best: Remapping | undefined;
  for (const remapping of remappings) {
    if (!importer.startsWith(remapping.context) || !path.startsWith(remapping.prefix)) continue;
    if (
      !best ||
      remapping.context.length > best.context.length ||
      (remapping.context.length === best.context.length && remapping.prefix.length >= best.prefix.length)
    ) {
      // Later entries win ties, as in solc.
      best = remapping;
    }
  }
  if (!best) return { name: path };
  return { name: best.target + path.slice(best.prefix.length), remapping: best };
}

/**
 * The canonical name of a workspace file: forward slashes, no leading `./` or `/`, no `.` segments.
 * A `..` segment would escape the workspace, so it is refused.
 */
export function normalizeWorkspacePath(path: string): string {
  const segments = path
    .replaceAll('\\', '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) throw invalidInput('a file needs a name', 'files');
  if (segments.includes('..')) throw invalidInput(`"${path}" leaves the workspace ("..")`, 'files');
  return segments.join('/');
}
