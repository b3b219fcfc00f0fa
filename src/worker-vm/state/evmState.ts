import { malformed } from '../errors';
import { CID } from '../ipld/cid';
import type { KamtOptions } from '../ipld/kamt';

/**
 * The EVM actor's state (spec 10.2): `[bytecode, bytecode_hash, contract_state, transient_data, nonce,
 * tombstone]`. `contract_state` is the storage KAMT; `transient_data` is `[transient KAMT, [origin, nonce]]`
 * or null; the tombstone is `[origin, nonce]` of the message that self-destructed the contract, or null.
 */
export interface EvmState {
  bytecode: CID;
  bytecodeHash: Uint8Array;
  contractState: CID;
  transient: { state: CID; lifespan: Lifespan } | null;
  nonce: number;
  tombstone: Lifespan | null;
}

/** A (top-level sender ID, message nonce) pair that identifies one message. */
export interface Lifespan {
  readonly origin: number;
  readonly nonce: number;
}

/** The EVM's storage KAMT: bit width 5, buckets of 1, 32-byte slots written without leading zeros. */
export const EVM_STORAGE_KAMT: KamtOptions = {
  bitWidth: 5,
  minDataDepth: 0,
  maxArrayWidth: 1,
  keyBytes: 32,
  keyEncoding: 'zeroless',
};

const lifespan = (value: unknown, where: string): Lifespan => {
  if (!Array.isArray(value) || value.length !== 2) throw malformed('expected [origin, nonce]', where);
  const [origin, nonce] = value as unknown[];
  if (typeof origin !== 'number' || typeof nonce !== 'number')
    throw malformed('origin and nonce must be integers', where);
  return { origin, nonce };
};

export function decodeEvmState(value: unknown): EvmState {
  const where = 'EVM state';
  if (!Array.isArray(value) || value.length !== 6) throw malformed('expected a 6-element array', where);
  const [bytecode, hash, contractState, transient, nonce, tombstone] = value as unknown[];
  const cid = (v: unknown, field: string) => {
    const parsed = CID.asCID(v);
    if (!parsed) throw malformed(`${field} is not a CID`, where);
    return parsed;
  };
  if (!(hash instanceof Uint8Array) || hash.length !== 32)
    throw malformed('bytecode hash must be 32 bytes', where);
  if (typeof nonce !== 'number') throw malformed('nonce must be an integer', where);
  let transientData: EvmState['transient'] = null;
  if (transient !== null) {
    if (!Array.isArray(transient) || transient.length !== 2)
      throw malformed('transient data must be [state, lifespan]', where);
    transientData = { state: cid(transient[0], 'transient state'), lifespan: lifespan(transient[1], where) };
  }
  return {
    bytecode: cid(bytecode, 'bytecode'),
    bytecodeHash: hash,
    contractState: cid(contractState, 'contract state'),
    transient: transientData,
    nonce,
    tombstone: tombstone === null ? null : lifespan(tombstone, where),
  };
}

export function encodeEvmState(state: EvmState): unknown[] {
  return [
    state.bytecode,
    state.bytecodeHash,
    state.contractState,
    state.transient
      ? [state.transient.state, [state.transient.lifespan.origin, state.transient.lifespan.nonce]]
      : null,
    state.nonce,
    state.tombstone ? [state.tombstone.origin, state.tombstone.nonce] : null,
  ];
}
