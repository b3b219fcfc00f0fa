/**
 * The gas budget hook, modelled on Wasm metering rather than on Ethereum's schedule: the host supplies a
 * cost per opcode (any unit it likes) and a budget; the loop subtracts the cost of every executed opcode
 * and stops with OutOfGas when the budget goes negative. Size-dependent work (hashing, copying, EXP) has
 * optional per-unit rates, and memory growth is reported to the host (`EvmHost.memoryGrown`) so it can
 * charge for it. With an all-zero table and an infinite budget, gas costs nothing.
 */
export interface GasSchedule {
  /** Cost of each opcode byte, charged before the instruction runs. */
  readonly opcodeCost: Int32Array;
  /** Extra cost per 32-byte word hashed by KECCAK256 (Ethereum: 6). */
  readonly keccakPerWord: number;
  /** Extra cost per byte hashed by KECCAK256 (FEVM's crypto.hash: 33 gas/byte). */
  readonly keccakPerByte: number;
  /** Extra cost per 32-byte word copied by *COPY and MCOPY (Ethereum: 3). */
  readonly copyPerWord: number;
  /** Extra cost per byte of the EXP exponent (Ethereum since Spurious Dragon: 50). */
  readonly expPerByte: number;
}

/** The schedule under which gas costs nothing. */
export const FREE_GAS: GasSchedule = Object.freeze({
  opcodeCost: new Int32Array(256),
  keccakPerWord: 0,
  keccakPerByte: 0,
  copyPerWord: 0,
  expPerByte: 0,
});

export function gasSchedule(partial: Partial<GasSchedule>): GasSchedule {
  return { ...FREE_GAS, ...partial };
}

export const wordsFor = (bytes: number): number => Math.ceil(bytes / 32);
