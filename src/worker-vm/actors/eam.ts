import { toRlp } from 'viem';
import { Address } from '../address';
import {
  EAM_ACTOR_ID as EAM_NAMESPACE,
  type EthAddress,
  f410Subaddress,
  isMaskedId,
  isNullEthAddress,
  maskedIdAddress,
} from '../address/ethereum';
import { HashCode } from '../crypto/hash';
import { decodeDagCbor, encodeDagCbor } from '../ipld/cid';
import { CBOR } from '../ipld/codecs';
import { block } from '../kernel/blocks';
import { EAM_ACTOR_ID, INIT_ACTOR_ID, SYSTEM_ACTOR_ID } from '../state/singletons';
import { concatBytes, minimalBytesBE } from '../util/bytes';
import type { MethodHandler, NativeActorDefinition } from './native';
import {
  cborReturn,
  decodeOr,
  decodeParams,
  expectBytes,
  expectNoParams,
  expectTuple,
  fail,
  type Runtime,
} from './runtime';

/** EVM actor methods the EAM calls. */
const EVM_RESURRECT = 2;
const INIT_EXEC4 = 3;
const ACCOUNT_PUBKEY_ADDRESS = 2;

/** CREATE address: keccak256(rlp([creator, nonce]))[12..] (spec 9.8). */
export function createAddress(
  hash: (data: Uint8Array) => Uint8Array,
  creator: EthAddress,
  nonce: bigint,
): EthAddress {
  return hash(toRlp([creator, minimalBytesBE(nonce)], 'bytes')).slice(12);
}

/** CREATE2 address: keccak256(0xff ‖ creator ‖ salt ‖ keccak256(initcode))[12..] (spec 9.8). */
export function create2Address(
  hash: (data: Uint8Array) => Uint8Array,
  creator: EthAddress,
  salt: Uint8Array,
  initcode: Uint8Array,
): EthAddress {
  return hash(concatBytes(Uint8Array.of(0xff), creator, salt, hash(initcode))).slice(12);
}

/** The Ethereum Address Manager (spec 9.8): deploys EVM contracts at Ethereum-derived f410 addresses. */
export const eamActor: NativeActorDefinition = {
  restricted: false,
  methods: new Map<number, MethodHandler>([
    [
      1,
      (rt, params) => {
        expectNoParams(params);
        if (rt.receiver !== EAM_ACTOR_ID) throw fail.forbidden(`the EAM must live at f0${EAM_ACTOR_ID}`);
        rt.validateCallerIs(SYSTEM_ACTOR_ID);
        return undefined;
      },
    ],
    [
      2,
      (rt, params) => {
        rt.validateCallerType('evm');
        const [initcode, nonce] = decodeParams(params, (v) => {
          const [code, n] = expectTuple(v, 2, 'Create params');
          if (typeof n !== 'number' && typeof n !== 'bigint')
            throw fail.serialization('nonce must be an integer');
          return [expectBytes(code, 'initcode'), BigInt(n)] as const;
        });
        const creator = callerEthAddress(rt);
        return deploy(rt, creator, createAddress(keccak(rt), creator, nonce), initcode);
      },
    ],
    [
      3,
      (rt, params) => {
        rt.validateCallerType('evm');
        const [initcode, salt] = decodeParams(params, (v) => {
          const [code, s] = expectTuple(v, 2, 'Create2 params');
          const saltBytes = expectBytes(s, 'salt');
          if (saltBytes.length !== 32) throw fail.serialization('salt must be 32 bytes');
          return [expectBytes(code, 'initcode'), saltBytes] as const;
        });
        const creator = callerEthAddress(rt);
        return deploy(rt, creator, create2Address(keccak(rt), creator, salt, initcode), initcode);
      },
    ],
    [
      4,
      (rt, params) => {
        rt.validateCallerAny();
        const initcode = decodeParams(params, (v) => expectBytes(v, 'initcode'));
        if (rt.caller !== rt.message.origin)
          throw fail.forbidden('CreateExternal must be called by the message sender');
        const { owner, stable } = externalCaller(rt);
        return deploy(rt, owner, createAddress(keccak(rt), stable, BigInt(rt.message.nonce)), initcode);
      },
    ],
  ]),
};

const keccak = (rt: Runtime) => (data: Uint8Array) => rt.hash(HashCode.Keccak256, data);

/** The calling EVM contract's own Ethereum address (its f410 subaddress). */
function callerEthAddress(rt: Runtime): EthAddress {
  const delegated = rt.lookupDelegatedAddress(rt.caller);
  const eth = delegated && f410Subaddress(delegated);
  if (!eth) throw fail.forbidden("caller doesn't have an eth address");
  return eth;
}

/**
 * For CreateExternal: the constructor's creator ("owner") and the address the CREATE rule uses ("stable").
 * An EthAccount uses its f410 address for both; an f1/f3 account is the creator by masked ID and derives a
 * stable address from keccak of its key address (spec 9.8).
 */
function externalCaller(rt: Runtime): { owner: EthAddress; stable: EthAddress } {
  const type = rt.builtinTypeName(rt.getActorCodeCid(rt.caller));
  if (type === 'ethaccount') {
    const eth = callerEthAddress(rt);
    return { owner: eth, stable: eth };
  }
  if (type === 'account') {
    const response = rt.send(Address.newId(rt.caller), ACCOUNT_PUBKEY_ADDRESS, undefined, 0n, {
      readOnly: true,
    });
    if (response.exitCode !== 0 || !response.returnBlock)
      throw fail.assertionFailed('could not read the account key address');
    const keyAddress = decodeOr(
      () => Address.fromBytes(expectBytes(decodeDagCbor(response.returnBlock!.data), 'address')),
      'key address',
    );
    return {
      owner: maskedIdAddress(BigInt(rt.caller)),
      stable: rt.hash(HashCode.Keccak256, keyAddress.bytes).slice(12),
    };
  }
  throw fail.forbidden(`disallowed caller type ${type ?? 'non-builtin'}`);
}

/**
 * Deploys `initcode` at `address` (spec 9.8): an EVM actor there (a dead contract) is resurrected; a
 * placeholder there (the address was sent funds before) becomes the contract through Init.Exec4, as a new
 * address does; any other actor there refuses.
 */
function deploy(rt: Runtime, creator: EthAddress, address: EthAddress, initcode: Uint8Array) {
  if (isPrecompileRange(address) || isMaskedId(address) || isNullEthAddress(address)) {
    throw fail.forbidden('cannot create address with a reserved prefix');
  }
  const constructorParams = encodeDagCbor([creator, initcode]);
  const value = rt.valueReceived;
  const existing = rt.resolveAddress(Address.newDelegated(EAM_NAMESPACE, address));
  if (existing !== undefined) {
    const type = rt.builtinTypeName(rt.getActorCodeCid(existing));
    if (type === 'evm') {
      rt.sendOrFail(Address.newId(existing), EVM_RESURRECT, block(CBOR, constructorParams), value);
      return cborReturn([existing, null, address]);
    }
    if (type !== 'placeholder')
      throw fail.forbidden(`cannot deploy over an existing ${type ?? 'non-builtin'} actor at this address`);
  }
  const evmCode = rt.getCodeCidForType('evm');
  const result = rt.sendOrFail(
    Address.newId(INIT_ACTOR_ID),
    INIT_EXEC4,
    block(CBOR, encodeDagCbor([evmCode, constructorParams, address])),
    value,
  );
  const [idAddress, robust] = decodeOr(() => {
    const [id, r] = expectTuple(decodeDagCbor(result!.data), 2, 'Exec4 return');
    return [
      Address.fromBytes(expectBytes(id, 'id address')),
      Address.fromBytes(expectBytes(r, 'robust address')),
    ] as const;
  }, 'Exec4 return');
  return cborReturn([Number(idAddress.id), robust.bytes, address]);
}

/**
 * The EAM refuses the whole precompile range: prefix 0x00 or 0xfe, 18 zero bytes, any last byte (builtin-actors
 * `EthAddress::is_precompile`), not only the precompiles the EVM implements.
 */
function isPrecompileRange(address: EthAddress): boolean {
  if (address[0] !== 0x00 && address[0] !== 0xfe) return false;
  for (let i = 1; i < 19; i++) if (address[i] !== 0) return false;
  return true;
}
