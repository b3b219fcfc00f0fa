import type { MessageContext, NetworkContext } from '../../kernel/context';
import type { SendResult } from '../../kernel/kernel';

/**
 * The packed little-endian structs syscalls write at their out-pointer (spec 2.3; fvm_shared
 * `sys/out.rs`, all `repr(C, packed)`). Each writer takes a DataView and the (already bounds-checked)
 * offset. Values are u64 unless noted; token amounts are u128 split into low and high u64 halves.
 */

const U64 = (1n << 64n) - 1n;

export function writeU32(view: DataView, at: number, value: number): void {
  view.setUint32(at, value >>> 0, true);
}

export function writeI32(view: DataView, at: number, value: number): void {
  view.setInt32(at, value | 0, true);
}

export function writeU64(view: DataView, at: number, value: bigint | number): void {
  view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
}

export function writeI64(view: DataView, at: number, value: bigint): void {
  view.setBigInt64(at, BigInt.asIntN(64, value), true);
}

/** TokenAmount: 0 lo u64, 8 hi u64 (attoFIL within u128). */
export function writeTokenAmount(view: DataView, at: number, amount: bigint): void {
  view.setBigUint64(at, amount & U64, true);
  view.setBigUint64(at + 8, (amount >> 64n) & U64, true);
}

/** IpldOpen (16): 0 codec u64, 8 id u32, 12 size u32. */
export function writeIpldOpen(view: DataView, at: number, open: { codec: number; id: number; size: number }) {
  writeU64(view, at, open.codec);
  writeU32(view, at + 8, open.id);
  writeU32(view, at + 12, open.size);
}

/** IpldStat (12): 0 codec u64, 8 size u32. */
export function writeIpldStat(view: DataView, at: number, stat: { codec: number; size: number }) {
  writeU64(view, at, stat.codec);
  writeU32(view, at + 8, stat.size);
}

/** Send (20): 0 exit_code u32, 4 return_id u32, 8 return_codec u64, 16 return_size u32. */
export function writeSend(view: DataView, at: number, send: SendResult): void {
  writeU32(view, at, send.exitCode);
  writeU32(view, at + 4, send.returnId);
  writeU64(view, at + 8, send.returnCodec);
  writeU32(view, at + 16, send.returnSize);
}

/** Bit 0 of MessageContext.flags and of send flags. */
export const READ_ONLY_FLAG = 1n;

/**
 * MessageContext (80): origin, nonce, caller, receiver, method_number (u64 each), value_received and
 * gas_premium (TokenAmount), flags u64.
 */
export function writeMessageContext(view: DataView, at: number, context: MessageContext): void {
  writeU64(view, at, context.origin);
  writeU64(view, at + 8, context.nonce);
  writeU64(view, at + 16, context.caller);
  writeU64(view, at + 24, context.receiver);
  writeU64(view, at + 32, context.method);
  writeTokenAmount(view, at + 40, context.valueReceived);
  writeTokenAmount(view, at + 56, context.gasPremium);
  writeU64(view, at + 72, context.readOnly ? READ_ONLY_FLAG : 0n);
}

/** NetworkContext (44): epoch i64, timestamp u64, base_fee TokenAmount, chain_id u64, network_version u32. */
export function writeNetworkContext(view: DataView, at: number, context: NetworkContext): void {
  writeI64(view, at, context.epoch);
  writeU64(view, at + 8, context.timestamp);
  writeTokenAmount(view, at + 16, context.baseFee);
  writeU64(view, at + 32, context.chainId);
  writeU32(view, at + 40, context.networkVersion);
}

/** A Wasm i64 argument (a signed bigint in JS) read as the u64 it stands for. */
export const u64 = (value: bigint): bigint => BigInt.asUintN(64, value);

/** u64::MAX, the SDK's "no gas limit" for sends. */
export const U64_MAX = U64;

/**
 * An actor ID argument (u64) as the kernel's number. IDs beyond 2^53 cannot exist in the playground (it
 * never allocates them), so they map to one that is never assigned: the lookup then fails with NotFound
 * after the same charges as any missing actor.
 */
export function actorIdArg(value: bigint): number {
  const id = u64(value);
  return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : Number.MAX_SAFE_INTEGER;
}

/** A u64 code (codec, multihash, method) as a number; huge values stay huge and match nothing. */
export const codeArg = (value: bigint): number => Number(u64(value));
