import type { CID } from '../ipld/cid';

/** Network facts every invocation can read (spec 2.3 NetworkContext, 5.7). */
export interface NetworkContext {
  readonly epoch: bigint;
  /** Unix seconds of the current tipset. */
  readonly timestamp: bigint;
  readonly baseFee: bigint;
  readonly chainId: bigint;
  readonly networkVersion: number;
  readonly circulatingSupply: bigint;
}

/** Values the FVM gets from the node (spec 1.3 item 10); the playground makes them deterministic. */
export interface Externs {
  /** 32-byte ticket-chain digest for an epoch. */
  chainRandomness(epoch: bigint): Uint8Array;
  /** 32-byte drand beacon digest for an epoch. */
  beaconRandomness(epoch: bigint): Uint8Array;
  /** The tipset CID at a past epoch. */
  tipsetCid(epoch: bigint): CID;
}

/** Limits and switches of the machine (spec 6.8). */
export interface MachineConfig {
  readonly maxCallDepth: number;
  /** Record ref-fvm execution events (gas charges, calls, IPLD ops) for traces. */
  readonly tracing: boolean;
  /** The `actor_debugging` flag: enables `debug.log`. */
  readonly actorDebugging: boolean;
}

export const DEFAULT_MACHINE_CONFIG: MachineConfig = {
  maxCallDepth: 1024,
  tracing: true,
  actorDebugging: true,
};

/** Message context of an invocation (spec 2.3 MessageContext). */
export interface MessageContext {
  readonly origin: number;
  readonly nonce: number;
  readonly caller: number;
  readonly receiver: number;
  readonly method: number;
  readonly valueReceived: bigint;
  readonly gasPremium: bigint;
  readonly readOnly: boolean;
}
