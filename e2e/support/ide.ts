import { type BrowserContext, expect, type Page } from '@playwright/test';

/** Where the specs save the screenshots meant to be looked at (failure screenshots go to the output dir). */
export const SCREENSHOTS = 'test-results/screenshots';

/** Blocks every host but the app's own; returns the foreign URLs that were tried. */
export async function blockForeignHosts(context: BrowserContext, origin: string): Promise<string[]> {
  const tried: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin)
      return route.continue();
    tried.push(url);
    return route.abort('internetdisconnected');
  });
  return tried;
}

/**
 * Replaces the active editor's text by pasting it, as a user would (typed text would be re-indented by
 * Monaco), and waits until `marker` (by default the text's fourth line) shows. The paste event goes to
 * whatever element Monaco uses for input (a textarea or an EditContext host).
 */
export async function setEditorText(page: Page, text: string, marker = text.split('\n')[3]?.trim() ?? '') {
  const editor = page.getByTestId('code-editor');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
  await expect(editor.locator('.view-lines')).toContainText(marker);
}

/** Opens the app on the starter workspace and waits until both workers answer and the forms are up. */
export async function openApp(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('vm-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('compiler-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('contract Counter');
  await expect(page.getByTestId('sender')).toBeVisible();
  // The workspace list is read after the workspace opens; "Opening…" is gone once both are done.
  await expect(page.getByTestId('workspace-button')).not.toContainText(/opening/i);
}

/** Ctrl+S in the editor, then waits for the compile summary. */
export async function compile(page: Page) {
  await page.getByTestId('code-editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('compile-summary')).toHaveText(/^Compiled \d+ contracts? in \d+ ms/, {
    timeout: 60_000,
  });
}

export const runPanel = (page: Page) => page.getByRole('region', { name: 'Run' });
export const outputPanel = (page: Page) => page.getByRole('region', { name: 'Output' });
export const contractCard = (page: Page, name: string) =>
  runPanel(page).getByTestId(`contract-${name}`).first();

/** Deploys a compiled contract from the run panel and waits for its successful message and card. */
export async function deploy(page: Page, name: string) {
  const messages = await page.getByTestId('tx-row').count();
  await runPanel(page)
    .getByRole('button', { name: `Deploy ${name}` })
    .click();
  await expect(page.getByTestId('tx-row')).toHaveCount(messages + 1, { timeout: 60_000 });
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '0');
  await expect(contractCard(page, name)).toBeVisible();
}

/** Sends a write function from a contract card and waits for its message in the log. */
export async function callWrite(page: Page, contract: string, fn: string) {
  const messages = await page.getByTestId('tx-row').count();
  await contractCard(page, contract)
    .getByTestId(`call-form-${fn}`)
    .getByRole('button', { name: fn, exact: true })
    .click();
  await expect(page.getByTestId('tx-row')).toHaveCount(messages + 1, { timeout: 120_000 });
}
