import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { initialLoad } from '../scripts/initial-load.mjs';

test('the shell opens as an IDE, both workers answer, and nothing leaves the origin', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const foreignRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== origin) foreignRequests.push(request.url());
  });

  await page.goto('/');

  // The layout: files, editor, run panel, output views (transactions … console).
  await expect(page.getByRole('region', { name: 'Files' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Run' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Output' })).toBeVisible();
  await expect(page.locator('[data-path="contracts/Counter.sol"]')).toBeVisible();
  await page.getByRole('tab', { name: /^Console/ }).click();
  await expect(page.getByRole('region', { name: 'Console' })).toBeVisible();

  // Monaco renders the example contract with Solidity highlighting.
  const editor = page.getByTestId('code-editor');
  await expect(editor.locator('.view-lines')).toContainText('contract Counter');
  await expect(editor.locator('.monaco-editor')).toBeVisible();

  // Both workers answer; the compiler worker has loaded the solc bundled in the npm package.
  await expect(page.getByTestId('vm-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('vm-status')).toContainText('FVM Playground VM');
  await expect(page.getByTestId('compiler-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('compiler-status')).toContainText(/solc 0\.8\.\d+\+commit\.[0-9a-f]{8}/);

  // Typing in the editor works.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('// edited');
  await expect(editor.locator('.view-lines')).toContainText('// edited');

  await page.screenshot({ path: test.info().outputPath('shell.png') });
  await page.screenshot({ path: 'test-results/screenshots/shell.png' });

  expect(foreignRequests, 'requests to other hosts').toEqual([]);
});

test('the first paint is light: Monaco and solc load lazily; size and paint time are measured', async ({
  page,
}) => {
  // What the entry needs before it can paint, from the build manifest.
  // The build the server serves (playwright.config.ts takes E2E_DIST too).
  const { files, jsGzip } = initialLoad(process.env.E2E_DIST ?? 'dist');
  const eager = files.map((f) => f.file).join(' ');
  expect(eager).not.toMatch(/soljson|CodeEditor|editor\.worker|monaco/i);
  // A size budget (deterministic, unlike timings): the VM itself (kernel, curves, CBOR) belongs in its
  // worker; once a static import from the UI pulled it in and the first paint needed 244 KiB.
  expect(jsGzip).toBeLessThan(160 * 1024);

  await page.goto('/');
  const firstContentfulPaint = await page.waitForFunction(() => {
    const entry = performance.getEntriesByName('first-contentful-paint')[0];
    return entry ? entry.startTime : undefined;
  });
  const fcp = Number(await firstContentfulPaint.jsonValue());
  expect(fcp).toBeGreaterThan(0);
  await expect(page.getByRole('region', { name: 'Files' })).toBeVisible();

  const figures = { initialJsGzipBytes: jsGzip, firstContentfulPaintMs: Math.round(fcp) };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/initial-load.json', `${JSON.stringify(figures, null, 2)}\n`);
  console.log(
    `initial JS ${(jsGzip / 1024).toFixed(1)} KiB gzip; first contentful paint ${figures.firstContentfulPaintMs} ms`,
  );
});
