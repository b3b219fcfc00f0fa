// Interim: the pure precompiles live with the Ethereum test host until they move here with the rest of
// the set (0x09 blake2f, 0x0b–0x11 BLS12-381, 0x0100 P256VERIFY). See actors/evm/precompiles.ts.
import { ETHEREUM_PRECOMPILES, type Precompile } from './testing/precompiles';

/** Precompiles that only compute (no syscalls): by address. */
export const PURE_PRECOMPILES: ReadonlyMap<bigint, Precompile> = new Map(
  [...ETHEREUM_PRECOMPILES].filter(([address]) => address >= 5n),
);
export type { Precompile };
