import { EMPTY_BYTES, type EvmFrame } from '../frame';
import type { CallRequest, CallResult, CreateRequest, CreateResult, EvmHost } from '../host';

/**
 * A host for unit tests: storage in maps, fixed context values, and CALL/CREATE/LOG/SELFDESTRUCT
 * recorded and answered by overridable handlers. Every host method call is appended to `calls`.
 */
export class MockHost implements EvmHost {
  readonly storage = new Map<bigint, bigint>();
  readonly transient = new Map<bigint, bigint>();
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  readonly logs: Array<{ topics: bigint[]; data: Uint8Array }> = [];
  onCall: (request: CallRequest, frame: EvmFrame) => CallResult = () => ({
    success: true,
    output: EMPTY_BYTES,
  });
  onCreate: (request: CreateRequest, frame: EvmFrame) => CreateResult = () => ({
    address: 0xc0ffeen,
    output: EMPTY_BYTES,
  });
  memoryGrown?: (frame: EvmFrame, oldSize: number, newSize: number) => void;
  keccak256?: (frame: EvmFrame, data: Uint8Array) => bigint;
  context = {
    origin: 0x0a11cen,
    gasPrice: 3n,
    coinbase: 0xc01bn,
    timestamp: 1234n,
    number: 99n,
    prevRandao: 0x5eedn,
    gasLimit: 10_000_000_000n,
    chainId: 314n,
    baseFee: 100n,
    gasLeft: 777n,
    balance: 1000n,
    selfBalance: 2000n,
    code: Uint8Array.of(0x60, 0x01, 0x60, 0x02),
    codeHash: 0xabcdefn,
  };

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  sload(_f: EvmFrame, key: bigint): bigint {
    this.record('sload', key);
    return this.storage.get(key) ?? 0n;
  }
  sstore(_f: EvmFrame, key: bigint, value: bigint): bigint {
    this.record('sstore', key, value);
    const previous = this.storage.get(key) ?? 0n;
    this.storage.set(key, value);
    return previous;
  }
  tload(_f: EvmFrame, key: bigint): bigint {
    this.record('tload', key);
    return this.transient.get(key) ?? 0n;
  }
  tstore(_f: EvmFrame, key: bigint, value: bigint): void {
    this.record('tstore', key, value);
    this.transient.set(key, value);
  }
  balance(_f: EvmFrame, address: bigint): bigint {
    this.record('balance', address);
    return this.context.balance;
  }
  selfBalance(): bigint {
    this.record('selfBalance');
    return this.context.selfBalance;
  }
  extCodeSize(_f: EvmFrame, address: bigint): number {
    this.record('extCodeSize', address);
    return this.context.code.length;
  }
  extCodeCopy(_f: EvmFrame, address: bigint): Uint8Array {
    this.record('extCodeCopy', address);
    return this.context.code;
  }
  extCodeHash(_f: EvmFrame, address: bigint): bigint {
    this.record('extCodeHash', address);
    return this.context.codeHash;
  }
  blockHash(_f: EvmFrame, number: bigint): bigint {
    this.record('blockHash', number);
    return number + 0xb10c0000n;
  }
  origin(): bigint {
    return this.context.origin;
  }
  gasPrice(): bigint {
    return this.context.gasPrice;
  }
  coinbase(): bigint {
    return this.context.coinbase;
  }
  timestamp(): bigint {
    return this.context.timestamp;
  }
  number(): bigint {
    return this.context.number;
  }
  prevRandao(): bigint {
    return this.context.prevRandao;
  }
  gasLimit(): bigint {
    return this.context.gasLimit;
  }
  chainId(): bigint {
    return this.context.chainId;
  }
  baseFee(): bigint {
    return this.context.baseFee;
  }
  gasLeft(): bigint {
    return this.context.gasLeft;
  }
  call(frame: EvmFrame, request: CallRequest): CallResult {
    this.record('call', request);
    return this.onCall(request, frame);
  }
  create(frame: EvmFrame, request: CreateRequest): CreateResult {
    this.record('create', request);
    return this.onCreate(request, frame);
  }
  log(_f: EvmFrame, topics: bigint[], data: Uint8Array): void {
    this.record('log', topics, data);
    this.logs.push({ topics, data });
  }
  selfDestruct(_f: EvmFrame, beneficiary: bigint): void {
    this.record('selfDestruct', beneficiary);
  }
}
