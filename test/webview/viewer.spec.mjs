// Viewer specs: the real webview bundle in Chromium, a fake host running the real engine over numpy fixtures.
import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { viewerSuite, settle, cellText, cells, screenshot, waitReady } from './harness.mjs';

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const fx = (name) => join(FX, `${name}.npy`);
const expected = JSON.parse(readFileSync(join(FX, 'expected.json'), 'utf8'));

/** Assert every expected "r,c" cell that is rendered has numpy's text; at least `min` of them must be rendered. */
function assertCells(got, want, min = 1, label = '') {
  let seen = 0;
  for (const [k, v] of Object.entries(want)) {
    if (!(k in got)) continue;
    seen++;
    assert.strictEqual(got[k], v, `${label} cell ${k}`);
  }
  assert.ok(seen >= min, `${label}: only ${seen} of the expected cells are rendered (need ${min})`);
}

const poolRows = (page) => page.$$eval('.npy-body > .npy-row', (els) => els.length);

describe('webview viewer', function () {
  const suite = viewerSuite();

  async function view(name, opts = {}) {
    return suite.open(fx(name), opts);
  }

  it('shows the header and the first cells exactly as numpy str()', async () => {
    const { page, host, errors } = await view('f64');
    assert.strictEqual(await page.textContent('#npy-shape'), '(300, 40)');
    assert.strictEqual(await page.textContent('#npy-dtype'), 'float64');
    assert.match(await page.textContent('#npy-descr'), /'<f8'/);
    assert.ok(host.ofType('ready').length === 1);
    assertCells(await cells(page), expected.f64, 60, 'f64');
    // Accessibility: grid with counts, cells with indices.
    assert.strictEqual(await page.getAttribute('[role=grid]', 'aria-rowcount'), '301');
    assert.strictEqual(await page.getAttribute('[role=grid]', 'aria-colcount'), '41');
    assert.strictEqual(await page.getAttribute('[data-row="3"][data-col="2"]', 'aria-colindex'), '4');
    assert.strictEqual(await page.$eval('[data-row="3"][data-col="2"]', (e) => e.parentElement.getAttribute('aria-rowindex')), '5');
    await screenshot(page, 'f64-dark');
    assert.deepStrictEqual(errors, []);
  });

  it('Ctrl+End reaches the last row of a 10^9-row sparse float32 file with correct values', async () => {
    const { page, host } = await view('big_f32');
    assert.strictEqual(await page.textContent('#npy-shape'), '(1000000000, 3)');
    assertCells(await cells(page), expected.big_first, 3, 'first row');
    await page.focus('[role=grid]');
    await page.keyboard.press('Control+End');
    await settle(page);
    assertCells(await cells(page), expected.big_last, 6, 'last rows');
    assert.ok(await page.$('[data-row="999999999"][data-col="2"].npy-focus'));
    // Only the tiles near the end were read: every request is for a block near row 0 or the end.
    for (const m of host.ofType('tile')) {
      const r0 = BigInt(m.rect.row0);
      assert.ok(r0 < 1000n || r0 > 999_990_000n, `unexpected tile request at row ${r0}`);
      assert.ok(m.rect.rows * m.rect.cols <= 256 * 64);
    }
    await screenshot(page, 'big-end');
    // Ctrl+Home back, then Go to the middle row.
    await page.keyboard.press('Control+Home');
    await settle(page);
    assert.strictEqual(await cellText(page, 0, 0), expected.big_first['0,0']);
    await page.keyboard.press('Control+g');
    await page.waitForSelector('#npy-goto-input:focus');
    await page.keyboard.type('500000000, 1');
    await page.keyboard.press('Enter');
    await settle(page);
    assertCells(await cells(page), expected.big_mid, 3, 'middle row');
    assert.ok(await page.$('[data-row="500000000"][data-col="1"].npy-focus'));
  });

  it('the vertical scrollbar thumb drags over all 10^9 rows', async () => {
    const { page } = await view('big_f32');
    const thumb = await page.$('.npy-vscroll .npy-thumb');
    const track = await (await page.$('.npy-vscroll')).boundingBox();
    const box = await thumb.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, track.y + track.height + 50, { steps: 5 });
    await page.mouse.up();
    await settle(page);
    assertCells(await cells(page), expected.big_last, 6, 'after dragging to the end');
    const top = await page.evaluate(() => window.__npy.grid.scrollTop.toString());
    assert.ok(BigInt(top) > 999_999_900n);
    // Half way: about row 5e8.
    const box2 = await thumb.boundingBox();
    await page.mouse.move(box2.x + box2.width / 2, box2.y + 4);
    await page.mouse.down();
    await page.mouse.move(box2.x + box2.width / 2, box2.y + 4 - (track.height - box2.height) / 2, { steps: 4 });
    await page.mouse.up();
    const mid = BigInt(await page.evaluate(() => window.__npy.grid.scrollTop.toString()));
    assert.ok(mid > 450_000_000n && mid < 550_000_000n, `mid ${mid}`);
  });

  it('scrolling reuses the DOM row pool and cancels tiles scrolled past', async () => {
    const { page, host } = await view('ramp');
    const pool = await poolRows(page);
    assert.ok(pool > 5 && pool < 100, `pool ${pool}`);
    await page.hover('[data-row="2"][data-col="2"]');
    // Slow host: blocks requested while scrolling are still pending when they scroll out of view.
    host.delayMs = 150;
    for (let k = 0; k < 12; k++) await page.mouse.wheel(0, 4000);
    await page.keyboard.press('PageDown');
    host.delayMs = 0;
    await settle(page);
    assert.strictEqual(await poolRows(page), pool);
    const got = await cells(page);
    const rows = Object.keys(got).map((k) => Number(k.split(',')[0]));
    const first = Math.min(...rows);
    assert.ok(first > 200, `first row ${first}`);
    for (const [k, v] of Object.entries(got)) {
      const [r, c] = k.split(',').map(Number);
      assert.strictEqual(v, String((r * 6 + c) * 3), `cell ${k}`);
    }
    assert.ok(host.ofType('cancel').length > 0, 'no cancel was sent while scrolling past blocks');
    // End row of the data is reachable by keyboard and the pool is still the same size.
    await page.keyboard.press('Control+End');
    await settle(page);
    assert.strictEqual(await cellText(page, 1999, 5), String((1999 * 6 + 5) * 3));
    assert.strictEqual(await poolRows(page), pool);
  });

  it('switches axes on a 3-D array and steps the other axis', async () => {
    const { page, host } = await view('i3d');
    assert.strictEqual(await page.textContent('#npy-shape'), '(4, 6, 5)');
    assertCells(await cells(page), expected.i3d_default, 30, 'default a[0]');
    assert.strictEqual(await page.inputValue('#npy-slice-input'), 'a[0]');
    await page.selectOption('#npy-row-axis', '0');
    await settle(page);
    assertCells(await cells(page), expected.i3d_rows0_cols2, 20, 'rows axis 0');
    assert.strictEqual(await page.inputValue('#npy-slice-input'), 'a[:, 0]');
    const changed = host.ofType('viewChanged');
    assert.ok(changed.length >= 1);
    assert.strictEqual(changed[changed.length - 1].view.rowAxis, 0);
    // Back to rows = axis 1, then axis 0 index 3 with the stepper.
    await page.selectOption('#npy-row-axis', '1');
    await settle(page);
    await page.fill('#npy-index-0', '3');
    await page.press('#npy-index-0', 'Enter');
    await settle(page);
    assertCells(await cells(page), expected.i3d_idx3_axis0, 30, 'a[3]');
    await page.click('.npy-index[data-axis="0"] .npy-step:first-of-type');
    await settle(page);
    assert.strictEqual(await page.inputValue('#npy-slice-input'), 'a[2]');
    await screenshot(page, 'i3d');
  });

  it('drives the view from the numpy-style slice box and reports errors', async () => {
    const { page } = await view('i3d');
    await page.fill('#npy-slice-input', 'a[2, ::-1, ::2]');
    await page.press('#npy-slice-input', 'Enter');
    await settle(page);
    assertCells(await cells(page), expected.i3d_slice, 18, 'a[2, ::-1, ::2]');
    // Row headers show the array index along the axis.
    assert.strictEqual(await page.textContent('[data-rowheader="0"]'), '5');
    assert.strictEqual(await page.textContent('[data-colheader="1"]'), '2');
    await page.fill('#npy-slice-input', 'a[9]');
    await page.press('#npy-slice-input', 'Enter');
    assert.match(await page.textContent('#npy-message'), /index 9 is out of bounds for axis 0 with size 4/);
    assert.ok(await page.$('#npy-slice-input.npy-invalid'));
    // The old view stays.
    assertCells(await cells(page), expected.i3d_slice, 18, 'after the error');
    await page.fill('#npy-slice-input', 'a[..., 0]');
    await page.press('#npy-slice-input', 'Enter');
    await settle(page);
    assert.strictEqual(await page.isHidden('#npy-message'), true);
    assert.strictEqual(await page.inputValue('#npy-slice-input'), 'a[:, :, 0]');
  });

  it('structured arrays show leaf fields as columns', async () => {
    const { page } = await view('struct');
    const labels = await page.$$eval('[data-colheader]', (els) => els.filter((e) => e.style.display !== 'none').map((e) => e.textContent));
    assert.deepStrictEqual(labels, expected.struct_labels);
    assertCells(await cells(page), expected.struct, 60, 'struct');
    // Strings are left-aligned, numbers right-aligned.
    const align = (c) => page.$eval(`[data-row="0"][data-col="${c}"]`, (e) => getComputedStyle(e).textAlign);
    assert.strictEqual(await align(2), 'left');
    assert.strictEqual(await align(0), 'right');
    assert.strictEqual(await page.isDisabled('#npy-col-axis'), true);
    await screenshot(page, 'struct');
  });

  it('copy sends the selected rectangle in the chosen format', async () => {
    const { page, host } = await view('f64');
    await page.click('[data-row="1"][data-col="1"]');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+c');
    await page.waitForFunction(() => document.getElementById('npy-status').textContent.includes('Copied'));
    // The keydown and the copy event it causes make one request, not two.
    await page.waitForTimeout(100);
    assert.strictEqual(host.ofType('copy').length, 1);
    const copy = host.ofType('copy').at(-1);
    assert.strictEqual(typeof copy.requestId, 'number');
    assert.deepStrictEqual({ ...copy.range, format: copy.format }, { row0: '1', rows: '3', col0: '1', cols: '2', format: 'tsv' });
    assert.deepStrictEqual(copy.view, {
      axes: [
        { kind: 'range', start: '0', step: '1', count: '300' },
        { kind: 'range', start: '0', step: '1', count: '40' },
      ],
      rowAxis: 0,
      colAxis: 1,
    });
    assert.strictEqual(await page.$$eval('.npy-cell.npy-selected', (els) => els.length), 6);
    // Mouse drag selection + toolbar copy as CSV.
    await page.selectOption('#npy-copy-format', 'csv');
    await page.hover('[data-row="4"][data-col="0"]');
    await page.mouse.down();
    await page.hover('[data-row="6"][data-col="3"]');
    await page.mouse.up();
    await page.click('#npy-copy-button');
    await page.waitForFunction(() => document.getElementById('npy-status').textContent.includes('as csv'));
    const c2 = host.ofType('copy').at(-1);
    assert.deepStrictEqual({ ...c2.range, format: c2.format }, { row0: '4', rows: '3', col0: '0', cols: '4', format: 'csv' });
    assert.notStrictEqual(c2.requestId, copy.requestId);
    await screenshot(page, 'selection');
  });

  it("the host's Go to Index command: with an index, and without (opens the prompt)", async () => {
    const { page, host } = await view('ramp');
    await host.post({ type: 'goToIndex', index: ['-1', '4'] });
    await page.waitForSelector('[data-row="1999"][data-col="4"].npy-focus');
    await settle(page);
    assert.strictEqual(await cellText(page, 1999, 4), String((1999 * 6 + 4) * 3));
    await host.post({ type: 'goToIndex' });
    await page.waitForSelector('#npy-goto-input:focus');
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-row="1000"][data-col="4"].npy-focus');
    assert.ok(await page.isHidden('#npy-goto-input'));
    assert.ok(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'grid'));
  });

  it('0-d arrays show one value; zero-size arrays say so', async () => {
    const s = await view('scalar');
    assert.strictEqual(await s.page.textContent('#npy-shape'), '()');
    assert.strictEqual(await cellText(s.page, 0, 0), expected.scalar['0,0']);
    // Issue 11, item 12: one value, not "1 rows × 1 columns".
    assert.strictEqual((await s.page.textContent('.npy-status-pos')).trim(), '0-d array: one value');
    const e = await view('empty');
    assert.strictEqual(await e.page.textContent('#npy-shape'), '(3, 0, 2)');
    assert.strictEqual(await e.page.textContent('#npy-message'), 'empty array: shape (3, 0, 2)');
  });

  it('object arrays: the header, the pickle message once, and no trailing-bytes warning (issue 11, item 7)', async () => {
    const { page } = await view('objects', { waitReady: false });
    await page.waitForSelector('#npy-dtype');
    await page.waitForFunction(() => /pickle/i.test(document.body.textContent ?? ''));
    assert.strictEqual(await page.textContent('#npy-dtype'), 'object');
    const text = await page.evaluate(() => document.body.innerText);
    assert.strictEqual(text.match(/pickled Python objects/g)?.length, 1, text);
    assert.strictEqual(await page.$('.npy-warning[data-code="trailingBytes"]'), null);
  });

  it('truncated files show missing cells greyed with a tooltip', async () => {
    const { page } = await view('trunc');
    assertCells(await cells(page), expected.trunc, 28, 'trunc');
    const missing = await page.$$eval('.npy-cell.npy-missing', (els) => els.map((e) => [e.dataset.row, e.dataset.col, e.textContent, e.title]));
    assert.strictEqual(missing.length, 10);
    assert.deepStrictEqual(missing[0].slice(0, 3), ['7', '2', '']);
    assert.match(missing[0][3], /truncated/);
    assert.match(await page.textContent('#npy-header'), /truncated/);
    // Warnings show the host's text and keep the engine's code.
    const warnings = await page.$$eval('#npy-warnings .npy-warning', (els) => els.map((e) => [e.dataset.code, e.textContent]));
    assert.ok(warnings.length >= 1);
    assert.strictEqual(warnings[0][0], 'truncated');
    assert.match(warnings[0][1], /^⚠ file is truncated: 30 of 40 elements present/);
    await screenshot(page, 'trunc');
  });

  it('Ctrl+End on 10^6 columns reaches the last column', async () => {
    const { page } = await view('wide');
    await page.focus('[role=grid]');
    await page.keyboard.press('Control+End');
    await settle(page);
    assertCells(await cells(page), expected.wide_last, 4, 'last column');
    assert.strictEqual(await page.textContent('[data-colheader="999999"]'), '999999');
    await page.keyboard.press('Home');
    await settle(page);
    assert.strictEqual(await cellText(page, 3, 0), '4');
    // Drag the horizontal thumb to the far right: the last column is shown.
    const thumb = await (await page.$('.npy-hscroll .npy-thumb')).boundingBox();
    const track = await (await page.$('.npy-hscroll')).boundingBox();
    await page.mouse.move(thumb.x + 3, thumb.y + thumb.height / 2);
    await page.mouse.down();
    await page.mouse.move(track.x + track.width + 40, thumb.y + thumb.height / 2, { steps: 4 });
    await page.mouse.up();
    await settle(page);
    assertCells(await cells(page), expected.wide_last, 4, 'after dragging right');
    // Shift+wheel scrolls columns.
    await page.hover('[data-row="1"][data-col="999999"]');
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, -600);
    await page.keyboard.up('Shift');
    await settle(page);
    assert.ok(!(await page.$('[data-col="999999"]')), 'still showing the last column after scrolling left');
  });

  it('keeps the view, scroll and selection when the webview is recreated (getState)', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1000, height: 600 } });
    const v = await view('i3d', { context });
    await v.page.selectOption('#npy-row-axis', '0');
    await settle(v.page);
    await v.page.click('[data-row="2"][data-col="3"]');
    await v.page.reload();
    await waitReady(v.page);
    await settle(v.page);
    assert.strictEqual(await v.page.inputValue('#npy-slice-input'), 'a[:, 0]');
    assert.ok(await v.page.$('[data-row="2"][data-col="3"].npy-focus'));
    assertCells(await cells(v.page), expected.i3d_rows0_cols2, 20, 'restored');
  });

  it('reload: refetches new data at the new generation and keeps the scroll position', async () => {
    const { page, host } = await view('ramp');
    await page.focus('[role=grid]');
    for (let k = 0; k < 5; k++) await page.keyboard.press('PageDown');
    await settle(page);
    const before = await page.evaluate(() => window.__npy.grid.scrollTop.toString());
    await host.reopen();
    await page.waitForFunction((_gen) => window.__npy.tiles.stats.received > 0 && document.getElementById('npy-root').dataset.pending === '0', 2);
    await settle(page);
    const after = await page.evaluate(() => window.__npy.grid.scrollTop.toString());
    assert.strictEqual(after, before);
    const gens = host.ofType('tile').map((m) => m.generation);
    assert.ok(gens.includes(2), 'no tile was requested at generation 2');
  });

  it('formats other dtypes like numpy: complex, datetime, unicode, Fortran order', async () => {
    for (const name of ['complex', 'datetime', 'unicode', 'fortran']) {
      const { page } = await view(name);
      // Complex values are wide: fewer columns fit.
      assertCells(await cells(page), expected[name], name === 'complex' ? 6 : Object.keys(expected[name]).length, name);
      if (name === 'unicode') await screenshot(page, 'unicode');
    }
  });

  it("shows the host's job with progress and Cancel; the copy reply ends it", async () => {
    const { page, host, errors } = await view('f64');
    host.copyAsJob = true;
    await page.click('[data-row="0"][data-col="0"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    await page.waitForSelector('#npy-status .npy-job .npy-progress[aria-valuenow="25"]');
    assert.strictEqual(await page.textContent('#npy-status .npy-job-title'), 'Copying 12,000 cells');
    assert.strictEqual(await page.textContent('#npy-status .npy-job-percent'), '25%');
    assert.strictEqual(await page.getAttribute('#npy-status .npy-progress', 'role'), 'progressbar');
    await page.click('#npy-status .npy-job-cancel');
    await page.waitForFunction(() => !document.querySelector('#npy-status .npy-job'));
    assert.deepStrictEqual(
      host.ofType('cancelJob').map((m) => m.jobId),
      [1],
    );
    await page.waitForFunction(() => document.querySelector('.npy-status-note').textContent === 'copy cancelled');
    // The Cancel button had the focus: the grid gets it back.
    assert.ok(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'grid'));
    // A job that finishes: the bar goes, the copied note comes.
    await page.click('#npy-copy-button');
    await page.waitForSelector('#npy-status .npy-job[data-job-id="2"]');
    host.finishJob('done');
    await page.waitForFunction(
      () => !document.querySelector('#npy-status .npy-job') && document.querySelector('.npy-status-note').textContent === 'Copied 12,000 cells as tsv',
    );
    // A job that fails: no bar, the copy's error is the note.
    await page.click('#npy-copy-button');
    await page.waitForSelector('#npy-status .npy-job[data-job-id="3"]');
    host.finishJob('error');
    await page.waitForFunction(
      () => !document.querySelector('#npy-status .npy-job') && document.querySelector('.npy-status-note').textContent === 'Copy failed: the disk went away',
    );
    assert.strictEqual(host.ofType('copy').length, 3);
    assert.deepStrictEqual(errors, []);
  });

  it("a job's progress looks right in every theme", async () => {
    for (const theme of ['dark', 'light', 'high-contrast']) {
      const { page, host } = await view('f64', { theme });
      host.copyAsJob = true;
      await page.click('[data-row="0"][data-col="0"]');
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Control+c');
      await page.waitForSelector('#npy-status .npy-progress[aria-valuenow="25"]');
      await screenshot(page, `job-${theme}`);
      host.finishJob('done');
      await page.waitForFunction(() => !document.querySelector('#npy-status .npy-job'));
    }
  });

  it('installs the test hooks only when the page asks for them; one view, no view switcher', async () => {
    // Strings have no statistics and no picture: the table is the one view.
    const { page, errors } = await view('unicode', { testHooks: false });
    assert.strictEqual(await page.evaluate(() => typeof window.__npy), 'undefined');
    assert.ok(await page.isHidden('.npy-view-switcher'));
    assert.strictEqual(await page.getAttribute('.npy-grid-host', 'data-view'), 'grid');
    assert.deepStrictEqual(errors, []);
  });

  it('a second view mounts into the same area under the shared controls, and the grid comes back where it was', async () => {
    const { page, host, errors } = await view('ramp');
    await page.focus('[role=grid]');
    for (let k = 0; k < 3; k++) await page.keyboard.press('PageDown');
    await page.keyboard.press('Shift+ArrowRight');
    await settle(page);
    const before = await page.evaluate(() => window.__npy.grid.getState());
    await page.evaluate(() => {
      window.__npy.app.registry.register({
        id: 'probe',
        label: 'Probe',
        supports: (info) => info.shape.length === 2,
        mount(container, ctx) {
          const el = document.createElement('div');
          el.className = 'probe-view';
          el.tabIndex = 0;
          container.appendChild(el);
          return {
            setView(s) {
              el.textContent = `probe ${s.view.rowAxis},${s.view.colAxis} ${s.resolved.rows}x${s.resolved.cols}`;
              ctx.setStatus('probe status');
              ctx.rendered(0, 1);
            },
            reloaded() {},
            clear() {},
            getState: () => ({ probe: true }),
            focus: () => el.focus(),
            dispose: () => el.remove(),
          };
        },
      });
    });
    // The views on offer are worked out when the array is (re)shown.
    await host.reopen();
    await settle(page);
    assert.ok(await page.isVisible('#npy-view-select'));
    assert.deepStrictEqual(await page.$$eval('#npy-view-select option', (os) => os.map((o) => [o.value, o.textContent])), [
      ['grid', 'Table'],
      ['stats', 'Statistics'],
      ['heatmap', 'Heatmap'],
      ['line', 'Line plot'],
      ['histogram', 'Histogram'],
      ['probe', 'Probe'],
    ]);
    await page.selectOption('#npy-view-select', 'probe');
    await page.waitForSelector('.npy-grid-host > .probe-view');
    assert.strictEqual(await page.$('.npy-grid'), null, 'the grid is gone from the view area');
    assert.strictEqual(await page.getAttribute('.npy-grid-host', 'data-view'), 'probe');
    assert.strictEqual(await page.textContent('.probe-view'), 'probe 0,1 2000x6');
    assert.strictEqual(await page.textContent('.npy-status-pos'), 'probe status');
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('probe-view')));
    // A view without a selection or cells gets no Copy and no Go to.
    assert.ok(await page.isHidden('#npy-copy-button'));
    assert.ok(await page.isHidden('.npy-actions > .npy-button'));
    // Back to the grid: scroll and selection as they were.
    await page.selectOption('#npy-view-select', 'grid');
    await settle(page);
    assert.deepStrictEqual(await page.evaluate(() => window.__npy.grid.getState()), before);
    assert.ok(await page.isVisible('#npy-copy-button'));
    // The shared N-D controls drive whichever view is active.
    await page.selectOption('#npy-view-select', 'probe');
    await page.fill('#npy-slice-input', 'a[::2]');
    await page.press('#npy-slice-input', 'Enter');
    assert.strictEqual(await page.textContent('.probe-view'), 'probe 0,1 1000x6');
    assert.strictEqual(host.ofType('viewChanged').at(-1).view.axes[0].step, '2');
    assert.deepStrictEqual(errors, []);
  });

  it('looks right in light and high-contrast themes', async () => {
    for (const theme of ['light', 'high-contrast']) {
      const { page } = await view('f64', { theme });
      await page.click('[data-row="2"][data-col="2"]');
      await page.keyboard.press('Shift+ArrowRight');
      await screenshot(page, `f64-${theme}`);
    }
  });
});
