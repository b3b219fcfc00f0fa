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

/**
 * Estimated Wasm execution of the EVM actor's interpreter, per opcode, in milligas (the unit of the
 * interpreter's budget, which the FEVM host syncs with the kernel's gas at every syscall). Only the
 * interpreter's own work is here; the syscalls an opcode makes (KECCAK256's hashing, SLOAD's block reads,
 * CALL's send, LOG's event…) are charged by the kernel at their real prices.
 *
 * Basis: instruction counts of a Rust U256 interpreter compiled to Wasm at 4 gas per instruction
 * (spec 6.5): dispatch and stack bookkeeping ≈ 50 instructions; 4-limb arithmetic ≈ 100–150; 256-bit
 * multiplication and division ≈ 500–1,500; host-call opcodes include argument marshalling and CBOR work
 * (≈ 1,000–3,000). Rough and deliberately round: calibrate against real FEVM traces.
 */
export const EVM_INTERPRETER_ESTIMATES = {
  dispatch: 200_000, // ~50 instructions: every opcode pays at least this
  simple: 400_000, // ADD, SUB, LT, EQ, AND, SHL, … (~100)
  push: 300_000, // PUSHn / DUPn / SWAPn / POP
  multiply: 2_000_000, // MUL, DIV, MOD, SDIV, SMOD, ADDMOD, MULMOD (~500)
  exp: 4_000_000, // EXP, plus per exponent byte below
  expPerByte: 1_500_000,
  memory: 800_000, // MLOAD, MSTORE, MSTORE8
  copyPerWord: 150_000, // CALLDATACOPY, CODECOPY, RETURNDATACOPY, MCOPY, per 32 bytes
  jump: 400_000, // JUMP, JUMPI, JUMPDEST
  context: 600_000, // ADDRESS, CALLER, CALLVALUE, … (cached values)
  storage: 4_000_000, // SLOAD / SSTORE / TLOAD / TSTORE interpreter side (key encoding, KAMT walk in Wasm)
  hostCall: 8_000_000, // CALL*, CREATE*, LOG*, BALANCE, EXTCODE*, BLOCKHASH, GAS, SELFDESTRUCT (marshalling, CBOR)
  keccakPerByte: 0, // the hashing itself is a crypto.hash syscall (33 gas/byte, charged by the kernel)
} as const;

/** The per-opcode table the FEVM host gives the interpreter (milligas). */
export function evmOpcodeCosts(): Int32Array {
  const e = EVM_INTERPRETER_ESTIMATES;
  const costs = new Int32Array(256).fill(e.dispatch + e.simple);
  const set = (cost: number, ...ops: number[]) => {
    for (const op of ops) costs[op] = e.dispatch + cost;
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  set(e.multiply, 0x02, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09);
  set(e.exp, 0x0a);
  set(e.push, 0x50, 0x5f, ...range(0x60, 0x9f));
  set(e.memory, 0x51, 0x52, 0x53, 0x5e, 0x37, 0x39, 0x3e);
  set(e.jump, 0x56, 0x57, 0x5b);
  set(
    e.context,
    0x30,
    0x32,
    0x33,
    0x34,
    0x35,
    0x36,
    0x38,
    0x3a,
    0x3d,
    0x41,
    0x42,
    0x43,
    0x45,
    0x46,
    0x48,
    0x58,
    0x59,
  );
  set(e.storage, 0x54, 0x55, 0x5c, 0x5d);
  set(
    e.hostCall,
    0x31,
    0x3b,
    0x3c,
    0x3f,
    0x40,
    0x44,
    0x47,
    0x5a,
    ...range(0xa0, 0xa4),
    0xf0,
    0xf1,
    0xf4,
    0xf5,
    0xfa,
    0xff,
  );
  set(e.context, 0x20); // KECCAK256: the hash is a syscall; the interpreter only marshals the region
  costs[0x00] = e.dispatch; // STOP
  costs[0xf3] = e.dispatch + e.memory; // RETURN
  costs[0xfd] = e.dispatch + e.memory; // REVERT
  return costs;
}

/**
 * Estimated Wasm execution of the EVM actor's precompiles, in milligas, charged to the interpreter's
 * budget before a precompile runs (so a request the real actor could not afford runs out of gas instead
 * of computing). Precompiles have no EVM gas on the FEVM: they cost the Wasm the actor executes plus the
 * syscalls they make (spec 10.10); ecRecover, SHA-256 and RIPEMD-160 are syscalls, charged by the kernel.
 *
 * Basis: rough instruction counts of the Rust crates the actor links (substrate-bn, blst, num-bigint, the
 * `p256` crate) compiled to Wasm without SIMD, at 4 gas per instruction (spec 6.5): a 384-bit field
 * multiplication ≈ 600 instructions, a 256-bit one ≈ 150; a BLAKE2b round ≈ 400. Not measured; calibrate
 * against real FEVM traces.
 */
export const EVM_PRECOMPILE_ESTIMATES = {
  base: 2_000_000, // dispatch and copying the input region (~500 instructions)
  perInputByte: 4_000, // one instruction per byte copied
  modexpPerLimbProduct: 24_000, // per 64-bit limb product: ~6 instructions, (modulus limbs)² per exponent bit
  blake2fPerRound: 1_600_000, // ~400 instructions per round
  bn254Add: 200_000_000, // Jacobian add plus the inversion back to affine (~50k)
  bn254Mul: 3_000_000_000, // ~256 doublings and adds (~750k)
  bn254PairingBase: 40_000_000_000, // final exponentiation (~10M)
  bn254PairingPerPair: 20_000_000_000, // Miller loop and the G2 subgroup check (~5M)
  bls12G1Add: 240_000_000, // (~60k)
  bls12G2Add: 800_000_000, // (~200k)
  bls12G1MsmPerPair: 6_000_000_000, // subgroup check and a 255-bit multiplication (~1.5M)
  bls12G2MsmPerPair: 18_000_000_000, // (~4.5M)
  bls12PairingBase: 48_000_000_000, // final exponentiation (~12M)
  bls12PairingPerPair: 24_000_000_000, // Miller loop and both subgroup checks (~6M)
  bls12MapFpToG1: 1_600_000_000, // SWU, isogeny, cofactor clearing (~400k)
  bls12MapFp2ToG2: 6_000_000_000, // (~1.5M)
  p256Verify: 10_000_000_000, // two 256-bit multiplications (~2.5M)
} as const;
