// E2E scenarios for the table as a new user meets it (issue #11): columns on first render at any width, Ctrl+A,
// Go to index with a full N-D index, the status bar's parts, selection vs. hover colours, display precision.
import { join } from 'path';
import { assert, sleep } from './lib.mjs';

export const tests = [];
/** Tests that need their own code-server (user settings); see run.mjs. */
export const freshTests = [];
const test = (name, fn, timeoutMs = 90000) => tests.push({ name, fn, timeoutMs });

export function prepare({ workspace, python }) {
  python(
    [
      'import numpy as np, sys',
      "np.save(sys.argv[1] + '/table_87x8_i2.npy', (np.arange(87 * 8) % 700).astype('<i2').reshape(87, 8))",
      "np.save(sys.argv[1] + '/table_cube_i4.npy', np.fromfunction(lambda i, j, k: 100 * i + 10 * j + k, (4, 5, 6), dtype='<i4'))",
      'rng = np.random.default_rng(3)',
      // Measurements of one magnitude (100 to 1000), and standard-normal values (where small ones need leading zeros).
      "np.save(sys.argv[1] + '/table_50x40_f8.npy', rng.random((50, 40)) * 900 + 100)",
      "np.save(sys.argv[1] + '/table_50x40_normal_f8.npy', rng.standard_normal((50, 40)))",
      "np.save(sys.argv[1] + '/table_5000x3_i4.npy', np.arange(15000, dtype='<i4').reshape(5000, 3))",
    ].join('\n'),
    workspace,
  );
}

export function prepareFresh({ workspace, python }) {
  python("import numpy as np, sys; np.save(sys.argv[1], np.arange(1, 13, dtype='<f8').reshape(3, 4) / 7)", join(workspace, 'sevenths.npy'));
}

freshTests.push({
  name: 'the npyStudio.floatDigits setting reaches the viewer: 4 significant digits by default',
  timeoutMs: 90000,
  settings: { 'npyStudio.floatDigits': 4 },
  fn: async (wb) => {
    await wb.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30000 });
    await sleep(2500); // the extension host registers the custom editor
    await wb.openInViewer('sevenths.npy');
    await wb.waitCell(0, 0, '0.1429');
    await wb.waitCell(2, 3, '1.714');
    assert((await wb.cell(0, 0).first().getAttribute('title')) === '0.14285714285714285', 'the tooltip lost the full text');
    const control = wb.viewer.locator('[data-control="precision"]');
    assert((await control.inputValue()) === 'digits', 'the control does not show the setting');
    await control.selectOption('full');
    await wb.waitCell(0, 0, '0.14285714285714285');
  },
});

/** Geometry of the grid in the viewer frame: the data area and every rendered cell of row `row`. */
async function rowGeometry(wb, row) {
  return wb.viewer.locator('.npy-grid').evaluate((grid, r) => {
    const vp = grid.querySelector('.npy-grid-viewport').getBoundingClientRect();
    const cells = [...grid.querySelectorAll(`.npy-cell[data-row="${r}"]`)]
      .filter((c) => c.style.display !== 'none')
      .map((c) => {
        const b = c.getBoundingClientRect();
        return { col: Number(c.dataset.col), left: b.left, right: b.right };
      });
    const header = grid.querySelector('.npy-corner').getBoundingClientRect().right;
    return { right: vp.right, bottom: vp.bottom, header, hscroll: !grid.classList.contains('npy-no-hscroll'), cells };
  }, row);
}

async function withViewport(wb, width, fn) {
  const before = wb.page.viewportSize();
  await wb.page.setViewportSize({ width, height: 700 });
  try {
    return await fn();
  } finally {
    await wb.page.setViewportSize(before);
  }
}

test('every column that fits shows on first render, with a scrollbar when some do not (87 × 8 int16)', async (wb) => {
  // Widths at which the first render cut the last column(s) off before the fix; the layout must not depend on it.
  const problems = [];
  for (const width of [760, 800, 840, 880, 920, 1000]) {
    await withViewport(wb, width, async () => {
      await wb.closeAllEditors().catch(() => {});
      await wb.openInViewer('table_87x8_i2.npy');
      await wb.waitCell(0, 0, '0');
      await sleep(600);
      const g = await rowGeometry(wb, 0);
      const full = g.cells.filter((c) => c.right <= g.right + 0.5);
      const last = g.cells[g.cells.length - 1];
      if (!g.hscroll && !full.some((c) => c.col === 7)) problems.push(`${width}px: columns ${full.map((c) => c.col).join(',')} and no scrollbar`);
      // No blank band: the rendered cells reach the right edge unless the last column is shown.
      if (last && last.col !== 7 && last.right < g.right - 1) problems.push(`${width}px: blank band after column ${last.col}`);
      if (g.hscroll) {
        await wb.cell(0, 0).first().click();
        await wb.page.keyboard.press('Control+End');
        await wb.waitCell(86, 7, String((86 * 8 + 7) % 700));
        await sleep(300);
        const e = await rowGeometry(wb, 86);
        const c7 = e.cells.find((c) => c.col === 7);
        if (!c7 || Math.abs(c7.right - e.right) > 2) problems.push(`${width}px: Ctrl+End leaves column 7 at ${c7?.right} of ${e.right}`);
      }
    });
  }
  assert(problems.length === 0, problems.join('; '));
});

test('Ctrl+A in the grid selects every cell of the view, not the page text', async (wb) => {
  await wb.openInViewer('table_87x8_i2.npy');
  await wb.waitCell(0, 0, '0');
  await wb.cell(2, 2).first().click();
  await wb.page.keyboard.press('Control+A');
  await sleep(500);
  const r = await wb.viewer.locator('body').evaluate(() => ({
    text: String(window.getSelection()),
    cells: document.querySelectorAll('.npy-cell[data-row]').length,
    selected: document.querySelectorAll('.npy-cell[aria-selected="true"]').length,
    status: document.getElementById('npy-status').innerText,
  }));
  assert(r.text === '', `the page text is selected: ${JSON.stringify(r.text.slice(0, 80))}`);
  assert(r.cells > 0 && r.selected === r.cells, `${r.selected} of ${r.cells} rendered cells are selected`);
  assert(/87\s*×\s*8 selected/.test(r.status), `status: ${JSON.stringify(r.status)}`);
  // In the slice box Ctrl+A selects the box's text, as in any text field.
  const slice = wb.viewer.locator('input[placeholder^="a["]').first();
  await slice.fill('a[3:9]');
  await slice.focus();
  await wb.page.keyboard.press('Control+A');
  await sleep(300);
  const inBox = await slice.evaluate((i) => [i.selectionStart, i.selectionEnd, i.value.length]);
  assert(inBox[0] === 0 && inBox[1] === inBox[2], `slice box selection ${inBox}`);
});

test('Go to index takes one integer per array axis, negative indices, and says when one is out of range', async (wb) => {
  // a[i, j, k] = 100 i + 10 j + k, shape (4, 5, 6); the default view is a[0, :, :].
  await wb.openInViewer('table_cube_i4.npy');
  await wb.waitCell(1, 1, '11');
  await wb.cell(0, 0).first().click();
  const input = wb.viewer.locator('#npy-goto-input');
  const go = async (text) => {
    await wb.page.keyboard.press('Control+G');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await input.press('Enter');
    await sleep(400);
  };
  await go('2, 3, 4');
  await wb.waitCell(3, 4, '234');
  assert((await wb.cell(3, 4).first().getAttribute('aria-selected')) === 'true', 'a[2, 3, 4] is not the selected cell');
  await go('-1, -1, -2');
  await wb.waitCell(4, 4, '344');
  assert((await wb.cell(4, 4).first().getAttribute('aria-selected')) === 'true', 'a[-1, -1, -2] is not the selected cell');
  await go('1, 7, 0');
  const msg = wb.viewer.locator('.npy-goto-error');
  await msg.waitFor({ state: 'visible', timeout: 5000 });
  const text = await msg.innerText();
  assert(/index 7 is out of bounds for axis 1 with size 5/.test(text), `out-of-range message: ${JSON.stringify(text)}`);
  await input.press('Escape');
});

test('Go to index scrolls so the row is fully visible', async (wb) => {
  await withViewport(wb, 760, () => goRows(wb, 'table_87x8_i2.npy', [40, 86, 3], (r) => String((r * 8) % 700)));
  await wb.closeAllEditors().catch(() => {});
  await goRows(wb, 'table_5000x3_i4.npy', [40, 700, 4999], (r) => String(r * 3));
});

async function goRows(wb, file, rows, value) {
  await wb.openInViewer(file);
  await wb.waitCell(0, 0, '0');
  await wb.cell(0, 0).first().click();
  for (const row of rows) {
    await wb.page.keyboard.press('Control+G');
    const input = wb.viewer.locator('#npy-goto-input');
    await input.fill(String(row));
    await input.press('Enter');
    await wb.waitCell(row, 0, value(row));
    await sleep(300);
    // Both in the viewer frame's coordinates.
    const g = await wb
      .cell(row, 0)
      .first()
      .evaluate((c) => ({ cell: c.getBoundingClientRect().bottom, area: c.closest('.npy-grid-viewport').getBoundingClientRect().bottom }));
    assert(g.cell <= g.area + 0.5, `${file}: row ${row} ends at ${g.cell}, the data area at ${g.area}`);
  }
}

test('status bar: separate parts, plural forms, thousands separators, the whole copy-failure message', async (wb) => {
  await wb.openInViewer('table_5000x3_i4.npy');
  await wb.waitCell(0, 0, '0');
  await wb.cell(0, 0).first().click();
  await wb.page.keyboard.press('Control+C');
  const status = wb.viewer.locator('#npy-status');
  await status.locator('.npy-status-note', { hasText: /Copied/ }).waitFor({ timeout: 10000 });
  const parts = await status.evaluate((s) => [...s.querySelectorAll('.npy-status-part, .npy-status-note')].map((e) => e.textContent));
  const note = await status.locator('.npy-status-note').innerText();
  assert(/^Copied 1 cell as /.test(note), `note: ${JSON.stringify(note)}`);
  assert(parts.includes('5,000 rows × 3 columns'), `parts: ${JSON.stringify(parts)}`);
  await wb.page.keyboard.press('Control+End');
  await wb.waitCell(4999, 2, '14999');
  await sleep(300);
  const parts2 = await status.evaluate((s) => [...s.querySelectorAll('.npy-status-part')].map((e) => e.textContent));
  assert(
    parts2.some((p) => /Row 4,999, column 2/.test(p)),
    `position: ${JSON.stringify(parts2)}`,
  );
  const text = await status.innerText();
  assert(!/columnsRow|selectedCopied|cellsRow/.test(text.replace(/\s+/g, '')) || /\s/.test(text), 'parts run together');
  // A copy the host refuses (too many cells), in a narrow editor: the whole message is readable, not clipped.
  await wb.closeAllEditors().catch(() => {});
  await withViewport(wb, 760, async () => {
    await wb.openInViewer('rows_1e9.npy');
    await wb.waitCell(1, 1, '-1');
    await wb.cell(0, 0).first().click();
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.press('Control+C');
    const note = wb.viewer.locator('#npy-status .npy-status-note', { hasText: /too many/ });
    await note.waitFor({ timeout: 10000 });
    const clip = await note.evaluate((n) => {
      const b = n.getBoundingClientRect();
      return {
        text: n.textContent,
        sw: n.scrollWidth,
        cw: n.clientWidth,
        right: b.right,
        bottom: b.bottom,
        page: document.documentElement.clientWidth,
        pageH: document.documentElement.clientHeight,
      };
    });
    assert(clip.sw <= clip.cw + 1 && clip.right <= clip.page + 1 && clip.bottom <= clip.pageH + 1, `the note is clipped: ${JSON.stringify(clip)}`);
    await wb.screenshot('table-copy-refused-narrow');
  });
});

test('selected cells and the hovered row differ in colour in the light theme', async (wb) => {
  await wb.setTheme('Light Modern', 1500);
  try {
    await wb.openInViewer('table_87x8_i2.npy');
    await wb.waitCell(0, 0, '0');
    await wb.cell(1, 1).first().click();
    await wb.page.keyboard.press('Shift+ArrowRight');
    await wb.cell(4, 3).first().hover();
    await sleep(300);
    const colours = await wb.viewer.locator('body').evaluate(() => {
      const bg = (r, c) => getComputedStyle(document.querySelector(`.npy-cell[data-row="${r}"][data-col="${c}"]`)).backgroundColor;
      return { light: document.body.classList.contains('vscode-light'), selected: bg(1, 2), hovered: bg(4, 4), plain: bg(6, 4) };
    });
    assert(colours.light, 'the light theme did not reach the webview');
    assert(colours.hovered !== colours.plain, `hover shows no colour: ${JSON.stringify(colours)}`);
    // Not merely another value: a difference the eye sees (the light theme's list selection #e8e8e8 and hover
    // #f2f2f2 differ by 10 per channel).
    const rgb = (c) => (c.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
    const [a, b] = [rgb(colours.selected), rgb(colours.hovered)];
    const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    assert(distance >= 40, `selection and hover are hard to tell apart (RGB distance ${distance.toFixed(1)}): ${JSON.stringify(colours)}`);
    await wb.screenshot('table-light-selection');
  } finally {
    await wb.setTheme('Dark Modern', 1500);
  }
});

/** Columns of row 0 shown whole. */
async function fullColumns(wb) {
  const g = await rowGeometry(wb, 0);
  return g.cells.filter((c) => c.left >= g.header - 0.5 && c.right <= g.right + 0.5).length;
}

test('a float64 (50, 40) matrix at 6 significant digits shows at least twice the columns of full precision', async (wb, ctx) => {
  await wb.openInViewer('table_50x40_f8.npy');
  const full = wb.python('import numpy as np, sys; a = np.load(sys.argv[1]); print(str(a[0, 0]))', join(wb.workspace, 'table_50x40_f8.npy')).trim();
  const six = wb
    .python(
      "import numpy as np, sys; a = np.load(sys.argv[1]); print(np.format_float_positional(a[0, 0], precision=6, unique=False, fractional=False, trim='-'))",
      join(wb.workspace, 'table_50x40_f8.npy'),
    )
    .trim();
  await wb.waitCell(0, 0, full);
  await sleep(500);
  const before = await fullColumns(wb);
  const shotBefore = await wb.screenshot('table-precision-full');
  const control = wb.viewer.locator('[data-control="precision"]');
  assert(/full precision/i.test((await control.getAttribute('title')) || ''), 'the control does not say copy keeps full precision');
  await control.selectOption('digits');
  const digits = wb.viewer.locator('[data-control="precision-digits"]');
  await digits.fill('6');
  await digits.press('Enter');
  await wb.waitCell(0, 0, six);
  await sleep(500);
  const after = await fullColumns(wb);
  const shotAfter = await wb.screenshot('table-precision-6-digits');
  ctx.log(`precision: ${before} columns at full precision, ${after} at 6 digits (${shotBefore}, ${shotAfter})`);
  assert(after >= 2 * before, `${after} columns at 6 digits, ${before} at full precision`);
  // The tooltip keeps numpy's full text.
  const title = await wb.cell(0, 0).first().getAttribute('title');
  assert(title === full, `tooltip ${JSON.stringify(title)}, numpy ${full}`);
  await control.selectOption('scientific');
  const sci = wb
    .python(
      'import numpy as np, sys; a = np.load(sys.argv[1]); print(np.format_float_scientific(a[0, 0], precision=5, unique=False))',
      join(wb.workspace, 'table_50x40_f8.npy'),
    )
    .trim();
  await wb.waitCell(0, 0, sci);
  await control.selectOption('full');
  await wb.waitCell(0, 0, full);
  // Standard-normal values: fewer columns gained (-0.0143203 needs 10 characters), still more.
  await wb.closeAllEditors().catch(() => {});
  await wb.openInViewer('table_50x40_normal_f8.npy');
  const normal = join(wb.workspace, 'table_50x40_normal_f8.npy');
  await wb.waitCell(0, 0, wb.python('import numpy as np, sys; print(str(np.load(sys.argv[1])[0, 0]))', normal).trim());
  await sleep(500);
  const nBefore = await fullColumns(wb);
  await control.selectOption('digits');
  await digits.fill('6');
  await digits.press('Enter');
  await wb.waitCell(
    0,
    0,
    wb
      .python("import numpy as np, sys; print(np.format_float_positional(np.load(sys.argv[1])[0, 0], precision=6, unique=False, fractional=False, trim='-'))", normal)
      .trim(),
  );
  await sleep(500);
  const nAfter = await fullColumns(wb);
  ctx.log(`precision, standard-normal values: ${nBefore} columns at full precision, ${nAfter} at 6 digits`);
  assert(nAfter > nBefore, `standard-normal: ${nAfter} columns at 6 digits, ${nBefore} at full precision`);
  await control.selectOption('full');
});
