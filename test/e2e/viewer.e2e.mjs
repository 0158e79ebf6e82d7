// E2E scenarios: a user in code-server opening .npy files. Each test gets `wb` (lib.mjs Workbench) and `ctx`
// ({ manifest, timings, log }); the runner closes all editors before each test and screenshots after it.
import { writeFileSync } from 'fs';
import { join } from 'path';
import { assert, sleep } from './lib.mjs';

export const tests = [];

/** Runs before code-server starts (files created later may be missing from Quick Open's file list for a while). */
export function prepare({ workspace, python }) {
  python('import numpy as np, sys; np.save(sys.argv[1], np.arange(6, dtype="<i4").reshape(2, 3))', join(workspace, 'changing.npy'));
  // np.save writes a 74 KB header for this 300-field record (numpy itself loads it only with max_header_size=).
  python(
    [
      'import numpy as np, sys',
      "dt = np.dtype([(f'field_{i:03d}_' + 'long_descriptive_name_' * 10, '<f8') for i in range(300)])",
      'a = np.zeros(3, dtype=dt); a[dt.names[2]] = [1.5, -2.0, 3.25]',
      'np.save(sys.argv[1], a)',
    ].join('\n'),
    join(workspace, 'wide_record.npy'),
  );
  // One 2 GiB record: a u1 sub-array field of 2^31 - 1 elements (sparse; numpy loads it). Its columns are virtual.
  python(
    [
      'import numpy as np, sys',
      "m = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype=[('a', 'u1', (2147483647,))], shape=(1,))",
      "m['a'][0, 0] = 3; m['a'][0, -1] = 7; m.flush()",
    ].join('\n'),
    join(workspace, 'record_2GiB.npy'),
  );
}
const test = (name, fn, timeoutMs = 60000) => tests.push({ name, fn, timeoutMs });

test('Quick Open a file shows its first cells, shape and dtype', async (wb) => {
  await wb.openInViewer('matrix_i4.npy');
  await wb.waitCell(0, 0, '0');
  await wb.waitCell(0, 1, '1');
  await wb.waitCell(1, 0, '1000');
  await wb.waitCell(2, 3, '2003');
  const body = await wb.viewer.locator('body').innerText();
  assert(/int32/.test(body), `header panel lacks the dtype int32: ${body.slice(0, 300)}`);
  assert(/200\D{1,4}30/.test(body), `header panel lacks the shape (200, 30): ${body.slice(0, 300)}`);
});

test('status bar shows the dtype and shape of the active array', async (wb) => {
  await wb.openInViewer('matrix_f8.npy');
  await wb.waitCell(0, 1, '0.1');
  const item = wb.page.locator('.part.statusbar .statusbar-item', { hasText: /float64/ });
  await item.first().waitFor({ timeout: 10000 });
  const text = await item.first().innerText();
  assert(/200, 30/.test(text), `status bar item: ${text}`);
});

test('Ctrl+End on a 10^9-row sparse array reaches the last row', async (wb) => {
  await wb.openInViewer('rows_1e9.npy');
  await wb.waitCell(1, 1, '-1');
  await wb.cell(0, 0).first().click();
  await wb.page.keyboard.press('Control+End');
  await wb.waitCell(999999999, 1, '-999999999');
  await wb.waitCell(999999999, 0, '999999999');
  await wb.waitCell(999999998, 1, '-999999998');
  const body = await wb.viewer.locator('body').innerText();
  assert(/1000000000|1,000,000,000|1 000 000 000/.test(body), 'header shows the 10^9 rows');
  await wb.page.keyboard.press('Control+Home');
  await wb.waitCell(1, 1, '-1');
});

test('Ctrl+End on the 100 GiB float32 array reaches its last cell, with the right value', async (wb) => {
  await wb.openInViewer('big_100GiB_f4.npy');
  await wb.waitCell(0, 0, '1.5');
  await wb.cell(0, 0).first().click();
  await wb.page.keyboard.press('Control+End');
  await wb.waitCell(26214399, 1023, '-7.25');
  await wb.waitCell(26214399, 1022, '0.0');
});

test('a record whose field is a 2^31-element sub-array opens, shows its first cell and reaches its last', async (wb) => {
  await wb.openInViewer('record_2GiB.npy');
  await wb.waitCell(0, 0, '3');
  await wb.waitCell(0, 1, '0');
  await wb.cell(0, 0).first().click();
  await wb.page.keyboard.press('Control+End');
  await wb.waitCell(0, 2147483646, '7');
});

test('switching axes on a 3-D Fortran array', async (wb) => {
  // a[i, j, k] = 100 i + 10 j + k, shape (4, 5, 6), Fortran order. Default view: a[0, r, c].
  await wb.openInViewer('cube_fortran_i4.npy');
  await wb.waitCell(1, 1, '11');
  await wb.waitCell(4, 5, '45');
  const rows = wb.viewer.locator('#npy-row-axis');
  await rows.selectOption('0'); // rows = axis 0, columns stay axis 2: a[r, 0, c]
  await wb.waitCell(1, 1, '101');
  await wb.waitCell(3, 5, '305');
  const index1 = wb.viewer.locator('#npy-index-1');
  await index1.fill('3');
  await index1.press('Enter'); // a[r, 3, c]
  await wb.waitCell(1, 1, '131');
  await wb.waitCell(3, 5, '335');
  await wb.viewer.locator('#npy-col-axis').selectOption('1'); // columns = axis 1: a[r, c, k] with k fixed
  await wb.waitCell(2, 4, /^\s*24\d\s*$/);
  const slice = wb.viewer.locator('input[placeholder^="a["]').first();
  await slice.fill('a[2, :, ::2]'); // rows = axis 1, columns = every other k
  await slice.press('Enter');
  await wb.waitCell(1, 1, '212');
  await wb.waitCell(4, 2, '244');
});

test('a 74 KB header written by np.save opens without any setting', async (wb) => {
  await wb.openInViewer('wide_record.npy');
  await wb.waitCell(0, 2, '1.5');
  await wb.waitCell(2, 2, '3.25');
  const header = await wb.viewer.locator('#npy-header').innerText();
  assert(/max_header_size=\d+/.test(header), `the header panel should say numpy needs max_header_size: ${JSON.stringify(header.slice(0, 300))}`);
});

test('hover in the Explorer shows shape and dtype', async (wb) => {
  // Scroll the Explorer to the top (earlier tests revealed other files): focus it (Ctrl+Shift+E), Home.
  await wb.focusWorkbench();
  await wb.page.keyboard.press('Control+Shift+E');
  await sleep(300);
  await wb.page.keyboard.press('Home');
  const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cube_fortran_i4.npy' }).first();
  await row.waitFor({ timeout: 10000 });
  await row.hover();
  await sleep(300);
  await row
    .locator('.label-name')
    .first()
    .hover()
    .catch(() => {});
  const hover = wb.page.locator('.workbench-hover, .monaco-hover', { hasText: /int32/ });
  let text;
  try {
    await hover.first().waitFor({ state: 'visible', timeout: 8000 });
    text = await hover.first().innerText();
  } catch {
    // Some builds show the native tooltip (title attribute) instead of a custom hover.
    text =
      (await row.getAttribute('title')) ||
      (await row
        .locator('[title]')
        .first()
        .getAttribute('title')
        .catch(() => '')) ||
      '';
  }
  assert(/int32/.test(text) && /4, 5, 6/.test(text), `Explorer hover: ${JSON.stringify(text)}`);
});

test('the viewer reloads when the file changes on disk', async (wb) => {
  const file = join(wb.workspace, 'changing.npy'); // made by prepare(): arange(6).reshape(2, 3)
  await wb.openInViewer('changing.npy');
  await wb.waitCell(1, 2, '5');
  wb.python('import numpy as np, sys; np.save(sys.argv[1], (np.arange(12, dtype="<i4") * 10 + 7).reshape(3, 4))', file);
  // New values at the same place: a[1, 2] of the (3, 4) array.
  await wb.waitCell(1, 2, '67', 15000);
  wb.reloaded = true;
});

test('after a reload with a new shape, the whole new array is shown (the file grew from (3, 4) to (4, 5))', async (wb) => {
  // Follows the previous test (changing.npy is now (3, 4)); a user who saw the whole array expects to see the
  // rows and columns the file gained, e.g. after appending along axis 0.
  if (!wb.reloaded) throw new Error('not attempted: the reload test before this one failed');
  await wb.openInViewer('changing.npy');
  await wb.waitCell(1, 2, '67');
  const file = join(wb.workspace, 'changing.npy');
  wb.python('import numpy as np, sys; np.save(sys.argv[1], (np.arange(20, dtype="<i4") * 10 + 7).reshape(4, 5))', file);
  await wb.waitCell(1, 2, '77', 15000);
  await wb.waitCell(3, 4, '197', 5000);
  await wb.waitCell(2, 3, '137', 5000);
});

/** First cells of many kinds equal numpy's str() (manifest.json from scripts/make-samples.py). */
const ORACLE = [
  'dtype_bool',
  'dtype_i1',
  'dtype_i8',
  'dtype_u8',
  'dtype_f2',
  'dtype_f4',
  'dtype_f8',
  'dtype_f16',
  'dtype_c8',
  'dtype_c16',
  'bigendian_i4',
  'bigendian_f8',
  'bigendian_U3',
  'datetime_D',
  'datetime_ns',
  'datetime_as',
  'timedelta_s',
  'strings_S',
  'strings_U',
  'struct_nested',
  'vector_f4',
];
for (const name of ORACLE) {
  test(
    `numpy's text of the first cells: ${name}`,
    async (wb, ctx) => {
      const m = ctx.manifest[name];
      if (!m) return 'skip';
      await wb.openInViewer(`${name}.npy`);
      const cells = Object.entries(m.cells).filter(([k]) => k.split(',').every((x) => Number(x) < 3));
      assert(cells.length > 0, 'no oracle cells');
      const mismatches = [];
      for (const [k, expected] of cells) {
        const [r, c] = k.split(',');
        try {
          await wb.waitCell(r, c, expected, mismatches.length ? 1000 : 10000);
        } catch (e) {
          mismatches.push(e.message);
        }
      }
      assert(mismatches.length === 0, mismatches.join('; '));
    },
    45000,
  );
}

test(
  'time to first cells: 100 GiB sparse float32 vs a 1 KiB file',
  async (wb, ctx) => {
    const runs = [];
    for (const round of [1, 2]) {
      for (const [name, r, c, text] of [
        ['tiny_1KiB_f4.npy', 1, 0, '1.0'],
        ['big_100GiB_f4.npy', 0, 1, '2.5'],
      ]) {
        if (round > 1 || runs.length) await wb.closeAllEditors();
        const t = await wb.openInViewer(name);
        await wb.waitCell(r, c, text, 30000);
        runs.push({ name, round, ms: Date.now() - t });
      }
    }
    const best = (n) => Math.min(...runs.filter((x) => x.name === n).map((x) => x.ms));
    const tiny = best('tiny_1KiB_f4.npy');
    const big = best('big_100GiB_f4.npy');
    ctx.timings.timeToFirstCells = { runs, bestMs: { '1 KiB': tiny, '100 GiB sparse': big } };
    ctx.log(`time to first cells (Enter in Quick Open -> cell visible), best of 2: 1 KiB ${tiny} ms, 100 GiB sparse ${big} ms`);
    ctx.log(`  all runs: ${runs.map((x) => `${x.name}#${x.round} ${x.ms} ms`).join(', ')}`);
    // The big file must not be read whole: its first cells come about as fast as a tiny file's.
    assert(big < Math.max(5000, tiny * 5), `100 GiB took ${big} ms vs ${tiny} ms for 1 KiB`);
    await wb.command('View: Close All Editors');
    writeFileSync(join(wb.resultsDir, 'e2e-timings.json'), JSON.stringify(ctx.timings, null, 1));
  },
  120000,
);
