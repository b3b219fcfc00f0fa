import type { Abi } from 'viem';
import { describe, expect, it } from 'vitest';
import { ReferenceTrace } from '../../src/worker-vm/evm/testing/referenceTrace';
import { OurChain } from './harness/chains';
import { compileFile } from './harness/compile';
import { Differential, prng, USERS } from './harness/differential';

/**
 * Differential tests: real contracts compiled with the bundled solc run on our core (with the in-memory
 * Ethereum host) and on @ethereumjs/evm (Cancun), driven by seeded random call sequences. After every
 * call both must agree on success, return/revert data, logs, and every contract's storage and balance.
 */
const SEEDS = [1, 2, 3, 4, 5, 6];
const STEPS = 50;
const TIMEOUT = 60_000;

/**
 * Registers a scenario: one test per seed, and one more that runs the first seed with a step trace on
 * our side and checks that the compact trace replays every step's stack and memory exactly. Each run
 * must exercise both successful and failing calls.
 */
function scenario(title: string, body: (d: Differential, random: ReturnType<typeof prng>) => Promise<void>) {
  it.each(SEEDS)(
    `${title}, seed %i`,
    async (seed) => {
      const d = await Differential.create();
      await body(d, prng(seed));
      expect(d.successes, 'successful calls').toBeGreaterThan(0);
      expect(d.failures, 'failed calls').toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    `${title}: the step trace replays exactly`,
    async () => {
      const trace = new ReferenceTrace({ stackCheckpointSteps: 64, memoryCheckpointBytes: 1024 });
      const d = await Differential.create(new OurChain(trace));
      await body(d, prng(SEEDS[0]!));
      expect(trace.stepCount).toBeGreaterThan(1000);
      expect(trace.frameCount).toBeGreaterThanOrEqual(d.steps.length);
      expect(trace.mismatches()).toEqual([]);
    },
    TIMEOUT,
  );
}

const address = (n: bigint) => `0x${n.toString(16).padStart(40, '0')}` as const;
const user = (random: ReturnType<typeof prng>) => random.pick(USERS);

describe('differential: OpenZeppelin tokens', () => {
  const tokens = compileFile('Tokens.sol');

  scenario('ERC-20', async (d, random) => {
    const token = await d.deploy(USERS[0]!, 'TestERC20', tokens.TestERC20!);
    for (const u of USERS) await d.call(u, token, 'mint', [address(u), 1000n]);
    for (let step = 0; step < STEPS; step++) {
      const from = user(random);
      const to = user(random);
      switch (random.int(7)) {
        case 0:
          await d.call(from, token, 'transfer', [address(to), random.amount()]);
          break;
        case 1:
          await d.call(from, token, 'approve', [address(to), random.amount()]);
          break;
        case 2:
          await d.call(from, token, 'transferFrom', [address(user(random)), address(to), random.amount()]);
          break;
        case 3:
          await d.call(from, token, 'mint', [address(to), random.amount()]);
          break;
        case 4:
          await d.call(from, token, 'burn', [random.amount()]);
          break;
        case 5:
          await d.call(from, token, 'allowance', [address(from), address(to)]);
          break;
        default:
          await d.call(from, token, 'balanceOf', [address(to)]);
      }
    }
    const supply = await d.read(token, 'totalSupply');
    expect(typeof supply).toBe('bigint');
  });

  scenario('ERC-721', async (d, random) => {
    const nft = await d.deploy(USERS[0]!, 'TestERC721', tokens.TestERC721!);
    // A contract that is not an ERC721Receiver: safe transfers to it must revert identically.
    const notReceiver = await d.deploy(USERS[0]!, 'TestERC20', tokens.TestERC20!);
    const id = () => BigInt(random.int(8));
    for (let step = 0; step < STEPS; step++) {
      const from = user(random);
      const to = random.int(6) === 0 ? notReceiver : user(random);
      switch (random.int(9)) {
        case 0:
        case 1:
          await d.call(from, nft, 'mint', [address(to), id()]);
          break;
        case 2:
          await d.call(from, nft, 'transferFrom', [address(user(random)), address(to), id()]);
          break;
        case 3:
          await d.call(from, nft, 'safeTransferFrom', [address(user(random)), address(to), id()]);
          break;
        case 4:
          await d.call(from, nft, 'approve', [address(to), id()]);
          break;
        case 5:
          await d.call(from, nft, 'setApprovalForAll', [address(to), random.int(2) === 0]);
          break;
        case 6:
          await d.call(from, nft, 'burn', [id()]);
          break;
        case 7:
          await d.call(from, nft, 'ownerOf', [id()]);
          break;
        default:
          await d.call(from, nft, 'tokenURI', [id()]);
      }
    }
  });

  scenario('ERC-1155', async (d, random) => {
    const multi = await d.deploy(USERS[0]!, 'TestERC1155', tokens.TestERC1155!);
    const id = () => BigInt(random.int(4));
    for (let step = 0; step < STEPS; step++) {
      const from = user(random);
      const to = user(random);
      switch (random.int(8)) {
        case 0:
          await d.call(from, multi, 'mint', [address(to), id(), random.amount()]);
          break;
        case 1:
          await d.call(from, multi, 'mintBatch', [
            address(to),
            [id(), id()],
            [random.amount(), random.amount()],
          ]);
          break;
        case 2:
          await d.call(from, multi, 'safeTransferFrom', [
            address(user(random)),
            address(to),
            id(),
            random.amount(),
            '0x',
          ]);
          break;
        case 3:
          await d.call(from, multi, 'safeBatchTransferFrom', [
            address(from),
            address(to),
            [id(), id()],
            [random.amount(), 1n],
            '0x',
          ]);
          break;
        case 4:
          await d.call(from, multi, 'setApprovalForAll', [address(to), random.int(2) === 0]);
          break;
        case 5:
          await d.call(from, multi, 'burn', [id(), random.amount()]);
          break;
        case 6:
          await d.call(from, multi, 'balanceOfBatch', [
            [address(from), address(to)],
            [id(), id()],
          ]);
          break;
        default:
          await d.call(from, multi, 'uri', [id()]);
      }
    }
  });
});

describe('differential: constant-product AMM', () => {
  const amm = compileFile('Amm.sol');

  scenario('add/remove liquidity and swaps', async (d, random) => {
    const a = await d.deploy(USERS[0]!, 'PairToken A', amm.PairToken!, ['A']);
    const b = await d.deploy(USERS[0]!, 'PairToken B', amm.PairToken!, ['B']);
    const pair = await d.deploy(USERS[0]!, 'Pair', amm.Pair!, [address(a), address(b)]);
    for (const u of USERS) {
      for (const token of [a, b]) {
        await d.call(u, token, 'mint', [address(u), 10n ** 24n]);
        await d.call(u, token, 'approve', [address(pair), (1n << 256n) - 1n]);
      }
    }
    const size = () => BigInt(1 + random.int(10 ** 6)) * 10n ** BigInt(random.int(12));
    for (let step = 0; step < STEPS; step++) {
      const from = user(random);
      switch (random.int(6)) {
        case 0:
        case 1:
          await d.call(from, pair, 'addLiquidity', [size(), size()]);
          break;
        case 2:
          await d.call(from, pair, 'removeLiquidity', [BigInt(random.int(2)) * size()]);
          break;
        case 3:
        case 4:
          await d.call(from, pair, 'swap', [size(), BigInt(random.int(3)) * size(), random.int(2) === 0]);
          break;
        default:
          await d.call(from, random.pick([a, b]), 'transfer', [address(pair), size()]);
      }
    }
    await d.read(pair, 'getReserves');
  });
});

describe('differential: CREATE2 factory', () => {
  const factory = compileFile('Factory.sol');

  scenario('creates, predicts and uses vaults', async (d, random) => {
    const f = await d.deploy(USERS[0]!, 'VaultFactory', factory.VaultFactory!);
    const vaultAbi = factory.Vault!.abi as Abi;
    for (let step = 0; step < STEPS; step++) {
      const from = user(random);
      const salt = `0x${random.int(4).toString(16).padStart(64, '0')}` as const;
      const limit = BigInt(random.int(3)) * 500n;
      switch (random.int(5)) {
        case 0:
        case 1: {
          const outcome = await d.call(from, f, 'create', [salt, limit], BigInt(random.int(3)));
          if (outcome.success) {
            const created = BigInt(`0x${outcome.output.slice(-40)}`);
            d.watch(created, 'Vault', factory.Vault!);
            const predicted = await d.read(f, 'predict', [salt, address(from), limit]);
            expect(BigInt(predicted as string)).toBe(created);
            const [hash, size] = (await d.read(created, 'code', [], vaultAbi)) as [string, bigint];
            expect(size).toBe(BigInt(factory.Vault!.deployedBytecode.length));
            expect(BigInt(hash)).not.toBe(0n);
          }
          break;
        }
        case 2: {
          const outcome = await d.call(from, f, 'createPlain', [limit]);
          if (outcome.success) d.watch(BigInt(`0x${outcome.output.slice(-40)}`), 'Vault', factory.Vault!);
          break;
        }
        case 3:
          await d.call(from, f, 'depositTo', [BigInt(random.int(4)), BigInt(random.int(400))]);
          break;
        default:
          await d.call(from, f, 'count');
      }
    }
  });
});

describe('differential: DELEGATECALL proxy', () => {
  const proxy = compileFile('Proxy.sol');

  scenario('calls through, upgrades and reverts', async (d, random) => {
    const v1 = await d.deploy(USERS[0]!, 'CounterV1', proxy.CounterV1!);
    const v2 = await d.deploy(USERS[0]!, 'CounterV2', proxy.CounterV2!);
    const p = await d.deploy(USERS[0]!, 'Proxy', proxy.Proxy!, [address(v1)]);
    const logic = proxy.CounterV2!.abi as Abi;
    for (let step = 0; step < STEPS; step++) {
      const from = user(random);
      switch (random.int(7)) {
        case 0:
        case 1:
          await d.call(from, p, 'increment', [BigInt(random.int(1500))], 0n, logic);
          break;
        case 2:
          await d.call(from, p, 'upgradeTo', [address(random.pick([v1, v2]))]);
          break;
        case 3:
          await d.call(from, p, 'reset', [], 0n, logic);
          break;
        case 4:
          await d.call(from, p, 'version', [], 0n, logic);
          break;
        case 5:
          await d.call(from, p, 'byUser', [address(user(random))], 0n, logic);
          break;
        default:
          await d.raw(from, p, Uint8Array.of(random.int(256), random.int(256), 1, 2));
      }
    }
    await d.read(p, 'count', [], logic);
  });
});

describe('differential: try/catch and custom errors', () => {
  const errors = compileFile('Errors.sol');

  scenario('catches and bubbles every kind of failure', async (d, random) => {
    const catcher = await d.deploy(USERS[0]!, 'Catcher', errors.Catcher!);
    const thrower = BigInt((await d.read(catcher, 'thrower')) as string);
    d.watch(thrower, 'Thrower', errors.Thrower!);
    for (let step = 0; step < STEPS; step++) {
      const from = user(random);
      const mode = random.int(10);
      const x = BigInt(random.int(13));
      switch (random.int(5)) {
        case 0:
        case 1:
          await d.call(from, catcher, 'attempt', [mode, x]);
          break;
        case 2:
          await d.call(from, catcher, 'bubble', [mode, x]);
          break;
        case 3:
          await d.call(from, catcher, 'lowLevel', [mode, x]);
          break;
        default:
          await d.call(
            from,
            catcher,
            random.pick(['lastReason', 'lastPanic', 'lastData', 'failures', 'successes']),
          );
      }
    }
  });
});
