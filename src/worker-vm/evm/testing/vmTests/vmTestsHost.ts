import { getContractAddress } from 'viem';
import { keccak256Word } from '../../../crypto/keccak';
import { EMPTY_BYTES, type EvmFrame } from '../../frame';
import type { CallRequest, CallResult, CreateRequest, CreateResult, EvmHost } from '../../host';
import { addressToHex } from '../../words';
import type { LogEntry } from '../ethereumHost';
import { ETHEREUM_DYNAMIC, memoryCost } from './ethereumGas';
import type { VmTest, VmTestAccount } from './format';

/** A CALL/CREATE the frame attempted (VMTests record them instead of running them). */
export interface RecordedCallCreate {
  kind: string;
  destination: bigint | undefined;
  value: bigint;
  data: Uint8Array;
}

/**
 * The host for one VMTests case, following the reference filler (testeth's FakeExtVM): the frame's
 * account lives in `pre`; CALL-like instructions and CREATEs are recorded and succeed with empty output
 * (a CREATE returns keccak(rlp([sender, nonce]))[12:] without running anything, nonce unchanged);
 * BLOCKHASH(n) is keccak of n's decimal digits inside the 256-block window; SELFDESTRUCT moves the
 * balance to the beneficiary and removes the account.
 *
 * With `ethereumGas`, it also charges the dynamic parts of the Ethereum schedule (see ethereumGas.ts).
 */
export class VmTestsHost implements EvmHost {
  readonly accounts = new Map<bigint, VmTestAccount>();
  readonly logs: LogEntry[] = [];
  readonly callcreates: RecordedCallCreate[] = [];
  readonly selfDestructed = new Set<bigint>();
  /** Whether the GAS opcode ran (its result depends on the Ethereum schedule). */
  gasOpcodeUsed = false;
  memoryGrown?: (frame: EvmFrame, oldSize: number, newSize: number) => void;
  private readonly test: VmTest;
  private readonly ethereumGas: boolean;

  constructor(test: VmTest, options: { ethereumGas: boolean }) {
    this.test = test;
    this.ethereumGas = options.ethereumGas;
    for (const [address, account] of test.pre) {
      this.accounts.set(address, { ...account, storage: new Map(account.storage) });
    }
    if (options.ethereumGas) {
      this.memoryGrown = (frame, oldSize, newSize) => {
        frame.gasLeft -= memoryCost(newSize) - memoryCost(oldSize);
      };
    }
  }

  private account(address: bigint): VmTestAccount {
    let account = this.accounts.get(address);
    if (account === undefined) {
      account = { balance: 0n, nonce: 0n, code: EMPTY_BYTES, storage: new Map() };
      this.accounts.set(address, account);
    }
    return account;
  }

  private charge(frame: EvmFrame, amount: number): void {
    if (this.ethereumGas) frame.gasLeft -= amount;
  }

  sload(frame: EvmFrame, key: bigint): bigint {
    return this.accounts.get(frame.message.address)?.storage.get(key) ?? 0n;
  }

  sstore(frame: EvmFrame, key: bigint, value: bigint): bigint {
    const storage = this.account(frame.message.address).storage;
    const previous = storage.get(key) ?? 0n;
    this.charge(
      frame,
      previous === 0n && value !== 0n ? ETHEREUM_DYNAMIC.sstoreSet : ETHEREUM_DYNAMIC.sstoreReset,
    );
    if (value === 0n) storage.delete(key);
    else storage.set(key, value);
    return previous;
  }

  // Transient storage is not part of this fixture format's world; it starts empty per frame.
  private readonly transient = new Map<bigint, bigint>();
  tload(_frame: EvmFrame, key: bigint): bigint {
    return this.transient.get(key) ?? 0n;
  }
  tstore(_frame: EvmFrame, key: bigint, value: bigint): void {
    this.transient.set(key, value);
  }

  // Like testeth's FakeExtVM (a std::map indexed with []), looking an account up creates an empty entry,
  // which then "exists" for CALL's new-account charge.
  balance(_frame: EvmFrame, address: bigint): bigint {
    return this.account(address).balance;
  }
  selfBalance(frame: EvmFrame): bigint {
    return this.account(frame.message.address).balance;
  }
  extCodeSize(_frame: EvmFrame, address: bigint): number {
    return this.account(address).code.length;
  }
  extCodeCopy(_frame: EvmFrame, address: bigint): Uint8Array {
    return this.account(address).code;
  }
  extCodeHash(_frame: EvmFrame, address: bigint): bigint {
    const account = this.accounts.get(address);
    return account === undefined ? 0n : keccak256Word(account.code);
  }

  blockHash(_frame: EvmFrame, number: bigint): bigint {
    const current = this.test.env.number;
    const lowest = (current > 256n ? current : 256n) - 256n;
    if (number >= current || number < lowest) return 0n;
    return keccak256Word(new TextEncoder().encode(number.toString()));
  }
  origin(): bigint {
    return this.test.exec.origin;
  }
  gasPrice(): bigint {
    return this.test.exec.gasPrice;
  }
  coinbase(): bigint {
    return this.test.env.coinbase;
  }
  timestamp(): bigint {
    return this.test.env.timestamp;
  }
  number(): bigint {
    return this.test.env.number;
  }
  prevRandao(): bigint {
    return this.test.env.difficulty;
  }
  gasLimit(): bigint {
    return this.test.env.gasLimit;
  }
  chainId(): bigint {
    return 1n;
  }
  baseFee(): bigint {
    return 0n;
  }
  gasLeft(frame: EvmFrame): bigint {
    this.gasOpcodeUsed = true;
    return this.ethereumGas ? BigInt(Math.max(0, Math.floor(frame.gasLeft))) : this.test.exec.gas;
  }

  call(frame: EvmFrame, request: CallRequest): CallResult {
    const self = frame.message.address;
    const transfers = request.kind === 'CALL' || request.kind === 'CALLCODE';
    // Frontier: 9000 for a value transfer, 25000 for calling an account that does not exist yet.
    if (transfers && request.value > 0n) this.charge(frame, ETHEREUM_DYNAMIC.callValue);
    if (request.kind === 'CALL' && !this.accounts.has(request.to))
      this.charge(frame, ETHEREUM_DYNAMIC.newAccount);
    // Before EIP-150 the requested gas is charged up front (more than is left is out of gas) and what the
    // callee leaves comes back; nothing runs here, so all of it comes back, plus the 2300 stipend that
    // a value transfer adds.
    if (this.ethereumGas) {
      if (request.gas > BigInt(Math.max(0, Math.floor(frame.gasLeft)))) {
        frame.gasLeft = -1;
        return { success: false, output: EMPTY_BYTES };
      }
      if (transfers && request.value > 0n) frame.gasLeft += ETHEREUM_DYNAMIC.callStipend;
    }
    // The reference VM checks the balance and depth itself and then neither records nor calls.
    if (transfers && this.balance(frame, self) < request.value)
      return { success: false, output: EMPTY_BYTES };
    // testeth records the receiving account: the callee for CALL/STATICCALL, the frame itself otherwise.
    const destination = request.kind === 'CALL' || request.kind === 'STATICCALL' ? request.to : self;
    this.callcreates.push({ kind: request.kind, destination, value: request.value, data: request.input });
    return { success: true, output: EMPTY_BYTES };
  }

  create(frame: EvmFrame, request: CreateRequest): CreateResult {
    const self = frame.message.address;
    if (request.kind === 'CREATE2')
      this.charge(frame, ETHEREUM_DYNAMIC.create2HashWord * Math.ceil(request.initcode.length / 32));
    if (this.balance(frame, self) < request.value) return { address: null, output: EMPTY_BYTES };
    this.callcreates.push({
      kind: request.kind,
      destination: undefined,
      value: request.value,
      data: request.initcode,
    });
    const nonce = this.accounts.get(self)?.nonce ?? 0n;
    const address = BigInt(
      getContractAddress({ opcode: 'CREATE', from: addressToHex(self) as `0x${string}`, nonce }),
    );
    return { address, output: EMPTY_BYTES };
  }

  log(frame: EvmFrame, topics: bigint[], data: Uint8Array): void {
    this.charge(frame, ETHEREUM_DYNAMIC.logDataByte * data.length);
    this.logs.push({ address: frame.message.address, topics, data });
  }

  selfDestruct(frame: EvmFrame, beneficiary: bigint): void {
    const self = frame.message.address;
    const balance = this.accounts.get(self)?.balance ?? 0n;
    if (beneficiary !== self) this.account(beneficiary).balance += balance;
    this.accounts.delete(self);
    this.selfDestructed.add(self);
  }
}
