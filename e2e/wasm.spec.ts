import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { deriveKey, secpAddress } from '../src/worker-vm/machine/keys';
import { writeBundle } from '../src/worker-vm/wasm/bundle/bundle';
import { wat } from '../src/worker-vm/wasm/testing/wat.node';
import { compile, contractCard, deploy, openApp, outputPanel, runPanel, SCREENSHOTS } from './support/ide';

// Wasm actors in the running app (issue 8): AssemblyScript and WAT compiled in the browser, installed,
// created, invoked with JSON params; syscall traces, gas totals and state diffs; .wasm files, bad modules,
// an infinite loop, and a synthetic builtin-actors bundle.
test.describe.configure({ mode: 'serial' });

const fixture = (name: string) =>
  readFileSync(new URL(`../tests/fixtures/wasm/${name}`, import.meta.url), 'utf8');

/** Returns the actor's params handle when there are params, after looping forever. */
const LOOP_WAT = `(module
  (memory (export "memory") 1)
  (func (export "invoke") (param $params i32) (result i32)
    (if (local.get $params) (then (loop $forever (br $forever))))
    (i32.const 0)))`;

const wasmPanel = (page: Page) => runPanel(page).getByTestId('wasm-section');

async function openExample(page: Page, title: string, file: string) {
  await page.getByRole('button', { name: 'Examples ▾' }).click();
  await page.getByRole('menuitem', { name: new RegExp(title) }).click();
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toBeVisible();
  await expect(page.getByRole('tab', { name: file, exact: true })).toHaveAttribute('aria-selected', 'true');
}

async function compileActor(page: Page, entry: string) {
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('wasm-compile-summary')).toHaveText(
    new RegExp(`^Compiled ${entry} to Wasm`),
    {
      timeout: 150_000,
    },
  );
}

/** Messages are rows of the Transactions tab: it must be showing to count them. */
async function messageCount(page: Page) {
  await page.getByTestId('tab-transactions').click();
  await expect(page.getByTestId('tx-list')).toBeVisible();
  return page.getByTestId('tx-row').count();
}

async function sent(page: Page, before: number, exit = '0') {
  await expect(page.getByTestId('tx-row')).toHaveCount(before + 1, { timeout: 60_000 });
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', exit);
}

/** Installs the compiled module and creates an actor; returns its f0 address. */
async function installAndCreate(page: Page, params = '') {
  const panel = wasmPanel(page);
  await panel.getByTestId('wasm-install').click();
  await expect(panel.getByTestId('wasm-installed')).toBeVisible();
  const actors = await panel.getByTestId('wasm-actor').count();
  await panel.getByTestId('wasm-create-params').fill(params);
  const before = await messageCount(page);
  await panel.getByTestId('wasm-create-button').click();
  await sent(page, before);
  await expect(panel.getByTestId('wasm-actor')).toHaveCount(actors + 1);
  const id = await panel.getByTestId('wasm-actor').last().getAttribute('data-id');
  expect(id).toMatch(/^f0\d+$/);
  return id!;
}

async function invoke(page: Page, to: string, method: number, params: string, exit = '0') {
  const panel = wasmPanel(page);
  await panel.getByTestId('wasm-to').fill(to);
  await panel.getByTestId('wasm-method').fill(String(method));
  await panel.getByTestId('wasm-params').fill(params);
  const before = await messageCount(page);
  await panel.getByTestId('wasm-send').click();
  await sent(page, before, exit);
}

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await openApp(page);
});

test.afterAll(async () => {
  await page.close();
});

test('the AssemblyScript counter compiles in the browser and runs with a syscall trace', async ({
  browserName: _,
}, testInfo) => {
  test.setTimeout(300_000);
  await openExample(page, 'Wasm actor: counter \\(AssemblyScript\\)', 'counter.ts');
  await compileActor(page, 'actors/counter.ts');
  const actor = await installAndCreate(page);
  // The installed module's interface: its exports (invoke, memory) and the syscalls it imports.
  const face = wasmPanel(page).getByTestId('wasm-interface').first();
  await face.locator('summary').click();
  await expect(face).toContainText(/export invoke/);
  await expect(face).toContainText(/export memory/);
  await expect(face).toContainText(/import vm\.message_context/);
  await invoke(page, actor, 2, '5');
  await expect(wasmPanel(page).getByTestId('tx-outcome').last()).toContainText('5');

  // The syscall trace in place of opcode steps.
  await page.getByTestId('tab-debugger').click();
  const trace = outputPanel(page).getByTestId('syscall-trace');
  await expect(trace).toBeVisible();
  await expect(trace.getByTestId('syscall-row').first()).toHaveAttribute('data-name', 'vm.message_context');
  await expect(trace.locator('[data-name="debug.log"]').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('counter-syscalls.png') });
  await page.screenshot({ path: `${SCREENSHOTS}/wasm-counter-syscalls.png` });

  // The gas trace has the Wasm charges.
  await page.getByTestId('tab-trace').click();
  await outputPanel(page).getByRole('button', { name: 'By charge name' }).click();
  const totals = outputPanel(page).getByTestId('charge-totals');
  await expect(totals).toContainText('OnSyscall');
  await expect(totals).toContainText('wasm_exec');

  // A read-only invoke: the count, nothing sent.
  const before = await messageCount(page);
  await wasmPanel(page).getByTestId('wasm-method').fill('3');
  await wasmPanel(page).getByTestId('wasm-params').fill('');
  await wasmPanel(page).getByTestId('wasm-read').click();
  await expect(wasmPanel(page).getByTestId('wasm-read-result')).toContainText('5');
  await expect(page.getByTestId('tx-row')).toHaveCount(before);
});

test('the AssemblyScript token transfers and the state diff shows the balances', async ({
  browserName: _,
}, testInfo) => {
  test.setTimeout(300_000);
  await openExample(page, 'Wasm actor: token', 'token.ts');
  await compileActor(page, 'actors/token.ts');
  const token = await installAndCreate(
    page,
    '{"name": "Playground Token", "symbol": "PLAY", "supply": 1000000}',
  );

  // Bad JSON is refused at the field and nothing is sent.
  const before = await messageCount(page);
  await wasmPanel(page).getByTestId('wasm-to').fill(token);
  await wasmPanel(page).getByTestId('wasm-params').fill('{"to": ');
  await wasmPanel(page).getByTestId('wasm-send').click();
  await expect(wasmPanel(page).getByTestId('wasm-invoke').getByTestId('field-error')).toContainText(
    'not JSON',
  );
  await expect(page.getByTestId('tx-row')).toHaveCount(before);

  await invoke(page, token, 2, '{"to": {"$address": "f0101"}, "amount": 250}');
  await page.getByTestId('tab-diff').click();
  const diff = outputPanel(page).getByTestId('user-state-diff');
  await expect(diff).toBeVisible();
  await expect(diff.locator('td').nth(0)).not.toContainText('"f0101"');
  await expect(diff.locator('td').nth(1)).toContainText('"f0101": 250');
  await expect(diff.locator('td').nth(1)).toContainText('999750');
  await page.screenshot({ path: testInfo.outputPath('token-diff.png') });
  await page.screenshot({ path: `${SCREENSHOTS}/wasm-token-diff.png` });
});

test('the AssemblyScript actor that calls Solidity: deploy the contract, create the actor with its address, store and read', async ({
  browserName: _,
}, testInfo) => {
  test.setTimeout(300_000);
  await openExample(page, 'Wasm actor calling Solidity', 'evmCaller.ts');
  // The contract first: open, compile and deploy SimpleStorage.sol; its 0x address goes to the actor.
  await page.getByRole('region', { name: 'Files' }).getByText('SimpleStorage.sol').click();
  await expect(page.getByRole('tab', { name: 'SimpleStorage.sol', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await compile(page);
  await page.getByTestId('tab-transactions').click();
  await runPanel(page)
    .getByTestId('deploy-contract')
    .selectOption({ label: 'SimpleStorage — actors/SimpleStorage.sol' });
  await deploy(page, 'SimpleStorage');
  const card = contractCard(page, 'SimpleStorage');
  const eth = /0x[0-9a-f]{40}/i.exec((await card.textContent()) ?? '')?.[0];
  expect(eth).toBeDefined();

  await page.getByRole('tab', { name: 'evmCaller.ts', exact: true }).click();
  await compileActor(page, 'actors/evmCaller.ts');
  const actor = await installAndCreate(page, `{"$address": "${eth}"}`);
  await invoke(page, actor, 2, '42');
  // The actor's message called the contract: its store() is a sub-call in the trace, named by its ABI.
  await page.getByTestId('tab-trace').click();
  await expect(outputPanel(page)).toContainText('SimpleStorage.store(uint256)');
  // The actor's own node says what it is: the module it runs.
  await expect(outputPanel(page)).toContainText('(Wasm: actors/evmCaller.ts, method 2)');
  await page.screenshot({ path: testInfo.outputPath('evm-caller-trace.png') });

  // Read back through the actor (method 3, read-only) and straight from the contract.
  await wasmPanel(page).getByTestId('wasm-method').fill('3');
  await wasmPanel(page).getByTestId('wasm-params').fill('');
  await wasmPanel(page).getByTestId('wasm-read').click();
  await expect(wasmPanel(page).getByTestId('wasm-read-result')).toContainText('42');
  const retrieve = card.getByTestId('call-form-retrieve');
  await retrieve.getByRole('button', { name: 'retrieve', exact: true }).click();
  await expect(retrieve.getByTestId('read-result')).toContainText('42');
});

test('a WAT example compiles and runs', async () => {
  test.setTimeout(120_000);
  await openExample(page, 'Wasm actor: counter \\(WebAssembly text\\)', 'counter.wat');
  await compileActor(page, 'actors/counter.wat');
  const actor = await installAndCreate(page);
  await invoke(page, actor, 2, '7');
  await expect(wasmPanel(page).getByTestId('tx-outcome').last()).toContainText('7');
});

test('a .wasm file loads through the file picker; a bad module and an infinite loop fail clearly', async ({
  browserName: _,
}, testInfo) => {
  test.setTimeout(180_000);
  const panel = wasmPanel(page);
  await panel.getByTestId('wasm-file').setInputFiles({
    name: 'broken.wasm',
    mimeType: 'application/wasm',
    buffer: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05]),
  });
  await expect(panel.getByTestId('wasm-install-error')).toContainText(/module/i);

  await panel.getByTestId('wasm-file').setInputFiles({
    name: 'loop.wasm',
    mimeType: 'application/wasm',
    buffer: Buffer.from(await wat(LOOP_WAT)),
  });
  await expect(panel.getByTestId('wasm-installed')).toContainText('loop.wasm');
  await expect(panel.getByTestId('wasm-install-error')).toHaveCount(0);
  const actors = await panel.getByTestId('wasm-actor').count();
  const before = await messageCount(page);
  await panel.getByTestId('wasm-create-params').fill('');
  await panel.getByTestId('wasm-create-button').click();
  await sent(page, before);
  await expect(panel.getByTestId('wasm-actor')).toHaveCount(actors + 1);
  const looping = (await panel.getByTestId('wasm-actor').last().getAttribute('data-id'))!;

  // The loop runs until its gas limit: out of gas, and the worker keeps answering.
  await runPanel(page).getByTestId('tx-gas-limit').fill('20000000');
  await invoke(page, looping, 2, '1', '7');
  await page.screenshot({ path: testInfo.outputPath('loop-out-of-gas.png') });
  await runPanel(page).getByTestId('tx-gas-limit').fill('');

  // The worker keeps answering: another file installs.
  await panel.getByTestId('wasm-file').setInputFiles({
    name: 'counter.wasm',
    mimeType: 'application/wasm',
    buffer: Buffer.from(await wat(fixture('counter.wat'))),
  });
  await expect(panel.getByTestId('wasm-installed')).toContainText('counter.wasm');
});

test('a synthetic bundle loads and shows what it replaces; a bad one is refused', async ({
  browserName: _,
}, testInfo) => {
  const panel = wasmPanel(page);
  await panel.getByTestId('bundle-file').setInputFiles({
    name: 'broken.car',
    mimeType: 'application/vnd.ipld.car',
    buffer: Buffer.from([1, 2, 3]),
  });
  await expect(panel.getByTestId('bundle-error')).toBeVisible();
  const car = writeBundle([
    { name: 'account', bytes: await wat(fixture('account.wat')) },
    { name: 'placeholder', bytes: await wat(fixture('placeholder.wat')) },
  ]);
  await panel.getByTestId('bundle-file').setInputFiles({
    name: 'synthetic.car',
    mimeType: 'application/vnd.ipld.car',
    buffer: Buffer.from(car),
  });
  await expect(panel.getByTestId('bundle-actor')).toHaveCount(2);
  await expect(panel.locator('[data-testid="bundle-actor"][data-name="account"]')).toContainText('replaces');
  await expect(panel.getByTestId('bundle-error')).toHaveCount(0);
  await panel.getByTestId('bundle-control').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('bundle.png') });
  await page.screenshot({ path: `${SCREENSHOTS}/wasm-bundle.png` });

  // Messages still run: a transfer to a fresh f1 address creates an account with the Wasm account actor.
  const before = await messageCount(page);
  await runPanel(page).getByTestId('tx-value').fill('1');
  await invoke(page, secpAddress(deriveKey('wasm-e2e', 'secp256k1', 0)).toString(), 0, '');
  expect(await page.getByTestId('tx-row').count()).toBe(before + 1);
  await runPanel(page).getByTestId('tx-value').fill('');

  // The bundle and the module names are saved with the workspace: after a reload the bundle's actors run
  // again, so the transfer's trace replays to the same receipt, and the loaded module keeps its name.
  await page.reload();
  await expect(page.getByTestId('vm-status')).toHaveAttribute('data-status', 'ready');
  await expect(wasmPanel(page).getByTestId('bundle-actor')).toHaveCount(2);
  await expect(wasmPanel(page)).toContainText('counter.wasm');
  expect(await messageCount(page)).toBe(before + 1);
  await page.getByTestId('tx-row').last().click();
  await expect(page.getByTestId('trace-origin')).toContainText('recomputed');

  // An export file carries both: the imported workspace runs and replays with the same actors.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  const file = testInfo.outputPath((await downloading).suggestedFilename());
  await (await downloading).saveAs(file);
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByRole('dialog')).toContainText('Workspace imported', { timeout: 60_000 });
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('workspace-button')).toContainText('(imported)');
  await expect(wasmPanel(page).getByTestId('bundle-actor')).toHaveCount(2);
  await expect(wasmPanel(page)).toContainText('counter.wasm');
  expect(await messageCount(page)).toBe(before + 1);
  await page.getByTestId('tx-row').last().click();
  await expect(page.getByTestId('trace-origin')).toContainText('recomputed');

  // A bundle from a URL (the user's own request; here answered by the test): a bad answer is refused
  // with the reason, a good one loads.
  await page.route('https://bundles.example/**', (route) =>
    route.request().url().endsWith('/missing.car')
      ? route.fulfill({ status: 404, body: 'not here' })
      : route.fulfill({ status: 200, body: Buffer.from(car), contentType: 'application/vnd.ipld.car' }),
  );
  const control = wasmPanel(page).getByTestId('bundle-control');
  await control.getByLabel('or from a URL').fill('https://bundles.example/missing.car');
  await control.getByRole('button', { name: 'Load from URL' }).click();
  await expect(control.getByTestId('bundle-error')).toContainText('404');
  await control.getByLabel('or from a URL').fill('https://bundles.example/actors.car');
  await control.getByRole('button', { name: 'Load from URL' }).click();
  await expect(control.getByTestId('bundle-error')).toHaveCount(0);
  await expect(control.getByTestId('bundle-actor')).toHaveCount(2);
  await page.unroute('https://bundles.example/**');
});
