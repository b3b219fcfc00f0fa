/**
 * solc releases that ship with the app besides the default one (from the npm `solc` package), so they work
 * offline like it. 0.8.17 is here because tutorial contracts import @zondax/filecoin-solidity's
 * `utils/BigInts.sol`, whose dependency @zondax/solidity-bignumber declares `pragma solidity 0.8.17;`
 * (exactly): without it the fevm-hardhat-kit DealClient would not compile offline. Its soljson comes from
 * the npm alias `solc-0.8.17` (`npm:solc@0.8.17`).
 *
 * When the default compiler refuses a pragma (solc error 5333) and the user has not picked a version, the
 * compile is tried again with these, newest first (compile.ts), as Foundry picks a solc by pragma.
 */
export const SHIPPED_RELEASES: readonly string[] = ['0.8.17+commit.8df45f5f'];

/** Does `0.8.26` or `0.8.26+commit.8a97fa7a` name the compiler whose long version is given? */
export const versionMatches = (longVersion: string, wanted: string) =>
  longVersion === wanted || longVersion.startsWith(`${wanted}+`) || longVersion.startsWith(`${wanted}.`);

/** `0.8.37` from `0.8.37+commit.f401782d.Emscripten.clang`. */
export const releaseOf = (longVersion: string | undefined): string | undefined =>
  longVersion ? /^\d+\.\d+\.\d+/.exec(longVersion)?.[0] : undefined;

/** The shipped release a requested version names, if any. */
export const shippedRelease = (version: string): string | undefined =>
  SHIPPED_RELEASES.find((longVersion) => versionMatches(longVersion, version));
