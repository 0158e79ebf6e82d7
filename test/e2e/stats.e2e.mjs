// E2E: the statistics view in code-server. A user opens a 3-D float32 file, switches the view to Statistics and
// reads the figures of the whole array and of the slice shown (a[0]); they must be the CLI's `stats --json` text
// and agree with numpy. Clicking argmax shows that cell in the table. On the 100 GiB sample a run shows progress
// and Cancel stops it. Screenshots in the dark and the light theme (the dark one is docs/images/stats.png,
// refreshed with NPY_E2E_README_IMAGES=1).
import { execFileSync } from 'child_process';
import { copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../harness/codeServer.mjs';
import { assert } from './lib.mjs';

export const tests = [];
const test = (name, fn, timeoutMs = 90000) => tests.push({ name, fn, timeoutMs });
const KEYS = ['count', 'nan', 'posinf', 'neginf', 'min', 'max', 'argmin', 'argmax', 'mean', 'std', 'sum', 'p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'];

export function prepare({ workspace, python }) {
  python(
    [
      'import numpy as np, sys',
      'rng = np.random.default_rng(21)',
      'a = (rng.gamma(4.0, 2.0, size=(6, 400, 30)) - 3).astype("<f4")',
      'a[0, 5, 7] = np.nan; a[3, 100, 2] = np.nan; a[4, 300, 29] = 45.5; a[0, 17, 3] = -8.25',
      'np.save(sys.argv[1], a)',
    ].join('\n'),
    join(workspace, 'stats_gamma.npy'),
  );
}

function cli(file, ...args) {
  return JSON.parse(execFileSync('node', [join(repoRoot, 'dist/cli.js'), 'stats', file, '--json', ...args]).toString());
}

/** The CLI JSON's text for a data-stat key. */
function cliText(json, key) {
  if (/^p\d+$/.test(key)) return json.percentiles[key.slice(1)] ?? '—';
  const v = json[key];
  if (v === null) return '—';
  if (Array.isArray(v)) return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;
  return v;
}

async function figures(wb, scope) {
  return wb.viewer.locator(`[data-scope="${scope}"] [data-stat]`).evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.stat, e.textContent])));
}

async function switchTo(wb, id) {
  const option = wb.viewer.locator(`#npy-view-select option[data-view="${id}"]`);
  await option.waitFor({ state: 'attached', timeout: 15000 });
  await wb.viewer.locator('#npy-view-select').selectOption(id);
}

test('statistics view: the figures of the array and of the slice are the CLI text and numpy; argmax goes to its cell', async (wb) => {
  const file = join(wb.workspace, 'stats_gamma.npy');
  await wb.openInViewer('stats_gamma.npy');
  await wb.viewer.locator('#npy-root[data-ready="true"]').waitFor({ timeout: 20000 });
  await switchTo(wb, 'stats');
  for (const scope of ['array', 'view']) await wb.viewer.locator(`[data-scope="${scope}"][data-state="done"]`).waitFor({ timeout: 30000 });
  const whole = await figures(wb, 'array');
  const view = await figures(wb, 'view');
  const cliWhole = cli(file);
  const cliView = cli(file, '--slice', 'a[0]');
  for (const k of KEYS) {
    assert(whole[k] === cliText(cliWhole, k), `whole array ${k}: view ${whole[k]}, CLI ${cliText(cliWhole, k)}`);
    assert(view[k] === cliText(cliView, k), `a[0] ${k}: view ${view[k]}, CLI ${cliText(cliView, k)}`);
  }
  const numpy = JSON.parse(
    wb.python(
      [
        'import numpy as np, sys, json',
        'a = np.load(sys.argv[1])',
        // std of the values in float64: np.nanstd(x, dtype=np.float64) of float32 with NaNs squares float32
        // deviations (its arr is float32), about 1e-9 off; the engine's unit tests use the same oracle.
        'def f(x):',
        '    return dict(count=str(int((~np.isnan(x)).sum())), nan=str(int(np.isnan(x).sum())), min=str(np.nanmin(x)), max=str(np.nanmax(x)),',
        '        argmax=list(map(int, np.unravel_index(np.nanargmax(x), x.shape))), mean=float(np.nanmean(x, dtype=np.float64)), std=float(np.std(x[~np.isnan(x)].astype(np.float64))))',
        'print(json.dumps(dict(whole=f(a), view=f(a[0]))))',
      ].join('\n'),
      file,
    ),
  );
  for (const [got, want, what] of [
    [whole, numpy.whole, 'whole array'],
    [view, numpy.view, 'a[0]'],
  ]) {
    for (const k of ['count', 'nan', 'min', 'max']) assert(got[k] === want[k], `${what} ${k}: view ${got[k]}, numpy ${want[k]}`);
    assert(got.argmax === `(${want.argmax.join(', ')})`, `${what} argmax: ${got.argmax} vs numpy ${want.argmax}`);
    for (const k of ['mean', 'std']) {
      const err = Math.abs(Number(got[k]) - want[k]) / Math.abs(want[k]);
      assert(err <= 1e-15, `${what} ${k}: view ${got[k]}, numpy ${want[k]} (relative error ${err})`);
    }
  }
  // Screenshots in both themes; the dark one is the README's.
  const dark = await wb.screenshot('stats-view-dark');
  // NPY_E2E_README_IMAGES=1 refreshes the README's image (a test run leaves the tree clean otherwise).
  if (process.env.NPY_E2E_README_IMAGES) {
    mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
    copyFileSync(dark, join(repoRoot, 'docs', 'images', 'stats.png'));
  }
  await wb.setTheme('Light Modern');
  try {
    await wb.viewer.locator('[data-scope="array"][data-state="done"]').waitFor({ timeout: 10000 });
    await wb.screenshot('stats-view-light');
  } finally {
    await wb.setTheme('Dark Modern');
  }
  // argmax of the whole array is at (4, 300, 29): the table shows a[4] with that cell focused.
  const [i0, i1, i2] = numpy.whole.argmax;
  await wb.viewer.locator('[data-scope="array"] [data-stat="argmax"]').click();
  await wb.viewer.locator('.npy-grid-host[data-view="grid"]').waitFor({ timeout: 10000 });
  const focused = wb.viewer.locator('.npy-focus');
  await focused.filter({ hasText: numpy.whole.max }).first().waitFor({ timeout: 15000 });
  const at = await focused.first().evaluate((e) => [e.dataset.row, e.dataset.col]);
  assert(at[0] === String(i1) && at[1] === String(i2), `focused cell ${at}, argmax ${numpy.whole.argmax}`);
  // In sight, not just focused: the cell lies inside the table's area.
  const cellBox = await focused.first().boundingBox();
  const area = await wb.viewer.locator('.npy-grid-host').boundingBox();
  assert(
    cellBox && area && cellBox.y >= area.y && cellBox.y + cellBox.height <= area.y + area.height + 1,
    `the argmax cell is out of sight: ${JSON.stringify([cellBox, area])}`,
  );
  const index = await wb.viewer.locator('.npy-index-input').first().inputValue();
  assert(index === String(i0), `axis 0 index ${index}, argmax ${i0}`);
});

test('statistics of the 100 GiB sample show progress and Cancel stops them', async (wb) => {
  await wb.openInViewer('big_100GiB_f4.npy');
  await wb.viewer.locator('#npy-root[data-ready="true"]').waitFor({ timeout: 20000 });
  await switchTo(wb, 'stats');
  const column = wb.viewer.locator('[data-scope="array"]');
  // A percentage once the first chunks are counted.
  await column.locator('.npy-stats-progress .npy-job-percent', { hasText: /%/ }).waitFor({ timeout: 20000 });
  const job = wb.viewer.locator('#npy-status .npy-job');
  assert((await job.count()) === 1, 'the status bar shows the job too');
  await wb.screenshot('stats-view-progress');
  await column.locator('.npy-stats-cancel').click();
  await wb.viewer.locator('[data-scope="array"][data-state="cancelled"]').waitFor({ timeout: 10000 });
  await job.first().waitFor({ state: 'detached', timeout: 10000 });
  assert(await column.locator('.npy-stats-compute').isVisible(), 'Compute is offered after Cancel');
  // Back to the table for the tests that follow (the view is saved per panel).
  await switchTo(wb, 'grid');
});
