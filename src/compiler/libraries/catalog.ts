/**
 * The Solidity libraries that imports can reach offline. Each is an npm package whose `.sol` files ship
 * with the app (in the browser: static assets fetched from our own origin when first imported; in Node:
 * read from node_modules). A file's source unit name is its import path: the package name followed by
 * the file's path inside the package, exactly as Hardhat and Foundry name them.
 *
 * `src/compiler/libraries/bundledLibraries.ts` lists the same folders as Vite globs (globs must be
 * literals); a test checks that both lists agree.
 */
export interface BundledLibrary {
  /** The npm package, which is also the import prefix (`@openzeppelin/contracts`). */
  packageName: string;
  /** Folders inside the package that hold sources, e.g. `contracts`; `''` for the whole package. */
  folders: string[];
  /** What it is, for messages and the UI. */
  title: string;
}

export const BUNDLED_LIBRARIES: BundledLibrary[] = [
  { packageName: '@openzeppelin/contracts', folders: [''], title: 'OpenZeppelin Contracts' },
  {
    packageName: '@zondax/filecoin-solidity',
    folders: ['contracts'],
    title: 'Filecoin Solidity API (Zondax)',
  },
  {
    packageName: 'filecoin-solidity-api',
    folders: ['contracts'],
    title: 'Filecoin Solidity API (filecoin-project)',
  },
  { packageName: 'solidity-cborutils', folders: ['contracts'], title: 'CBOR encoding utilities' },
  { packageName: '@ensdomains/buffer', folders: ['contracts'], title: 'ENS Buffer library' },
  { packageName: '@zondax/solidity-bignumber', folders: ['src'], title: 'BigNumbers (Zondax)' },
];

/**
 * Test suites inside the packages, and the test frameworks vendored next to them (`lib/forge-std` inside
 * filecoin-solidity-api's copy of solidity-BigNumber), are left out: no contract imports them.
 */
export const isExcludedLibraryFile = (name: string) =>
  /\/(tests?|lib)\//.test(name) || name.endsWith('.t.sol');

/** `hardhat/console.sol` is generated (see consoleLog/), not read from a package. */
export const CONSOLE_SOL_PATH = 'hardhat/console.sol';

/** The bundled library whose prefix a source unit name starts with. */
export function libraryOf(name: string): BundledLibrary | undefined {
  return BUNDLED_LIBRARIES.find((library) => name.startsWith(`${library.packageName}/`));
}

/** Read access to the library files, whatever holds them. */
export interface LibraryFiles {
  /** Whether a source unit name is a shipped library file. */
  has(name: string): boolean;
  /** Every shipped file name (for "did you mean" hints and tests). */
  names(): string[];
  /** The file's text; rejects when it cannot be read. */
  read(name: string): Promise<string>;
}
