import { type GasCharge, totalOf } from './charge';

/** Thrown (and caught by the call manager) when a charge exceeds the gas available. */
export class OutOfGas extends Error {
  constructor() {
    super('out of gas');
    this.name = 'OutOfGas';
  }
}

/** Receives every charge in order when tracing (the trace builder buffers them between calls). */
export type ChargeListener = (charge: GasCharge) => void;

/**
 * Milligas accounting for one message (spec 4.6): a limit, what was used, and a stack of sub-limits
 * pushed by sends that pass an explicit gas limit. Amounts are JS numbers holding integer milligas; the
 * playground caps message gas at the block gas limit, far below 2^53.
 */
export class GasTracker {
  private limit: number;
  private used = 0;
  private readonly saved: Array<{ limit: number; used: number }> = [];
  listener: ChargeListener | undefined;

  constructor(limitMilligas: number) {
    this.limit = Math.min(limitMilligas, Number.MAX_SAFE_INTEGER);
  }

  /** Applies a charge; on overflow uses everything and throws OutOfGas (the trace still sees it). */
  charge(charge: GasCharge): void {
    this.listener?.(charge);
    this.chargeMilligas(totalOf(charge));
  }

  private chargeMilligas(amount: number): void {
    const next = this.used + amount;
    if (next > this.limit) {
      this.used = this.limit;
      throw new OutOfGas();
    }
    this.used = next;
  }

  get available(): number {
    return this.limit - this.used;
  }

  get usedMilligas(): number {
    return this.used;
  }

  /** Starts a sub-call with its own limit: min(available, requested) (spec 4.6). */
  pushLimit(requestedMilligas: number): void {
    this.saved.push({ limit: this.limit, used: this.used });
    this.limit = Math.min(this.available, requestedMilligas);
    this.used = 0;
  }

  /** Ends a sub-call: the parent's usage grows by what the sub-call used. */
  popLimit(): void {
    const saved = this.saved.pop();
    if (!saved) throw new Error('popLimit without pushLimit');
    const usedInSub = this.used;
    this.limit = saved.limit;
    this.used = saved.used + usedInSub;
  }
}
