import { type Browser, expect, type Page, test } from '@playwright/test';
import { deflateSync } from 'fflate';
import { base64url } from 'multiformats/bases/base64';
import { encodeShareLink } from '../src/storage/shareLink/codec';
import { callWrite, compile, contractCard, deploy, openApp, runPanel, setEditorText } from './support/ide';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: false });

/** Every alert/confirm and every uncaught error of a page: a hostile link must cause neither. */
function watch(page: Page) {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}

/** Each message's exit code and gas, as the transaction log shows them. */
const receipts = (page: Page): Promise<string[]> =>
  page
    .getByTestId('tx-row')
    .evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('data-exit')} ${r.querySelector('.tx-gas')?.textContent ?? ''}`),
    );

/** The state root after the last message, from its details in the log (the full CID is the title). */
async function headStateRoot(page: Page): Promise<string> {
  await page.getByTestId('tx-row').last().click();
  const dd = page.locator('dt', { hasText: /^State root$/ }).locator('xpath=following-sibling::dd[1]');
  await expect(dd).toBeVisible();
  return (await dd.getAttribute('title')) ?? '';
}

const workspaceCount = async (page: Page) => {
  await expect(page.getByTestId('workspace-button')).not.toContainText(/opening/i);
  await page.getByTestId('workspace-button').click();
  await expect(page.getByRole('menu', { name: 'Workspaces' })).toBeVisible();
  const n = await page.getByTestId('workspace-item').count();
  await page.keyboard.press('Escape');
  return n;
};

/** A sharer: the starter Counter deployed and incremented twice. */
async function sharerWithCounter(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openApp(page);
  await compile(page);
  await deploy(page, 'Counter');
  await callWrite(page, 'Counter', 'increment');
  await callWrite(page, 'Counter', 'increment');
  return { context, page };
}

/** The opened or imported Counter workspace knows its contract: card, log actions, a read. */
async function expectNamedCounter(page: Page) {
  const card = contractCard(page, 'Counter');
  await expect(card).toBeVisible();
  await expect(page.locator('.tx-action')).toHaveText(['deploy Counter', 'increment()', 'increment()']);
  const form = card.getByTestId('call-form-count');
  await form.getByRole('button', { name: 'count', exact: true }).click();
  await expect(form.getByTestId('read-result')).toContainText('2');
}

async function share(page: Page): Promise<{ url: string; length: number }> {
  await page.getByTestId('share-button').click();
  const url = await page.getByTestId('share-url').inputValue({ timeout: 60_000 });
  const length = Number(
    (await page.getByTestId('share-length').textContent())?.replace(/[^\d].*$/, '').trim(),
  );
  return { url, length };
}

test('a shared link opened in a fresh browser reproduces the state root and receipts', async ({
  browser,
}) => {
  const sharer = await sharerWithCounter(browser);
  const expectedReceipts = await receipts(sharer.page);
  const expectedRoot = await headStateRoot(sharer.page);
  const { url, length } = await share(sharer.page);
  expect(url).toContain('#v1/');
  expect(length).toBeGreaterThan(100);
  await expect(sharer.page.getByTestId('share-dialog')).toContainText('3 messages');
  await shot(sharer.page, 'share-dialog');

  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(url.slice(url.indexOf('/', 8)));
  const verdict = page.getByTestId('share-verdict');
  await expect(verdict).toContainText('Reproduced', { timeout: 90_000 });
  await expect(verdict).toContainText('3 receipts match');
  await expect(page.getByTestId('share-state-root')).toHaveText(expectedRoot);
  await shot(page, 'share-opened');
  expect(new URL(page.url()).hash).toBe('');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // The new workspace shows the same log and the same state, from the worker's chain.
  await expect(page.getByTestId('tx-row')).toHaveCount(3);
  expect(await receipts(page)).toEqual(expectedReceipts);
  expect(await headStateRoot(page)).toBe(expectedRoot);
  await expect(page.getByTestId('workspace-button')).toContainText('(shared)');
  // The deployed contract is named and typed from the workspace's contracts record (the link's deploy
  // name): its card, its deploy and the calls' functions in the log, and a read through its ABI.
  await expectNamedCounter(page);
  expect(seen).toEqual({ dialogs: [], errors: [] });
  await context.close();
  await sharer.context.close();
});

test('tampered, truncated, oversized and hostile links change nothing and run nothing', async ({
  browser,
}) => {
  const sharer = await sharerWithCounter(browser);
  const { url } = await share(sharer.page);
  const fragment = url.slice(url.indexOf('#'));
  await sharer.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  const page = sharer.page;
  const seen = watch(page);
  const before = { receipts: await receipts(page), workspaces: await workspaceCount(page) };
  const flip = (text: string, at: number) =>
    `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
  // A decompression bomb: 32 MiB of zeros deflate to a few KiB.
  const bomb = deflateSync(new Uint8Array(32 * 1024 * 1024), { level: 9 });
  const bombFragment = `#v1/${base64url.baseEncode(new Uint8Array([1, 2, 3, 4, ...bomb]))}`;
  const cases: Array<[string, string, RegExp]> = [
    ['flipped', flip(fragment, 60), /^share link: is damaged/],
    ['flipped-late', flip(fragment, fragment.length - 10), /^share link: is damaged/],
    ['truncated', fragment.slice(0, Math.floor(fragment.length / 2)), /^share link: is (cut short|damaged)/],
    ['bomb', bombFragment, /expands to more than 1048576 bytes/],
    ['newer', fragment.replace('#v1/', '#v9/'), /newer version/],
  ];
  for (const [name, hostile, message] of cases) {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, hostile);
    const error = page.getByTestId('share-error');
    await expect(error, name).toBeVisible({ timeout: 30_000 });
    await expect(error, name).toHaveText(message);
    if (name === 'bomb') await shot(page, 'share-bomb-refused');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    expect(new URL(page.url()).hash, name).toBe('');
  }
  expect(await receipts(page)).toEqual(before.receipts);
  expect(await workspaceCount(page)).toBe(before.workspaces);

  // A valid link whose name, file name and contents are markup: shown as text, never run.
  const markup = '<img src=x onerror="window.__xss=1">';
  const { fragment: hostile } = encodeShareLink({
    name: markup,
    files: { [`${markup}.sol`]: `<script>window.__xss=2</script>\ncontract X {}` },
    compiler: {
      version: 'bundled',
      settings: { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] },
    },
    scenario: { version: 1, steps: [] },
  });
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, hostile);
  await expect(page.getByTestId('share-workspace-name')).toHaveText(`${markup} (shared)`, {
    timeout: 60_000,
  });
  await shot(page, 'share-markup-as-text');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText(`${markup}.sol`).first()).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(seen).toEqual({ dialogs: [], errors: [] });
  // The first workspace is still there, with its chain.
  expect(await workspaceCount(page)).toBe(before.workspaces + 1);
  await sharer.context.close();
});

test('export, then import in a fresh browser: same files, log and state root; bad files are refused', async ({
  browser,
}, testInfo) => {
  const sharer = await sharerWithCounter(browser);
  const expectedReceipts = await receipts(sharer.page);
  const expectedRoot = await headStateRoot(sharer.page);
  const downloading = sharer.page.waitForEvent('download');
  await sharer.page.getByTestId('export-button').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.fvmws\.car$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  await sharer.context.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page);
  await openApp(page);
  const workspaces = await workspaceCount(page);

  // A foreign file and a damaged export are refused with the archive's message; nothing is created.
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(file);
  const damaged = Buffer.from(bytes);
  damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
  for (const [name, buffer] of [
    ['notes.txt', Buffer.from('just some text, not a CAR file')],
    ['damaged.fvmws.car', damaged],
  ] as const) {
    await page
      .getByTestId('import-input')
      .setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await expect(page.getByTestId('share-error'), name).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('share-error'), name).toContainText('export file');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  }
  expect(await workspaceCount(page)).toBe(workspaces);

  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByRole('dialog')).toContainText('Workspace imported', { timeout: 60_000 });
  await shot(page, 'import-done');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(3);
  expect(await receipts(page)).toEqual(expectedReceipts);
  expect(await headStateRoot(page)).toBe(expectedRoot);
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('contract Counter');
  await expect(page.getByTestId('workspace-button')).toContainText('(imported)');
  // The export carried the session record: the same names, functions and ABI.
  await expectNamedCounter(page);
  expect(await workspaceCount(page)).toBe(workspaces + 1);
  expect(seen).toEqual({ dialogs: [], errors: [] });
  await context.close();
});

test('a workspace too large for a link offers an export file instead', async ({ page }) => {
  await openApp(page);
  // 12 KB of random base64 in a comment: DEFLATE cannot shrink it below the link limit.
  const noise = Buffer.from(Array.from({ length: 9000 }, () => Math.floor(Math.random() * 256))).toString(
    'base64',
  );
  const source = (await import('../src/ui/state/exampleWorkspace')).exampleWorkspace[0]!.content;
  await setEditorText(page, `${source}\n// ${noise}\n`, noise.slice(0, 20));
  await page.getByTestId('share-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Too large for a link', { timeout: 60_000 });
  await expect(dialog).toContainText(/characters/);
  await shot(page, 'share-too-large');
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('share-export-instead').click();
  expect((await downloading).suggestedFilename()).toMatch(/\.fvmws\.car$/);
});

test('embed mode shows only the editor and the run panel, and opens a shared link', async ({ browser }) => {
  const sharer = await sharerWithCounter(browser);
  const { url } = await share(sharer.page);
  await sharer.context.close();
  const fragment = url.slice(url.indexOf('#'));

  const context = await browser.newContext({ viewport: { width: 1100, height: 640 } });
  const page = await context.newPage();
  await page.goto(`/?embed=1${fragment}`);
  await expect(page.getByTestId('share-verdict')).toContainText('Reproduced', { timeout: 90_000 });
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('embed-frame')).toBeVisible();
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('contract Counter');
  await expect(runPanel(page)).toBeVisible();
  await expect(
    runPanel(page)
      .getByTestId(/^contract-/)
      .first(),
  ).toBeVisible();
  // Nothing else: no top bar, no files, no output views.
  await expect(page.locator('.topbar')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Output' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Files' })).toHaveCount(0);
  const open = page.getByTestId('embed-open');
  const href = (await open.getAttribute('href')) ?? '';
  expect(href).not.toContain('embed');
  expect(href).toContain(fragment);
  await shot(page, 'embed-mode');

  // Loading the embed again replaces the workspace of its previous load instead of adding one...
  const workspaceDatabases = (p: Page) =>
    p.evaluate(
      async () => (await indexedDB.databases()).filter((d) => /\/workspace\//.test(d.name ?? '')).length,
    );
  const openEmbed = async (p: Page) => {
    await p.goto(`/?embed=1${fragment}`);
    await expect(p.getByTestId('share-verdict')).toContainText('Reproduced', { timeout: 90_000 });
    await p.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  };
  const afterFirst = await workspaceDatabases(page);
  await openEmbed(page);
  await expect.poll(() => workspaceDatabases(page)).toBe(afterFirst);
  // ...but not while another frame or tab has it open: a second embed of the same link keeps both.
  const second = await context.newPage();
  await openEmbed(second);
  await expect.poll(() => workspaceDatabases(second)).toBe(afterFirst + 1);
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('contract Counter');
  await context.close();
});
