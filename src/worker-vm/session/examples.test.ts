import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../ui/examples/examples';
import { PlaygroundSession } from './session';
import { compileForSession } from './testing/sessionFixture.node.js';

// The examples menu's files live with the UI; workspace path `examples/x/Y.sol` is `src/ui/examples/x/Y.sol`.
const source = (path: string) => readFileSync(new URL(`../../ui/${path}`, import.meta.url), 'utf8');

/** Compiles one example offline (bundled solc and libraries) into a fresh session. */
async function sessionWith(id: string) {
  const example = EXAMPLES.find((e) => e.id === id)!;
  const files = Object.fromEntries(Object.keys(example.files).map((path) => [path, source(path)]));
  const { input } = await compileForSession(files);
  const session = new PlaygroundSession();
  const { artifacts } = session.registerCompilation(input);
  const accounts = session.state().accounts;
  const eth = accounts.filter((a) => a.kind === 'eth');
  return { session, artifacts, alice: eth[0]!, bob: eth[1]!, secp: accounts[0]! };
}

const ok = (detail: { exitName: string; revert: { summary: string } | null; failure: string | null }) =>
  expect(detail.exitName, detail.revert?.summary ?? detail.failure ?? '').toBe('OK');

describe('the examples compile offline and run', () => {
  it('lists every example with files that exist', () => {
    expect(EXAMPLES.map((e) => e.id)).toEqual([
      'erc20',
      'datadao',
      'access',
      // Wasm actors (their compile and runs are tested in tests/assemblyscript and e2e/wasm.spec.ts).
      'as-counter',
      'as-token',
      'as-evm-caller',
      'wat-counter',
    ]);
    for (const example of EXAMPLES) expect(Object.keys(example.files)).toContain(example.main);
  });

  it('ERC-20: deploy, transfer to an f1 account by its f1 address, read balances', async () => {
    const { session, artifacts, alice, secp } = await sessionWith('erc20');
    const token = artifacts.find((a) => a.name === 'PlayToken')!;
    ok(session.submit({ kind: 'deploy', from: alice.robust!, artifactKey: token.key, args: ['1000 ether'] }));
    // An f1 address is converted to the masked ID 0xff00…id the EVM sees.
    ok(
      session.submit({
        kind: 'invoke',
        from: alice.robust!,
        contract: 0,
        function: 'transfer(address,uint256)',
        args: [secp.robust!, '250 ether'],
      }),
    );
    const balance = session.read({
      kind: 'invoke',
      contract: 0,
      function: 'balanceOf(address)',
      args: [secp.id!],
    });
    expect(balance.returned?.[0]?.text).toBe(`${250n * 10n ** 18n}`);
    const diff = session.stateDiff(1);
    const names = diff.actors.flatMap((a) => a.storage.flatMap((s) => s.variables.map((v) => v.name)));
    expect(names.some((n) => n.startsWith('_balances['))).toBe(true);
  }, 60_000);

  it('Data DAO: fund, propose, vote, execute pays the provider', async () => {
    const { session, artifacts, alice, bob, secp } = await sessionWith('datadao');
    const dao = artifacts.find((a) => a.name === 'DataDAO')!;
    ok(session.submit({ kind: 'deploy', from: alice.robust!, artifactKey: dao.key, args: ['2'] }));
    const call = (from: string, fn: string, args: string[], value?: string) =>
      session.submit({ kind: 'invoke', from, contract: 0, function: fn, args, ...(value ? { value } : {}) });
    ok(call(alice.robust!, 'addMember(address)', [bob.eth!]));
    ok(call(bob.robust!, 'fund()', [], '5 FIL'));
    const proposed = call(alice.robust!, 'propose(bytes,uint64,address,uint256)', [
      '0x0181e203922020aa',
      '34359738368',
      secp.robust!,
      '2 ether',
    ]);
    ok(proposed);
    expect(proposed.consoleLines.map((l) => l.text)).toEqual(['proposal 0: 34359738368 bytes']);
    const early = call(alice.robust!, 'execute(uint256)', ['0']);
    expect(early.revert?.summary).toBe('NotEnoughVotes(uint32,uint32): votes=0, quorum=2');
    ok(call(alice.robust!, 'vote(uint256)', ['0']));
    ok(call(bob.robust!, 'vote(uint256)', ['0']));
    const providerBefore = session.state().accounts.find((a) => a.robust === secp.robust)!.balance;
    ok(call(alice.robust!, 'execute(uint256)', ['0']));
    const providerAfter = session.state().accounts.find((a) => a.robust === secp.robust)!.balance;
    expect(providerAfter - providerBefore).toBe(2n * 10n ** 18n);
  }, 60_000);

  it('Data access control: register, grant, check, buy access', async () => {
    const { session, artifacts, alice, bob } = await sessionWith('access');
    const access = artifacts.find((a) => a.name === 'DataAccess')!;
    ok(session.submit({ kind: 'deploy', from: alice.robust!, artifactKey: access.key, args: [] }));
    const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
    ok(
      session.submit({
        kind: 'invoke',
        from: alice.robust!,
        contract: 0,
        function: 'register(string,uint96)',
        args: [cid, '1 gwei'],
      }),
    );
    // A transaction's return value is decoded too (the FEVM returns it in the receipt).
    const registered = session.message(1);
    const datasetId = registered.returned![0]!.text;
    expect(registered.events[0]!.name).toBe('Registered(bytes32,address,string)');
    expect(registered.events[0]!.args[0]!.text).toBe(datasetId);
    const canRead = () =>
      session.read({
        kind: 'invoke',
        contract: 0,
        function: 'canRead(bytes32,address)',
        args: [datasetId, bob.robust!],
      }).returned?.[0]?.text;
    expect(canRead()).toBe('false');
    ok(
      session.submit({
        kind: 'invoke',
        from: bob.robust!,
        contract: 0,
        function: 'buyAccess(bytes32,uint32)',
        args: [datasetId, '3'],
        value: '3000000000',
      }),
    );
    expect(canRead()).toBe('true');
    ok(
      session.submit({
        kind: 'invoke',
        from: alice.robust!,
        contract: 0,
        function: 'revoke(bytes32,address)',
        args: [datasetId, bob.eth!],
      }),
    );
    expect(canRead()).toBe('false');
  }, 60_000);
});
