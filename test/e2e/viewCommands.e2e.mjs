// E2E: Find in View from the palette (and F3 / Shift+F3) jumps the table to numpy's matches; Export View… writes
// what numpy's a[view] is; Copy View as NumPy Code puts the expression on the clipboard.
import { join } from 'path';
import { existsSync } from 'fs';
import { assert, sleep } from './lib.mjs';

export const tests = [];
const test = (name, fn, timeoutMs = 90000) => tests.push({ name, fn, timeoutMs });

export function prepare({ workspace, python }) {
  python(
    `import numpy as np, sys, os
a = np.arange(400 * 6, dtype='<f8').reshape(400, 6) / 8
a[13, 4] = np.nan; a[317, 1] = np.nan; a[200, 2] = np.inf
np.save(os.path.join(sys.argv[1], 'find_e2e.npy'), a)`,
    workspace,
  );
}

const widget = (wb) => wb.page.locator('.quick-input-widget');

async function selected(wb, row, col, timeout = 15000) {
  await wb.cell(row, col).locator('xpath=self::*[@aria-selected="true"]').first().waitFor({ timeout });
}

test('Find in View: nan from the palette goes to the first NaN; Find Next / Previous go on and wrap; Ctrl+F offers the last query', async (wb) => {
  await wb.openInViewer('find_e2e.npy');
  await wb.waitCell(0, 1, '0.125');
  await wb.command('Find in View');
  const box = widget(wb).locator('input').first();
  await box.waitFor({ state: 'visible', timeout: 10000 });
  await box.fill('nan');
  await wb.page.keyboard.press('Enter');
  await selected(wb, 13, 4);
  assert((await wb.cellText(13, 4)) === 'nan', 'the cell shows nan');
  await wb.command('Find Next in View');
  await selected(wb, 317, 1);
  await wb.command('Find Next in View'); // wraps to the first
  await selected(wb, 13, 4);
  await wb.command('Find Previous in View'); // wraps back to the last
  await selected(wb, 317, 1);
  // Ctrl+F in the table opens the same box (the keybinding), with the last query.
  await wb.cell(317, 1).first().click();
  await wb.page.keyboard.press('Control+f');
  await box.waitFor({ state: 'visible', timeout: 10000 });
  assert((await box.inputValue()) === 'nan', 'the last query is offered');
  await box.fill('> 1e300');
  await wb.page.keyboard.press('Enter');
  await selected(wb, 200, 2);
  await wb.screenshot('find-inf');
});

test('Export View… from the palette: .npy of the view, loaded by numpy equal to a[view]', async (wb) => {
  await wb.openInViewer('find_e2e.npy');
  await wb.waitCell(0, 1, '0.125');
  await wb.command('Export View');
  // Enter accepts the focused row: wait until there is one (.npy is first), else Enter closes the pick unanswered.
  await widget(wb).locator('.monaco-list-row.focused', { hasText: 'NumPy array (.npy)' }).first().waitFor({ timeout: 10000 });
  await wb.page.keyboard.press('Enter');
  const target = join(wb.workspace, 'find_e2e-view.npy');
  // code-server's simple save dialog: the suggested path is in the box.
  const input = widget(wb).locator('input').first();
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await sleep(300);
  assert((await input.inputValue()).endsWith('find_e2e-view.npy'), `suggested: ${await input.inputValue()}`);
  await wb.page.keyboard.press('Enter');
  for (let i = 0; i < 100 && !existsSync(target); i++) await sleep(100);
  const same = wb.python(
    'import numpy as np, sys; a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); print(a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True))',
    join(wb.workspace, 'find_e2e.npy'),
    target,
  );
  assert(same.trim() === 'True', `numpy: ${same}`);
});

test('Export View… offers the selection: a shift-click block exported as .npy equals numpy’s block; Find starts after the focused cell', async (wb) => {
  await wb.openInViewer('find_e2e.npy');
  await wb.waitCell(0, 1, '0.125');
  await wb.cell(2, 1).first().click();
  await wb
    .cell(4, 3)
    .first()
    .click({ modifiers: ['Shift'] });
  await wb.cell(4, 3).locator('xpath=self::*[@aria-selected="true"]').first().waitFor({ timeout: 5000 });
  await sleep(300); // the selection notice reaches the host
  await wb.command('Export View');
  const quick = widget(wb);
  await quick.filter({ hasText: 'The selection as .npy' }).first().waitFor({ timeout: 10000 });
  await quick.locator('input').first().fill('selection as .npy');
  await quick.locator('.monaco-list-row.focused', { hasText: 'The selection as .npy' }).first().waitFor({ timeout: 10000 });
  await wb.page.keyboard.press('Enter');
  const input = quick.locator('input').first();
  // The save dialog's box holds its suggestion before it takes ours.
  await wb.page.waitForFunction(() => /find_e2e-view\.npy$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''), null, { timeout: 15000 });
  const target = join(wb.workspace, 'selection_e2e.npy');
  await input.fill(target);
  await sleep(300);
  await wb.page.keyboard.press('Enter');
  for (let i = 0; i < 100 && !existsSync(target); i++) await sleep(100);
  const same = wb.python(
    'import numpy as np, sys; a = np.load(sys.argv[1])[2:5, 1:4]; b = np.load(sys.argv[2]); print(a.shape == b.shape and np.array_equal(a, b))',
    join(wb.workspace, 'find_e2e.npy'),
    target,
  );
  assert(same.trim() === 'True', `numpy: ${same}`);
  // Find from the focused cell: clicking the first NaN makes the search start after it, at the second.
  await wb.cell(13, 4).first().click();
  await sleep(300);
  await wb.command('Find Next in View');
  await widget(wb).locator('input').first().waitFor({ state: 'visible', timeout: 10000 });
  await widget(wb).locator('input').first().fill('nan');
  await wb.page.keyboard.press('Enter');
  await selected(wb, 317, 1);
});
