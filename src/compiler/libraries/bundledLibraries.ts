/**
 * The bundled libraries as the browser sees them. Vite turns each glob below into a map from the file's
 * path to the URL of a static asset it emits into the build; nothing is fetched until a file is imported,
 * and then only from our own origin. The folders mirror `BUNDLED_LIBRARIES` in catalog.ts (a test checks).
 */
import { isExcludedLibraryFile, type LibraryFiles } from './catalog';

const urls: Record<string, string> = import.meta.glob(
  [
    '/node_modules/@openzeppelin/contracts/**/*.sol',
    '/node_modules/@zondax/filecoin-solidity/contracts/**/*.sol',
    '/node_modules/filecoin-solidity-api/contracts/**/*.sol',
    '/node_modules/solidity-cborutils/contracts/**/*.sol',
    '/node_modules/@ensdomains/buffer/contracts/**/*.sol',
    '/node_modules/@zondax/solidity-bignumber/src/**/*.sol',
    '!**/tests/**',
    '!**/test/**',
    '!**/lib/**',
  ],
  { query: '?url', import: 'default', eager: true },
);

const NODE_MODULES = '/node_modules/';

/** Source unit name -> asset URL. */
const index = new Map<string, string>();
for (const [path, url] of Object.entries(urls)) {
  const name = path.slice(NODE_MODULES.length);
  if (!isExcludedLibraryFile(name)) index.set(name, url);
}

export function bundledLibraryFiles(
  fetchText: (url: string) => Promise<string> = fetchOwnOrigin,
): LibraryFiles {
  // One request per file per worker; a failed fetch is not cached, so it is retried next time.
  const loaded = new Map<string, Promise<string>>();
  return {
    has: (name) => index.has(name),
    names: () => [...index.keys()],
    read(name) {
      const url = index.get(name);
      if (!url) return Promise.reject(new Error(`${name} is not a bundled library file`));
      let text = loaded.get(name);
      if (!text) {
        text = fetchText(url);
        loaded.set(name, text);
        text.catch(() => loaded.delete(name));
      }
      return text;
    },
  };
}

async function fetchOwnOrigin(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response.text();
}
