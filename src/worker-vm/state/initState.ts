import { malformed } from '../errors';
import { CID } from '../ipld/cid';

/** Init actor state `[address_map HAMT CID, next_id, network_name]` (spec 7.7). */
export interface InitState {
  readonly addressMap: CID;
  readonly nextId: number;
  readonly networkName: string;
}

export const encodeInitState = (state: InitState): unknown[] => [
  state.addressMap,
  state.nextId,
  state.networkName,
];

export function decodeInitState(value: unknown): InitState {
  if (!Array.isArray(value) || value.length !== 3)
    throw malformed('expected [address_map, next_id, network_name]', 'init state');
  const [addressMap, nextId, networkName] = value as unknown[];
  const map = CID.asCID(addressMap);
  if (!map) throw malformed('address_map is not a CID', 'init state');
  if (typeof nextId !== 'number' || !Number.isSafeInteger(nextId))
    throw malformed('next_id is not an integer', 'init state');
  if (typeof networkName !== 'string') throw malformed('network_name is not text', 'init state');
  return { addressMap: map, nextId, networkName };
}
