/**
 * A precompiled contract that only computes: its output, or null when it fails (the calling CALL then
 * pushes 0 with empty return data). No gas here: the Ethereum test host has no gas model, and the FEVM
 * host charges its own estimate of the real actor's Wasm work before calling (actors/evm/precompiles.ts).
 */
export type Precompile = (input: Uint8Array) => Uint8Array | null;

export const EMPTY: Uint8Array = new Uint8Array(0);
