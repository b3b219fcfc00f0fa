import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { bytesToHex, createAccount, createAddressFromBigInt } from '@ethereumjs/util';
import { EthereumHost } from '../../../src/worker-vm/evm/testing/ethereumHost';
import type { StepTrace } from '../../../src/worker-vm/evm/trace/stepTrace';

/**
 * The same world on two engines: our core with the in-memory Ethereum host, and @ethereumjs/evm with its
 * default state manager. Both get the same accounts, bytecode, calldata, block context and call order;
 * tests compare what they observe (gas excluded: our host has no gas model).
 */
export interface LogRecord {
  address: bigint;
  topics: bigint[];
  data: string;
}

export interface Outcome {
  success: boolean;
  /** Return data, or revert data when the call failed. */
  output: string;
  logs: LogRecord[];
  /** For deployments. */
  created?: bigint;
}

export interface Chain {
  readonly name: string;
  fund(address: bigint, balance: bigint): Promise<void>;
  deploy(from: bigint, initcode: Uint8Array, value?: bigint): Promise<Outcome>;
  call(from: bigint, to: bigint, data: Uint8Array, value?: bigint): Promise<Outcome>;
  storage(address: bigint): Promise<Map<bigint, bigint>>;
  balance(address: bigint): Promise<bigint>;
  code(address: bigint): Promise<string>;
}

/** Block context both engines use (@ethereumjs/evm's mock blockchain has no BLOCKHASH to match). */
export const BLOCK = {
  number: 1_000n,
  timestamp: 1_700_000_000n,
  coinbase: 0xc0ffeen,
  gasLimit: 30_000_000n,
  baseFee: 7n,
  prevRandao: 0x1234n,
  chainId: 1n,
};

/** Gas for every top-level call on @ethereumjs/evm: far more than any corpus call needs. */
const GAS_LIMIT = 1_000_000_000n;

const hex = (bytes: Uint8Array) => bytesToHex(bytes);

export class OurChain implements Chain {
  readonly name = 'core';
  readonly host: EthereumHost;

  constructor(trace?: StepTrace) {
    const options = trace === undefined ? {} : { trace };
    // The step limit only guards against a runaway loop (a bug) hanging the suite.
    this.host = new EthereumHost({ ...options, block: BLOCK, stepLimit: 100_000_000 });
  }

  async fund(address: bigint, balance: bigint): Promise<void> {
    this.host.setAccount(address, { balance });
  }

  async deploy(from: bigint, initcode: Uint8Array, value = 0n): Promise<Outcome> {
    const outcome = this.host.runTransaction({ from, data: initcode, value });
    const result = this.toOutcome(outcome);
    // @ethereumjs reports the deployed code as a deployment's return value; report the same.
    if (outcome.createdAddress !== undefined) result.output = await this.code(outcome.createdAddress);
    return result;
  }

  async call(from: bigint, to: bigint, data: Uint8Array, value = 0n): Promise<Outcome> {
    return this.toOutcome(this.host.runTransaction({ from, to, data, value }));
  }

  private toOutcome(outcome: ReturnType<EthereumHost['runTransaction']>): Outcome {
    const result: Outcome = {
      success: outcome.success,
      output: hex(outcome.output),
      logs: outcome.logs.map((log) => ({ address: log.address, topics: log.topics, data: hex(log.data) })),
    };
    if (outcome.createdAddress !== undefined) result.created = outcome.createdAddress;
    return result;
  }

  async storage(address: bigint): Promise<Map<bigint, bigint>> {
    return new Map(this.host.getAccount(address)?.storage ?? []);
  }

  async balance(address: bigint): Promise<bigint> {
    return this.host.getAccount(address)?.balance ?? 0n;
  }

  async code(address: bigint): Promise<string> {
    return hex(this.host.getAccount(address)?.code ?? new Uint8Array(0));
  }
}

export class EthereumJsChain implements Chain {
  readonly name = '@ethereumjs/evm';
  private constructor(readonly evm: EVM) {}

  static async create(hardfork: Hardfork = Hardfork.Cancun): Promise<EthereumJsChain> {
    const common = new Common({ chain: Mainnet, hardfork });
    return new EthereumJsChain(await createEVM({ common }));
  }

  private block() {
    return {
      header: {
        number: BLOCK.number,
        coinbase: createAddressFromBigInt(BLOCK.coinbase),
        timestamp: BLOCK.timestamp,
        difficulty: 0n,
        prevRandao: hexToWord(BLOCK.prevRandao),
        gasLimit: BLOCK.gasLimit,
        baseFeePerGas: BLOCK.baseFee,
        getBlobGasPrice: () => undefined,
      },
    };
  }

  async fund(address: bigint, balance: bigint): Promise<void> {
    const at = createAddressFromBigInt(address);
    const account = (await this.evm.stateManager.getAccount(at)) ?? createAccount({});
    account.balance = balance;
    await this.evm.stateManager.putAccount(at, account);
  }

  async deploy(from: bigint, initcode: Uint8Array, value = 0n): Promise<Outcome> {
    // runCall bumps the sender's nonce first and derives the address from the nonce before the bump,
    // which is what our host does for a deployment.
    const result = await this.evm.runCall({
      caller: createAddressFromBigInt(from),
      data: initcode,
      value,
      gasLimit: GAS_LIMIT,
      block: this.block(),
    });
    await this.endTransaction(result.execResult);
    const outcome = this.toOutcome(result.execResult);
    if (result.createdAddress !== undefined && outcome.success)
      outcome.created = BigInt(result.createdAddress.toString());
    return outcome;
  }

  async call(from: bigint, to: bigint, data: Uint8Array, value = 0n): Promise<Outcome> {
    const result = await this.evm.runCall({
      caller: createAddressFromBigInt(from),
      to: createAddressFromBigInt(to),
      data,
      value,
      gasLimit: GAS_LIMIT,
      block: this.block(),
      skipNonceIncrement: true,
    });
    await this.endTransaction(result.execResult);
    return this.toOutcome(result.execResult);
  }

  /** What runTx would do after the call: EIP-6780 deletes contracts created and destroyed in it. */
  private async endTransaction(exec: Awaited<ReturnType<EVM['runCall']>>['execResult']): Promise<void> {
    for (const address of exec.selfdestruct?.keys() ?? []) {
      if (exec.createdAddresses?.has(address)) {
        await this.evm.stateManager.deleteAccount(createAddressFromBigInt(BigInt(address)));
      }
    }
  }

  private toOutcome(exec: Awaited<ReturnType<EVM['runCall']>>['execResult']): Outcome {
    // Transient storage lives for one transaction; runCall leaves the cleanup to its caller.
    this.evm.transientStorage.clear();
    const success = exec.exceptionError === undefined;
    const logs = success
      ? (exec.logs ?? []).map(([address, topics, data]) => ({
          address: BigInt(bytesToHex(address)),
          topics: topics.map((topic) => BigInt(bytesToHex(topic))),
          data: hex(data),
        }))
      : [];
    // An exceptional halt (not REVERT) returns no data in Ethereum; @ethereumjs reports it the same way.
    return { success, output: hex(exec.returnValue), logs };
  }

  async storage(address: bigint): Promise<Map<bigint, bigint>> {
    // The default SimpleStateManager keeps storage in a flat map keyed "<address>_<slot hex>".
    const manager = this.evm.stateManager as unknown as { topStorageStack(): Map<string, Uint8Array> };
    const prefix = `${createAddressFromBigInt(address).toString()}_`;
    const slots = new Map<bigint, bigint>();
    for (const [key, value] of manager.topStorageStack()) {
      if (!key.startsWith(prefix)) continue;
      const word = value.length === 0 ? 0n : BigInt(bytesToHex(value));
      if (word !== 0n) slots.set(BigInt(key.slice(prefix.length)), word);
    }
    return slots;
  }

  async balance(address: bigint): Promise<bigint> {
    return (await this.evm.stateManager.getAccount(createAddressFromBigInt(address)))?.balance ?? 0n;
  }

  async code(address: bigint): Promise<string> {
    return hex(await this.evm.stateManager.getCode(createAddressFromBigInt(address)));
  }
}

function hexToWord(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
