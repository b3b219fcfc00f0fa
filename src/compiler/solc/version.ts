/** Turns solc's long version ("0.8.30+commit.73712a01.Emscripten.clang") into "0.8.30+commit.73712a01". */
export function shortSolcVersion(longVersion: string): string {
  const match = /^(\d+\.\d+\.\d+(?:-[\w.]+)?\+commit\.[0-9a-f]+)/.exec(longVersion);
  return match?.[1] ?? longVersion;
}
