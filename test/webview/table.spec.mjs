// The table's display controls in the real webview bundle (issue #11): display precision (the setting's default,
// the toolbar control, tooltips with numpy's full text), resizable columns with the cut-text tooltip, the status
// bar's parts, and selection colours that differ from the row hover in every theme.
import assert from 'assert';
import { spawnSync } from 'child_process';
import { join } from 'path';
import { viewerSuite, settle, screenshot } from './harness.mjs';

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const fx = (name) => join(FX, `${name}.npy`);

/** numpy's text of f64[r, c] for the cells asked: full str(), N-digit positional and scientific. */
function numpyTexts(file, keys, n) {
  const code = [
    'import numpy as np, sys, json',
    'a = np.load(sys.argv[1]); n = int(sys.argv[2]); out = {}',
    'for k in json.loads(sys.argv[3]):',
    '    r, c = map(int, k.split(","))',
    '    x = a[r, c]',
    "    out[k] = [str(x), np.format_float_positional(x, precision=n, unique=False, fractional=False, trim='-'), np.format_float_scientific(x, precision=n - 1, unique=False)]",
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', code, file, String(n), JSON.stringify(keys)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const renderedKeys = (page) => page.$$eval('.npy-cell[data-row]', (els) => els.filter((e) => e.style.display !== 'none').map((e) => `${e.dataset.row},${e.dataset.col}`));
const textOf = (page, k) => {
  const [r, c] = k.split(',');
  return page.$eval(`.npy-cell[data-row="${r}"][data-col="${c}"]`, (e) => ({ text: e.textContent, title: e.getAttribute('title') }));
};
/** Columns shown whole in row 0. */
const fullColumns = (page) =>
  page.$eval('.npy-grid', (grid) => {
    const right = grid.querySelector('.npy-grid-viewport').getBoundingClientRect().right;
    const left = grid.querySelector('.npy-corner').getBoundingClientRect().right;
    return [...grid.querySelectorAll('.npy-cell[data-row="0"]')].filter((c) => {
      const b = c.getBoundingClientRect();
      return c.style.display !== 'none' && b.left >= left - 0.5 && b.right <= right + 0.5;
    }).length;
  });

describe('webview table controls', function () {
  const suite = viewerSuite();
  async function view(name, opts = {}) {
    return suite.open(fx(name), opts);
  }

  it('npyStudio.floatDigits is the default precision; the tooltip keeps numpy\u2019s full text', async () => {
    const { page } = await view('f64', { floatDigits: 4 });
    assert.strictEqual(await page.$eval('[data-control="precision"]', (s) => s.value), 'digits');
    assert.strictEqual(await page.$eval('[data-control="precision-digits"]', (s) => s.value), '4');
    const keys = (await renderedKeys(page)).slice(0, 60);
    const want = numpyTexts(fx('f64'), keys, 4);
    let rounded = 0;
    for (const k of keys) {
      const got = await textOf(page, k);
      assert.strictEqual(got.text, want[k][1], `cell ${k}`);
      if (want[k][1] !== want[k][0]) {
        rounded++;
        assert.strictEqual(got.title, want[k][0], `tooltip of ${k}`);
      }
    }
    assert.ok(rounded > 10, `only ${rounded} cells were rounded`);
  });

  it('the precision control: N digits, scientific, back to full; fewer digits fit more columns', async () => {
    const { page } = await view('f64');
    const before = await fullColumns(page);
    assert.strictEqual(await page.$eval('[data-control="precision"]', (s) => s.value), 'full');
    await page.selectOption('[data-control="precision"]', 'scientific');
    await page.fill('[data-control="precision-digits"]', '3');
    await page.press('[data-control="precision-digits"]', 'Enter');
    await settle(page);
    const keys = (await renderedKeys(page)).slice(0, 40);
    const want = numpyTexts(fx('f64'), keys, 3);
    for (const k of keys) assert.strictEqual((await textOf(page, k)).text, want[k][2], `scientific ${k}`);
    await page.selectOption('[data-control="precision"]', 'digits');
    await settle(page);
    const after = await fullColumns(page);
    assert.ok(after > before, `${after} columns at 3 digits, ${before} at full precision`);
    await screenshot(page, 'table-precision-3-digits');
    await page.selectOption('[data-control="precision"]', 'full');
    await settle(page);
    const full = numpyTexts(fx('f64'), ['0,0', '2,2'], 3);
    assert.strictEqual((await textOf(page, '2,2')).text, full['2,2'][0]);
    // The choice is saved with the view's state.
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('npy-state')).precision);
    assert.deepStrictEqual(saved, { mode: 'full', digits: 0 });
  });

  it('drag a column header edge to resize; cut text has a tooltip; double-click the edge fits the column', async () => {
    const { page } = await view('f64');
    const edge = async (c) =>
      page.$eval(`.npy-colheader[data-colheader="${c}"]`, (h) => {
        const b = h.getBoundingClientRect();
        return { x: b.right, y: b.top + b.height / 2, width: b.width };
      });
    const e0 = await edge(0);
    const w0 = await page.$eval('.npy-cell[data-row="5"][data-col="0"]', (c) => c.getBoundingClientRect().width);
    await page.mouse.move(e0.x - 1, e0.y);
    await page.mouse.down();
    await page.mouse.move(e0.x - 60, e0.y, { steps: 5 });
    await page.mouse.up();
    const w1 = await page.$eval('.npy-cell[data-row="5"][data-col="0"]', (c) => c.getBoundingClientRect().width);
    assert.ok(Math.abs(w1 - (w0 - 59)) <= 2, `width ${w0} → ${w1}, expected about ${w0 - 59}`);
    // The drag selected nothing (it is not a column selection).
    assert.strictEqual(await page.$$eval('.npy-cell[aria-selected="true"]', (els) => els.length), 1);
    // Cells whose text no longer fits carry it whole as a tooltip.
    const cut = await page.$$eval('.npy-cell[data-col="0"]', (els) =>
      els.filter((e) => e.style.display !== 'none' && e.scrollWidth > e.clientWidth).map((e) => [e.textContent, e.getAttribute('title')]),
    );
    assert.ok(cut.length > 0, 'no cell is cut after narrowing');
    for (const [text, title] of cut) assert.strictEqual(title, text);
    await screenshot(page, 'table-column-resized');
    const e1 = await edge(0);
    await page.mouse.dblclick(e1.x - 1, e1.y);
    const w2 = await page.$eval('.npy-cell[data-row="5"][data-col="0"]', (c) => c.getBoundingClientRect().width);
    assert.ok(w2 > w1 + 30, `double-click did not fit: ${w1} → ${w2}`);
    const stillCut = await page.$$eval('.npy-cell[data-col="0"]', (els) => els.filter((e) => e.style.display !== 'none' && e.scrollWidth > e.clientWidth).length);
    assert.strictEqual(stillCut, 0);
  });

  it('status bar: each part its own element; 1 row / 1 column in the singular', async () => {
    const { page } = await view('f64');
    await page.click('[data-row="3"][data-col="2"]');
    await page.keyboard.press('Shift+ArrowDown');
    const parts = await page.$$eval('#npy-status .npy-status-part', (els) => els.map((e) => e.textContent));
    assert.deepStrictEqual(parts, ['300 rows × 40 columns', 'Row 4, column 2', '2 × 1 selected']);
    // One row of a 3-D array: a[0, 0] is 1 row × 5 columns.
    const v3 = await view('i3d');
    await v3.page.fill('input[placeholder^="a["]', 'a[0, 0:1]');
    await v3.page.press('input[placeholder^="a["]', 'Enter');
    await settle(v3.page);
    const first = await v3.page.$eval('#npy-status .npy-status-part', (e) => e.textContent);
    assert.strictEqual(first, '1 row × 5 columns');
  });

  for (const theme of ['light', 'dark', 'high-contrast']) {
    it(`selected cells differ from the hovered row (${theme})`, async () => {
      const { page } = await view('f64', { theme });
      await page.click('[data-row="2"][data-col="2"]');
      await page.keyboard.press('Shift+ArrowRight');
      await page.hover('[data-row="6"][data-col="3"]');
      const c = await page.evaluate(() => {
        const st = (r, col) => getComputedStyle(document.querySelector(`.npy-cell[data-row="${r}"][data-col="${col}"]`));
        const s = st(2, 3);
        const h = st(6, 3);
        return {
          sel: [s.backgroundColor, s.outlineStyle, s.color],
          hover: [h.backgroundColor, h.outlineStyle, h.color],
          selected: document.querySelectorAll('[aria-selected="true"]').length,
        };
      });
      assert.strictEqual(c.selected, 2);
      assert.notDeepStrictEqual(c.sel, c.hover, JSON.stringify(c));
      assert.notStrictEqual(c.sel[0], c.hover[0], `same background: ${JSON.stringify(c)}`);
      // The selected text stays readable on the selection colour.
      assert.notStrictEqual(c.sel[2], c.sel[0], `selected text has the selection's colour: ${JSON.stringify(c)}`);
      await screenshot(page, `table-selection-${theme}`);
    });
  }
});
