import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { expect, type Page, test } from '@playwright/test';
import { blockForeignHosts, SCREENSHOTS, setEditorText } from './support/ide';

const BINARIES = 'https://binaries.soliditylang.org/wasm/';

// (The console panel's container also carries data-testid="console"; the lines are the list.)
const consoleLines = (page: Page) => page.locator('ol.console-lines');

async function openApp(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('compiler-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('contract Counter');
}

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256 public count;

    function increment() external {
        count += 1;
    }

    function reset() external {
        count = 0;
    }
}
`;

// Line 12: "        count = 0" without its semicolon; solc points at the "}" on line 13, column 5.
const BROKEN = COUNTER.replace('count = 0;', 'count = 0');

const TOKEN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract PlayToken is ERC20 {
    constructor() ERC20("Play", "PLAY") {
        _mint(msg.sender, 1000 ether);
    }
}
`;

test('compiles offline: Ctrl+S shows the result, errors become markers, OpenZeppelin imports resolve', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const foreign = await blockForeignHosts(context, origin);
  const librariesFetched: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.sol')) librariesFetched.push(request.url());
  });
  await openApp(page);

  // An edit, compiled with Ctrl+S in the editor.
  await setEditorText(page, COUNTER);
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled 1 contract in \d+ ms/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('compile-counts')).toContainText('0 errors · 0 warnings');
  await expect(page.getByTestId('contract-list')).toContainText('Counter');
  await expect(consoleLines(page)).toContainText('Compiled 1 contract');
  await page.screenshot({ path: `${SCREENSHOTS}/compiler-ok.png` });

  // An error: a diagnostic in the panel and a marker in the editor at solc's line and column.
  await setEditorText(page, BROKEN);
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('compile-summary')).toHaveText(/^Compilation failed/);
  const diagnostic = page.getByTestId('diagnostic').first();
  await expect(diagnostic).toHaveAttribute('data-severity', 'error');
  await expect(diagnostic).toContainText('contracts/Counter.sol:13:5');
  await expect(diagnostic).toContainText("Expected ';' but got '}'");
  const squiggle = page.locator('.code-editor .squiggly-error');
  await expect(squiggle).toHaveCount(1);
  // The marker sits on line 13, starting at column 5.
  const lineNumber = page.locator('.code-editor .line-numbers', { hasText: /^13$/ });
  const [squiggleBox, lineBox, firstLine] = await Promise.all([
    squiggle.boundingBox(),
    lineNumber.boundingBox(),
    page.locator('.code-editor .view-line').first().boundingBox(),
  ]);
  expect(Math.abs(squiggleBox!.y - lineBox!.y)).toBeLessThan(4);
  const charWidth = await page.evaluate(() => {
    const probe = document.querySelector('.code-editor .view-line span span');
    return probe ? probe.getBoundingClientRect().width / (probe.textContent ?? ' ').length : 0;
  });
  expect(Math.round((squiggleBox!.x - firstLine!.x) / charWidth) + 1).toBe(5);
  // The squiggle is an overlay that lets pointer events through to the text; hover the text under it.
  await page.mouse.move(squiggleBox!.x + squiggleBox!.width / 2, squiggleBox!.y + squiggleBox!.height / 2);
  await expect(page.locator('.monaco-hover:not(.hidden)').first()).toContainText("Expected ';' but got '}'", {
    timeout: 10_000,
  });
  await page.screenshot({ path: `${SCREENSHOTS}/compiler-error.png` });

  // Clicking the diagnostic puts the cursor there.
  await diagnostic.locator('button').click();
  await expect(page.locator('.code-editor .line-numbers.active-line-number')).toHaveText('13');

  // An OpenZeppelin import, served from our own origin.
  await setEditorText(page, TOKEN);
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled 1 contract/, { timeout: 60_000 });
  await expect(page.getByTestId('contract-list')).toContainText('PlayToken');
  await expect(page.getByTestId('compile-result')).toContainText('from bundled libraries');
  await expect(page.locator('.code-editor .squiggly-error')).toHaveCount(0);
  expect(librariesFetched.some((url) => url.startsWith(origin) && /ERC20-[\w-]+\.sol$/.test(url))).toBe(true);
  // Only the files the import graph reached were fetched, not the whole library.
  expect(librariesFetched.length).toBeLessThan(20);
  await page.screenshot({ path: `${SCREENSHOTS}/compiler-openzeppelin.png` });

  expect(foreign, 'requests to other hosts').toEqual([]);
});

test('auto-compile recompiles once typing pauses', async ({ page, context, baseURL }) => {
  await blockForeignHosts(context, new URL(baseURL!).origin);
  await openApp(page);
  await page.getByTestId('auto-compile').check();
  await setEditorText(page, BROKEN);
  await expect(page.getByTestId('compile-summary')).toHaveText(/^Compilation failed/, { timeout: 60_000 });
  await setEditorText(page, COUNTER);
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled 1 contract/, { timeout: 60_000 });
  await page.getByTestId('auto-compile').uncheck();
});

test('compiler settings in the UI change what is compiled: optimizer, EVM version, via-IR, remappings', async ({
  page,
}) => {
  await openApp(page);
  const settingsForm = page.getByRole('region', { name: 'Run' });
  const runtimeBytes = async () => {
    await page.getByTestId('code-editor').locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+S');
    await expect(page.getByTestId('compile-summary')).toHaveText(/^Compiled \d+ contracts? in/, {
      timeout: 60_000,
    });
    const text = (await page.getByTestId('contract-list').textContent()) ?? '';
    return Number(/(\d+) bytes/.exec(text)?.[1]);
  };
  const plain = await runtimeBytes();
  // The optimizer with one run: smaller code for the same contract.
  await settingsForm.getByRole('checkbox', { name: /^Optimizer/ }).check();
  await settingsForm.getByLabel('Optimizer runs').fill('1');
  const optimized = await runtimeBytes();
  expect(optimized).toBeLessThan(plain);
  // An older EVM version (no PUSH0 before Shanghai) changes the code again; via-IR compiles too.
  await settingsForm.getByLabel('EVM version').selectOption('paris');
  const paris = await runtimeBytes();
  expect(paris).not.toBe(optimized);
  await settingsForm.getByLabel('via-IR').check();
  expect(await runtimeBytes()).toBeGreaterThan(0);
  // A remapping lets an import use a short prefix (OpenZeppelin's current code needs Cancun's MCOPY, so
  // the compiler's default EVM version again).
  await settingsForm.getByLabel('EVM version').selectOption('');
  await settingsForm.getByLabel(/^Remappings/).fill('@oz/=@openzeppelin/contracts/');
  await setEditorText(
    page,
    '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\nimport "@oz/utils/Strings.sol";\ncontract Named { function name(uint256 n) external pure returns (string memory) { return Strings.toString(n); } }\n',
    'contract Named',
  );
  expect(await runtimeBytes()).toBeGreaterThan(0);
  await expect(page.getByTestId('contract-list')).toContainText('Named');
});

/** A fake release list: the bundled soljson's bytes posing as 0.8.99 (right checksum) and 0.8.98 (wrong). */
function fakeReleases() {
  const bytes = readFileSync('node_modules/solc/soljson.js');
  const hex = (digest: Uint8Array) => `0x${Buffer.from(digest).toString('hex')}`;
  const good = {
    path: 'soljson-v0.8.99+commit.0000beef.js',
    version: '0.8.99',
    longVersion: '0.8.99+commit.0000beef',
  };
  const bad = {
    path: 'soljson-v0.8.98+commit.0000dead.js',
    version: '0.8.98',
    longVersion: '0.8.98+commit.0000dead',
  };
  const list = {
    builds: [
      {
        ...good,
        build: 'commit.0000beef',
        sha256: hex(sha256(bytes)),
        keccak256: hex(keccak_256(bytes)),
        urls: [],
      },
      {
        ...bad,
        build: 'commit.0000dead',
        sha256: `0x${'ab'.repeat(32)}`,
        keccak256: hex(keccak_256(bytes)),
        urls: [],
      },
    ],
    releases: { '0.8.99': good.path, '0.8.98': bad.path },
    latestRelease: '0.8.99',
  };
  return { bytes, list, good, bad };
}

test('other versions: listed, downloaded once and verified, cached for the next visit, bad checksums refused', async ({
  page,
  context,
  baseURL,
}) => {
  await blockForeignHosts(context, new URL(baseURL!).origin);
  const { bytes, list, good, bad } = fakeReleases();
  const downloads: string[] = [];
  // Registered after the block, so these answer first.
  await context.route(`${BINARIES}list.json`, (route) => route.fulfill({ json: list }));
  await context.route(`${BINARIES}soljson-*`, (route) => {
    downloads.push(route.request().url());
    return route.fulfill({ body: bytes, contentType: 'text/javascript' });
  });
  await openApp(page);

  await page.getByRole('button', { name: /Show other versions/ }).click();
  const picker = page.getByTestId('compiler-version');
  await expect(picker.locator('option', { hasText: good.longVersion })).toHaveCount(1);
  await picker.selectOption(good.longVersion);
  await expect(consoleLines(page)).toContainText('is ready', { timeout: 60_000 });
  await page.getByTestId('compile-button').click();
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled 1 contract/, { timeout: 60_000 });
  expect(downloads).toEqual([`${BINARIES}${good.path}`]);
  await page.screenshot({ path: `${SCREENSHOTS}/compiler-versions.png` });

  // A second visit: the choice is remembered and the compiler comes from the cache.
  await page.reload();
  await expect(page.getByTestId('compiler-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('compiler-version')).toHaveValue(good.longVersion);
  await page.getByTestId('compile-button').click();
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled 1 contract/, { timeout: 60_000 });
  expect(downloads).toHaveLength(1);

  // A download that does not match its published checksum is refused.
  await page.getByRole('button', { name: /Show other versions/ }).click();
  await page.getByTestId('compiler-version').selectOption(bad.longVersion);
  await expect(page.getByTestId('version-note')).toContainText('does not match its published checksum', {
    timeout: 60_000,
  });
  await page.getByTestId('compile-button').click();
  await expect(page.getByTestId('compile-summary')).toHaveText(/^Compilation failed/, { timeout: 60_000 });
  await expect(page.getByTestId('diagnostic').first()).toContainText('does not match its published checksum');

  // Back to the bundled compiler, which needs nothing from the network.
  await page.getByTestId('compiler-version').selectOption('bundled');
  await page.getByTestId('compile-button').click();
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled 1 contract/, { timeout: 60_000 });
});

test('offline, other versions are unavailable with a clear message and the bundled compiler still works', async ({
  page,
  context,
  baseURL,
}) => {
  await blockForeignHosts(context, new URL(baseURL!).origin);
  await openApp(page);
  await page.getByRole('button', { name: /Show other versions/ }).click();
  await expect(page.getByTestId('versions-offline')).toContainText('Other releases are unavailable');
  await page.screenshot({ path: `${SCREENSHOTS}/compiler-offline-versions.png` });
  await page.getByTestId('compile-button').click();
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled 1 contract/, { timeout: 60_000 });
});

test('offline, a contract pinned to solc 0.8.17 (@zondax BigInts) compiles with the shipped 0.8.17', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(240_000);
  await blockForeignHosts(context, new URL(baseURL!).origin);
  await openApp(page);
  const source = readFileSync(
    new URL('../tests/fixtures/solidity/filecoin/ZondaxDealClient.sol', import.meta.url),
    'utf8',
  ).replace(
    'import {Misc}',
    'import {BigInts} from "@zondax/filecoin-solidity/contracts/v0.8/utils/BigInts.sol";\nimport {Misc}',
  );
  await setEditorText(page, source, 'BytesCBOR.serializeBytes');
  await page.getByTestId('compile-button').click();
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled \d+ contracts? /, {
    timeout: 180_000,
  });
  await expect(page.getByTestId('compile-counts')).toContainText('0 errors');
  const note = page.getByTestId('diagnostic').filter({ hasText: 'Compiled with solc 0.8.17' });
  await expect(note).toHaveAttribute('data-severity', 'info');
  await expect(note).toContainText('@zondax/solidity-bignumber/src/BigNumbers.sol');
  await expect(page.getByTestId('contract-list')).toContainText('ZondaxDealClient');
  await page.screenshot({ path: `${SCREENSHOTS}/compiler-pragma-0.8.17.png` });
});
