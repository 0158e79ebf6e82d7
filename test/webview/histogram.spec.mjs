// Histogram view specs: the real bundle against the fake host, whose StatsHandler runs the real statistics engine.
// The counts drawn (and the bar under the pointer) are checked against numpy's np.histogram of the same view; the
// bins control and log counts redraw; stepping the view's index asks again; the job can be cancelled.
import assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { viewerSuite, settle, screenshot } from './harness.mjs';
import { isPng, readPng } from '../harness/pngRead.mjs';

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const file = join(FX, 'hist_f4.npy');

/** numpy's np.histogram of the finite values of a[i] for the bin counts the specs use. */
function makeFixture() {
  const script = `
import numpy as np, sys, json, os
out = sys.argv[1]
rng = np.random.default_rng(4)
a = rng.normal(0, 2, size=(3, 120, 90)).astype('<f4')
a[0, 1, 2] = np.nan; a[0, 5, 5] = np.inf; a[0, 7, 7] = 40; a[1, 0, 0] = -30
np.save(os.path.join(out, 'hist_f4.npy'), a)
ex = {}
for i in range(2):
    x = a[i][np.isfinite(a[i])]
    for bins in (64, 10):
        c, e = np.histogram(x, bins=bins)
        ex[f'{i}/{bins}'] = {'counts': [int(v) for v in c], 'edges': [str(v) for v in e]}
json.dump(ex, open(os.path.join(out, 'hist_expected.json'), 'w'))
`;
  execFileSync('python3', ['-c', script, FX]);
  return JSON.parse(readFileSync(join(FX, 'hist_expected.json'), 'utf8'));
}

const canvas = 'canvas[data-picture="histogram"]';
const shown = (page) => page.evaluate(() => window.__npy.app.activeView.mounted.testHooks.histogram.shownHistogram);

async function waitBins(page, n) {
  await page.waitForSelector(`${canvas}[data-bins="${n}"]`, { timeout: 30000 });
  await settle(page);
}

/** Move the pointer over bar i; the hover text is `[lo, hi) count`. */
async function hoverBar(page, i) {
  const box = await page.locator(canvas).boundingBox();
  const p = await page.evaluate((i) => window.__npy.app.activeView.mounted.testHooks.histogram.barPoint(i), i);
  await page.mouse.move(box.x + p.x, box.y + p.y);
}

/** RGBA of the canvas at a CSS point. */
async function pixelAt(page, x, y) {
  return page.$eval(
    canvas,
    (c, [x, y]) => {
      const dpr = window.devicePixelRatio || 1;
      return Array.from(c.getContext('2d').getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data);
    },
    [x, y],
  );
}

describe('webview histogram view', function () {
  let expected;

  const suite = viewerSuite();
  before(() => {
    expected = makeFixture();
  });

  async function view(opts = {}) {
    return suite.open(file, opts);
  }

  for (const theme of ['dark', 'light']) {
    it(`counts are np.histogram's of the view; bins, log counts, hover (${theme})`, async () => {
      const { page, host, errors } = await view({ theme });
      assert.ok(await page.$('#npy-view-select option[data-view="histogram"]'), 'the switcher offers the histogram');
      const ids = await page.$$eval('#npy-view-select option', (os) => os.map((o) => o.value));
      assert.strictEqual(ids.indexOf('histogram'), ids.indexOf('line') + 1, 'registered after the line view');
      await page.selectOption('#npy-view-select', 'histogram');
      await waitBins(page, 64);
      const asked = host.ofType('stats');
      assert.strictEqual(asked.at(-1).scope, 'view');
      let h = await shown(page);
      assert.deepStrictEqual(h.counts.map(Number), expected['0/64'].counts, 'counts of a[0] with 64 bins');
      assert.deepStrictEqual(h.edges, expected['0/64'].edges, "edges in numpy's text");
      assert.strictEqual(await page.getAttribute(canvas, 'data-level'), 'exact');
      assert.strictEqual(await page.getAttribute(canvas, 'data-domain'), `${expected['0/64'].edges[0]},${expected['0/64'].edges[64]}`);

      // The tallest bar is drawn in the theme's bar colour, not the background; its hover names its bin.
      const counts = expected['0/64'].counts;
      const top = counts.indexOf(Math.max(...counts));
      const p = await page.evaluate((i) => window.__npy.app.activeView.mounted.testHooks.histogram.barPoint(i), top);
      const before = await pixelAt(page, p.x, p.y);
      assert.strictEqual(before[3], 255, `bar ${top} is painted`);
      await hoverBar(page, top);
      const want = `[${expected['0/64'].edges[top]}, ${expected['0/64'].edges[top + 1]}) ${counts[top]}`;
      await page
        .waitForFunction((w) => document.querySelector('[data-hover-value]')?.textContent === w, want, { timeout: 5000 })
        .catch(async () => assert.fail(`hover: ${await page.textContent('[data-hover-value]')} instead of ${want}`));
      assert.notDeepStrictEqual(await pixelAt(page, p.x, p.y), before, 'the bar under the pointer is highlighted');
      // The last bin is closed, as numpy's is.
      await hoverBar(page, 63);
      await page.waitForFunction(
        (w) => document.querySelector('[data-hover-value]')?.textContent === w,
        `[${expected['0/64'].edges[63]}, ${expected['0/64'].edges[64]}] ${counts[63]}`,
      );
      await screenshot(page, `histogram-${theme}`);

      // Log counts: a bin of 1 next to the tallest is drawn much taller than on the linear axis.
      const one = counts.findIndex((c) => c === 1);
      assert.ok(one >= 0, 'the fixture has a bin of one value');
      const tallAt = async (i) =>
        page.evaluate((i) => {
          const v = window.__npy.app.activeView.mounted.testHooks.histogram;
          const c = document.querySelector('canvas[data-picture="histogram"]');
          const g = c.getContext('2d');
          const dpr = window.devicePixelRatio || 1;
          const x = Math.floor(v.barPoint(i).x * dpr);
          let n = 0;
          for (let y = 0; y < c.height; y++) if (g.getImageData(x, y, 1, 1).data[3] === 255) n++;
          return n;
        }, i);
      const linear = await tallAt(one);
      const asks = host.ofType('stats').length;
      await page.check('.npy-hist-log');
      await page.waitForSelector(`${canvas}[data-log="true"]`);
      assert.ok((await tallAt(one)) > linear + 20, 'log counts lift a bin of one');
      assert.strictEqual(host.ofType('stats').length, asks, 'log counts redraw without asking again');

      // Ten bins: asked again, numpy's counts.
      await page.fill('.npy-hist-bins', '10');
      await page.press('.npy-hist-bins', 'Enter');
      await waitBins(page, 10);
      h = await shown(page);
      assert.deepStrictEqual(h.counts.map(Number), expected['0/10'].counts);
      assert.strictEqual(host.ofType('stats').at(-1).bins, 10);
      assert.deepStrictEqual(errors, []);
    });
  }

  it('another index of the view is another histogram; the state is kept through a reload', async () => {
    const { page, errors } = await view();
    await page.selectOption('#npy-view-select', 'histogram');
    await waitBins(page, 64);
    await page.fill('.npy-hist-bins', '10');
    await page.press('.npy-hist-bins', 'Enter');
    await waitBins(page, 10);
    // Axis 0 is the index the view controls step through.
    await page.fill('#npy-index-0', '1');
    await page.press('#npy-index-0', 'Enter');
    await page.waitForFunction(
      (want) => {
        const h = window.__npy.app.activeView.mounted.testHooks.histogram.shownHistogram;
        return h && JSON.stringify(h.counts.map(Number)) === want;
      },
      JSON.stringify(expected['1/10'].counts),
      { timeout: 20000 },
    );
    await page.reload();
    await page.waitForSelector(`${canvas}[data-bins="10"]`, { timeout: 20000 });
    assert.strictEqual(await page.inputValue('.npy-hist-bins'), '10');
    assert.deepStrictEqual(errors, []);
  });

  it('Export PNG saves the histogram as drawn (the canvas, its size and its opaque pixels); Copy picture sits beside it', async () => {
    const { page, host, errors } = await view();
    await page.selectOption('#npy-view-select', 'histogram');
    await waitBins(page, 64);
    assert.ok(await page.isVisible('.npy-hist .npy-pic-copy'), 'Copy picture is offered');
    await page.click('.npy-hist .npy-pic-export');
    await page.waitForFunction(() => /hist_f4\.histogram\.png/.test(document.getElementById('npy-status')?.textContent ?? ''), null, { timeout: 5000 });
    const bytes = host.saved.at(-1);
    assert.ok(bytes && isPng(bytes), 'a PNG was saved');
    const png = readPng(bytes);
    // The opaque pixels (bars, axes; antialiased text is partly transparent and unpremultiplied differently) and a
    // checksum of them, on each side: the page's canvas and the saved PNG.
    const opaqueSum = (rgba) => {
      let n = 0;
      let sum = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] !== 255) continue;
        n++;
        sum = (Math.imul(sum, 31) + ((i << 8) ^ (rgba[i] << 16) ^ (rgba[i + 1] << 8) ^ rgba[i + 2])) | 0;
      }
      return { n, sum };
    };
    const drawn = await page.$eval(
      canvas,
      (c, fn) => {
        const rgba = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        return { w: c.width, h: c.height, ...new Function(`return (${fn})`)()(rgba) };
      },
      opaqueSum.toString(),
    );
    assert.deepStrictEqual([png.width, png.height], [drawn.w, drawn.h]);
    assert.ok(drawn.n > 1000, `${drawn.n} opaque pixels: the bars were drawn`);
    assert.deepStrictEqual(opaqueSum(png.rgba), { n: drawn.n, sum: drawn.sum }, 'the PNG’s opaque pixels are the canvas’');
    assert.deepStrictEqual(errors, []);
  });

  it('a long pass shows progress and can be cancelled, then computed again', async () => {
    const { page, host, errors } = await view();
    host.statsHold = true;
    await page.selectOption('#npy-view-select', 'histogram');
    await page.waitForSelector('.npy-hist-cancel:not([hidden])', { timeout: 10000 });
    await page.waitForFunction(() => document.querySelector('.npy-hist .npy-pic-level')?.textContent === 'Computing… 25%', null, { timeout: 10000 });
    await page.click('.npy-hist-cancel');
    await page.waitForSelector('.npy-hist-compute:not([hidden])', { timeout: 10000 });
    await page.waitForFunction(() => document.querySelector('.npy-hist .npy-pic-level')?.textContent === 'Cancelled.');
    host.releaseStats();
    await page.click('.npy-hist-compute');
    await waitBins(page, 64);
    assert.deepStrictEqual((await shown(page)).counts.map(Number), expected['0/64'].counts);
    assert.deepStrictEqual(errors, []);
  });
});
