import { Address } from '../address';
import { decodeBigInt, encodeBigInt } from '../encoding/bigint';
import { malformed } from '../errors';
import { CID } from '../ipld/cid';

/** Actor IDs are u64 on chain; the playground never allocates beyond 2^53, so a number is exact. */
export type ActorId = number;

/** An actor's entry in the state tree (spec 7.3). */
export interface ActorState {
  readonly code: CID;
  readonly head: CID;
  readonly sequence: number;
  readonly balance: bigint;
  readonly delegatedAddress: Address | null;
}

/** CBOR tuple `[code, head, sequence, balance, delegated_address | null]`. */
export function encodeActorState(state: ActorState): unknown[] {
  return [
    state.code,
    state.head,
    state.sequence,
    encodeBigInt(state.balance),
    state.delegatedAddress ? state.delegatedAddress.bytes : null,
  ];
}

export function decodeActorState(value: unknown, where = 'actor state'): ActorState {
  if (!Array.isArray(value) || value.length !== 5) throw malformed('expected a 5-element array', where);
  const [code, head, sequence, balance, delegated] = value as unknown[];
  const cid = (v: unknown, field: string) => {
    const parsed = CID.asCID(v);
    if (!parsed) throw malformed(`${field} is not a CID`, where);
    return parsed;
  };
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) {
    throw malformed('sequence is not an unsigned integer', where);
  }
  if (!(balance instanceof Uint8Array)) throw malformed('balance is not a byte string', where);
  if (delegated !== null && !(delegated instanceof Uint8Array))
    throw malformed('delegated address is not bytes', where);
  return {
    code: cid(code, 'code'),
    head: cid(head, 'head'),
    sequence,
    balance: decodeBigInt(balance, `${where}.balance`),
    delegatedAddress: delegated === null ? null : Address.fromBytes(delegated),
  };
}
