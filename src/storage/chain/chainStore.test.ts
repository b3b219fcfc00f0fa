import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Address } from '../../worker-vm/address';
import { PlaygroundError } from '../../worker-vm/errors';
import { CID } from '../../worker-vm/ipld/cid';
import { runScenario } from '../../worker-vm/scenario/runScenario';
import { commit, type KvStore, openKv, readKeys, readSnapshot } from '../kv/kvStore';
import { faultyKv, type PutFault, transfer, uniqueName } from '../testing/fixtures';
import { ChainStore } from './chainStore';
import { builtinCodeCids, machineForGenesis } from './genesis';
import { BLOCK_KEY_PREFIX, HEAD_KEY, MESSAGE_KEY_PREFIX, messageKey } from './keys';
import { CompletenessCheck } from './reachability';
import { decodeRecord, entryFromData, headFromData } from './records';

const GENESIS = { secpAccounts: 3, ethAccounts: 2 };
const newcomer = (n: number) => Address.newId(1000 + n);

async function freshChain(label: string) {
  const kv = openKv(uniqueName(label));
  const { chain } = await ChainStore.create(kv, GENESIS);
  return { kv, chain };
}

/** Applies value transfers to accounts that do not exist yet (each creates blocks). */
function applyTransfers(chain: ChainStore, count: number, from = 0) {
  for (let i = 0; i < count; i++) {
    const to = chain.machine.accounts[1]!.address;
    chain.applyMessage(transfer(chain.machine, i % 2 === 0 ? to : newcomer(i), 1000n + BigInt(i), from));
  }
}

/** Checks the database the way a fresh tab would, independently of ChainStore: no dangling references. */
async function assertNoDanglingReferences(kv: KvStore) {
  const snapshot = await readSnapshot(kv, [HEAD_KEY], [MESSAGE_KEY_PREFIX, BLOCK_KEY_PREFIX]);
  const blocks = snapshot.prefixes.get(BLOCK_KEY_PREFIX)!;
  const stored = new Map<string, Uint8Array>();
  blocks.keys.forEach((key, i) => {
    stored.set(key.slice(BLOCK_KEY_PREFIX.length), blocks.values[i] as Uint8Array);
  });
  const genesis = machineForGenesis(GENESIS);
  const check = new CompletenessCheck(
    (cid) => stored.get(cid.toString()) ?? genesis.store.get(cid),
    builtinCodeCids(genesis),
  );
  const head = headFromData(decodeRecord(snapshot.singles.get(HEAD_KEY), 'head'));
  expect(check.isComplete(head.root)).toBe(true);
  const messages = snapshot.prefixes.get(MESSAGE_KEY_PREFIX)!;
  expect(messages.keys).toEqual(Array.from({ length: head.messages }, (_, i) => messageKey(i)));
  for (const value of messages.values) {
    const { applied } = entryFromData(decodeRecord(value, 'record'));
    expect(check.isComplete(applied.stateRootBefore)).toBe(true);
    expect(check.isComplete(applied.stateRootAfter)).toBe(true);
  }
  expect(check.missing).toEqual([]);
  return { head, blockCount: blocks.keys.length };
}

describe('ChainStore', () => {
  it('saves each message with its blocks and head, and reopens at the same state', async () => {
    const { kv, chain } = await freshChain('roundtrip');
    applyTransfers(chain, 4);
    await chain.saved();
    const head = chain.head;
    expect(head.messages).toBe(4);
    expect(head.at).toBe(3);
    expect(chain.savedHead).toEqual(head);

    await expect(ChainStore.create(openKv(kv.name), GENESIS)).rejects.toThrow(/already holds a chain/);
    const { chain: reopened, recovery } = await ChainStore.open(openKv(kv.name));
    expect(recovery).toBeUndefined();
    expect(reopened.head.root.equals(head.root)).toBe(true);
    expect(reopened.head.epoch).toBe(head.epoch);
    expect(reopened.machine.stateRoot.equals(head.root)).toBe(true);
    expect(reopened.entries().map((e) => e.applied.cid.toString())).toEqual(
      chain.entries().map((e) => e.applied.cid.toString()),
    );
    const original = chain.entry(2).applied.result;
    const restored = reopened.entry(2).applied.result;
    expect(restored.receipt).toEqual(original.receipt);
    expect(restored.gasOutputs).toEqual(original.gasOutputs);
    expect(restored.trace).toBeUndefined();
    const receiver = chain.machine.accounts[1]!.address;
    expect(reopened.machine.balanceOf(receiver)).toBe(chain.machine.balanceOf(receiver));
    // The reopened chain keeps going and saving.
    applyTransfers(reopened, 1);
    await reopened.saved();
    expect((await ChainStore.open(openKv(kv.name))).chain.head.messages).toBe(5);
    await assertNoDanglingReferences(kv);
  });

  it('keeps time travel and branches: restore, branch, reset to genesis, advance epochs', async () => {
    const { kv, chain } = await freshChain('travel');
    applyTransfers(chain, 3);
    await chain.restoreTo(0);
    expect(chain.machine.stateRoot.equals(chain.entry(0).applied.stateRootAfter)).toBe(true);
    applyTransfers(chain, 1, 2);
    await chain.advanceEpochs(5);
    await chain.saved();
    expect(chain.entry(3).parent).toBe(0);
    expect(chain.pathTo().map((e) => e.applied.index)).toEqual([0, 3]);

    const { chain: reopened } = await ChainStore.open(openKv(kv.name));
    expect(reopened.head).toEqual({ ...chain.head, root: reopened.head.root });
    expect(reopened.head.root.equals(chain.head.root)).toBe(true);
    expect(reopened.machine.epoch).toBe(chain.machine.epoch);
    expect(reopened.pathTo().map((e) => e.applied.index)).toEqual([0, 3]);
    expect(reopened.pathTo(2).map((e) => e.applied.index)).toEqual([0, 1, 2]);

    await reopened.restoreTo(-1);
    const atGenesis = (await ChainStore.open(openKv(kv.name))).chain;
    expect(atGenesis.head.at).toBe(-1);
    expect(atGenesis.machine.stateRoot.equals(atGenesis.genesis.stateRoot)).toBe(true);
    expect(atGenesis.length).toBe(4);
  });

  it('recomputes traces by replay and checks them against the stored outcome', async () => {
    const { kv, chain } = await freshChain('replay');
    applyTransfers(chain, 2);
    await chain.saved();
    const live = chain.entry(1).applied.result.trace!;
    const { chain: reopened } = await ChainStore.open(openKv(kv.name));
    const replayed = reopened.replay(1);
    expect(replayed.reproduced).toBe(true);
    expect(replayed.result.trace).toEqual(live);
    // Replaying does not move the machine.
    expect(reopened.machine.stateRoot.equals(reopened.head.root)).toBe(true);
  });

  it('lets a read-only tab follow the writer, and refuses its writes', async () => {
    const { kv, chain } = await freshChain('follow');
    const { chain: follower } = await ChainStore.open(openKv(kv.name), { readOnly: true });
    expect(await follower.refresh()).toBe('unchanged');
    applyTransfers(chain, 3);
    await chain.advanceEpochs(2);
    expect(await follower.refresh()).toBe('advanced');
    expect(follower.head).toEqual(chain.savedHead);
    expect(follower.machine.stateRoot.equals(chain.machine.stateRoot)).toBe(true);
    expect(follower.machine.epoch).toBe(chain.machine.epoch);
    expect(() => follower.applyMessage(transfer(follower.machine, newcomer(9), 1n))).toThrow(/read-only/);
    await expect(follower.restoreTo(-1)).rejects.toThrow(/read-only/);
  });
});

describe('ChainStore: a writer killed half-way through a commit', () => {
  /** Saves two messages, then fails the third message's transaction with `fault`; returns the DB name. */
  async function killDuringThirdCommit(fault: PutFault) {
    const name = uniqueName(`kill-${fault}`);
    let armed = false;
    const kv = faultyKv(openKv(name), (_key, n) => (armed && n >= 3 ? fault : undefined));
    const { chain } = await ChainStore.create(kv, GENESIS);
    applyTransfers(chain, 2);
    await chain.saved();
    const before = chain.savedHead;
    const keysBefore = await readKeys(kv, '');
    armed = true;
    applyTransfers(chain, 1);
    const error = await chain.saved().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { name, chain, before, keysBefore, error };
  }

  for (const fault of ['throw', 'abort'] as const) {
    it(`reopens at the previous head with no dangling references (${fault})`, async () => {
      const { name, chain, before, keysBefore, error } = await killDuringThirdCommit(fault);
      expect(error).toBeInstanceOf(Error);
      // In memory the message is there and unsaved; on disk nothing of its commit is.
      expect(chain.head.messages).toBe(3);
      expect(chain.savedHead).toEqual(before);
      expect(chain.status().unsavedWrites).toBeGreaterThan(2);

      const kv = openKv(name);
      expect(await readKeys(kv, '')).toEqual(keysBefore);
      const { chain: reopened, recovery } = await ChainStore.open(kv);
      expect(recovery).toBeUndefined();
      expect(reopened.head.root.equals(before.root)).toBe(true);
      expect(reopened.head.messages).toBe(2);
      await assertNoDanglingReferences(kv);
    });
  }

  it('recovers from a torn write (storage that is not atomic): falls back and removes what dangles', async () => {
    const name = uniqueName('torn');
    let armed = false;
    // Half of the new blocks never reach the disk, but the record and head do.
    const kv = faultyKv(openKv(name), (key, n) =>
      armed && typeof key === 'string' && key.startsWith(BLOCK_KEY_PREFIX) && n % 2 === 0
        ? 'skip'
        : undefined,
    );
    const { chain } = await ChainStore.create(kv, GENESIS);
    applyTransfers(chain, 2);
    await chain.saved();
    const consistent = chain.savedHead;
    armed = true;
    chain.applyMessage(transfer(chain.machine, newcomer(77), 5n));
    await chain.saved();

    const { chain: reopened, recovery } = await ChainStore.open(openKv(name));
    expect(recovery).toBeDefined();
    expect(recovery!.droppedMessages).toEqual([2]);
    expect(recovery!.missingBlocks.length).toBeGreaterThan(0);
    expect(recovery!.orphanBlocks).toBeGreaterThan(0);
    expect(recovery!.problems.join(' ')).toMatch(/state after message 2 .* is missing blocks/);
    expect(recovery!.previousHead?.messages).toBe(3);
    expect(reopened.head).toEqual({ ...consistent, root: reopened.head.root });
    expect(reopened.head.root.equals(consistent.root)).toBe(true);
    const { blockCount } = await assertNoDanglingReferences(openKv(name));
    // The repair is durable: opening again finds nothing to report.
    const again = await ChainStore.open(openKv(name));
    expect(again.recovery).toBeUndefined();
    expect(blockCount).toBe((await readKeys(openKv(name), BLOCK_KEY_PREFIX)).length);
  });

  it('falls back past a corrupted message record and a missing head', async () => {
    const { kv, chain } = await freshChain('corrupt');
    applyTransfers(chain, 4);
    await chain.saved();
    await commit(kv, [[messageKey(2), Uint8Array.of(0xa1, 0xff)]]);
    const { chain: reopened, recovery } = await ChainStore.open(openKv(kv.name));
    expect(recovery!.droppedMessages).toEqual([2, 3]);
    expect(recovery!.problems[0]).toMatch(/message record 2/);
    expect(reopened.head.at).toBe(1);
    expect(reopened.head.root.equals(chain.entry(1).applied.stateRootAfter)).toBe(true);
    await assertNoDanglingReferences(kv);

    await commit(kv, [], [HEAD_KEY]);
    const headless = await ChainStore.open(openKv(kv.name));
    expect(headless.recovery!.problems).toContain('the head record is missing');
    expect(headless.chain.head.at).toBe(1);
    await assertNoDanglingReferences(kv);
  });

  it('treats a block that does not decode as missing', async () => {
    const { kv, chain } = await freshChain('broken-block');
    applyTransfers(chain, 2);
    await chain.saved();
    const root = chain.entry(1).applied.stateRootAfter;
    await commit(kv, [[`${BLOCK_KEY_PREFIX}${root}`, Uint8Array.of(0xff, 0xff)]]);
    const { chain: reopened, recovery } = await ChainStore.open(openKv(kv.name));
    expect(recovery!.missingBlocks).toContain(root.toString());
    expect(reopened.head.at).toBe(0);
    await assertNoDanglingReferences(kv);
  });

  it('with verifyHashes, also catches a block whose bytes do not match its CID', async () => {
    const { kv, chain } = await freshChain('hashes');
    applyTransfers(chain, 2);
    await chain.saved();
    const root = chain.entry(1).applied.stateRootAfter;
    const blockOfRoot0 = chain.machine.store.get(chain.entry(0).applied.stateRootAfter)!;
    await commit(kv, [[`${BLOCK_KEY_PREFIX}${root}`, blockOfRoot0]]);
    expect((await ChainStore.open(openKv(kv.name), { readOnly: true })).recovery).toBeUndefined();
    const { recovery } = await ChainStore.open(openKv(kv.name), { verifyHashes: true });
    expect(recovery!.problems[0]).toMatch(/does not match its CID/);
    expect(recovery!.head.at).toBe(0);
  });

  it('refuses a chain whose genesis this version does not build', async () => {
    const { kv } = await freshChain('foreign-genesis');
    const other = machineForGenesis({ seed: 'elsewhere' });
    const { genesisToData, encodeRecord } = await import('./records');
    await commit(kv, [
      ['c/genesis', encodeRecord(genesisToData({ genesis: GENESIS, stateRoot: other.stateRoot }))],
    ]);
    await expect(ChainStore.open(openKv(kv.name))).rejects.toThrow(/incompatible version/);
  });
});

describe('ChainStore: a full quota', () => {
  it('becomes a typed error, keeps the disk as it was, and saves everything on retry', async () => {
    const name = uniqueName('quota');
    let full = false;
    const kv = faultyKv(openKv(name), () => (full ? 'quota' : undefined));
    const { chain } = await ChainStore.create(kv, GENESIS);
    applyTransfers(chain, 1);
    await chain.saved();
    full = true;
    applyTransfers(chain, 2);
    const error = await chain.saved().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaygroundError);
    expect((error as PlaygroundError).kind).toBe('TooLarge');
    expect((error as PlaygroundError).where).toBe('storage');
    expect((error as PlaygroundError).message).toMatch(
      /storage for this site is full.*Nothing saved before was lost/,
    );
    expect(chain.status().error).toBe(error);
    expect((await ChainStore.open(openKv(name), { readOnly: true })).chain.head.messages).toBe(1);

    // More work while full is kept too, then everything is saved at once.
    applyTransfers(chain, 1);
    await expect(chain.saved()).rejects.toMatchObject({ kind: 'TooLarge', where: 'storage' });
    full = false;
    await chain.retry();
    expect(chain.status()).toMatchObject({ unsavedWrites: 0, error: undefined });
    const { chain: reopened, recovery } = await ChainStore.open(openKv(name));
    expect(recovery).toBeUndefined();
    expect(reopened.head.messages).toBe(4);
    expect(reopened.head.root.equals(chain.head.root)).toBe(true);
  });
});

describe('ChainStore.initialEntries', () => {
  it('persists a machine that already ran a scenario (a replayed share link)', async () => {
    const outcome = runScenario({
      version: 1,
      genesis: GENESIS,
      steps: [
        { kind: 'send', from: 'secp:0', to: 'f01234', value: '1 FIL' },
        { kind: 'advanceEpochs', count: 3 },
        { kind: 'send', from: 'secp:1', to: 'f01234', value: '5' },
      ],
    });
    const kv = openKv(uniqueName('initial'));
    await commit(kv, ChainStore.initialEntries(GENESIS, outcome.machine));
    const { chain, recovery } = await ChainStore.open(kv);
    expect(recovery).toBeUndefined();
    expect(chain.head.root.equals(outcome.machine.stateRoot)).toBe(true);
    expect(chain.head.epoch).toBe(outcome.machine.epoch);
    expect(chain.pathTo().map((e) => e.parent)).toEqual([-1, 0]);
    expect(CID.asCID(chain.genesis.stateRoot)).not.toBeNull();
  });

  it('builds the same genesis as the headless runner', () => {
    for (const genesis of [{}, GENESIS, { seed: 'x', accountBalance: '5 FIL' }]) {
      const runner = runScenario({ version: 1, genesis, steps: [] }).machine;
      expect(machineForGenesis(genesis).stateRoot.equals(runner.stateRoot)).toBe(true);
    }
  });
});
