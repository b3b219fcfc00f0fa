import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { SCREENSHOTS, setEditorText } from './support/ide';

const SPIN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Spin {
    uint256 public result;

    function spin(uint256 n) external returns (uint256 acc) {
        for (uint256 i = 0; i < n; i++) {
            acc += i;
        }
        result = acc;
    }
}
`;
const ITERATIONS = 40_000;

/** Main-thread long tasks (over 50 ms) since the observer started, as the browser reports them. */
async function startLongTaskLog(page: Page) {
  await page.evaluate(() => {
    const log: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = log;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) log.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}

const longTasks = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { longTasks: number[] }).longTasks]);

/** Milliseconds from a click to the next painted frame that shows its effect. */
async function clickLatency(page: Page, selector: string, attribute: string): Promise<number> {
  return page.evaluate(
    ({ selector, attribute }) =>
      new Promise<number>((resolve) => {
        const target = document.querySelector(selector) as HTMLElement;
        const ide = document.querySelector('.ide')!;
        const before = ide.getAttribute(attribute);
        const started = performance.now();
        target.click();
        const check = () => {
          if (ide.getAttribute(attribute) !== before) resolve(performance.now() - started);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { selector, attribute },
  );
}

test('a call of over a million EVM steps: the page stays responsive while its trace loads and is paged', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await expect(page.getByTestId('compiler-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('sender')).toBeVisible();
  await setEditorText(page, SPIN, 'result = acc;');
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('compile-summary')).toHaveText(/^Compiled 1 contract/, { timeout: 60_000 });
  const run = page.getByRole('region', { name: 'Run' });
  await run.getByRole('button', { name: 'Deploy Spin' }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(1, { timeout: 60_000 });

  // The editor gutter would start the step-traced replay as soon as the call is selected, racing the
  // debugger; turn it off so that opening the debugger is what starts the replay.
  const output = page.getByRole('region', { name: 'Output' });
  await output.getByRole('tab', { name: 'Gas by line' }).click();
  await output.getByLabel('show in the editor gutter').uncheck();
  await output.getByRole('tab', { name: /^Transactions/ }).click();

  await startLongTaskLog(page);
  const form = run.getByTestId('contract-Spin').getByTestId('call-form-spin');
  await form.getByRole('textbox').fill(String(ITERATIONS));
  const sent = Date.now();
  await form.getByRole('button', { name: 'spin', exact: true }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '0');
  const executedMs = Date.now() - sent;

  // Open the debugger: the worker replays the message with step tracing and indexes it. Meanwhile the UI
  // is used: theme toggled, tabs switched, text typed in the editor.
  const opened = Date.now();
  await output.getByRole('tab', { name: 'Debugger' }).click();
  await expect(page.getByTestId('debugger-loading')).toBeVisible();
  // While the worker replays (hundreds of ms for 3 million steps), the page answers: a click changes the
  // theme and it is painted with the loading indicator still up. A main thread busy with the trace would
  // paint the change only after it, with the indicator gone.
  const stillLoadingWhenPainted = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const ide = document.querySelector('.ide')!;
        const before = ide.getAttribute('data-theme');
        document.querySelector<HTMLButtonElement>('[aria-label="Toggle theme"]')!.click();
        const check = () => {
          if (ide.getAttribute('data-theme') === before) requestAnimationFrame(check);
          else resolve(document.querySelector('[data-testid="debugger-loading"]') !== null);
        };
        requestAnimationFrame(check);
      }),
  );
  expect(stillLoadingWhenPainted).toBe(true);
  const latencies: number[] = [];
  latencies.push(await clickLatency(page, '[aria-label="Toggle theme"]', 'data-theme'));
  await output.getByRole('tab', { name: /^Transactions/ }).click();
  await expect(page.getByTestId('tx-detail')).toBeVisible();
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('// typed while the trace loads');
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText(
    'typed while the trace loads',
  );
  latencies.push(await clickLatency(page, '[aria-label="Toggle theme"]', 'data-theme'));
  await output.getByRole('tab', { name: 'Debugger' }).click();

  const debuggerView = page.getByTestId('debugger');
  await expect(debuggerView).toBeVisible({ timeout: 180_000 });
  const loadedMs = Date.now() - opened;
  const totalSteps = Number(await debuggerView.getAttribute('data-total-steps'));
  expect(totalSteps).toBeGreaterThan(1_000_000);

  // Jump to the end and back into the middle: rows come from the worker a page at a time.
  await output.getByRole('button', { name: 'Jump to end' }).click();
  await expect(page.getByTestId('debugger-status')).toContainText(
    `step ${(totalSteps - 1).toLocaleString('en-US')}`,
  );
  await expect(page.locator(`[data-step="${totalSteps - 1}"]`)).toContainText(/STOP|RETURN/);
  const middle = Math.floor(totalSteps / 2);
  await output.getByRole('textbox', { name: 'Go to step' }).fill(String(middle));
  await output.getByRole('textbox', { name: 'Go to step' }).press('Enter');
  await expect(page.locator(`[data-step="${middle}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('step-detail')).toContainText('Stack');
  const scrollStarted = Date.now();
  await page.getByTestId('step-list').hover();
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 4000);
  await expect(page.getByTestId('step-list').locator('.step-row .step-op').first()).toBeVisible();
  const scrollMs = Date.now() - scrollStarted;
  await output.getByRole('button', { name: 'Step over' }).click();
  await expect(page.getByTestId('debugger-status')).not.toContainText(
    `step ${middle.toLocaleString('en-US')} `,
  );
  await page.screenshot({ path: `${SCREENSHOTS}/ide-large-trace.png` });

  const tasks = await longTasks(page);
  const status = await page.getByTestId('debugger-status').textContent();
  const figures = {
    totalSteps,
    executeMsIncludingEstimate: executedMs,
    debuggerLoadMs: loadedMs,
    debuggerStatus: status,
    clickToPaintMsWhileLoading: latencies.map(Math.round),
    mainThreadLongTasks: tasks.length,
    longestMainThreadTaskMs: Math.round(Math.max(0, ...tasks)),
    tenWheelScrollsMs: scrollMs,
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/ide-large-trace.json', `${JSON.stringify(figures, null, 2)}\n`);
  console.log('large trace figures', figures);
});
