// E2E: the write commands' QuickInput flows as a user drives them in code-server (keyboard only), with
// screenshots of the steps and of the Attach NPY Header live preview in test-results/.
import { join } from 'path';
import { existsSync, readdirSync } from 'fs';
import { assert, sleep } from './lib.mjs';

export const tests = [];

/** Files the Explorer must list from the start (made before code-server starts). */
export function prepare({ workspace, python }) {
  python(
    `import numpy as np, sys, os
d = sys.argv[1]
p = os.path.join(d, 'aa_repair_e2e.npy')
np.save(p, np.arange(20, dtype='<i4').reshape(5, 4))
with open(p, 'ab') as f:
    np.arange(20, 32, dtype='<i4').tofile(f); f.write(b'xyz')
p = os.path.join(d, 'palette_repair_e2e.npy')
np.save(p, np.arange(6, dtype='<i2').reshape(3, 2))
with open(p, 'ab') as f:
    np.arange(6, 10, dtype='<i2').tofile(f)
p = os.path.join(d, 'warn_repair_e2e.npy')
np.save(p, np.arange(4, dtype='<f4'))
with open(p, 'ab') as f:
    f.write(b'xy')
np.save(os.path.join(d, 'palette_append_e2e.npy'), np.arange(6, dtype='<u2').reshape(2, 3))
np.save(os.path.join(d, 'palette_append_src_e2e.npy'), np.arange(6, 9, dtype='<u2').reshape(1, 3))
np.save(os.path.join(d, 'append_target_e2e.npy'), np.arange(12, dtype='<f8').reshape(3, 4))
np.save(os.path.join(d, 'append_src_e2e.npy'), np.arange(12, 20, dtype='<f8').reshape(2, 4))
with open(os.path.join(d, 'big_raw_e2e.bin'), 'wb') as f:
    f.truncate(4 << 30)`,
    workspace,
  );
}

const test = (name, fn, timeoutMs = 90000) => tests.push({ name, fn, timeoutMs });

const widget = (wb) => wb.page.locator('.quick-input-widget');
const input = (wb) => widget(wb).locator('input.input, .quick-input-box input').first();

/** Wait until the quick input shows `text` somewhere (title, prompt, message or a row). */
async function waitQuick(wb, text, timeout = 10000) {
  await widget(wb).filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

async function typeInQuick(wb, text) {
  const box = input(wb);
  await box.waitFor({ state: 'visible', timeout: 10000 });
  await box.fill(text);
}

async function shot(wb, name) {
  await wb.page.screenshot({ path: join(wb.resultsDir, `e2e-write-${name}.png`) }).catch(() => {});
}

/** The simple file dialog of code-server: type a full path and accept. */
async function fileDialog(wb, file) {
  await widget(wb).waitFor({ state: 'visible', timeout: 10000 });
  await sleep(300);
  await typeInQuick(wb, file);
  await sleep(400);
  await wb.page.keyboard.press('Enter');
}

/** A float cell showing the integer `n` (`4.0`, `4.`, `4`). */
const num = (n) => new RegExp(`^\\s*${n}(\\.0*)?\\s*$`);

function numpy(wb, code, ...args) {
  return JSON.parse(
    wb
      .python(`import numpy as np, sys, json\n${code}`, ...args)
      .trim()
      .split('\n')
      .pop(),
  );
}

test('Create Empty NPY: dtype, shape with size, order, save, opens in the viewer', async (wb) => {
  const file = join(wb.workspace, 'created_e2e.npy');
  await wb.command('NPY: Create Empty NPY…');
  await waitQuick(wb, 'float32');
  await waitQuick(wb, '1/4');
  await typeInQuick(wb, '>i2');
  await waitQuick(wb, '>i2 · 2 B per element');
  await shot(wb, 'create-1-dtype-typed');
  await typeInQuick(wb, 'int16');
  await sleep(300);
  await wb.page.keyboard.press('Enter');
  await waitQuick(wb, 'Shape');
  await typeInQuick(wb, '2,-3');
  await sleep(300);
  await shot(wb, 'create-2-shape-error');
  await typeInQuick(wb, '1024,1024,1024,64');
  await waitQuick(wb, 'sparse');
  await shot(wb, 'create-2-shape-sparse');
  await typeInQuick(wb, '2,3');
  await waitQuick(wb, '2 × 3 int16 = 12 B');
  await shot(wb, 'create-2-shape');
  await wb.page.keyboard.press('Enter');
  await waitQuick(wb, 'Fortran order');
  await shot(wb, 'create-3-order');
  await wb.page.keyboard.press('ArrowDown');
  await wb.page.keyboard.press('Enter');
  await fileDialog(wb, file);
  await wb.page.locator('iframe.webview.ready:visible').first().waitFor({ state: 'attached', timeout: 20000 });
  await wb.waitCell(1, 2, '0');
  await shot(wb, 'create-4-opened');
  assert(existsSync(file), `${file} was not created`);
  const a = numpy(wb, `a = np.load(sys.argv[1], mmap_mode='r+'); print(json.dumps([list(a.shape), a.dtype.str, bool(a.flags.f_contiguous), int(a.sum())]))`, file);
  assert(JSON.stringify(a) === JSON.stringify([[2, 3], '<i2', true, 0]), `numpy sees ${JSON.stringify(a)}`);
});

test('Attach NPY Header: live preview follows dtype and shape, then copy', async (wb) => {
  const raw = join(wb.workspace, 'raw_e2e.bin');
  // 16 bytes of junk, then arange(48) as float32.
  wb.python(`import numpy as np, sys\nwith open(sys.argv[1], 'wb') as f:\n    f.write(b'\\xee' * 16); np.arange(48, dtype='<f4').tofile(f)`, raw);
  await wb.command('NPY: Attach NPY Header…');
  await fileDialog(wb, raw);
  await waitQuick(wb, 'float32');
  // The preview opens beside: float32, shape (-1,) → 52 values (the 16 junk bytes are 4 odd floats at first).
  await wb.page.locator('iframe.webview.ready:visible').first().waitFor({ state: 'attached', timeout: 20000 });
  await wb.viewer.locator('body').waitFor({ timeout: 20000 });
  await shot(wb, 'attach-1-dtype-preview');
  await wb.page.keyboard.press('Enter'); // float32
  await waitQuick(wb, 'Shape');
  await typeInQuick(wb, '-1,4');
  await waitQuick(wb, '(13, 4)');
  await wb.waitCell(1, 0, num(0)); // row 1 starts after the 16 junk bytes
  await shot(wb, 'attach-2-shape-preview');
  await wb.page.keyboard.press('Enter');
  await waitQuick(wb, 'Fortran order');
  await wb.page.keyboard.press('Enter'); // C
  await waitQuick(wb, 'skip');
  await typeInQuick(wb, '16');
  await waitQuick(wb, '(12, 4)');
  await wb.waitCell(1, 0, num(4));
  await wb.waitCell(0, 1, num(1));
  await shot(wb, 'attach-3-skip-preview');
  await wb.page.keyboard.press('Enter');
  await waitQuick(wb, 'Copy into a new .npy file');
  await shot(wb, 'attach-4-mode');
  await wb.page.keyboard.press('Enter');
  const out = join(wb.workspace, 'raw_e2e.npy');
  await fileDialog(wb, out);
  const deadline = Date.now() + 15000;
  while (!existsSync(out) && Date.now() < deadline) await sleep(100);
  assert(existsSync(out), `${out} was not written`);
  await wb.waitCell(11, 3, num(47));
  await shot(wb, 'attach-5-result');
  const a = numpy(
    wb,
    `a = np.load(sys.argv[1], mmap_mode='r+'); print(json.dumps([list(a.shape), a.dtype.str, float(a[11, 3]), bool((a.ravel() == np.arange(48)).all())]))`,
    out,
  );
  assert(JSON.stringify(a) === JSON.stringify([[12, 4], '<f4', 47, true]), `numpy sees ${JSON.stringify(a)}`);
  const tabs = await wb.page.locator('.tabs-container .tab').allInnerTexts();
  assert(!tabs.some((t) => /NPY preview/.test(t)), `the preview tab is still open: ${tabs.join(' | ')}`);
});

/** Right-click `name` in the Explorer and choose `item` from its context menu. */
async function explorerMenu(wb, name, item) {
  // Earlier tests may have scrolled the Explorer (revealing files they opened); these files sort first.
  const list = wb.page.locator('.explorer-folders-view .monaco-list').first();
  await list.focus();
  await wb.page.keyboard.press('Home'); // focuses (does not open) the first row and scrolls to the top
  await sleep(300);
  const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 10000 });
  await row.click({ button: 'right' });
  const entry = wb.page.locator('.context-view .action-menu-item', { hasText: item }).first();
  await entry.waitFor({ timeout: 5000 });
  await sleep(300); // menus ignore a click right after they open
  await entry.hover();
  await entry.click();
  await entry.waitFor({ state: 'detached', timeout: 3000 }).catch(async () => {
    await wb.page.keyboard.press('Enter'); // the hovered entry
  });
}

const dialog = (wb) => wb.page.locator('.monaco-dialog-box');

test('Repair NPY Header from the Explorer context menu: modal with the plan, then the repaired file', async (wb) => {
  const file = join(wb.workspace, 'aa_repair_e2e.npy');
  await explorerMenu(wb, 'aa_repair_e2e.npy', 'Repair NPY Header…');
  await dialog(wb).filter({ hasText: '(5, 4) → (8, 4)' }).waitFor({ timeout: 10000 });
  const text = await dialog(wb).innerText();
  assert(/last 3 bytes are dropped/.test(text), `modal: ${text}`);
  await shot(wb, 'repair-1-modal');
  await dialog(wb)
    .locator('.monaco-button', { hasText: /^Repair$/ })
    .click();
  await wb.page.locator('iframe.webview.ready:visible').first().waitFor({ state: 'attached', timeout: 20000 });
  await wb.waitCell(7, 3, '31');
  await shot(wb, 'repair-2-result');
  const a = numpy(wb, `a = np.load(sys.argv[1], mmap_mode='r+'); print(json.dumps([list(a.shape), bool((a.ravel() == np.arange(32)).all())]))`, file);
  assert(JSON.stringify(a) === JSON.stringify([[8, 4], true]), `numpy sees ${JSON.stringify(a)}`);
});

// Issue 11, item 8: from the palette, Repair and Append act on the .npy in the active editor (they opened a file
// dialog at the workspace root before).
test('Repair NPY Header from the palette while a .npy is open: repairs that file', async (wb) => {
  await wb.openInViewer('palette_repair_e2e.npy');
  await wb.waitCell(2, 1, '5');
  await wb.command('Repair NPY Header');
  await dialog(wb).filter({ hasText: '(3, 2) → (5, 2)' }).waitFor({ timeout: 10000 });
  assert(/palette_repair_e2e\.npy/.test(await dialog(wb).innerText()), 'the modal names the open file');
  await dialog(wb)
    .locator('.monaco-button', { hasText: /^Repair$/ })
    .click();
  await wb.waitCell(4, 1, '9', 20000);
});

// Issue 11, item 9: the trailing-bytes warning offers the fix.
test('the trailing-bytes warning in the viewer offers Repair…, which repairs the file after the modal', async (wb) => {
  await wb.openInViewer('warn_repair_e2e.npy');
  const action = wb.viewer.locator('.npy-warning[data-code="trailingBytes"] [data-action="repair"]');
  await action.waitFor({ timeout: 15000 });
  assert((await action.innerText()) === 'Repair…', 'the action is labelled Repair…');
  await action.click();
  await dialog(wb).filter({ hasText: 'last 2 bytes are dropped' }).waitFor({ timeout: 10000 });
  await dialog(wb)
    .locator('.monaco-button', { hasText: /^Repair$/ })
    .click();
  await wb.viewer.locator('.npy-warning[data-code="trailingBytes"]').waitFor({ state: 'detached', timeout: 20000 });
  const size = numpy(wb, 'import os; print(json.dumps(os.path.getsize(sys.argv[1])))', join(wb.workspace, 'warn_repair_e2e.npy'));
  assert(size === 128 + 16, `file size after repair: ${size}`);
});

test('Append to NPY from the palette while a .npy is open: the sources dialog is for that file', async (wb) => {
  const target = join(wb.workspace, 'palette_append_e2e.npy');
  await wb.openInViewer('palette_append_e2e.npy');
  await wb.waitCell(1, 2, '5');
  await wb.command('Append to NPY');
  await widget(wb)
    .filter({ hasText: 'Append to palette_append_e2e.npy (2, 3): choose .npy files or raw uint16 data' })
    .first()
    .waitFor({ state: 'visible', timeout: 10000 });
  await fileDialog(wb, join(wb.workspace, 'palette_append_src_e2e.npy'));
  await dialog(wb).filter({ hasText: '(2, 3) → (3, 3)' }).waitFor({ timeout: 10000 });
  await dialog(wb)
    .locator('.monaco-button', { hasText: /^Append$/ })
    .click();
  await wb.waitCell(2, 2, '8', 20000);
  const a = numpy(wb, `a = np.load(sys.argv[1]); print(json.dumps([list(a.shape), a.ravel().tolist()]))`, target);
  assert(
    JSON.stringify(a) ===
      JSON.stringify([
        [3, 3],
        [0, 1, 2, 3, 4, 5, 6, 7, 8],
      ]),
    `numpy sees ${JSON.stringify(a)}`,
  );
});

test('Append to NPY from the Explorer: choose a source, confirm the planned shape, rows appended', async (wb) => {
  const target = join(wb.workspace, 'append_target_e2e.npy');
  await explorerMenu(wb, 'append_target_e2e.npy', 'Append to NPY…');
  await fileDialog(wb, join(wb.workspace, 'append_src_e2e.npy'));
  await dialog(wb).filter({ hasText: '(3, 4) → (5, 4)' }).waitFor({ timeout: 10000 });
  await shot(wb, 'append-1-modal');
  await dialog(wb)
    .locator('.monaco-button', { hasText: /^Append$/ })
    .click();
  await wb.page.locator('iframe.webview.ready:visible').first().waitFor({ state: 'attached', timeout: 20000 });
  await wb.waitCell(4, 3, num(19));
  const a = numpy(wb, `a = np.load(sys.argv[1], mmap_mode='r+'); print(json.dumps([list(a.shape), bool((a.ravel() == np.arange(20)).all())]))`, target);
  assert(JSON.stringify(a) === JSON.stringify([[5, 4], true]), `numpy sees ${JSON.stringify(a)}`);
});

test('Attach NPY Header on a 4 GiB raw file: instant preview, copy cancelled from the progress notification leaves nothing', async (wb) => {
  const out = join(wb.workspace, 'big_raw_e2e.npy');
  await explorerMenu(wb, 'big_raw_e2e.bin', 'Attach NPY Header…');
  await waitQuick(wb, 'float32', 20000);
  await wb.waitCell(0, 0, num(0));
  await shot(wb, 'attach-big-preview');
  for (const step of ['Shape', 'Order', 'Bytes to skip', 'How to attach']) {
    await wb.page.keyboard.press('Enter');
    await waitQuick(wb, step);
  }
  await wb.page.keyboard.press('Enter'); // copy
  await fileDialog(wb, out);
  const cancel = wb.page.locator('.notification-toast', { hasText: 'Attaching the header' }).locator('.monaco-button, .action-label', { hasText: /Cancel/ });
  await wb.page.locator('.notification-toast', { hasText: 'Attaching the header' }).first().waitFor({ timeout: 10000 });
  await shot(wb, 'attach-big-progress');
  await wb.page.locator('.notification-toast', { hasText: 'Attaching the header' }).first().hover();
  await cancel.first().click();
  await wb.page
    .locator('.notification-toast', { hasText: /cancelled/ })
    .first()
    .waitFor({ timeout: 15000 });
  await sleep(500);
  await shot(wb, 'attach-big-cancelled');
  assert(!existsSync(out), `${out} exists after cancelling`);
  const left = readdirSync(wb.workspace).filter((n) => n.includes('npy-studio') && n.endsWith('.tmp'));
  assert(left.length === 0, `temp files left: ${left.join(', ')}`);
}, 120000);
