import { Address } from '../../address';
import { HashCode } from '../../crypto/hash';
import type { CallRequest, EvmFrame } from '../../evm';
import {
  addressWord,
  BLAKE2F_INPUT_LENGTH,
  BLS_PAIR_LENGTHS,
  blake2fRounds,
  ecRecoverRequest,
  modexpLengths,
  PrecompileAddress,
  PURE_PRECOMPILES,
  pairingCount,
} from '../../evm/precompiles';
import { EVM_PRECOMPILE_ESTIMATES as COST } from '../../gas/wasmEstimates';
import { CBOR } from '../../ipld/codecs';
import { block } from '../../kernel/blocks';
import { SyscallError } from '../../kernel/errors';
import { bytesToNumberBE, numberToBytesBE } from '../../util/bytes';
import type { Runtime } from '../runtime';
import type { FevmHost } from './fevmHost';

const EMPTY: Uint8Array = new Uint8Array(0);

/** Filecoin precompiles: 0xfe00…00XX (spec 10.10). */
const FilecoinPrecompile = {
  resolveAddress: 1,
  lookupDelegatedAddress: 2,
  callActor: 3,
  /** get_actor_type: disabled, its slot is empty. */
  callActorId: 5,
  getBeaconRandomness: 6,
} as const;

const IMPLEMENTED_FILECOIN = new Set<number>(Object.values(FilecoinPrecompile));
const HASHING = new Set<bigint>([
  PrecompileAddress.ecRecover,
  PrecompileAddress.sha256,
  PrecompileAddress.ripemd160,
]);

/**
 * Whether an EVM address is a precompile the FEVM implements (spec 10.4: EXTCODE* treat these as
 * precompiles; the rest of the reserved range is an ordinary, usually unassigned, address to them).
 */
export function isImplementedPrecompile(address: bigint): boolean {
  if (address >> 152n === 0xfen) {
    const low = address & ((1n << 152n) - 1n);
    return low < 256n && IMPLEMENTED_FILECOIN.has(Number(low));
  }
  return HASHING.has(address) || PURE_PRECOMPILES.has(address);
}

/**
 * Calls a precompile in the reserved range (spec 10.10). Returns the output, or null when the precompile
 * fails (the CALL then pushes 0 with empty return data). A reserved address without an implementation
 * succeeds with empty output. Pure precompiles first charge the interpreter's budget our estimate of the
 * real actor's Wasm work; if that leaves it negative they do not run and the core stops with OutOfGas.
 * ecRecover, SHA-256, RIPEMD-160 and the Filecoin precompiles make the real actor's syscalls.
 * `gasMilligas` is the call's effective gas limit, which the actor computes (a `gas.available` syscall)
 * for every precompile call; only call_actor uses it.
 */
export function callPrecompile(
  host: FevmHost,
  rt: Runtime,
  frame: EvmFrame,
  request: CallRequest,
  gasMilligas: number,
): Uint8Array | null {
  const address = request.to;
  const input = request.input;
  if (address >> 152n === 0xfen) {
    const index = address & ((1n << 152n) - 1n);
    return filecoinPrecompile(host, rt, request, index < 256n ? Number(index) : 0, gasMilligas);
  }
  switch (address) {
    case PrecompileAddress.ecRecover:
      return ecRecover(rt, input);
    case PrecompileAddress.sha256:
      return rt.hash(HashCode.Sha2_256, input);
    case PrecompileAddress.ripemd160: {
      const out = new Uint8Array(32);
      out.set(rt.hash(HashCode.Ripemd160, input), 12);
      return out;
    }
  }
  const pure = PURE_PRECOMPILES.get(address);
  if (!pure) return EMPTY;
  frame.gasLeft -= precompileEstimate(address, input);
  if (frame.gasLeft < 0) return null;
  return pure(input);
}

/** Our estimate of the Wasm a pure precompile runs in the real actor (gas/wasmEstimates.ts), in milligas. */
export function precompileEstimate(address: bigint, input: Uint8Array): number {
  const base = COST.base + COST.perInputByte * input.length;
  const pairs = (length: number) => Math.floor(input.length / length);
  switch (address) {
    case PrecompileAddress.modexp: {
      const lengths = modexpLengths(input);
      if (lengths === null) return base;
      const limbs = Math.ceil(lengths.modulus / 8);
      // Every exponent bit costs a squaring (and maybe a product) of modulus-sized numbers.
      return base + COST.modexpPerLimbProduct * limbs * limbs * Math.max(1, 8 * lengths.exponent);
    }
    case PrecompileAddress.ecAdd:
      return base + COST.bn254Add;
    case PrecompileAddress.ecMul:
      return base + COST.bn254Mul;
    case PrecompileAddress.ecPairing:
      return base + COST.bn254PairingBase + COST.bn254PairingPerPair * pairingCount(input);
    case PrecompileAddress.blake2f:
      return input.length === BLAKE2F_INPUT_LENGTH
        ? base + COST.blake2fPerRound * blake2fRounds(input)
        : base;
    case PrecompileAddress.bls12G1Add:
      return base + COST.bls12G1Add;
    case PrecompileAddress.bls12G2Add:
      return base + COST.bls12G2Add;
    case PrecompileAddress.bls12G1Msm:
      return base + COST.bls12G1MsmPerPair * pairs(BLS_PAIR_LENGTHS.g1Msm);
    case PrecompileAddress.bls12G2Msm:
      return base + COST.bls12G2MsmPerPair * pairs(BLS_PAIR_LENGTHS.g2Msm);
    case PrecompileAddress.bls12PairingCheck:
      return base + COST.bls12PairingBase + COST.bls12PairingPerPair * pairs(BLS_PAIR_LENGTHS.pairing);
    case PrecompileAddress.bls12MapFpToG1:
      return base + COST.bls12MapFpToG1;
    case PrecompileAddress.bls12MapFp2ToG2:
      return base + COST.bls12MapFp2ToG2;
    case PrecompileAddress.p256Verify:
      return base + COST.p256Verify;
    default:
      return base;
  }
}

/** 0x01: the signer's address via `recover_secp_public_key` and keccak; any failure is empty output. */
function ecRecover(rt: Runtime, input: Uint8Array): Uint8Array {
  const request = ecRecoverRequest(input);
  if (request === null) return EMPTY;
  let key: Uint8Array;
  try {
    key = rt.syscall(() => rt.kernel.recoverSecpPublicKey(request.hash, request.signature));
  } catch (error) {
    if (error instanceof SyscallError) return EMPTY;
    throw error;
  }
  return addressWord(key, (data) => rt.hash(HashCode.Keccak256, data));
}

// ---- Filecoin precompiles --------------------------------------------------------------------------

/**
 * Reads ABI values the way builtin-actors' `ValueReader` does: 32-byte words, input followed by zeros,
 * integers of fewer bits must have zero high bytes (else the precompile fails).
 */
class AbiReader {
  private offset = 0;
  constructor(private readonly input: Uint8Array) {}

  word(): bigint {
    const value = bytesToNumberBE(this.bytes(32));
    return value;
  }

  /** An unsigned integer of `bits` bits, or null when the unused high bytes are not zero. */
  uint(bits: number): bigint | null {
    const value = this.word();
    return value >> BigInt(bits) === 0n ? value : null;
  }

  seek(offset: number): void {
    this.offset = offset;
  }

  /** `length` bytes, zero-padded past the end of the input. */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    const from = Math.min(this.offset, this.input.length);
    out.set(this.input.subarray(from, Math.min(this.input.length, this.offset + length)));
    this.offset += length;
    return out;
  }
}

const toWord = (value: bigint) => numberToBytesBE(BigInt.asUintN(256, value), 32);

function filecoinPrecompile(
  host: FevmHost,
  rt: Runtime,
  request: CallRequest,
  index: number,
  gasMilligas: number,
): Uint8Array | null {
  const input = request.input;
  switch (index) {
    case FilecoinPrecompile.resolveAddress: {
      // The whole input is a binary Filecoin address; unparsable → failure, unassigned → empty.
      let address: Address;
      try {
        address = Address.fromBytes(input);
      } catch {
        return null;
      }
      const id = rt.resolveAddress(address);
      return id === undefined ? EMPTY : toWord(BigInt(id));
    }
    case FilecoinPrecompile.lookupDelegatedAddress: {
      const id = new AbiReader(input).uint(64);
      if (id === null) return null;
      // Our actor IDs are JavaScript numbers; an ID beyond 2^53 cannot exist in this machine.
      if (id > BigInt(Number.MAX_SAFE_INTEGER)) return EMPTY;
      return rt.lookupDelegatedAddress(Number(id))?.bytes ?? EMPTY;
    }
    case FilecoinPrecompile.callActor:
    case FilecoinPrecompile.callActorId:
      if (request.kind !== 'DELEGATECALL') return null;
      return callActor(host, input, index === FilecoinPrecompile.callActorId, gasMilligas);
    case FilecoinPrecompile.getBeaconRandomness: {
      // A word whose high 24 bytes are zero holds an i64 epoch; a syscall error fails the precompile.
      const value = new AbiReader(input).uint(64);
      if (value === null) return null;
      try {
        return rt.syscall(() => rt.kernel.getBeaconRandomness(BigInt.asIntN(64, value)));
      } catch (error) {
        if (error instanceof SyscallError) return null;
        throw error;
      }
    }
    default:
      return EMPTY;
  }
}

/** call_actor reads at most this many parameter or address bytes (see callActor). */
const MAX_CALL_ACTOR_BYTES = 1 << 24;

/**
 * call_actor / call_actor_id (spec 10.10), only through DELEGATECALL. Input (ABI, no selector): u64
 * method, u256 value, u64 flags, u64 codec, u32 offset of (u32 length, params), then u64 offset of
 * (u32 length, address bytes) — or, for call_actor_id, the u64 actor ID itself. The method must be 0 or
 * above 1023; codec 0x51 sends the params as a CBOR block (even empty ones), codec 0 only with no params.
 * Output (ABI): i256 exit code (negative: −errno of a syscall error), u64 return codec, u256 offset 96,
 * u256 length, the return bytes padded to a multiple of 32.
 */
function callActor(host: FevmHost, input: Uint8Array, byId: boolean, gasMilligas: number): Uint8Array | null {
  const reader = new AbiReader(input);
  const method = reader.uint(64);
  const value = reader.word();
  const flags = reader.uint(64);
  const codec = reader.uint(64);
  const paramsOffset = reader.uint(32);
  const target = reader.uint(64);
  if (method === null || flags === null || codec === null || paramsOffset === null || target === null)
    return null;
  // Send flags: only READ_ONLY (1) exists.
  if ((flags & ~1n) !== 0n) return null;
  reader.seek(Number(paramsOffset));
  const paramsLength = reader.uint(32);
  // The real actor allocates the declared length; lengths this large cannot fit its 512 MiB memory
  // budget in practice, so they are refused rather than allocated here (a documented difference).
  if (paramsLength === null || paramsLength > BigInt(MAX_CALL_ACTOR_BYTES)) return null;
  const params = reader.bytes(Number(paramsLength));
  let to: Address;
  if (byId) {
    to = Address.newId(target);
  } else {
    if (target > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    reader.seek(Number(target));
    const addressLength = reader.uint(32);
    if (addressLength === null || addressLength > BigInt(MAX_CALL_ACTOR_BYTES)) return null;
    try {
      to = Address.fromBytes(reader.bytes(Number(addressLength)));
    } catch {
      return null;
    }
  }
  if (method !== 0n && method <= 1023n) return null;
  let paramsBlock: ReturnType<typeof block> | undefined;
  if (codec === BigInt(CBOR)) paramsBlock = block(CBOR, params);
  else if (codec !== 0n || params.length > 0) return null;

  const response = host.sendFromContract(to, Number(method), paramsBlock, value, gasMilligas, flags === 1n);
  let exit: bigint;
  let returnCodec = 0n;
  let data: Uint8Array = EMPTY;
  if ('errno' in response) exit = -BigInt(response.errno);
  else {
    exit = BigInt(response.exitCode);
    returnCodec = BigInt(response.returnBlock?.codec ?? 0);
    data = response.returnBlock?.data ?? EMPTY;
  }
  const out = new Uint8Array(128 + Math.ceil(data.length / 32) * 32);
  out.set(toWord(exit), 0);
  out.set(toWord(returnCodec), 32);
  out.set(toWord(96n), 64);
  out.set(toWord(BigInt(data.length)), 96);
  out.set(data, 128);
  return out;
}
