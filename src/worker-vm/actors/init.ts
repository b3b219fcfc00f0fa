import { Address } from '../address';
import { CID } from '../ipld/cid';
import { CBOR } from '../ipld/codecs';
import { Hamt } from '../ipld/hamt';
import { block } from '../kernel/blocks';
import type { ActorId } from '../state/actorState';
import { decodeInitState, encodeInitState, type InitState } from '../state/initState';
import { EAM_ACTOR_ID, SYSTEM_ACTOR_ID } from '../state/singletons';
import type { MethodHandler, NativeActorDefinition } from './native';
import { cborReturn, decodeParams, expectBytes, expectTuple, fail, type Runtime } from './runtime';

const METHOD_CONSTRUCTOR = 1;

/**
 * The Init actor (spec 9.4): hands out actor IDs, keeps the address → ID map, and creates actors with
 * Exec (robust f2 address) and Exec4 (f4 address, used by the EAM).
 */
export const initActor = (emptyArrayCid: CID): NativeActorDefinition => ({
  restricted: true,
  methods: new Map<number, MethodHandler>([
    [
      1,
      (rt, params) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ID);
        const [networkName] = decodeParams(params, (v) => {
          const [name] = expectTuple(v, 1, 'Constructor params');
          if (typeof name !== 'string') throw fail.serialization('network name must be text');
          return [name];
        });
        const map = Hamt.create(rt.store).flush();
        rt.createState(encodeInitState({ addressMap: map, nextId: 100, networkName }), emptyArrayCid);
        return undefined;
      },
    ],
    [2, exec],
    [3, exec4],
  ]),
});

function parseCode(value: unknown): CID {
  const code = CID.asCID(value);
  if (!code) throw fail.serialization('code CID expected');
  return code;
}

/** Exec `[code, constructor_params]`: a new actor with a robust f2 address. */
function exec(rt: Runtime, params: import('../kernel/blocks').Block | undefined) {
  rt.validateCallerAny();
  const [code, constructorParams] = decodeParams(params, (v) => {
    const [c, p] = expectTuple(v, 2, 'Exec params');
    return [parseCode(c), expectBytes(p, 'constructor params')] as const;
  });
  const callerCode = rt.getActorCodeCid(rt.caller);
  if (!canExec(rt, callerCode, code)) {
    throw fail.forbidden(
      `caller type ${rt.builtinTypeName(callerCode) ?? callerCode} cannot exec actor type ${code}`,
    );
  }
  const robust = rt.nextActorAddress();
  const id = rt.transaction(
    decodeInitState,
    encodeInitState,
    (state) => mapAddresses(rt, state, robust, undefined).id,
  );
  rt.createActor(code, id, null);
  constructActor(rt, id, constructorParams);
  return cborReturn([Address.newId(id).bytes, robust.bytes]);
}

/** Exec4 `[code, constructor_params, subaddress]`: a new actor with an f4 address in the caller's namespace. */
function exec4(rt: Runtime, params: import('../kernel/blocks').Block | undefined) {
  rt.validateCallerIs(EAM_ACTOR_ID);
  const [code, constructorParams, subaddress] = decodeParams(params, (v) => {
    const [c, p, s] = expectTuple(v, 3, 'Exec4 params');
    return [parseCode(c), expectBytes(p, 'constructor params'), expectBytes(s, 'subaddress')] as const;
  });
  const delegated = Address.newDelegated(rt.caller, subaddress);
  const robust = rt.nextActorAddress();
  const { id, existing } = rt.transaction(decodeInitState, encodeInitState, (state) =>
    mapAddresses(rt, state, robust, delegated),
  );
  if (existing) {
    // Only a placeholder may be replaced by a real actor (spec 9.4).
    const existingCode = rt.getActorCodeCid(id);
    if (!existingCode || rt.builtinTypeName(existingCode) !== 'placeholder') {
      throw fail.forbidden('cannot replace an existing actor that is not a placeholder');
    }
  }
  rt.createActor(code, id, delegated);
  constructActor(rt, id, constructorParams);
  return cborReturn([Address.newId(id).bytes, robust.bytes]);
}

function constructActor(rt: Runtime, id: ActorId, constructorParams: Uint8Array): void {
  const params = constructorParams.length > 0 ? block(CBOR, constructorParams) : undefined;
  rt.sendOrFail(Address.newId(id), METHOD_CONSTRUCTOR, params, rt.valueReceived);
}

/**
 * Maps the robust address (and the delegated one, reusing its ID if it was already assigned, as for a
 * placeholder) to an ID, mutating `state` (builtin-actors init `State::map_addresses_to_id`).
 */
function mapAddresses(
  rt: Runtime,
  state: { -readonly [K in keyof InitState]: InitState[K] },
  robust: Address,
  delegated: Address | undefined,
): { id: ActorId; existing: boolean } {
  const map = Hamt.load<unknown>(rt.store, state.addressMap);
  let id: ActorId;
  let existing = false;
  const known = delegated ? map.get(delegated.bytes) : undefined;
  if (typeof known === 'number') {
    id = known;
    existing = true;
  } else {
    id = state.nextId;
    state.nextId += 1;
    if (delegated) map.set(delegated.bytes, id);
  }
  if (map.has(robust.bytes)) throw fail.forbidden(`robust address ${robust} is already allocated`);
  map.set(robust.bytes, id);
  state.addressMap = map.flush();
  return { id, existing };
}

/**
 * Who may Exec what (spec 9.4): multisig and payment channels by anyone, miners only by the power actor;
 * the playground also allows user-installed Wasm code (not part of the manifest), as Filecoin's
 * native-actor preview does.
 */
function canExec(rt: Runtime, callerCode: CID | undefined, code: CID): boolean {
  const manifest = rt.kernel.callManager.setup.manifest;
  const target = manifest.nameOf(code);
  if (target === 'multisig' || target === 'paymentchannel') return true;
  if (target === 'storageminer')
    return callerCode !== undefined && manifest.nameOf(callerCode) === 'storagepower';
  if (target !== undefined) return false;
  return rt.kernel.callManager.setup.code.get(code) !== undefined;
}
