import { expect, type Page, test } from '@playwright/test';
import { exampleWorkspace } from '../src/ui/state/exampleWorkspace';
import {
  callWrite,
  compile,
  contractCard,
  deploy,
  openApp,
  outputPanel as output,
  runPanel,
  setEditorText,
} from './support/ide';

/** The starter workspace's Counter (a test may have replaced the file; it writes it back). */
const COUNTER = exampleWorkspace[0]!.content;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: false });

/** Waits until the UI's debounced saves reached the database (no pending timer, nothing failed). */
async function settle(page: Page) {
  await page.waitForTimeout(900);
  await expect(page.getByTestId('save-error')).toHaveCount(0);
}

/** Opens the app on the starter Counter (written back in case a test replaced it), compiles and deploys it. */
async function deployCounter(page: Page) {
  await openApp(page);
  await setEditorText(page, COUNTER, 'event Incremented');
  await compile(page);
  await deploy(page, 'Counter');
}

/** Reads `count` through the contract card's read form. */
async function readCount(page: Page, expected: string) {
  const form = contractCard(page, 'Counter').getByTestId('call-form-count');
  await form.getByRole('button', { name: 'count', exact: true }).click();
  await expect(form.getByTestId('read-result')).toContainText(expected);
}

async function receipts(page: Page): Promise<string[]> {
  return page
    .getByTestId('tx-row')
    .evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('data-exit')} ${r.querySelector('.tx-gas')?.textContent}`),
    );
}

test('deploy and call, reload: files, tabs, log, receipts, selection, contracts and views are back', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await deployCounter(page);
  await expect(page.getByTestId('workspace-button')).toContainText('My workspace');
  // After the first write the app asked for persistent storage; the indicator says what the browser
  // decided and how full the quota is, and its tooltip what that means.
  const indicator = page.getByTestId('storage-indicator');
  await expect(indicator).toHaveText(/^storage: (persistent|may be evicted) · [\d.]+ MiB \/ [\d.]+ MiB$/);
  await expect(indicator).toHaveAttribute('title', /persistent storage/i);
  await callWrite(page, 'Counter', 'increment');
  await callWrite(page, 'Counter', 'increment');
  await readCount(page, '2');
  // A second file in a second tab (with text typed into it), then back to the first tab; the first
  // message selected.
  const files = page.getByRole('region', { name: 'Files' });
  await files.getByRole('button', { name: 'New file' }).click();
  await files.getByLabel('File name').fill('Notes.sol');
  await files.getByLabel('File name').press('Enter');
  await expect(page.getByRole('tab', { name: 'Notes.sol' })).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.type('// kept across reloads');
  await page.getByRole('tab', { name: 'Counter.sol' }).click();
  await page.getByTestId('tx-row').nth(1).click();
  const before = await receipts(page);
  // Widen the files panel by dragging its separator: the layout is kept with the workspace.
  const filesWidth = async () =>
    (await page.getByRole('region', { name: 'Files' }).boundingBox())?.width ?? 0;
  const narrow = await filesWidth();
  const handle = await page.locator('.resize-handle').first().boundingBox();
  if (!handle) throw new Error('no separator');
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + 140, handle.y + handle.height / 2, { steps: 8 });
  await page.mouse.up();
  const wide = await filesWidth();
  expect(wide).toBeGreaterThan(narrow + 80);
  await settle(page);
  await shot(page, 'before-reload');

  await page.reload();
  await expect(page.getByTestId('vm-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('event Incremented');
  await expect(page.getByTestId('tx-row')).toHaveCount(3);
  expect(await receipts(page)).toEqual(before);
  await expect(page.getByTestId('tx-row').nth(1)).toHaveClass(/selected/);
  // Both tabs are open again, Counter.sol active; the new file kept its text.
  await expect(page.getByRole('tab', { name: 'Counter.sol' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Notes.sol' }).click();
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText(
    '// kept across reloads',
  );
  await page.getByRole('tab', { name: 'Counter.sol' }).click();
  await expect.poll(filesWidth).toBeGreaterThan(wide - 3);
  expect(await filesWidth()).toBeLessThan(wide + 3);
  await expect(contractCard(page, 'Counter')).toBeVisible();
  await readCount(page, '2');
  // The old message's views work on a recomputed trace.
  await expect(page.getByTestId('tx-detail')).toContainText('#1 increment()');
  await expect(page.getByTestId('trace-origin')).toContainText('recomputed');
  await output(page).getByRole('tab', { name: 'State diff' }).click();
  await expect(output(page)).toContainText('count');
  await output(page).getByRole('tab', { name: 'Gas trace' }).click();
  await expect(page.getByTestId('call-tree')).toContainText('increment');
  await shot(page, 'after-reload');
  // The workspace is compiled again on open: the deploy form comes back without a Ctrl+S.
  await expect(runPanel(page).getByRole('button', { name: 'Deploy Counter' })).toBeVisible({
    timeout: 60_000,
  });
  // And new messages still go on the same chain.
  await output(page).getByRole('tab', { name: 'Transactions' }).click();
  await callWrite(page, 'Counter', 'increment');
  await readCount(page, '3');
});

test('time travel: restore an earlier state, read the old value, branch, back to genesis', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await deployCounter(page);
  await callWrite(page, 'Counter', 'increment');
  await callWrite(page, 'Counter', 'increment');
  await readCount(page, '2');

  await page.getByTestId('tx-row').nth(1).click();
  await page.getByTestId('restore-message').click();
  await expect(page.getByTestId('chain-head')).toContainText('after #1');
  await expect(page.getByTestId('tx-row').nth(2)).toHaveAttribute('data-branch', 'other');
  await readCount(page, '1');
  // A branch: a new message after #1.
  await callWrite(page, 'Counter', 'increment');
  await expect(page.getByTestId('tx-row')).toHaveCount(4);
  await expect(page.getByTestId('chain-head')).toContainText('after #3');
  await readCount(page, '2');
  await expect(page.getByTestId('tx-row').nth(2)).toHaveAttribute('data-branch', 'other');
  await shot(page, 'branch');

  // Advance the clock one epoch (the field's default): the head's epoch moves on.
  const head = (await page.getByTestId('chain-head').textContent()) ?? '';
  const epoch = Number(/epoch (\d+)/.exec(head)?.[1]);
  await page.getByTestId('advance-epochs').click();
  await expect(page.getByTestId('chain-head')).toContainText(`epoch ${epoch + 1}`);
  await page.getByTestId('restore-genesis').click();
  await expect(page.getByTestId('chain-head')).toContainText('genesis');
  await expect(contractCard(page, 'Counter')).toHaveCount(0);
  await expect(page.getByTestId('tx-row')).toHaveCount(4);
  await shot(page, 'genesis');

  // The command palette goes back to genesis the same way: nothing is deleted.
  await page.getByTestId('tx-row').nth(3).click();
  await page.getByTestId('restore-message').click();
  await expect(page.getByTestId('chain-head')).toContainText('after #3');
  await page.keyboard.press('ControlOrMeta+Shift+P');
  const palette = page.getByTestId('command-palette');
  await palette.getByRole('textbox').fill('back to genesis');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chain-head')).toContainText('genesis');
  await expect(page.getByTestId('tx-row')).toHaveCount(4);
});

test('two tabs: the second is read-only and follows the first', async ({ context }) => {
  test.setTimeout(240_000);
  const first = await context.newPage();
  await deployCounter(first);
  await settle(first);

  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('readonly-banner')).toBeVisible({ timeout: 60_000 });
  await expect(second.getByTestId('tx-row')).toHaveCount(1);
  await expect(second.getByTestId('restore-genesis')).toBeDisabled();

  // Every control that sends a message is disabled, with the reason; reads stay.
  const reason = /Read-only: another tab is writing this workspace/;
  await expect(second.getByTestId('run-read-only')).toHaveText(
    'Read-only: another tab is writing this workspace',
  );
  const deployButton = runPanel(second).getByRole('button', { name: 'Deploy Counter' });
  const incrementButton = contractCard(second, 'Counter')
    .getByTestId('call-form-increment')
    .getByRole('button', { name: 'increment', exact: true });
  const writes = [
    deployButton,
    incrementButton,
    runPanel(second).getByRole('button', { name: 'At address' }),
    second.getByTestId('create-account-button'),
    second.getByTestId('fund-button'),
    second.getByTestId('raw-transact'),
    second.getByTestId('raw-send-button'),
  ];
  for (const button of writes) {
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', reason);
  }
  await expect(
    contractCard(second, 'Counter').getByRole('button', { name: 'count', exact: true }),
  ).toBeEnabled();
  await expect(second.getByRole('button', { name: 'Call (read-only)' })).toBeEnabled();
  await second.getByTestId('run-read-only').scrollIntoViewIfNeeded();
  await shot(second, 'second-tab-read-only');

  await callWrite(first, 'Counter', 'increment');
  await expect(second.getByTestId('tx-row')).toHaveCount(2, { timeout: 30_000 });
  await readCount(second, '1');
  await shot(second, 'second-tab');

  await first.close();
  await expect(second.getByTestId('take-over')).toBeVisible({ timeout: 30_000 });
  await second.getByTestId('take-over').click();
  await expect(second.getByTestId('readonly-banner')).toHaveCount(0);
  await expect(second.getByTestId('run-read-only')).toHaveCount(0);
  await expect(deployButton).toBeEnabled();
  await callWrite(second, 'Counter', 'increment');
  await readCount(second, '2');
});

test('workspaces: create, switch, duplicate, delete with confirmation', async ({ page }) => {
  test.setTimeout(240_000);
  await deployCounter(page);
  await settle(page);

  const menu = () => page.getByTestId('workspace-button');
  await menu().click();
  await page.getByRole('menuitem', { name: 'New empty workspace' }).click();
  await expect(menu()).toContainText('Empty workspace');
  await expect(page.getByTestId('tx-row')).toHaveCount(0);
  await shot(page, 'empty-workspace');

  await menu().click();
  await page.getByTestId('workspace-item').filter({ hasText: 'My workspace' }).click();
  await expect(menu()).toContainText('My workspace');
  await expect(page.getByTestId('tx-row')).toHaveCount(1);
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('event Incremented');

  await menu().click();
  await page.getByRole('menuitem', { name: /Duplicate/ }).click();
  await expect(menu()).toContainText('My workspace (copy)');
  await expect(page.getByTestId('tx-row')).toHaveCount(1);
  await expect(contractCard(page, 'Counter')).toBeVisible();

  await menu().click();
  await page.getByTestId('workspace-delete').click();
  await expect(page.getByTestId('delete-confirm')).toContainText('My workspace (copy)');
  await shot(page, 'delete-confirm');
  await page.getByTestId('delete-confirm-button').click();
  await expect(menu()).not.toContainText('(copy)');
  await menu().click();
  await expect(page.getByTestId('workspace-item')).toHaveCount(2);
});

test('a damaged session record: the workspace still opens from its chain and the banner says so', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await deployCounter(page);
  await callWrite(page, 'Counter', 'increment');
  await settle(page);

  // Damage the worker's session record in the workspace's own database, as a crash or a bad disk could.
  const damaged = await page.evaluate(async () => {
    const databases = await indexedDB.databases();
    const name = databases.map((d) => d.name ?? '').find((n) => /\/workspace\//.test(n));
    if (!name) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('kv', 'readwrite');
      tx.objectStore('kv').put({ v: 1, accounts: 'not a list' }, 'p/session');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return name;
  });
  expect(damaged).not.toBeNull();

  await page.reload();
  await expect(page.getByTestId('vm-status')).toHaveAttribute('data-status', 'ready');
  const banner = page.getByTestId('recovery-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('session record is corrupted');
  await expect(banner).toContainText('rebuilt from the chain');
  // The chain is whole: both messages, the contract found again from its deploy, its state readable.
  await expect(page.getByTestId('tx-row')).toHaveCount(2);
  await expect(contractCard(page, 'Counter')).toBeVisible();
  await readCount(page, '1');
  await shot(page, 'recovered');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});

/** Fills this origin's storage from the page (a database of its own) until writes of every size fail. */
async function fillStorage(page: Page) {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('e2e-filler');
      request.onupgradeneeded = () => request.result.createObjectStore('fill');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const put = (size: number, key: number) =>
      new Promise<boolean>((resolve) => {
        const tx = db.transaction('fill', 'readwrite');
        const bytes = new Uint8Array(size);
        for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
        tx.objectStore('fill').put(bytes, key);
        tx.oncomplete = () => resolve(true);
        tx.onabort = () => resolve(false);
      });
    let key = 0;
    for (let size = 256 * 1024; size >= 256; size /= 2) while (await put(size, key++));
    db.close();
  });
}

test('a full disk: the banner says the messages were not saved, and Try again saves them', async ({
  page,
  context,
}) => {
  // Chromium applies a quota override set before the origin first uses its storage; 5 MB is room for
  // the app and a deploy, and the test fills the rest.
  const cdp = await context.newCDPSession(page);
  const origin = new URL(test.info().project.use.baseURL ?? '').origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 5_000_000 });
  await deployCounter(page);
  await settle(page);
  await fillStorage(page);

  await callWrite(page, 'Counter', 'increment');
  const banner = page.getByTestId('chain-save-error');
  await expect(banner).toContainText('storage for this site is full', { timeout: 30_000 });
  await expect(banner).toContainText('Nothing saved before was lost');
  await shot(page, 'disk-full');
  // The message ran and is shown; its state is in the worker's memory.
  await expect(page.getByTestId('tx-row')).toHaveCount(2);
  await readCount(page, '1');

  // Still full: trying again says so and keeps the banner.
  await banner.getByTestId('save-retry').click();
  await expect(banner.locator('.field-error')).toContainText('storage for this site is full');

  // Room again (as after deleting an unused workspace): Try again saves the message.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 500_000_000 });
  await banner.getByTestId('save-retry').click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('vm-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('tx-row')).toHaveCount(2);
  await expect(page.getByTestId('chain-save-error')).toHaveCount(0);
  await readCount(page, '1');
});
