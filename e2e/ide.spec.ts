import { expect, test } from '@playwright/test';
import { toFunctionSelector } from 'viem';
import {
  callWrite,
  compile,
  contractCard,
  deploy,
  openApp,
  outputPanel as output,
  runPanel as run,
  SCREENSHOTS,
  setEditorText,
} from './support/ide';

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "hardhat/console.sol";

contract Counter {
    uint256 public count;
    mapping(address => uint256) public byCaller;

    event Incremented(address indexed by, uint256 count);

    function increment() external {
        count += 1;
        byCaller[msg.sender] += 1;
        console.log("count is now", count);
        emit Incremented(msg.sender, count);
    }
}
`;
/** Line of `byCaller[msg.sender] += 1;` in COUNTER. */
const BY_CALLER_LINE = 14;

test('a new user edits, compiles, deploys, calls, and inspects the gas trace, the debugger and the state diff', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  // Every account shows its test key on request (a wallet or script can sign as it).
  const key = page.getByTestId('account-key').first();
  await key.locator('summary').click();
  await expect(key).toContainText(/0x[0-9a-f]{64}/);
  await setEditorText(page, COUNTER, 'byCaller[msg.sender] += 1;');
  await compile(page);

  // Deploy from the selected sender (an f410 genesis account).
  await deploy(page, 'Counter');
  const card = contractCard(page, 'Counter');
  await expect(card).toContainText(/f0\d+/);
  await expect(card).toContainText(/f410f[a-z0-9]+/);
  await expect(card).toContainText(/0x[0-9a-f]{40}/);

  // A write, then a read (an implicit message: no new line in the log).
  await callWrite(page, 'Counter', 'increment');
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '0');
  const messages = await page.getByTestId('tx-row').count();
  await card.getByTestId('call-form-count').getByRole('button', { name: 'count', exact: true }).click();
  await expect(card.getByTestId('call-form-count').getByTestId('read-result')).toContainText('1');
  await expect(page.getByTestId('tx-row')).toHaveCount(messages);
  // A read with an argument; then a bad argument: its error, and the old answer is gone.
  const byCaller = card.getByTestId('call-form-byCaller');
  await byCaller.getByRole('textbox').fill('f0100');
  await byCaller.getByRole('button', { name: 'byCaller', exact: true }).click();
  await expect(byCaller.getByTestId('read-result')).toContainText('0');
  await byCaller.getByRole('textbox').fill('0x1234');
  await byCaller.getByRole('button', { name: 'byCaller', exact: true }).click();
  await expect(byCaller.getByTestId('field-error')).toBeVisible();
  await expect(byCaller.getByTestId('read-result')).toHaveCount(0);
  await byCaller.getByRole('textbox').fill('');
  await run(page).screenshot({ path: `${SCREENSHOTS}/ide-run-panel.png` });

  // The transaction log explains the call: exit code, fees, event, console.log.
  const detail = page.getByTestId('tx-detail');
  await expect(detail).toContainText('increment()');
  await expect(page.getByTestId('tx-exit')).toHaveText('OK (0)');
  await expect(page.getByTestId('fees')).toContainText('Base fee burn');
  await expect(page.getByTestId('tx-events')).toContainText('Incremented(address,uint256)');
  await expect(page.getByTestId('tx-console')).toContainText('count is now 1');
  await page.screenshot({ path: `${SCREENSHOTS}/ide-transactions.png` });

  // The gas trace: the call tree with FVM charge names, the icicle chart, totals by charge.
  await output(page).getByRole('tab', { name: 'Gas trace' }).click();
  await expect(page.getByTestId('call-tree')).toContainText('Counter.increment()');
  await expect(page.getByTestId('call-tree')).toContainText('console.log');
  await expect(page.getByTestId('flame-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('node-charges')).toContainText('OnChainMessage');
  await expect(page.getByTestId('node-charges')).toContainText('estimated');
  await page.screenshot({ path: `${SCREENSHOTS}/ide-gas-trace.png` });
  await output(page).getByRole('button', { name: 'By charge name' }).click();
  await expect(page.getByTestId('charge-totals')).toContainText('OnBlockLink');
  await output(page).screenshot({ path: `${SCREENSHOTS}/ide-gas-totals.png` });

  // The debugger: run to a line of the contract; the editor highlights it.
  await output(page).getByRole('tab', { name: 'Debugger' }).click();
  await expect(page.getByTestId('debugger')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('run-to-line-input').fill(String(BY_CALLER_LINE));
  await page.getByTestId('run-to-line').click();
  await expect(page.getByTestId('step-location')).toContainText(`Counter.sol:${BY_CALLER_LINE}`);
  await expect(page.getByTestId('debugger-status')).toContainText(`Counter.sol:${BY_CALLER_LINE}`);
  const highlighted = page.getByTestId('code-editor').locator('.debug-line');
  await expect(highlighted).toHaveCount(1);
  const highlightBox = await highlighted.boundingBox();
  const lineBox = await page
    .getByTestId('code-editor')
    .locator('.line-numbers', { hasText: new RegExp(`(^|\\s)${BY_CALLER_LINE}$`) })
    .boundingBox();
  expect(Math.abs(highlightBox!.y - lineBox!.y)).toBeLessThan(4);
  // Step over to the next line, and back.
  await output(page).getByRole('button', { name: 'Next line' }).click();
  await expect(page.getByTestId('step-location')).not.toContainText(`Counter.sol:${BY_CALLER_LINE}`);
  await expect(page.getByTestId('step-detail')).toContainText('Stack');
  await page.screenshot({ path: `${SCREENSHOTS}/ide-debugger.png` });

  // The state diff names the changed variables, the mapping by its key.
  await output(page).getByRole('tab', { name: 'State diff' }).click();
  const counterDiff = page.locator('[data-testid="diff-actor"][data-label="Counter"]');
  await expect(
    counterDiff.getByTestId('storage-variable').filter({ hasText: 'count' }).first(),
  ).toContainText('0');
  const variables = counterDiff.getByTestId('storage-variable');
  await expect(variables.filter({ hasText: /^count/ })).toContainText(/count.*uint256\s*0\s*1/);
  await expect(variables.filter({ hasText: 'byCaller[0x' })).toContainText('1');
  await page.screenshot({ path: `${SCREENSHOTS}/ide-state-diff.png` });

  // Gas by line, in its tab and in the editor gutter.
  await output(page).getByRole('tab', { name: 'Gas by line' }).click();
  await expect(page.getByTestId('gas-by-line')).toContainText(`line ${BY_CALLER_LINE}`);
  await expect(page.getByTestId('gas-by-line')).toContainText('storage written on lines');
  const gutter = page
    .getByTestId('code-editor')
    .locator('.line-numbers', { hasText: new RegExp(`[kM]\\s+${BY_CALLER_LINE}$`) });
  await expect(gutter).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/ide-gas-by-line.png` });
});

test('live mode: after an edit that adds a storage write, each call shows its gas change', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await setEditorText(page, COUNTER, 'byCaller[msg.sender] += 1;');
  await compile(page);
  // Ctrl+Enter in the editor deploys the selected contract.
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('tx-row')).toHaveCount(1, { timeout: 60_000 });
  await expect(contractCard(page, 'Counter')).toBeVisible();
  await callWrite(page, 'Counter', 'increment');
  const before = await page.getByTestId('tx-row').last().locator('.tx-gas').textContent();

  await page.getByTestId('live-toggle').click();
  await expect(page.getByTestId('live-toggle')).toHaveText('Live: on');
  const edited = COUNTER.replace(
    'uint256 public count;',
    'uint256 public count;\n    uint256 public lastBlock;',
  ).replace('count += 1;', 'count += 1;\n        lastBlock = block.number;');
  await setEditorText(page, edited, 'lastBlock = block.number;');
  await compile(page);

  await output(page).getByRole('tab', { name: 'Live' }).click();
  const rows = page.getByTestId('live-row');
  await expect(rows).toHaveCount(2, { timeout: 60_000 });
  await expect(rows.nth(0)).toContainText('deploy Counter');
  await expect(rows.nth(1)).toContainText('increment()');
  // The new storage write costs more: a positive delta next to the previous figure.
  await expect(rows.nth(1).getByTestId('live-delta')).toHaveText(/^\+[\d,]+$/);
  await page.screenshot({ path: `${SCREENSHOTS}/ide-live-mode.png` });
  await output(page)
    .getByRole('tab', { name: /^Transactions/ })
    .click();
  const after = await page.getByTestId('tx-row').last().locator('.tx-gas').textContent();
  expect(after).not.toBe(before);

  // After a reload this tab has recorded none of the chain's messages: a live replay would drop them, so
  // it waits for the user to say so.
  await page.reload();
  await expect(page.getByTestId('workspace-button')).toContainText('My workspace', { timeout: 60_000 });
  await output(page)
    .getByRole('tab', { name: /^Transactions/ })
    .click();
  await expect(page.getByTestId('tx-row')).toHaveCount(2, { timeout: 60_000 });
  await expect(contractCard(page, 'Counter')).toBeVisible();
  await page.getByTestId('live-toggle').click();
  await callWrite(page, 'Counter', 'increment');
  await setEditorText(page, edited.replace('lastBlock = block.number;', 'lastBlock = 7;'), 'lastBlock = 7;');
  await compile(page);
  await output(page).getByRole('tab', { name: 'Live' }).click();
  await expect(page.getByTestId('live-held')).toContainText('2 messages this tab did not record');
  await output(page)
    .getByRole('tab', { name: /^Transactions/ })
    .click();
  await expect(page.getByTestId('tx-row')).toHaveCount(3);
});

const TYPES = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Types {
    address public who;
    uint8 public small;
    bytes4 public tag;

    function set(address who_, uint8 small_, bytes4 tag_, uint256[] calldata list) external {
        who = who_;
        small = small_;
        tag = tag_;
        require(list.length < 10, "list too long");
    }
}
`;

test('every form rejects bad input at the field and sends nothing', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await setEditorText(page, TYPES, 'bytes4 public tag;');
  await compile(page);
  await deploy(page, 'Types');
  const count = await page.getByTestId('tx-row').count();
  const form = contractCard(page, 'Types').getByTestId('call-form-set');
  const field = (label: string) => form.getByLabel(new RegExp(`^${label} \\(`));
  const errorOf = (label: string) =>
    form.locator('.field', { has: page.getByLabel(new RegExp(`^${label} \\(`)) }).getByTestId('field-error');

  await field('who_').fill('f9notanaddress');
  await field('small_').fill('256');
  await field('tag_').fill('0x12zz');
  await field('list').fill('[1, 2');
  await form.getByRole('button', { name: 'set', exact: true }).click();
  await expect(errorOf('who_')).toContainText('not an address');
  await expect(errorOf('small_')).toContainText('out of range for uint8 (0 to 255)');
  await expect(errorOf('tag_')).toContainText('not hex');
  await expect(errorOf('list')).toContainText('missing "]"');
  await form.screenshot({ path: `${SCREENSHOTS}/ide-form-errors.png` });

  // A well-formed f1 address with no actor behind it is refused by the worker, at the field.
  await field('who_').fill('f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za');
  await field('small_').fill('7');
  await field('tag_').fill('0x12345678');
  await field('list').fill('[1, 2]');
  await form.getByRole('button', { name: 'set', exact: true }).click();
  await expect(errorOf('who_')).toBeVisible();
  await expect(page.getByTestId('tx-row')).toHaveCount(count);

  // The shared value field.
  await page.getByTestId('tx-value').fill('1.5');
  await page.getByLabel('Value unit').selectOption('attoFIL');
  await form.getByRole('button', { name: 'set', exact: true }).click();
  await expect(
    run(page).getByRole('region', { name: 'Transaction settings' }).getByTestId('field-error'),
  ).toContainText('whole numbers');
  await page.getByTestId('tx-value').fill('0');

  // Raw calldata (bad hex, bad address), raw message (bad address), new account (bad amount), at address.
  const raw = page.getByTestId('raw-calldata');
  await raw.getByLabel('To').fill('0x1234');
  await raw.getByLabel('Calldata').fill('0xabc');
  await raw.getByRole('button', { name: 'Transact' }).click();
  await expect(raw.getByTestId('field-error')).toHaveCount(2);
  await expect(raw).toContainText('an Ethereum address is 0x followed by 40 hex digits');
  await expect(raw).toContainText('even number of digits');
  const send = page.getByTestId('raw-send');
  await send.getByLabel('To').fill('t5nope');
  await send.getByLabel('Params (CBOR hex)').fill('nothex');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(send.getByTestId('field-error')).toHaveCount(2);
  const account = page.getByTestId('create-account');
  await account.getByRole('textbox', { name: 'Funding' }).fill('-3');
  await account.getByRole('button', { name: 'Create account' }).click();
  await expect(account.getByTestId('field-error')).toBeVisible();
  const atAddress = page.getByTestId('at-address');
  await atAddress.getByRole('textbox').fill('0xnothex');
  await atAddress.getByRole('button', { name: 'At address' }).click();
  await expect(atAddress.getByTestId('field-error')).toBeVisible();
  const fund = page.getByTestId('fund-account');
  await fund.getByLabel('To').fill('f1short');
  await fund.getByRole('textbox', { name: 'Amount' }).fill('lots');
  await fund.getByRole('button', { name: 'Send' }).click();
  await expect(fund.getByTestId('field-error')).toHaveCount(2);
  // The shared gas limit: not a whole number of gas.
  const settings = run(page).getByRole('region', { name: 'Transaction settings' });
  await settings.getByLabel('Gas limit').fill('12.5');
  await form.getByRole('button', { name: 'set', exact: true }).click();
  await expect(settings.getByTestId('field-error')).toBeVisible();
  await settings.getByLabel('Gas limit').fill('');

  // Nothing was sent.
  await expect(page.getByTestId('tx-row')).toHaveCount(count);

  // And with good input the call goes through, converting the f0 address for the ABI.
  await field('who_').fill('f0100');
  await form.getByRole('button', { name: 'set', exact: true }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(count + 1);
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '0');
  const whoForm = contractCard(page, 'Types').getByTestId('call-form-who');
  await whoForm.getByRole('button', { name: 'who', exact: true }).click();
  // f0100 became the masked ID address; the answer shows it with its Filecoin form.
  await expect(whoForm.getByTestId('read-result')).toContainText(/0xff0{36}64 \(f0100\)/i);

  // A call the contract refuses: a receipt with the EVM's exit code and the revert reason, decoded.
  await field('list').fill('[1,2,3,4,5,6,7,8,9,10]');
  await form.getByRole('button', { name: 'set', exact: true }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(count + 2);
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '33');
  await expect(page.getByTestId('tx-exit')).toContainText('EVM_CONTRACT_REVERTED (33)');
  await expect(page.getByTestId('tx-revert')).toContainText('list too long');
  await field('list').fill('[1, 2]');

  // Send FIL with good input: one more message, and the recipient's balance shows it.
  await fund.getByLabel('To').fill('f0101');
  await fund.getByRole('textbox', { name: 'Amount' }).fill('2');
  await fund.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(count + 3);
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '0');
  await expect(page.getByTestId('accounts').locator('li', { hasText: 'f0101' })).toContainText('10,002 FIL');

  // The raw forms with good input: calldata to the contract (a message, then a read-only call), and a
  // plain message by method number.
  const typesEth = /0x[0-9a-f]{40}/i.exec((await contractCard(page, 'Types').textContent()) ?? '')![0];
  await raw.getByLabel('To').fill(typesEth);
  await raw.getByLabel('Calldata').fill(toFunctionSelector('small()'));
  await raw.getByRole('button', { name: 'Transact' }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(count + 4);
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '0');
  await raw.getByRole('button', { name: 'Call (read-only)' }).click();
  await expect(raw).toContainText(/0x0{63}7/);
  await expect(page.getByTestId('tx-row')).toHaveCount(count + 4);
  await send.getByLabel('To').fill('f0101');
  await send.getByLabel('Method').fill('0');
  await send.getByLabel('Params (CBOR hex)').fill('');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByTestId('tx-row')).toHaveCount(count + 5);
  await expect(page.getByTestId('tx-row').last()).toHaveAttribute('data-exit', '0');
});

test('workspace: folders, files, rename, delete, tabs, examples, command palette, themes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  const files = page.getByRole('region', { name: 'Files' });

  // New folders and files go into the folder of the open file (or the folder last clicked).
  await files.getByRole('button', { name: 'New folder' }).click();
  await files.getByLabel('Folder name').fill('lib');
  await files.getByLabel('Folder name').press('Enter');
  await files.getByRole('button', { name: 'lib' }).click();
  await files.getByRole('button', { name: 'New file' }).click();
  await files.getByLabel('File name').fill('Math.sol');
  await files.getByLabel('File name').press('Enter');
  await expect(files.locator('[data-path="contracts/lib/Math.sol"]')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Math.sol' })).toHaveAttribute('aria-selected', 'true');

  // A bad name is refused where it was typed.
  await files.getByRole('button', { name: 'New file' }).click();
  await files.getByLabel('File name').fill('../escape.sol');
  await files.getByLabel('File name').press('Enter');
  await expect(files.getByRole('alert')).toBeVisible();
  await files.getByLabel('File name').press('Escape');

  // Rename the folder: its file moves, its tab follows.
  await files.locator('.file-row', { hasText: 'lib' }).first().hover();
  await files.getByRole('button', { name: 'Rename contracts/lib' }).click();
  await files.getByLabel('New name').fill('utils');
  await files.getByLabel('New name').press('Enter');
  await expect(files.locator('[data-path="contracts/utils/Math.sol"]')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Math.sol' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Close contracts/utils/Math.sol' }).click();
  await files.locator('.file-row', { hasText: 'utils' }).first().hover();
  await files.getByRole('button', { name: 'Delete contracts/utils' }).click();
  await files.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(files.locator('[data-path="contracts/utils/Math.sol"]')).toHaveCount(0);
  await expect(files.locator('[data-path="contracts/Counter.sol"]')).toBeVisible();

  // The examples menu: the OpenZeppelin ERC-20 compiles and deploys with a constructor argument.
  await page.getByRole('button', { name: 'Examples ▾' }).click();
  await page.getByRole('menuitem', { name: /ERC-20/ }).click();
  await expect(page.getByTestId('code-editor').locator('.view-lines')).toContainText('contract PlayToken');
  await compile(page);
  await run(page)
    .getByTestId('deploy-contract')
    .selectOption({ label: 'PlayToken — examples/erc20/PlayToken.sol' });
  await run(page)
    .getByTestId('call-form-Deploy')
    .getByLabel(/^initialSupply/)
    .fill('1000 ether');
  await deploy(page, 'PlayToken');
  await page.screenshot({ path: `${SCREENSHOTS}/ide-example-erc20.png` });

  // Command palette: Ctrl+Shift+P, filter, run.
  const theme = await page.locator('.ide').getAttribute('data-theme');
  await page.locator('.topbar').click();
  await page.keyboard.press('ControlOrMeta+Shift+P');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('textbox').fill('xyzzy');
  await expect(palette.getByTestId('palette-empty')).toHaveText('No command matches "xyzzy".');
  await palette.getByRole('textbox').fill('toggle theme');
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page.locator('.ide')).not.toHaveAttribute('data-theme', theme!);
  await page.screenshot({ path: `${SCREENSHOTS}/ide-other-theme.png` });

  // The other examples open too.
  for (const name of [/Data DAO/, /Data access control/]) {
    await page.getByRole('button', { name: 'Examples ▾' }).click();
    await page.getByRole('menuitem', { name }).click();
  }
  await expect(page.getByRole('tab', { name: 'DataAccess.sol' })).toHaveAttribute('aria-selected', 'true');
  await compile(page);
  await expect(page.getByTestId('compile-summary')).toHaveText(/Compiled [4-9] contracts/);
});
