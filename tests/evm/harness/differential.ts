import { type Abi, decodeFunctionResult, encodeDeployData, encodeFunctionData } from 'viem';
import { expect } from 'vitest';
import { type Chain, EthereumJsChain, OurChain, type Outcome } from './chains';
import type { CompiledContract } from './compile';

/** Users every scenario funds on both engines. */
export const USERS = [
  0x1000000000000000000000000000000000000001n,
  0x2000000000000000000000000000000000000002n,
  0x3000000000000000000000000000000000000003n,
  0x4000000000000000000000000000000000000004n,
];

const FUNDS = 10n ** 24n;

const show = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2);

/**
 * Drives both engines in lockstep and asserts they agree after every step: success, return or revert
 * data, logs, and the storage and balance of every contract deployed so far.
 */
export class Differential {
  readonly contracts = new Map<bigint, { name: string; abi: Abi }>();
  readonly steps: string[] = [];
  /** Calls that succeeded and failed (so a test can check both paths were exercised). */
  successes = 0;
  failures = 0;

  private constructor(
    readonly ours: OurChain,
    readonly theirs: EthereumJsChain,
  ) {}

  static async create(ours = new OurChain()): Promise<Differential> {
    const differential = new Differential(ours, await EthereumJsChain.create());
    for (const user of USERS) {
      await differential.ours.fund(user, FUNDS);
      await differential.theirs.fund(user, FUNDS);
    }
    return differential;
  }

  private async both(label: string, run: (chain: Chain) => Promise<Outcome>): Promise<Outcome> {
    this.steps.push(label);
    const ours = await run(this.ours);
    const theirs = await run(this.theirs);
    expect(show(ours), `step ${this.steps.length}: ${label}`).toBe(show(theirs));
    if (ours.success) this.successes++;
    else this.failures++;
    await this.compareState(label);
    return ours;
  }

  async compareState(label = 'state'): Promise<void> {
    for (const [address, { name }] of this.contracts) {
      const where = `${label}: ${name} at 0x${address.toString(16)}`;
      expect(show(await this.ours.storage(address)), `${where} storage`).toBe(
        show(await this.theirs.storage(address)),
      );
      expect(await this.ours.balance(address), `${where} balance`).toBe(await this.theirs.balance(address));
    }
  }

  /** Deploys on both; both must succeed at the same address with the same code. */
  async deploy(
    from: bigint,
    name: string,
    contract: CompiledContract,
    args: unknown[] = [],
    value = 0n,
  ): Promise<bigint> {
    const abi = contract.abi as Abi;
    const data = encodeDeployData({ abi, bytecode: toHex(contract.bytecode), args });
    const outcome = await this.both(`deploy ${name}`, (chain) => chain.deploy(from, hexBytes(data), value));
    expect(outcome.success, `deploy ${name}`).toBe(true);
    const address = outcome.created!;
    expect(await this.ours.code(address)).toBe(await this.theirs.code(address));
    this.contracts.set(address, { name, abi });
    return address;
  }

  /** Registers a contract created by another contract, so its state is compared too. */
  watch(address: bigint, name: string, contract: CompiledContract): void {
    this.contracts.set(address, { name, abi: contract.abi as Abi });
  }

  async call(
    from: bigint,
    to: bigint,
    functionName: string,
    args: unknown[] = [],
    value = 0n,
    abi?: Abi,
  ): Promise<Outcome> {
    const contractAbi = abi ?? this.contracts.get(to)?.abi;
    if (contractAbi === undefined) throw new Error(`no ABI for 0x${to.toString(16)}`);
    const data = encodeFunctionData({ abi: contractAbi, functionName, args });
    return this.both(`${functionName}(${show(args)}) from 0x${from.toString(16)}`, (chain) =>
      chain.call(from, to, hexBytes(data), value),
    );
  }

  /** Calls and decodes the result (which must succeed). */
  async read(to: bigint, functionName: string, args: unknown[] = [], abi?: Abi): Promise<unknown> {
    const contractAbi = abi ?? this.contracts.get(to)!.abi;
    const outcome = await this.call(USERS[0]!, to, functionName, args, 0n, contractAbi);
    expect(outcome.success, `${functionName} succeeds`).toBe(true);
    return decodeFunctionResult({ abi: contractAbi, functionName, data: outcome.output as `0x${string}` });
  }

  async raw(from: bigint, to: bigint, data: Uint8Array, value = 0n): Promise<Outcome> {
    return this.both(`raw call 0x${toHex(data).slice(2, 10)}`, (chain) => chain.call(from, to, data, value));
  }
}

export const toHex = (bytes: Uint8Array): `0x${string}` => `0x${Buffer.from(bytes).toString('hex')}`;
export const hexBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));

/** mulberry32: a small seeded PRNG for call sequences. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** Mostly small amounts, sometimes zero or huge (to reach overflow and balance checks). */
    amount: (): bigint => {
      const roll = next();
      if (roll < 0.1) return 0n;
      if (roll < 0.15) return (1n << 255n) + BigInt(Math.floor(next() * 1000));
      if (roll < 0.2) return (1n << 256n) - 1n;
      return BigInt(Math.floor(next() * 2000));
    },
  };
}
