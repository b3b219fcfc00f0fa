import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Address } from '../../address';
import { HashCode } from '../../crypto/hash';
import type { CallRequest } from '../../evm';
import { PURE_PRECOMPILES } from '../../evm/precompiles';
import { CBOR } from '../../ipld/codecs';
import { block } from '../../kernel/blocks';
import { SyscallError } from '../../kernel/errors';
import { bytesToNumberBE, concatBytes, numberToBytesBE } from '../../util/bytes';
import type { Runtime } from '../runtime';
import type { FevmHost } from './fevmHost';

const EMPTY: Uint8Array = new Uint8Array(0);
const SECP256K1_N = secp256k1.Point.CURVE().n;
const U64_MAX = (1n << 64n) - 1n;

/** Reads `length` bytes at `offset`, zero-padded past the end (the EVM's input rule). */
function padded(input: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (offset < input.length) out.set(input.subarray(offset, Math.min(input.length, offset + length)));
  return out;
}

const word = (input: Uint8Array, offset: number) => bytesToNumberBE(padded(input, offset, 32));
const toWord = (value: bigint) => numberToBytesBE(BigInt.asUintN(256, value), 32);

/** An ABI integer that must fit in `bits` bits (reader.rs: unused high bytes must be zero). */
function uint(input: Uint8Array, offset: number, bits: number): bigint | null {
  const value = word(input, offset);
  return value >> BigInt(bits) === 0n ? value : null;
}

/**
 * Calls a precompile (spec 10.10). Returns the output, or null when the precompile fails (the CALL
 * then pushes 0 with empty return data). Standard precompiles that only compute run the pure
 * implementations in evm/precompiles; those that hash or recover keys, and Filecoin's, use syscalls so
 * their kernel charges are real.
 */
export function callPrecompile(
  host: FevmHost,
  rt: Runtime,
  request: CallRequest,
  gasMilligas: number,
): Uint8Array | null {
  const address = request.to;
  const index = Number(address & 0xffffn);
  if (address >> 152n === 0xfen) return filecoinPrecompile(host, rt, request, index, gasMilligas);
  switch (index) {
    case 1:
      return ecRecover(rt, request.input);
    case 2:
      return rt.hash(HashCode.Sha2_256, request.input);
    case 3:
      return concatBytes(new Uint8Array(12), rt.hash(HashCode.Ripemd160, request.input));
    case 4:
      return request.input.slice();
    default: {
      const pure = PURE_PRECOMPILES.get(BigInt(index));
      // Reserved addresses without an implementation succeed with empty output.
      return pure ? pure(request.input) : EMPTY;
    }
  }
}

/** 0x01: the signer's address; any failure gives empty output (still a success). */
function ecRecover(rt: Runtime, input: Uint8Array): Uint8Array {
  const data = padded(input, 0, 128);
  const v = bytesToNumberBE(data.subarray(32, 64));
  const r = bytesToNumberBE(data.subarray(64, 96));
  const s = bytesToNumberBE(data.subarray(96, 128));
  if ((v !== 27n && v !== 28n) || r === 0n || s === 0n || r >= SECP256K1_N || s >= SECP256K1_N) return EMPTY;
  const signature = concatBytes(data.subarray(64, 128), Uint8Array.of(Number(v - 27n)));
  try {
    const key = rt.syscall(() => rt.kernel.recoverSecpPublicKey(data.subarray(0, 32), signature));
    return concatBytes(new Uint8Array(12), rt.hash(HashCode.Keccak256, key.subarray(1)).subarray(12));
  } catch (error) {
    if (error instanceof SyscallError) return EMPTY;
    throw error;
  }
}

function filecoinPrecompile(
  host: FevmHost,
  rt: Runtime,
  request: CallRequest,
  index: number,
  gasMilligas: number,
): Uint8Array | null {
  const input = request.input;
  switch (index) {
    case 1: {
      // resolve_address: binary address → actor id word, or empty when unassigned.
      let address: Address;
      try {
        address = Address.fromBytes(input);
      } catch {
        return null;
      }
      const id = rt.resolveAddress(address);
      return id === undefined ? EMPTY : toWord(BigInt(id));
    }
    case 2: {
      // lookup_delegated_address: actor id word → binary f4 address, or empty.
      const id = uint(input, 0, 64);
      if (id === null) return null;
      if (id > BigInt(Number.MAX_SAFE_INTEGER)) return EMPTY;
      return rt.lookupDelegatedAddress(Number(id))?.bytes ?? EMPTY;
    }
    case 3:
    case 5:
      if (request.kind !== 'DELEGATECALL') return null;
      return callActor(host, rt, input, index === 5, gasMilligas);
    case 6: {
      // get_beacon_randomness: a word whose high 24 bytes are zero holds an i64 epoch.
      const value = uint(input, 0, 64);
      if (value === null) return null;
      const epoch = BigInt.asIntN(64, value);
      try {
        return rt.syscall(() => rt.kernel.getBeaconRandomness(epoch));
      } catch (error) {
        if (error instanceof SyscallError) return null;
        throw error;
      }
    }
    default:
      return EMPTY;
  }
}

/**
 * call_actor / call_actor_id (spec 10.10): method, value, flags, codec, params and the target (an address,
 * or an actor id), ABI-encoded; returns `(int256 exit, uint64 codec, bytes data)`, where a negative exit
 * code is −errno of a syscall error.
 */
function callActor(
  host: FevmHost,
  rt: Runtime,
  input: Uint8Array,
  byId: boolean,
  gasMilligas: number,
): Uint8Array | null {
  const method = uint(input, 0, 64);
  const value = word(input, 32);
  const flags = uint(input, 64, 64);
  const codec = uint(input, 96, 64);
  if (method === null || flags === null || codec === null) return null;
  if (method !== 0n && method <= 1023n) return null;
  const params = dynamicBytes(input, 128);
  if (params === null) return null;
  let target: Address;
  if (byId) {
    const id = uint(input, 160, 64);
    if (id === null) return null;
    target = Address.newId(id);
  } else {
    const addressBytes = dynamicBytes(input, 160);
    if (addressBytes === null) return null;
    try {
      target = Address.fromBytes(addressBytes);
    } catch {
      return null;
    }
  }
  if (codec === BigInt(CBOR) ? false : codec !== 0n || params.length > 0) return null;
  if ((flags & ~1n) !== 0n || value > U64_MAX * U64_MAX) return null;
  const response = host.sendFromContract(
    target,
    Number(method),
    params.length > 0 ? block(CBOR, params) : undefined,
    value,
    gasMilligas,
    (flags & 1n) === 1n,
  );
  let exit: bigint;
  let returnCodec = 0n;
  let data: Uint8Array = EMPTY;
  if ('errno' in response) exit = -BigInt(response.errno);
  else {
    exit = BigInt(response.exitCode);
    returnCodec = BigInt(response.returnBlock?.codec ?? 0);
    data = response.returnBlock?.data ?? EMPTY;
  }
  const paddedLength = Math.ceil(data.length / 32) * 32;
  const out = new Uint8Array(128 + paddedLength);
  out.set(toWord(exit), 0);
  out.set(toWord(returnCodec), 32);
  out.set(toWord(96n), 64);
  out.set(toWord(BigInt(data.length)), 96);
  out.set(data, 128);
  return out;
}

/** A `bytes` value: the head word is an offset to (u32 length, data). */
function dynamicBytes(input: Uint8Array, headOffset: number): Uint8Array | null {
  const offset = uint(input, headOffset, 32);
  if (offset === null) return null;
  const length = uint(input, Number(offset), 32);
  if (length === null) return null;
  return padded(input, Number(offset) + 32, Number(length));
}
