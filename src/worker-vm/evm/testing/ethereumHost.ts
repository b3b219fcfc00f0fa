import { bytesToHex } from '@noble/hashes/utils.js';
import { getContractAddress } from 'viem';
import { keccak256Word } from '../../crypto/keccak';
import { invalidInput } from '../../errors';
import { CodeCache } from '../code';
import { EMPTY_BYTES, type EvmFrame } from '../frame';
import { type GasSchedule, gasSchedule } from '../gas';
import type { CallRequest, CallResult, CreateRequest, CreateResult, EvmHost } from '../host';
import { execute } from '../interpreter';
import { FEVM_WITH_CALLCODE, type OpcodeSet } from '../opcodes';
import { ETHEREUM_PRECOMPILES, type Precompile } from '../precompiles';
import type { StepTrace } from '../trace/stepTrace';
import { type EvmMessage, type EvmResult, isSuccess } from '../types';
import { addressToHex, wordToBytes } from '../words';

/**
 * A small in-memory Ethereum world that implements the host: accounts with balance, nonce, code and
 * storage; transient storage; real nested CALL/CALLCODE/DELEGATECALL/STATICCALL/CREATE/CREATE2; the
 * precompiles of ../precompiles (0x01–0x09, BLS12-381, P256VERIFY); logs; journaled revert of everything a failed frame did; SELFDESTRUCT with
 * Cancun semantics (EIP-6780). Used by the differential tests and the benchmark.
 *
 * There is no gas model: frames run with an unlimited budget, gas arguments of CALL are ignored and GAS
 * pushes a constant. Ethereum rules the host does keep: the 1024 call-depth limit, value transfers need
 * the balance, EIP-170 code size, EIP-3541 (no 0xEF code), EIP-3860 initcode size, EIP-684 collisions.
 */
export interface Account {
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

export interface LogEntry {
  address: bigint;
  topics: bigint[];
  data: Uint8Array;
}

export interface BlockContext {
  coinbase: bigint;
  timestamp: bigint;
  number: bigint;
  prevRandao: bigint;
  gasLimit: bigint;
  chainId: bigint;
  baseFee: bigint;
  /** Hash of block `n` (asked only inside the BLOCKHASH window). */
  blockHash: (n: bigint) => bigint;
}

export interface EthereumHostOptions {
  block?: Partial<BlockContext>;
  /** Default: the FEVM set plus CALLCODE (Ethereum contracts may use it). */
  opcodes?: OpcodeSet;
  /** Record every frame into this step trace. */
  trace?: StepTrace;
  /** What GAS pushes (default 2^63 - 1). */
  gasConstant?: bigint;
  /**
   * Instructions one transaction may execute (default: unlimited). With no gas model, this is what stops
   * a runaway loop: running past it fails every frame with OutOfGas.
   */
  stepLimit?: number;
}

export interface TransactionRequest {
  from: bigint;
  /** Omit to deploy `data` as initcode. */
  to?: bigint;
  value?: bigint;
  data?: Uint8Array;
  origin?: bigint;
  gasPrice?: bigint;
}

export interface TransactionOutcome {
  success: boolean;
  /** Return data, revert data, or for a deployment the revert data on failure. */
  output: Uint8Array;
  result: EvmResult;
  /** The deployed contract, for a successful deployment. */
  createdAddress?: bigint;
  /** Logs of this transaction (empty when it failed). */
  logs: LogEntry[];
}

const MAX_CALL_DEPTH = 1024;
const MAX_CODE_SIZE = 24_576;
const MAX_INITCODE_SIZE = 2 * MAX_CODE_SIZE;
const EMPTY_CODE_HASH = keccak256Word(EMPTY_BYTES);

export class EthereumHost implements EvmHost {
  readonly accounts = new Map<bigint, Account>();
  readonly logs: LogEntry[] = [];
  readonly block: BlockContext;
  readonly opcodes: OpcodeSet;
  readonly trace: StepTrace | undefined;
  readonly precompiles: ReadonlyMap<bigint, Precompile> = ETHEREUM_PRECOMPILES;
  private readonly gasConstant: bigint;
  private readonly stepLimit: number;
  private readonly stepSchedule: GasSchedule | undefined;
  /** The budget the next frame starts with: the calling frame's remaining steps. */
  private budget = Number.POSITIVE_INFINITY;
  private readonly codeCache = new CodeCache();
  private readonly codeHashes = new WeakMap<Uint8Array, bigint>();
  /** Undo actions, newest last; a frame's snapshot is the journal length when it started. */
  private readonly journal: Array<() => void> = [];
  private readonly transient = new Map<bigint, Map<bigint, bigint>>();
  private readonly createdInTransaction = new Set<bigint>();
  private readonly destructed = new Set<bigint>();
  private inTransaction = false;
  private txOrigin = 0n;
  private txGasPrice = 0n;

  constructor(options: EthereumHostOptions = {}) {
    this.block = {
      coinbase: 0n,
      timestamp: 1_700_000_000n,
      number: 1_000n,
      prevRandao: 0n,
      gasLimit: 30_000_000n,
      chainId: 1n,
      baseFee: 7n,
      blockHash: (n) => keccak256Word(new TextEncoder().encode(n.toString())),
      ...options.block,
    };
    this.opcodes = options.opcodes ?? FEVM_WITH_CALLCODE;
    this.trace = options.trace;
    this.gasConstant = options.gasConstant ?? (1n << 63n) - 1n;
    this.stepLimit = options.stepLimit ?? Number.POSITIVE_INFINITY;
    this.stepSchedule =
      options.stepLimit === undefined ? undefined : gasSchedule({ opcodeCost: new Int32Array(256).fill(1) });
  }

  // ---- setting up and reading the world ----

  setAccount(address: bigint, fields: Partial<Omit<Account, 'storage'>> & { storage?: Map<bigint, bigint> }) {
    if (this.inTransaction) throw invalidInput('cannot change accounts during a transaction', 'setAccount');
    let account = this.accounts.get(address);
    if (account === undefined) {
      account = { balance: 0n, nonce: 0n, code: EMPTY_BYTES, storage: new Map() };
      this.accounts.set(address, account);
    }
    if (fields.balance !== undefined) account.balance = fields.balance;
    if (fields.nonce !== undefined) account.nonce = fields.nonce;
    if (fields.code !== undefined) account.code = fields.code;
    if (fields.storage !== undefined) account.storage = new Map(fields.storage);
  }

  getAccount(address: bigint): Account | undefined {
    return this.accounts.get(address);
  }

  getStorage(address: bigint, key: bigint): bigint {
    return this.accounts.get(address)?.storage.get(key) ?? 0n;
  }

  // ---- transactions (the outermost frame, like @ethereumjs/evm's runCall without a nonce bump) ----

  runTransaction(tx: TransactionRequest): TransactionOutcome {
    if (this.inTransaction) throw invalidInput('a transaction is already running', 'runTransaction');
    this.inTransaction = true;
    try {
      this.txOrigin = tx.origin ?? tx.from;
      this.txGasPrice = tx.gasPrice ?? 0n;
      this.budget = this.stepLimit;
      const firstLog = this.logs.length;
      const outcome = this.runOutermostFrame(tx);
      outcome.logs = outcome.success ? this.logs.slice(firstLog) : [];
      return outcome;
    } finally {
      this.endTransaction();
    }
  }

  private runOutermostFrame(tx: TransactionRequest): TransactionOutcome {
    const value = tx.value ?? 0n;
    const data = tx.data ?? EMPTY_BYTES;
    if ((this.accounts.get(tx.from)?.balance ?? 0n) < value) {
      const result: EvmResult = { status: 'error', output: EMPTY_BYTES, gasLeft: 0, pc: 0 };
      return { success: false, output: EMPTY_BYTES, result, logs: [] };
    }
    if (tx.to === undefined) {
      const created = this.createContract(tx.from, value, data, this.nextCreateAddress(tx.from), 0);
      const outcome: TransactionOutcome = {
        success: created.address !== null,
        output: created.output,
        result: created.result,
        logs: [],
      };
      if (created.address !== null) outcome.createdAddress = created.address;
      return outcome;
    }
    const message: EvmMessage = {
      address: tx.to,
      caller: tx.from,
      value,
      input: data,
      isStatic: false,
      depth: 0,
    };
    const called = this.callInto(message, tx.to, value, 0);
    return { success: called.success, output: called.output, result: called.result, logs: [] };
  }

  /** Convenience: deploys initcode from `from` and returns the new address (throws if it fails). */
  deploy(from: bigint, initcode: Uint8Array, value = 0n): bigint {
    const outcome = this.runTransaction({ from, data: initcode, value });
    if (outcome.createdAddress === undefined) {
      throw invalidInput(
        `deployment failed (${outcome.result.status} ${outcome.result.error ?? ''})`,
        'deploy',
      );
    }
    return outcome.createdAddress;
  }

  private endTransaction(): void {
    for (const address of this.destructed) {
      if (this.createdInTransaction.has(address)) this.accounts.delete(address);
    }
    this.destructed.clear();
    this.createdInTransaction.clear();
    this.transient.clear();
    this.journal.length = 0;
    this.inTransaction = false;
  }

  // ---- EvmHost: storage ----

  sload(frame: EvmFrame, key: bigint): bigint {
    return this.accounts.get(frame.message.address)?.storage.get(key) ?? 0n;
  }

  sstore(frame: EvmFrame, key: bigint, value: bigint): bigint {
    const storage = this.accountOrCreate(frame.message.address).storage;
    const previous = storage.get(key) ?? 0n;
    if (value === previous) return previous;
    if (value === 0n) storage.delete(key);
    else storage.set(key, value);
    this.journal.push(() => {
      if (previous === 0n) storage.delete(key);
      else storage.set(key, previous);
    });
    return previous;
  }

  tload(frame: EvmFrame, key: bigint): bigint {
    return this.transient.get(frame.message.address)?.get(key) ?? 0n;
  }

  tstore(frame: EvmFrame, key: bigint, value: bigint): void {
    const address = frame.message.address;
    let slots = this.transient.get(address);
    if (slots === undefined) {
      slots = new Map();
      this.transient.set(address, slots);
    }
    const previous = slots.get(key) ?? 0n;
    slots.set(key, value);
    const owner = slots;
    this.journal.push(() => owner.set(key, previous));
  }

  // ---- EvmHost: accounts ----

  balance(_frame: EvmFrame, address: bigint): bigint {
    return this.accounts.get(address)?.balance ?? 0n;
  }

  selfBalance(frame: EvmFrame): bigint {
    return this.accounts.get(frame.message.address)?.balance ?? 0n;
  }

  extCodeSize(_frame: EvmFrame, address: bigint): number {
    return this.accounts.get(address)?.code.length ?? 0;
  }

  extCodeCopy(_frame: EvmFrame, address: bigint): Uint8Array {
    return this.accounts.get(address)?.code ?? EMPTY_BYTES;
  }

  /** 0 for accounts that do not exist or are empty (EIP-161), else keccak of the code. */
  extCodeHash(_frame: EvmFrame, address: bigint): bigint {
    const account = this.accounts.get(address);
    if (account === undefined) return 0n;
    if (account.code.length === 0) {
      return account.nonce === 0n && account.balance === 0n ? 0n : EMPTY_CODE_HASH;
    }
    return this.codeHash(account.code);
  }

  // ---- EvmHost: context ----

  blockHash(_frame: EvmFrame, number: bigint): bigint {
    const current = this.block.number;
    return number < current && number + 256n >= current ? this.block.blockHash(number) : 0n;
  }
  origin(): bigint {
    return this.txOrigin;
  }
  gasPrice(): bigint {
    return this.txGasPrice;
  }
  coinbase(): bigint {
    return this.block.coinbase;
  }
  timestamp(): bigint {
    return this.block.timestamp;
  }
  number(): bigint {
    return this.block.number;
  }
  prevRandao(): bigint {
    return this.block.prevRandao;
  }
  gasLimit(): bigint {
    return this.block.gasLimit;
  }
  chainId(): bigint {
    return this.block.chainId;
  }
  baseFee(): bigint {
    return this.block.baseFee;
  }
  gasLeft(): bigint {
    return this.gasConstant;
  }

  // ---- EvmHost: effects ----

  call(frame: EvmFrame, request: CallRequest): CallResult {
    const parent = frame.message;
    const depth = parent.depth + 1;
    if (depth > MAX_CALL_DEPTH) return { success: false, output: EMPTY_BYTES };
    const transfers = request.kind === 'CALL' || request.kind === 'CALLCODE';
    if (transfers && request.value > 0n && this.balanceOf(parent.address) < request.value) {
      return { success: false, output: EMPTY_BYTES };
    }
    const message: EvmMessage =
      request.kind === 'DELEGATECALL'
        ? { ...parent, input: request.input, depth }
        : {
            address: request.kind === 'CALLCODE' ? parent.address : request.to,
            caller: parent.address,
            value: request.value,
            input: request.input,
            isStatic: parent.isStatic || request.kind === 'STATICCALL',
            depth,
          };
    // Only CALL moves value between accounts (CALLCODE "sends" to itself).
    this.budget = frame.gasLeft;
    const called = this.callInto(message, request.to, request.kind === 'CALL' ? request.value : 0n, depth);
    frame.gasLeft = called.result.gasLeft;
    return { success: called.success, output: called.output };
  }

  create(frame: EvmFrame, request: CreateRequest): CreateResult {
    const parent = frame.message;
    if (request.initcode.length > MAX_INITCODE_SIZE) {
      // EIP-3860: the creating frame fails as if out of gas.
      frame.gasLeft = -1;
      return { address: null, output: EMPTY_BYTES };
    }
    const depth = parent.depth + 1;
    if (depth > MAX_CALL_DEPTH || this.balanceOf(parent.address) < request.value) {
      return { address: null, output: EMPTY_BYTES };
    }
    const address =
      request.kind === 'CREATE'
        ? this.nextCreateAddress(parent.address)
        : BigInt(
            getContractAddress({
              opcode: 'CREATE2',
              from: addressToHex(parent.address) as `0x${string}`,
              salt: wordToBytes(request.salt ?? 0n),
              bytecode: request.initcode,
            }),
          );
    if (request.kind === 'CREATE2') this.bumpNonce(parent.address);
    this.budget = frame.gasLeft;
    const created = this.createContract(parent.address, request.value, request.initcode, address, depth);
    frame.gasLeft = created.result.gasLeft;
    return { address: created.address, output: created.output };
  }

  log(frame: EvmFrame, topics: bigint[], data: Uint8Array): void {
    this.logs.push({ address: frame.message.address, topics, data });
    this.journal.push(() => this.logs.pop());
  }

  /** EIP-6780: the balance always moves; the account is deleted only if created in this transaction. */
  selfDestruct(frame: EvmFrame, beneficiary: bigint): void {
    const address = frame.message.address;
    const balance = this.balanceOf(address);
    const createdNow = this.createdInTransaction.has(address);
    if (beneficiary !== address) {
      this.addBalance(address, -balance);
      this.addBalance(beneficiary, balance);
    } else if (createdNow) {
      this.addBalance(address, -balance);
    }
    if (createdNow && !this.destructed.has(address)) {
      this.destructed.add(address);
      this.journal.push(() => this.destructed.delete(address));
    }
  }

  // ---- frames ----

  /**
   * Runs code at `codeAddress` for `message` (value already checked): moves `transfer` from caller to
   * `message.address`, runs a precompile or the account's code, and undoes everything on failure.
   */
  private callInto(
    message: EvmMessage,
    codeAddress: bigint,
    transfer: bigint,
    depth: number,
  ): { success: boolean; output: Uint8Array; result: EvmResult } {
    const snapshot = this.journal.length;
    if (transfer > 0n) {
      this.addBalance(message.caller, -transfer);
      this.addBalance(message.address, transfer);
    }
    const precompile = this.precompiles.get(codeAddress);
    let result: EvmResult;
    if (precompile !== undefined) {
      const output = precompile(message.input);
      result =
        output === null
          ? { status: 'error', output: EMPTY_BYTES, gasLeft: this.budget, pc: 0 }
          : { status: 'return', output, gasLeft: this.budget, pc: 0 };
    } else {
      const code = this.accounts.get(codeAddress)?.code ?? EMPTY_BYTES;
      // execute() is called here directly rather than through run(): one JS frame fewer per call level.
      result =
        code.length === 0
          ? { status: 'stop', output: EMPTY_BYTES, gasLeft: this.budget, pc: 0 }
          : execute({
              host: this,
              message: { ...message, depth },
              code: this.codeCache.get(code),
              opcodes: this.opcodes,
              trace: this.trace ?? null,
              gas: this.budget,
              gasSchedule: this.stepSchedule,
            });
    }
    const success = isSuccess(result);
    if (!success) this.revertTo(snapshot);
    return { success, output: result.output, result };
  }

  private createContract(
    creator: bigint,
    value: bigint,
    initcode: Uint8Array,
    address: bigint,
    depth: number,
  ): { address: bigint | null; output: Uint8Array; result: EvmResult } {
    const existing = this.accounts.get(address);
    if (
      existing !== undefined &&
      (existing.nonce !== 0n || existing.code.length > 0 || existing.storage.size > 0)
    ) {
      // EIP-684 (and EIP-7610): creating over a used address fails.
      const result: EvmResult = { status: 'error', output: EMPTY_BYTES, gasLeft: this.budget, pc: 0 };
      return { address: null, output: EMPTY_BYTES, result };
    }
    const snapshot = this.journal.length;
    const account = this.accountOrCreate(address);
    this.setNonce(address, 1n);
    if (!this.createdInTransaction.has(address)) {
      this.createdInTransaction.add(address);
      this.journal.push(() => this.createdInTransaction.delete(address));
    }
    if (value > 0n) {
      this.addBalance(creator, -value);
      this.addBalance(address, value);
    }
    const message: EvmMessage = {
      address,
      caller: creator,
      value,
      input: EMPTY_BYTES,
      isStatic: false,
      depth,
    };
    const result = this.run(message, initcode);
    const code = result.output;
    const deployable =
      isSuccess(result) && code.length <= MAX_CODE_SIZE && !(code.length > 0 && code[0] === 0xef);
    if (!deployable) {
      this.revertTo(snapshot);
      const output = result.status === 'revert' ? result.output : EMPTY_BYTES;
      return { address: null, output, result: isSuccess(result) ? { ...result, status: 'error' } : result };
    }
    const previousCode = account.code;
    account.code = code;
    this.journal.push(() => {
      account.code = previousCode;
    });
    return { address, output: EMPTY_BYTES, result };
  }

  private run(message: EvmMessage, code: Uint8Array): EvmResult {
    return execute({
      host: this,
      message,
      code: this.codeCache.get(code),
      opcodes: this.opcodes,
      trace: this.trace ?? null,
      gas: this.budget,
      gasSchedule: this.stepSchedule,
    });
  }

  /** CREATE's address for the creator's current nonce; bumps the nonce (kept even if creation fails). */
  private nextCreateAddress(creator: bigint): bigint {
    const nonce = this.accounts.get(creator)?.nonce ?? 0n;
    this.bumpNonce(creator);
    return BigInt(
      getContractAddress({ opcode: 'CREATE', from: addressToHex(creator) as `0x${string}`, nonce }),
    );
  }

  // ---- journaled primitives ----

  private revertTo(snapshot: number): void {
    const journal = this.journal;
    while (journal.length > snapshot) journal.pop()!();
  }

  private accountOrCreate(address: bigint): Account {
    let account = this.accounts.get(address);
    if (account === undefined) {
      account = { balance: 0n, nonce: 0n, code: EMPTY_BYTES, storage: new Map() };
      this.accounts.set(address, account);
      this.journal.push(() => this.accounts.delete(address));
    }
    return account;
  }

  private balanceOf(address: bigint): bigint {
    return this.accounts.get(address)?.balance ?? 0n;
  }

  private addBalance(address: bigint, delta: bigint): void {
    if (delta === 0n) return;
    const account = this.accountOrCreate(address);
    account.balance += delta;
    this.journal.push(() => {
      account.balance -= delta;
    });
  }

  private bumpNonce(address: bigint): void {
    const account = this.accountOrCreate(address);
    this.setNonce(address, account.nonce + 1n);
  }

  private setNonce(address: bigint, nonce: bigint): void {
    const account = this.accountOrCreate(address);
    const previous = account.nonce;
    account.nonce = nonce;
    this.journal.push(() => {
      account.nonce = previous;
    });
  }

  private codeHash(code: Uint8Array): bigint {
    let hash = this.codeHashes.get(code);
    if (hash === undefined) {
      hash = keccak256Word(code);
      this.codeHashes.set(code, hash);
    }
    return hash;
  }
}

/** Hex of bytes with 0x, for messages and fixtures. */
export const toHex = (bytes: Uint8Array): string => `0x${bytesToHex(bytes)}`;
