import { Address, Protocol } from '../address';
import { FIRST_EXPORTED_METHOD_NUMBER, methodNumber } from '../encoding/frc42';
import { SYSTEM_ACTOR_ID } from '../state/singletons';
import type { MethodHandler, NativeActorDefinition } from './native';
import {
  cborReturn,
  decodeParams,
  expectBytes,
  expectNoParams,
  expectTuple,
  fail,
  type Runtime,
} from './runtime';

/** Account state: `[address]`, the key address the account stands for (spec 9.5). */
const decodeState = (value: unknown) =>
  Address.fromBytes(expectBytes(expectTuple(value, 1, 'account state')[0], 'address'));

export const AUTHENTICATE_MESSAGE = methodNumber('AuthenticateMessage');

/** The Account actor (spec 9.5): f1/f3 key accounts. */
export const accountActor = (emptyArrayCid: import('../ipld/cid').CID): NativeActorDefinition => ({
  restricted: true,
  methods: new Map<number, MethodHandler>([
    [
      1,
      (rt, params) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ID);
        const address = decodeParams(params, (v) => Address.fromBytes(expectBytes(v, 'address')));
        if (address.protocol !== Protocol.Secp256k1 && address.protocol !== Protocol.BLS) {
          throw fail.illegalArgument(`address must be secp256k1 or BLS, got ${address}`);
        }
        rt.createState([address.bytes], emptyArrayCid);
        return undefined;
      },
    ],
    [
      2,
      (rt, params) => {
        expectNoParams(params);
        rt.validateCallerAny();
        return cborReturn(rt.state(decodeState).bytes);
      },
    ],
    [
      AUTHENTICATE_MESSAGE,
      (rt, params) => {
        rt.validateCallerAny();
        const [signature, message] = decodeParams(params, (v) => {
          const [sig, msg] = expectTuple(v, 2, 'AuthenticateMessage params');
          return [expectBytes(sig, 'signature'), expectBytes(msg, 'message')] as const;
        });
        const address = rt.state(decodeState);
        const type = address.protocol === Protocol.Secp256k1 ? 1 : 2;
        if (!rt.verifySignature(type, signature, address, message)) {
          throw fail.illegalArgument('signature does not verify');
        }
        return cborReturn(true);
      },
    ],
  ]),
  fallback: acceptExportedMethods,
});

/** Accounts accept any exported method (≥ 2^24) and do nothing (spec 9.5, 9.6). */
export function acceptExportedMethods(rt: Runtime, method: number): undefined {
  if (method < FIRST_EXPORTED_METHOD_NUMBER) throw fail.unhandledMessage(`invalid method: ${method}`);
  rt.validateCallerAny();
  return undefined;
}
