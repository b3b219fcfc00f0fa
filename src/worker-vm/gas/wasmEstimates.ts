/**
 * Our estimates of the Wasm the real built-in actors execute, in milligas. The FVM meters actor Wasm
 * instruction by instruction (spec 6.5); our native TypeScript actors and our EVM interpreter do not run
 * that Wasm, so `wasm_exec` for them can only be estimated. Every such charge is flagged `estimated` and
 * labelled so in traces and in the UI. All estimates live in this one table so they can be calibrated
 * against real traces (e.g. `lotus state replay` of the same messages) in one place.
 *
 * Basis: the instrumented cost is 4 gas per Wasm instruction (spec 6.5). The numbers below are rough
 * instruction counts of the Rust actor code between two syscalls (CBOR decoding, dispatch, bookkeeping),
 * not measurements; they are deliberately conservative and round.
 */
export const NATIVE_ACTOR_ESTIMATES = {
  /** Instructions run between two consecutive syscalls of a built-in actor: ~2,500 instructions. */
  perSyscall: 10_000_000,
  /** CBOR encoding/decoding done by the actor, per byte: ~10 instructions. */
  perCborByte: 40_000,
} as const;
