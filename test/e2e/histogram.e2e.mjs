// E2E: the histogram view in code-server. A user opens a 2-D float32 file, switches the view to Histogram and moves
// the pointer over bars: the bin under it (numpy's text of its edges, and its count) must be np.histogram's of the
// view; ten bins count again. Screenshots in the dark and the light theme.
import { createRequire } from 'module';
import { join } from 'path';
import { sleep } from './lib.mjs';

const require = createRequire(import.meta.url);
require('tsx/cjs');
const { plotArea, barSpan } = require('../../webview/views/histogram/layout.ts');

export const tests = [];
const test = (name, fn, timeoutMs = 120000) => tests.push({ name, fn, timeoutMs });
const FILE = 'hist_gamma.npy';

export function prepare({ workspace, python }) {
  python(
    [
      'import numpy as np, sys',
      'rng = np.random.default_rng(5)',
      'a = rng.gamma(3.0, 1.5, size=(300, 200)).astype("<f4")',
      'a[0, 0] = np.nan; a[10, 10] = np.inf',
      'np.save(sys.argv[1], a)',
    ].join('\n'),
    join(workspace, FILE),
  );
}

/** numpy's np.histogram of the finite values: the `[lo, hi) count` text of every bin. */
function oracle(wb, bins) {
  return JSON.parse(
    wb.python(
      [
        'import json, sys, numpy as np',
        'a = np.load(sys.argv[1]); n = int(sys.argv[2])',
        'c, e = np.histogram(a[np.isfinite(a)], bins=n)',
        "close = lambda i: ']' if i == n - 1 else ')'",
        'print(json.dumps(["[" + str(e[i]) + ", " + str(e[i + 1]) + close(i) + " " + str(c[i]) for i in range(n)] + [int(np.argmax(c))]))',
      ].join('\n'),
      join(wb.workspace, FILE),
      String(bins),
    ),
  );
}

/** Move the pointer over bar i of n (the view's own layout: bars span the plot evenly) and read the hover. */
async function hoverBar(wb, i, n, want) {
  const c = wb.viewer.locator('canvas[data-picture="histogram"]');
  const box = await c.boundingBox();
  const size = await c.evaluate((e) => ({ w: e.clientWidth, h: e.clientHeight }));
  const p = plotArea(size.w, size.h);
  const [x0, x1] = barSpan(p, i, n);
  await wb.page.mouse.move(box.x + (x0 + x1) / 2, box.y + p.top + p.height - 2);
  const end = Date.now() + 8000;
  let got = '';
  while (Date.now() < end) {
    got = ((await wb.viewer.locator('[data-hover-value]').textContent({ timeout: 2000 })) ?? '').trim();
    if (got === want) return;
    await sleep(100);
  }
  throw new Error(`hover over bar ${i} shows ${JSON.stringify(got)}, numpy says ${JSON.stringify(want)}`);
}

test('histogram view: the bar under the pointer is np.histogram of the view; bins count again; light and dark', async (wb) => {
  try {
    await run(wb);
  } finally {
    await wb.setTheme('Light Modern').catch(() => undefined);
  }
});

async function run(wb) {
  // The workbench starts in the light theme: dark first, light for the second screenshot (and left so).
  await wb.setTheme('Dark Modern');
  await wb.openInViewer(FILE);
  await wb.viewer.locator('#npy-root[data-ready="true"]').waitFor({ timeout: 20000 });
  const option = wb.viewer.locator('#npy-view-select option[data-view="histogram"]');
  await option.waitFor({ state: 'attached', timeout: 15000 });
  await wb.viewer.locator('#npy-view-select').selectOption('histogram');
  await wb.viewer.locator('canvas[data-picture="histogram"][data-bins="64"]').waitFor({ state: 'attached', timeout: 30000 });
  const want = oracle(wb, 64);
  const top = want.pop();
  await hoverBar(wb, top, 64, want[top]);
  await hoverBar(wb, 63, 64, want[63]);
  await hoverBar(wb, 5, 64, want[5]);
  await wb.screenshot('histogram-dark');

  const bins = wb.viewer.locator('.npy-hist-bins');
  await bins.fill('10');
  await bins.press('Enter');
  await wb.viewer.locator('canvas[data-picture="histogram"][data-bins="10"]').waitFor({ state: 'attached', timeout: 30000 });
  const ten = oracle(wb, 10);
  ten.pop();
  await hoverBar(wb, 0, 10, ten[0]);
  await hoverBar(wb, 2, 10, ten[2]);
  await wb.viewer.locator('.npy-hist-log').check();
  await wb.viewer.locator('canvas[data-picture="histogram"][data-log="true"]').waitFor({ state: 'attached', timeout: 5000 });
  await hoverBar(wb, 9, 10, ten[9]);
  await wb.setTheme('Light Modern');
  await hoverBar(wb, 2, 10, ten[2]);
  await wb.screenshot('histogram-light');
}
