// Statistics view specs: the real bundle against the fake host, whose StatsHandler runs the real engine. The
// figures are checked against the CLI's `stats --json` (the same strings, one per data-stat element) and against
// numpy (counts, min/max and their positions); argmax goes to its cell in the table; progress, Cancel, the cache
// and a reload; Copy; complex parts, records and exact integer sums.
import assert from 'assert';
import { execFileSync } from 'child_process';
import { join } from 'path';
import { viewerSuite, settle, screenshot, ROOT } from './harness.mjs';

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const file = (name) => join(FX, `stats_${name}.npy`);
const KEYS = ['count', 'nan', 'posinf', 'neginf', 'min', 'max', 'argmin', 'argmax', 'mean', 'std', 'sum', 'p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'];

/** What numpy says: written once before the specs. */
function makeFixtures() {
  const script = `
import numpy as np, sys, json, os
out = sys.argv[1]
rng = np.random.default_rng(9)
a = rng.normal(10, 3, size=(4, 50, 30)).astype('<f4')
a[0, 3, 4] = np.nan; a[3, 7, 1] = np.inf; a[2, 10, 10] = 1e6; a[3, 0, 0] = -50; a[1, 2, 3] = np.nan
np.save(os.path.join(out, 'stats_f32.npy'), a)
ex = {}
def facts(x):
    return {'count': str(int((~np.isnan(x)).sum())), 'nan': str(int(np.isnan(x).sum())), 'min': str(np.nanmin(x)), 'max': str(np.nanmax(x)),
            'argmax': list(map(int, np.unravel_index(np.nanargmax(x), x.shape))), 'argmin': list(map(int, np.unravel_index(np.nanargmin(x), x.shape))),
            'mean': str(np.nanmean(x, dtype=np.float64))}
ex['f32'] = facts(a); ex['f32_view0'] = facts(a[0])
i = np.array([2**62, 2**62, 2**62, -5, 7], dtype='<i8')
np.save(os.path.join(out, 'stats_i8.npy'), i)
c = (np.arange(12).reshape(3, 4) + 1j * -np.arange(12).reshape(3, 4)).astype('<c16')
np.save(os.path.join(out, 'stats_c16.npy'), c)
ex['c16_imag_min'] = str(c.imag.min()); ex['c16_abs_max'] = str(np.abs(c).max())
r = np.zeros(6, dtype=[('x', '<i2'), ('name', 'S4'), ('y', '<f8')]); r['x'] = [3, -1, 4, 1, -5, 9]; r['y'] = [0.5, 2.5, -1.0, 8.0, 3.0, 1.0]
np.save(os.path.join(out, 'stats_rec.npy'), r)
ex['rec_y_max'] = str(r['y'].max()); ex['rec_y_argmax'] = int(r['y'].argmax())
json.dump(ex, open(os.path.join(out, 'stats_expected.json'), 'w'))
`;
  execFileSync('python3', ['-c', script, FX]);
  return JSON.parse(execFileSync('python3', ['-c', 'import sys; print(open(sys.argv[1]).read())', join(FX, 'stats_expected.json')]).toString());
}

function cliStats(path, ...args) {
  return JSON.parse(execFileSync('node', [join(ROOT, 'dist/cli.js'), 'stats', path, '--json', ...args]).toString());
}

/** The CLI JSON's text for one data-stat key (what report.ts statText prints). */
function cliText(json, key) {
  if (/^p\d+$/.test(key)) return json.percentiles[key.slice(1)] ?? '—';
  const v = json[key];
  if (v === null) return '—';
  if (Array.isArray(v)) return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;
  return v;
}

async function figures(page, scope) {
  return page.$$eval(`[data-scope="${scope}"] [data-stat]`, (els) => Object.fromEntries(els.map((e) => [e.dataset.stat, e.textContent])));
}

async function waitDone(page, scope) {
  await page.waitForSelector(`[data-scope="${scope}"][data-state="done"]`, { timeout: 30000 });
}

describe('webview statistics view', function () {
  let expected;

  const suite = viewerSuite();
  before(() => {
    expected = makeFixtures();
  });

  async function statsOf(name, opts = {}) {
    const v = await suite.open(opts.path ?? file(name), opts);
    // The switcher offers the view by its data-view.
    assert.ok(await v.page.$('#npy-view-select option[data-view="stats"]'), 'no statistics option in the view switcher');
    await v.page.selectOption('#npy-view-select', 'stats');
    await waitDone(v.page, 'array');
    return v;
  }

  it('shows the figures of the whole array and of the view exactly as the CLI prints them, numpy agreeing', async () => {
    const { page, errors, host } = await statsOf('f32');
    await waitDone(page, 'view');
    const whole = await figures(page, 'array');
    const view = await figures(page, 'view');
    const cliWhole = cliStats(file('f32'));
    const cliView = cliStats(file('f32'), '--slice', 'a[0]');
    for (const k of KEYS) {
      assert.strictEqual(whole[k], cliText(cliWhole, k), `whole ${k}`);
      assert.strictEqual(view[k], cliText(cliView, k), `view ${k}`);
    }
    for (const [got, want] of [
      [whole, expected.f32],
      [view, expected.f32_view0],
    ]) {
      assert.strictEqual(got.count, want.count);
      assert.strictEqual(got.nan, want.nan);
      assert.strictEqual(got.min, want.min);
      assert.strictEqual(got.max, want.max);
      assert.strictEqual(got.argmax, `(${want.argmax.join(', ')})`);
      assert.strictEqual(got.argmin, `(${want.argmin.join(', ')})`);
      if (want.mean === 'inf') assert.strictEqual(got.mean, 'inf');
      else assert.ok(Math.abs(Number(got.mean) - Number(want.mean)) <= Math.abs(Number(want.mean)) * 1e-15, `mean ${got.mean} vs ${want.mean}`);
    }
    assert.strictEqual(whole.posinf, '1');
    // Which values were ignored is said.
    assert.match(await page.textContent('[data-scope="array"]'), /2 NaN ignored/);
    assert.match(await page.textContent('[data-scope="array"]'), /Infinite values: 1\./);
    // The histogram: 64 bars whose counts are numpy's (the CLI's).
    const bars = await page.$$eval('[data-scope="array"] .npy-stats-bar', (els) => els.map((e) => e.dataset.count));
    assert.deepStrictEqual(bars, cliWhole.histogram.counts);
    // Each request ran as a job that names the request it answers.
    const jobs = host.ofType('stats');
    assert.strictEqual(jobs.length, 2);
    await screenshot(page, 'stats-dark');
    assert.deepStrictEqual(errors, []);
  });

  it('argmax goes to its cell in the table, on another index of a fixed axis when needed', async () => {
    const { page } = await statsOf('f32');
    await waitDone(page, 'view');
    // The whole array's max (inf) is at (3, 7, 1): the view showed a[0], so axis 0 moves to index 3.
    const [i0, i1, i2] = expected.f32.argmax;
    assert.strictEqual(i0, 3);
    await page.click('[data-scope="array"] [data-stat="argmax"]');
    await page.waitForSelector('.npy-grid-host[data-view="grid"]');
    await settle(page);
    const idx = await page.evaluate(() => window.__npy.view.axes.map((a) => (a.kind === 'index' ? String(a.index) : 'range')));
    assert.deepStrictEqual(idx, [String(i0), 'range', 'range']);
    const focus = await page.$eval('.npy-focus', (e) => [e.dataset.row, e.dataset.col, e.textContent]);
    assert.deepStrictEqual(focus, [String(i1), String(i2), expected.f32.max]);
    // The view's argmax (in a[0]) goes there without changing the fixed index.
    await page.selectOption('#npy-view-select', 'stats');
    await waitDone(page, 'view');
    await page.click('[data-scope="view"] [data-stat="argmax"]');
    await page.waitForSelector('.npy-grid-host[data-view="grid"]');
    await settle(page);
    assert.strictEqual(await page.evaluate(() => String(window.__npy.view.axes[0].index)), '3');
  });

  it('reuses the cached figures when coming back, and computes again after the file changed', async () => {
    const { page, host } = await statsOf('f32');
    await waitDone(page, 'view');
    assert.strictEqual(await page.getAttribute('[data-scope="array"]', 'data-cached'), 'false');
    await page.selectOption('#npy-view-select', 'grid');
    await page.selectOption('#npy-view-select', 'stats');
    await waitDone(page, 'array');
    await waitDone(page, 'view');
    assert.strictEqual(await page.getAttribute('[data-scope="array"]', 'data-cached'), 'true');
    assert.strictEqual(await page.getAttribute('[data-scope="view"]', 'data-cached'), 'true');
    // The file changes: the webview asks again and the host computes (never the old figures).
    execFileSync('python3', ['-c', 'import numpy as np, sys; a = np.load(sys.argv[1]); a[1, 1, 1] = -1e6; np.save(sys.argv[1], a)', file('f32')]);
    await host.reopen();
    await page.waitForFunction(() => document.querySelector('[data-scope="array"] [data-stat="min"]')?.textContent === '-1e+06', null, { timeout: 30000 });
    assert.strictEqual(await page.getAttribute('[data-scope="array"]', 'data-cached'), 'false');
    assert.strictEqual((await figures(page, 'array')).argmin, '(1, 1, 1)');
    // Restore the fixture for the other specs.
    makeFixtures();
  });

  it('shows progress while the host computes; Cancel stops it, Compute starts it again', async () => {
    const v = await suite.open(file('f32'));
    const { page, host } = v;
    host.statsHold = true;
    await page.selectOption('#npy-view-select', 'stats');
    await page.waitForSelector('[data-scope="array"] .npy-stats-progress [aria-valuenow="25"]');
    // The status bar shows the same job with its own Cancel.
    assert.ok(await page.$('#npy-status .npy-job'));
    await screenshot(page, 'stats-progress');
    await page.click('[data-scope="array"] .npy-stats-cancel');
    await page.waitForSelector('[data-scope="array"][data-state="cancelled"]');
    await page.waitForSelector('[data-scope="view"][data-state="running"]');
    // The view's job still runs (held); its status-bar Cancel cancels it too.
    await page.click('#npy-status .npy-job-cancel');
    await page.waitForSelector('[data-scope="view"][data-state="cancelled"]');
    await page.waitForFunction(() => document.querySelectorAll('#npy-status .npy-job').length === 0);
    host.releaseStats();
    await page.click('[data-scope="array"] .npy-stats-compute');
    await waitDone(page, 'array');
    assert.strictEqual((await figures(page, 'array')).count, expected.f32.count);
  });

  it('copies the figures as the CLI prints them', async () => {
    const { page, host } = await statsOf('f32');
    await waitDone(page, 'view');
    await page.click('#npy-stats-copy');
    await page.waitForFunction(() => /Copied the figures/.test(document.getElementById('npy-status').textContent));
    const [msg] = host.ofType('copyText');
    const table = execFileSync('node', [join(ROOT, 'dist/cli.js'), 'stats', file('f32')]).toString();
    // The CLI's table (after its `array:` line) is in the copied text, as is the slice's.
    assert.ok(msg.text.includes(table.split('\n').slice(2).join('\n').trimEnd()), msg.text.slice(0, 400));
    const slice = execFileSync('node', [join(ROOT, 'dist/cli.js'), 'stats', file('f32'), '--slice', 'a[0]']).toString();
    assert.ok(msg.text.includes(slice.split('\n').slice(2).join('\n').trimEnd()));
  });

  it('an int64 sum numpy would wrap is exact and says so; the bins and log scale redraw', async () => {
    const { page } = await statsOf('i8');
    const got = await figures(page, 'array');
    assert.strictEqual(got.sum, String(3n * 2n ** 62n + 2n));
    assert.ok(await page.$('[data-scope="array"] [data-note="sum-exact"]'));
    // One column: the view shows the whole array.
    assert.strictEqual(await page.isHidden('[data-scope="view"]'), true);
    await page.fill('#npy-stats-bins', '8');
    await page.dispatchEvent('#npy-stats-bins', 'change');
    await page.waitForFunction(() => document.querySelectorAll('[data-scope="array"] .npy-stats-bar').length === 8);
    const bars = await page.$$eval('[data-scope="array"] .npy-stats-bar', (els) => els.map((e) => e.dataset.count));
    assert.deepStrictEqual(bars, cliStats(file('i8'), '--bins', '8').histogram.counts);
    await page.check('#npy-stats-log');
    await page.waitForSelector('[data-scope="array"] figcaption:has-text("log counts")');
  });

  it('complex values: the part picker; records: the field picker, argmax to the field column', async () => {
    const c = await statsOf('c16');
    assert.strictEqual((await figures(c.page, 'array')).max, expected.c16_abs_max);
    await c.page.selectOption('#npy-stats-part', 'imag');
    await c.page.waitForFunction((want) => document.querySelector('[data-scope="array"] [data-stat="min"]')?.textContent === want, expected.c16_imag_min);
    const r = await statsOf('rec');
    const fields = await r.page.$$eval('#npy-stats-field option', (els) => els.map((e) => e.value));
    assert.deepStrictEqual(fields, ['x', 'y']);
    await r.page.selectOption('#npy-stats-field', 'y');
    assert.strictEqual((await figures(r.page, 'array')).max, expected.rec_y_max);
    await r.page.click('[data-scope="array"] [data-stat="argmax"]');
    await r.page.waitForSelector('.npy-grid-host[data-view="grid"]');
    await settle(r.page);
    // Columns of a record view are its leaf fields: x, name, y.
    const focus = await r.page.$eval('.npy-focus', (e) => [e.dataset.row, e.dataset.col, e.textContent]);
    assert.deepStrictEqual(focus, [String(expected.rec_y_argmax), '2', expected.rec_y_max]);
  });

  it('datetimes: count, NaT, min, max and percentiles as dates, the CLI text; no mean, sum or histogram', async () => {
    const { page } = await statsOf('datetime', { path: join(FX, 'datetime.npy') });
    const got = await figures(page, 'array');
    const cli = cliStats(join(FX, 'datetime.npy'));
    for (const k of KEYS) assert.strictEqual(got[k], cliText(cli, k), k);
    assert.strictEqual(got.nan, '1');
    assert.strictEqual(got.max, '2262-04-11T23:47');
    assert.strictEqual(got.mean, '—');
    assert.match(await page.textContent('[data-scope="array"]'), /NaT\s*1/);
    assert.strictEqual(await page.$('[data-scope="array"] .npy-stats-hist'), null);
  });

  it('is not offered for strings', async () => {
    const v = await suite.open(join(FX, 'unicode.npy'));
    assert.strictEqual(await v.page.$('#npy-view-select option[data-view="stats"]'), null);
    assert.strictEqual(await v.page.isHidden('.npy-view-switcher'), true);
  });
});
