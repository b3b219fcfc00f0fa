/**
 * The FVM SDK for AssemblyScript as the compiler sees it: `fvm/<file>.ts` -> source text, served as a
 * library folder so that actors `import { ... } from "fvm"`. In the app the sources are bundled as text
 * (Vite `?raw`) into the AssemblyScript chunk, which loads only when an AssemblyScript compile is asked
 * for; in Node `sdkFiles.node.ts` reads the same files.
 */
export type SdkFiles = ReadonlyMap<string, string>;

/** `./sdk/cbor.ts` (a path in this folder) -> `fvm/cbor.ts` (its path in the library). */
export const sdkLibraryPath = (path: string): string => `fvm/${path.slice(path.lastIndexOf('/') + 1)}`;

export function bundledSdkFiles(): SdkFiles {
  const sources = import.meta.glob<string>('./sdk/*.ts', { query: '?raw', import: 'default', eager: true });
  return new Map(
    Object.entries(sources)
      .map(([path, text]) => [sdkLibraryPath(path), text] as [string, string])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
