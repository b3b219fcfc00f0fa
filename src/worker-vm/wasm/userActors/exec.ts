import { Address } from '../../address';
import { malformed } from '../../errors';
import { type CID, decodeDagCbor, encodeDagCbor } from '../../ipld/cid';
import { INIT_ACTOR_ID } from '../../state/singletons';

/** Creating an actor from installed code is a message to Init (f01) calling Exec (spec 9.4). */
export const INIT_ADDRESS = Address.newId(INIT_ACTOR_ID);
export const INIT_EXEC_METHOD = 2;

/** Exec params `[code CID, constructor params bytes]` (the constructor gets them as a CBOR block). */
export const execParams = (code: CID, constructorParams: Uint8Array = new Uint8Array(0)): Uint8Array =>
  encodeDagCbor([code, constructorParams]);

/** Exec's return `[ID address, robust f2 address]`. */
export function decodeExecReturn(data: Uint8Array): { idAddress: Address; robustAddress: Address } {
  const value = decodeDagCbor<unknown>(data, 'Exec return');
  if (!Array.isArray(value) || !(value[0] instanceof Uint8Array) || !(value[1] instanceof Uint8Array))
    throw malformed('expected [id address, robust address]', 'Exec return');
  return { idAddress: Address.fromBytes(value[0]), robustAddress: Address.fromBytes(value[1]) };
}
