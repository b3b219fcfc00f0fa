import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_LIBRARIES, isExcludedLibraryFile, type LibraryFiles } from './catalog';

/** Finds a package folder by walking up node_modules folders from here (no `exports` rules involved). */
function packageRoot(packageName: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function listSolidityFiles(root: string, relative: string, into: Map<string, string>, prefix: string): void {
  const dir = join(root, relative);
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      listSolidityFiles(root, childRelative, into, prefix);
    } else if (entry.name.endsWith('.sol') && statSync(join(root, childRelative)).isFile()) {
      const name = `${prefix}/${childRelative}`;
      if (!isExcludedLibraryFile(name)) into.set(name, join(root, childRelative));
    }
  }
}

/** The bundled libraries as Node sees them: read from node_modules, indexed once. */
export function nodeLibraryFiles(): LibraryFiles {
  const files = new Map<string, string>();
  for (const library of BUNDLED_LIBRARIES) {
    const root = packageRoot(library.packageName);
    if (!root) continue;
    for (const folder of library.folders) listSolidityFiles(root, folder, files, library.packageName);
  }
  const cache = new Map<string, string>();
  return {
    has: (name) => files.has(name),
    names: () => [...files.keys()],
    async read(name) {
      const cached = cache.get(name);
      if (cached !== undefined) return cached;
      const path = files.get(name);
      if (!path) throw new Error(`${name} is not a bundled library file`);
      const text = readFileSync(path, 'utf8');
      cache.set(name, text);
      return text;
    },
  };
}
