// Calling other actors (send.send, spec 2.4 and 4.1). A callee that fails is not a syscall error: the send
// succeeds and `exitCode` is non-zero. Syscall errors (no such actor, not enough funds, read-only, ...) come
// back as `errno`.
import { CborWriter } from "./cbor";
import { errorName } from "./errors";
import { blockCreate, blockRead, CBOR, NO_BLOCK } from "./ipld";
import { SCRATCH, send_send } from "./sys";
import { TokenAmount } from "./token";

/** `gasLimit` for "no limit beyond what this call has left". Any other value, even 0, is a hard limit. */
export const NO_GAS_LIMIT: u64 = u64.MAX_VALUE;

/** Send flag: the callee runs read-only (no state changes, value transfers or events). */
export const SEND_READ_ONLY: u64 = 1;

export class SendResult {
  /** 0, or the syscall's error number (then nothing ran and the other fields are 0). */
  errno: u32 = 0;
  /** The callee's exit code (0 = success). */
  exitCode: u32 = 0;
  /** The return block's codec (0 when there is none). */
  returnCodec: u64 = 0;
  returnData: Uint8Array = new Uint8Array(0);

  /** True when the send went through and the callee succeeded. */
  get ok(): bool {
    return this.errno == 0 && this.exitCode == 0;
  }

  /** "exit code 16" / "NotFound (6)", for messages. */
  describe(): string {
    if (this.errno != 0) return "send failed: " + errorName(this.errno);
    return "exit code " + this.exitCode.toString();
  }
}

/**
 * Calls `method` on the actor at `to` (an address in binary form) with `params` (a block of
 * `paramsCodec`, or none) and `value` attoFIL.
 */
export function send(
  to: Uint8Array,
  method: u64,
  params: Uint8Array | null = null,
  value: TokenAmount = TokenAmount.zero(),
  paramsCodec: u64 = CBOR,
  gasLimit: u64 = NO_GAS_LIMIT,
  readOnly: bool = false,
): SendResult {
  let paramsId = NO_BLOCK;
  if (params !== null) paramsId = blockCreate(paramsCodec, params);
  const flags: u64 = readOnly ? SEND_READ_ONLY : 0;
  const result = new SendResult();
  result.errno = send_send(
    SCRATCH,
    to.dataStart,
    <u32>to.length,
    method,
    paramsId,
    value.hi,
    value.lo,
    gasLimit,
    flags,
  );
  if (result.errno != 0) return result;
  result.exitCode = load<u32>(SCRATCH);
  const returnId = load<u32>(SCRATCH + 4);
  result.returnCodec = load<u64>(SCRATCH + 8);
  if (returnId != NO_BLOCK) result.returnData = blockRead(returnId);
  return result;
}

/** `send` with CBOR params from a writer. */
export function sendCbor(
  to: Uint8Array,
  method: u64,
  params: CborWriter,
  value: TokenAmount = TokenAmount.zero(),
  gasLimit: u64 = NO_GAS_LIMIT,
  readOnly: bool = false,
): SendResult {
  return send(to, method, params.finish(), value, CBOR, gasLimit, readOnly);
}

/** Sends `value` attoFIL to `to` (method 0, no params). */
export function transfer(to: Uint8Array, value: TokenAmount): SendResult {
  return send(to, 0, null, value);
}
