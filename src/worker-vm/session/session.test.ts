import { secp256k1 } from '@noble/curves/secp256k1.js';
import { toFunctionSelector } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { f410AddressOf, secpAddress } from '../machine/keys';
import { hexToBytes } from '../util/bytes';
import { PlaygroundSession } from './session';
import { FieldsError } from './sessionErrors';
import { compileForSession, STORE_LINES, STORE_PATH, STORE_SOURCE } from './testing/sessionFixture.node.js';
import { stepColumns } from './trace/stepColumns';

let session: PlaygroundSession;
let storeKey: string;
let calleeKey: string;
let sender: string;
let deposit: number;

beforeAll(async () => {
  const { input } = await compileForSession({ [STORE_PATH]: STORE_SOURCE });
  session = new PlaygroundSession();
  const registered = session.registerCompilation(input);
  storeKey = registered.artifacts.find((a) => a.name === 'Store')!.key;
  calleeKey = registered.artifacts.find((a) => a.name === 'Callee')!.key;
  sender = session.state().accounts.find((a) => a.kind === 'eth')!.robust!;
  const deployed = session.submit({ kind: 'deploy', from: sender, artifactKey: storeKey, args: ['vault'] });
  expect(deployed.exitName).toBe('OK');
  const detail = session.submit({
    kind: 'invoke',
    from: sender,
    contract: 0,
    function: 'deposit(uint256)',
    args: ['5'],
  });
  expect(detail.exitCode).toBe(0);
  deposit = detail.index;
}, 120_000);

describe('deploying and calling through the session', () => {
  it('lists the deployed contract and the one its constructor created, matched to their artifacts', () => {
    const contracts = session.state().contracts;
    expect(contracts.map((c) => [c.name, c.source])).toEqual([
      ['Store', 'deployed'],
      ['Callee', 'created'],
    ]);
    for (const contract of contracts) {
      expect(contract.id).toMatch(/^f0\d+$/);
      expect(contract.robust).toMatch(/^f410f/);
      expect(contract.eth).toMatch(/^0x[0-9a-f]{40}$/);
      expect(contract.abi).not.toBeNull();
    }
  });

  it('decodes the event, the console.log line and the fee breakdown of a call', () => {
    const detail = session.message(deposit);
    expect(detail.action).toBe('deposit(uint256)');
    expect(detail.events.map((e) => e.name)).toEqual(['Deposited(address,uint256)']);
    expect(detail.events[0]!.args.map((a) => a.name)).toEqual(['who', 'amount']);
    expect(detail.events[0]!.args[1]!.text).toBe('5');
    const ethSender = session.state().accounts.find((a) => a.robust === sender)!.eth!;
    expect(detail.consoleLines.map((l) => l.text.toLowerCase())).toEqual([`deposit 5 by ${ethSender}`]);
    const fees = detail.fees!;
    const limit = BigInt(detail.gasLimit);
    expect(fees.baseFeeBurn).toBe(100n * BigInt(detail.gasUsed));
    expect(fees.totalCost).toBe(300n * limit - fees.refund);
    expect(fees.baseFeeBurn + fees.overEstimationBurn + fees.minerTip + fees.refund).toBe(300n * limit);
  });

  it('answers a view function with an implicit message, committing nothing', () => {
    const before = session.state();
    const read = session.read({ kind: 'invoke', contract: 0, function: 'total()', args: [] });
    expect(read.exitName).toBe('OK');
    expect(read.returned?.map((v) => v.text)).toEqual(['5']);
    const name = session.read({ kind: 'invoke', contract: 0, function: 'name()', args: [] });
    expect(name.returned?.[0]?.text).toBe('"vault"');
    expect(session.state().stateRoot).toBe(before.stateRoot);
    expect(session.state().messages.length).toBe(before.messages.length);
  });

  it('explains reverts: custom errors with arguments, Error(string), Panic codes, and where they came from', () => {
    const tooBig = session.submit({
      kind: 'invoke',
      from: sender,
      contract: 0,
      function: 'check(uint256)',
      args: ['11'],
    });
    expect(tooBig.exitName).toBe('EVM_CONTRACT_REVERTED');
    expect(tooBig.exitText).toBe('the contract reverted');
    expect(tooBig.revert?.kind).toBe('custom');
    expect(tooBig.revert?.summary).toBe('TooBig(uint256,uint256): amount=11, max=10');
    expect(tooBig.revertLocation).toEqual({ path: STORE_PATH, line: STORE_LINES.revertTooBig });

    const zero = session.read({ kind: 'invoke', contract: 0, function: 'check(uint256)', args: ['0'] });
    expect(zero.revert?.summary).toBe('Error: zero');

    const overflow = session.submit({
      kind: 'invoke',
      from: sender,
      contract: 0,
      function: 'overflow()',
      args: [],
    });
    expect(overflow.revert?.kind).toBe('panic');
    expect(overflow.revert?.summary).toMatch(/^Panic 0x11: arithmetic overflow/);
    expect(overflow.revertLocation?.line).toBe(STORE_LINES.overflow);
  });

  it('refuses bad input at the field and sends nothing', () => {
    const before = session.state();
    const nonce = before.accounts.find((a) => a.robust === sender)!.nonce;
    const attempt = (args: string[], extra: object = {}) => {
      try {
        session.submit({
          kind: 'invoke',
          from: sender,
          contract: 0,
          function: 'deposit(uint256)',
          args,
          ...extra,
        });
      } catch (error) {
        return error;
      }
      throw new Error('expected a refusal');
    };
    const range = attempt(['-1']) as FieldsError;
    expect(range).toBeInstanceOf(FieldsError);
    expect(range.fields).toEqual([
      { path: 'args.amount', message: 'out of range for uint256 (0 to 2^256-1)' },
    ]);
    expect((attempt(['1'], { value: 'lots' }) as { where: string }).where).toBe('value');
    expect((attempt(['1'], { from: 'f1nonsense' }) as { where: string }).where).toBe('from');
    expect((attempt(['1'], { gasLimit: 0 }) as { where: string }).where).toBe('gasLimit');
    const after = session.state();
    expect(after.stateRoot).toBe(before.stateRoot);
    expect(after.messages.length).toBe(before.messages.length);
    expect(after.accounts.find((a) => a.robust === sender)!.nonce).toBe(nonce);
  });
});

describe('views of a message', () => {
  it('builds the call tree with Lotus charge names, labels and inclusive gas', () => {
    const tree = session.callTree(deposit);
    expect(tree.labels[0]).toBe('Store.deposit(uint256)');
    expect(tree.labels).toContain('Callee.set(uint256)');
    expect(tree.labels).toContain('console.log');
    expect(tree.inclusiveGas[0]! + tree.preCallGas).toBeLessThanOrEqual(tree.gasUsed * 1000);
    expect(tree.inclusiveGas[0]! + tree.preCallGas).toBeGreaterThan((tree.gasUsed - 1) * 1000);
    const root = session.callNode(deposit, 0);
    // The node's figures are the tree row's; the inclusion charge is listed and counted apart.
    expect([root.inclusiveGas, root.ownGas]).toEqual([tree.inclusiveGas[0], tree.ownGas[0]]);
    expect(root.inclusionGas).toBe(tree.preCallGas);
    expect(root.charges.reduce((sum, c) => sum + c.total, 0)).toBe(root.ownGas + root.inclusionGas);
    const names = root.charges.map((c) => c.name);
    expect(names).toContain('OnChainMessage');
    expect(names).toContain('OnBlockLink');
    expect(root.charges.find((c) => c.name === 'wasm_exec')?.estimated).toBe(true);
    const totals = session.gasTotals(deposit);
    expect(totals.reduce((sum, t) => sum + t.total, 0)).toBe(tree.inclusiveGas[0]! + tree.preCallGas);
  });

  it('names changed storage with the layout, mappings by key, struct members, packed and array slots', () => {
    const diff = session.stateDiff(deposit);
    const store = diff.actors.find((a) => a.label === 'Store')!;
    expect(store.layoutFrom).toBe('Store');
    const ethSender = session.state().accounts.find((a) => a.robust === sender)!.eth!;
    const callee = session.state().contracts.find((c) => c.name === 'Callee')!.eth!;
    const checksum = (hex: string) => hex.toLowerCase();
    const variables = store.storage.flatMap((slot) =>
      slot.variables.map((v) => [v.name.toLowerCase(), v.before, v.after]),
    );
    expect(variables).toEqual(
      expect.arrayContaining([
        ['total', '0', '5'],
        ['small', '0', '5'],
        [`balances[${checksum(ethSender)}]`, '0', '5'],
        [`allowance[${checksum(ethSender)}][${checksum(callee)}]`, '0', '5'],
        ['list.length', '0', '1'],
        ['list[0]', '0', '5'],
        ['infos[7].count', '0', '3'],
        ['infos[7].active', 'false', 'true'],
      ]),
    );
    expect(
      variables
        .find((v) => v[0] === 'infos[7].owner')?.[2]
        ?.toString()
        .toLowerCase(),
    ).toBe(ethSender);
    const calleeDiff = diff.actors.find((a) => a.label === 'Callee')!;
    expect(calleeDiff.storage[0]!.variables.map((v) => [v.name, v.after])).toEqual([['value', '5']]);
    // The sender's nonce and balance changed too.
    const account = diff.actors.find((a) => a.actor.robust === sender)!;
    expect(account.nonceAfter).toBe(account.nonceBefore! + 1);
    expect(account.balanceAfter! < account.balanceBefore!).toBe(true);
  });

  it('steps through the EVM frames of a message in execution order, with source lines', () => {
    const info = session.debugInfo(deposit);
    // Whole-trace passes read the trace's columns directly (the slow path would rebuild stacks).
    expect(session.replay(deposit).traces.every((trace) => stepColumns(trace).fast)).toBe(true);
    expect(info.frames.map((f) => f.label)).toEqual(['Store.deposit(uint256)', 'Callee.set(uint256)']);
    const [outer, inner] = info.frames;
    expect(inner!.depth).toBe(1);
    expect(info.totalSteps).toBeGreaterThan(inner!.lastStep);
    // The callee's steps come right after the caller's CALL.
    const [call] = session.debugRows(deposit, inner!.firstStep - 1, 1);
    expect(call!.op).toBe('CALL');
    expect(call!.frame).toBe(outer!.index);

    const atTotal = session.debugNavigate(deposit, 0, {
      kind: 'toLine',
      path: STORE_PATH,
      line: STORE_LINES.total,
    });
    const step = session.debugStep(deposit, atTotal);
    expect(step.location?.path).toBe(STORE_PATH);
    expect(step.location?.startLine).toBe(STORE_LINES.total);
    const next = session.debugStep(deposit, session.debugNavigate(deposit, atTotal, { kind: 'nextLine' }));
    expect(next.location?.startLine).toBe(STORE_LINES.balances);

    // Over a CALL stays in the caller; into it enters the callee.
    expect(session.debugNavigate(deposit, call!.step, { kind: 'into' })).toBe(inner!.firstStep);
    const over = session.debugNavigate(deposit, call!.step, { kind: 'over' });
    expect(over).toBeGreaterThan(inner!.lastStep);
    expect(session.debugRows(deposit, over, 1)[0]!.frame).toBe(outer!.index);
    // Out of the callee returns to the caller, after the call.
    expect(session.debugNavigate(deposit, inner!.firstStep + 3, { kind: 'out' })).toBe(inner!.lastStep + 1);
    expect(session.debugNavigate(deposit, 5, { kind: 'back' })).toBe(4);
    expect(session.debugNavigate(deposit, 5, { kind: 'end' })).toBe(info.totalSteps - 1);

    const write = session.debugNavigate(deposit, 0, {
      kind: 'toLine',
      path: STORE_PATH,
      line: STORE_LINES.calleeValueWrite,
    });
    const afterWrite = session.debugStep(
      deposit,
      session.debugNavigate(deposit, write, { kind: 'nextLine' }),
    );
    expect(afterWrite.storage.find((s) => s.kind === 'sstore')?.variable).toBe('value');
    expect(afterWrite.stack.length).toBeGreaterThan(0);
  });

  it('attributes step gas to source lines and says what was spent outside the bytecode', () => {
    const gas = session.gasByLine(deposit);
    const lines = gas.files.find((f) => f.path === STORE_PATH)!.lines;
    const byLine = new Map(lines.map((l) => [l.line, l]));
    expect(byLine.get(STORE_LINES.balances)!.gas).toBeGreaterThan(0);
    const callLine = byLine.get(STORE_LINES.callCallee)!;
    // The line that calls the callee pays for the call; without it, much less.
    expect(callLine.gas).toBeGreaterThan(callLine.selfGas);
    const outer = gas.outside[0]!;
    expect(outer.storageWriteLines).toEqual(
      expect.arrayContaining([STORE_LINES.total, STORE_LINES.balances]),
    );
    expect(outer.gas).toBeGreaterThan(0);
    let inSteps = gas.unmapped;
    for (const file of gas.files) for (const line of file.lines) inSteps += line.selfGas;
    const outside = gas.outside.reduce((sum, o) => sum + o.gas, 0);
    // Everything the message spent is in the steps, outside them, or before the first EVM frame.
    expect(inSteps + outside).toBeLessThanOrEqual(gas.gasUsed * 1000);
  });
});

describe('accounts and contracts', () => {
  it('creates and funds a new account that can then send', () => {
    const funder = session.state().accounts[0]!.robust!;
    const created = session.createAccount({ kind: 'secp256k1', funder, amount: '2 FIL' });
    expect(created.exitName).toBe('OK');
    const account = session.state().accounts.at(-1)!;
    expect(account.genesis).toBe(false);
    expect(account.balance).toBe(2n * 10n ** 18n);
    expect(account.actorType).toBe('account');
    const sent = session.submit({ kind: 'send', from: account.robust!, to: funder, value: '1 FIL' });
    expect(sent.exitName).toBe('OK');
  });

  it('sends and reads raw calldata, and estimates a message with a dry run', () => {
    const store = session.state().contracts[0]!;
    const word = (n: bigint) => n.toString(16).padStart(64, '0');
    const total = () =>
      BigInt(
        session.read({ kind: 'raw', to: store.robust!, calldata: toFunctionSelector('total()') }).returnData,
      );
    const before = total();
    const calldata = `${toFunctionSelector('deposit(uint256)')}${word(9n)}`;
    const request = { kind: 'raw', from: sender, to: store.robust!, calldata } as const;
    // The estimate runs the message without committing it: a quarter more than it used, nothing changed.
    const estimate = session.estimate(request);
    expect(estimate.exitName).toBe('OK');
    expect(estimate.gasLimit).toBe(Math.ceil(estimate.gasUsed * 1.25));
    expect(total()).toBe(before);
    const sent = session.submit(request);
    expect(sent.exitName).toBe('OK');
    // The dry run carried the block gas limit, whose longer encoding costs 1,300 gas a byte more on chain.
    expect(estimate.gasUsed - sent.gasUsed).toBe(4 * 1300);
    expect(sent.gasUsed).toBeLessThan(estimate.gasLimit);
    expect(total()).toBe(before + 9n);
  });

  it('gives every account its private key, which signs for its address', () => {
    session.createAccount({ kind: 'eth', funder: sender, amount: '1 FIL' });
    const accounts = session.state().accounts;
    expect(accounts.some((a) => !a.genesis && a.kind === 'eth')).toBe(true);
    for (const account of accounts) {
      const secret = hexToBytes(account.privateKey!.slice(2));
      const key = { privateKey: secret, publicKey: secp256k1.getPublicKey(secret, false) };
      const address = account.kind === 'eth' ? f410AddressOf(key) : secpAddress(key);
      expect(address.toString()).toBe(account.robust);
    }
  });

  it('adds an existing contract at its address, in any address form', () => {
    const store = session.state().contracts[0]!;
    const again = session.atAddress({ address: store.id!, artifactKey: storeKey });
    expect(again.index).toBe(store.index);
    // A listed contract takes another ABI when asked (a proxy and its implementation's), and back.
    const count = session.state().contracts.length;
    const retyped = session.atAddress({ address: store.id!, artifactKey: calleeKey });
    expect([retyped.index, retyped.name, retyped.artifactKey]).toEqual([store.index, 'Callee', calleeKey]);
    expect(retyped.abi?.some((item) => (item as { name?: string }).name === 'set')).toBe(true);
    expect(session.state().contracts).toHaveLength(count);
    expect(session.atAddress({ address: store.id!, artifactKey: storeKey }).name).toBe('Store');
    expect(() => session.atAddress({ address: sender, artifactKey: storeKey })).toThrow(/not a contract/);
  });

  it('resets to genesis but keeps compiled artifacts', async () => {
    const fresh = new PlaygroundSession();
    fresh.registerCompilation({ contracts: [], sources: [] });
    const state = await fresh.reset();
    expect(state.messages).toEqual([]);
    expect(state.accounts.length).toBe(10);
  });
});
