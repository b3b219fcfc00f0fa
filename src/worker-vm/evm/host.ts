import type { EvmFrame } from './frame';

/**
 * The host: everything the interpreter core does not know. The core knows opcodes, stack, memory, jump
 * destinations and return data; state, balances, nested frames and block context come from here (the
 * shape of EVMC). Every method is synchronous and receives the calling frame, so the host can find the
 * current account (`frame.message.address`) and read or adjust the frame's budget (`frame.gasLeft`), e.g.
 * to charge for a storage write or to sync with a kernel's gas at each host call.
 */
export interface EvmHost {
  // Storage of the frame's account (frame.message.address).
  sload(frame: EvmFrame, key: bigint): bigint;
  /** Returns the previous value when the host knows it (used by the step trace), else undefined. */
  sstore(frame: EvmFrame, key: bigint, value: bigint): bigint | undefined;
  tload(frame: EvmFrame, key: bigint): bigint;
  tstore(frame: EvmFrame, key: bigint, value: bigint): void;

  // Other accounts.
  balance(frame: EvmFrame, address: bigint): bigint;
  selfBalance(frame: EvmFrame): bigint;
  extCodeSize(frame: EvmFrame, address: bigint): number;
  /** The code EXTCODECOPY copies from (the core slices and zero-pads it). */
  extCodeCopy(frame: EvmFrame, address: bigint): Uint8Array;
  extCodeHash(frame: EvmFrame, address: bigint): bigint;

  // Block and transaction context. Called lazily, only when the opcode runs, so a host may compute
  // expensive values (FEVM PREVRANDAO draws randomness) on demand and cache them.
  /** BLOCKHASH: the host applies the window rule (0 outside [current-256, current)). */
  blockHash(frame: EvmFrame, number: bigint): bigint;
  origin(frame: EvmFrame): bigint;
  gasPrice(frame: EvmFrame): bigint;
  coinbase(frame: EvmFrame): bigint;
  timestamp(frame: EvmFrame): bigint;
  number(frame: EvmFrame): bigint;
  prevRandao(frame: EvmFrame): bigint;
  gasLimit(frame: EvmFrame): bigint;
  chainId(frame: EvmFrame): bigint;
  baseFee(frame: EvmFrame): bigint;
  /** GAS: what the opcode pushes (the FEVM host returns the kernel's available gas). */
  gasLeft(frame: EvmFrame): bigint;

  // Effects. The core has already checked static mode, read the input region and will write the output.
  call(frame: EvmFrame, request: CallRequest): CallResult;
  create(frame: EvmFrame, request: CreateRequest): CreateResult;
  log(frame: EvmFrame, topics: bigint[], data: Uint8Array): void;
  /** SELFDESTRUCT; the frame then stops successfully with empty output. */
  selfDestruct(frame: EvmFrame, beneficiary: bigint): void;

  /**
   * Optional: memory grew from `oldSize` to `newSize` bytes (both multiples of 32). The host may charge
   * for it by lowering `frame.gasLeft`; the core stops with OutOfGas if the budget goes negative.
   */
  memoryGrown?(frame: EvmFrame, oldSize: number, newSize: number): void;

  /**
   * Optional: KECCAK256 of a memory region (a view, valid only during the call). When present the core
   * asks the host for every KECCAK256, also of an empty region, so a host can route hashing through its
   * own machinery and charge for it (the FEVM hashes with the `crypto.hash` syscall); when absent the core
   * hashes itself. The host may lower `frame.gasLeft`; the core stops with OutOfGas if it goes negative.
   */
  keccak256?(frame: EvmFrame, data: Uint8Array): bigint;
}

export type CallKind = 'CALL' | 'STATICCALL' | 'DELEGATECALL' | 'CALLCODE';
export type CreateKind = 'CREATE' | 'CREATE2';

export interface CallRequest {
  kind: CallKind;
  to: bigint;
  /** Zero for STATICCALL; for DELEGATECALL the core passes 0 (the callee sees the caller's CALLVALUE). */
  value: bigint;
  /** A copy of the input region. */
  input: Uint8Array;
  /** The gas argument as given (any 256-bit value); the host decides what it means. */
  gas: bigint;
}

export interface CallResult {
  success: boolean;
  /** Becomes RETURNDATA; the core copies min(outSize, output.length) bytes into the output region. */
  output: Uint8Array;
}

export interface CreateRequest {
  kind: CreateKind;
  value: bigint;
  /** A copy of the initcode region. */
  initcode: Uint8Array;
  /** CREATE2 only. */
  salt?: bigint;
}

export interface CreateResult {
  /** The new contract's address, or null on failure. */
  address: bigint | null;
  /** Revert data of a failed constructor (becomes RETURNDATA); ignored on success (RETURNDATA is emptied). */
  output: Uint8Array;
}
