/** One gas charge, as ref-fvm traces it (spec 6.1): compute and "other" (storage) gas in milligas. */
export interface GasCharge {
  readonly name: string;
  readonly compute: number;
  readonly other: number;
  /**
   * True when the amount is our estimate rather than the FVM's rule: the Wasm execution of native actors
   * and of the EVM interpreter (see `wasmEstimates.ts`). The UI labels these as estimated.
   */
  readonly estimated?: boolean;
}

export const totalOf = (charge: GasCharge) => charge.compute + charge.other;

export function gasCharge(name: string, compute: number, other = 0, estimated = false): GasCharge {
  return estimated ? { name, compute, other, estimated } : { name, compute, other };
}

/** Whole gas, rounded up (receipts and Lotus traces report whole gas). */
export const toWholeGasCeil = (milligas: number) => Math.ceil(milligas / 1000);
/** Whole gas, rounded down (`gas.available`). */
export const toWholeGasFloor = (milligas: number) => Math.floor(milligas / 1000);
