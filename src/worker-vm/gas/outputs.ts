/**
 * How a message's gas turns into fees (spec 5.5; ref-fvm `fvm/src/gas/outputs.rs`, Lotus
 * `ComputeGasOutputs`). Amounts in attoFIL; gas in whole units.
 */
export interface GasOutputs {
  baseFeeBurn: bigint;
  overEstimationBurn: bigint;
  minerPenalty: bigint;
  minerTip: bigint;
  refund: bigint;
  gasRefund: bigint;
  gasBurned: bigint;
}

/** Gas refunded and burned for over-estimating the limit. */
export function overEstimation(gasUsed: bigint, gasLimit: bigint): { refund: bigint; burned: bigint } {
  if (gasUsed === 0n) return { refund: 0n, burned: gasLimit };
  let over = gasLimit - (11n * gasUsed) / 10n;
  if (over < 0n) over = 0n;
  if (over > gasUsed) over = gasUsed;
  let remaining = gasLimit - gasUsed;
  if (remaining < 0n) remaining = 0n;
  const burned = (remaining * over) / gasUsed;
  return { refund: remaining - burned, burned };
}

export function computeGasOutputs(
  gasUsed: bigint,
  gasLimit: bigint,
  baseFee: bigint,
  feeCap: bigint,
  premium: bigint,
): GasOutputs {
  const baseFeeToPay = baseFee < feeCap ? baseFee : feeCap;
  let minerPenalty = baseFee > feeCap ? (baseFee - feeCap) * gasUsed : 0n;
  const baseFeeBurn = baseFeeToPay * gasUsed;
  const tipCap = feeCap - baseFeeToPay;
  const tipPerGas = premium < tipCap ? premium : tipCap;
  const minerTip = tipPerGas * gasLimit;
  const { refund: gasRefund, burned: gasBurned } = overEstimation(gasUsed, gasLimit);
  const overEstimationBurn = baseFeeToPay * gasBurned;
  minerPenalty += (baseFee - baseFeeToPay) * gasBurned;
  const refund = feeCap * gasLimit - baseFeeBurn - minerTip - overEstimationBurn;
  return { baseFeeBurn, overEstimationBurn, minerPenalty, minerTip, refund, gasRefund, gasBurned };
}
