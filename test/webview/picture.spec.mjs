// Picture views in Chromium against the fake host (which answers pictures with the host's own PictureHandler):
// the switcher, canvas colours against the engine's colormap tables, the value under the cursor (numpy's str()),
// zoom until one pixel is one element, recolouring without a request, image and line views, export.
import assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import { join } from 'path';
import { viewerSuite, picturePoint, settle, screenshot } from './harness.mjs';

const require = createRequire(import.meta.url);
require('tsx/cjs');
const { colorOf } = require('../../src/picture/color.ts');

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const fx = (name) => join(FX, `${name}.npy`);
const expected = JSON.parse(readFileSync(join(FX, 'expected.json'), 'utf8'));

const canvasSel = (kind) => `canvas[data-picture="${kind}"]`;

/** RGBA of the canvas at a CSS point (device pixels read back). */
async function pixelAt(page, kind, x, y) {
  return page.$eval(
    canvasSel(kind),
    (c, [x, y]) => {
      const dpr = window.devicePixelRatio || 1;
      return Array.from(c.getContext('2d').getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data);
    },
    [x, y],
  );
}

async function switchTo(page, id) {
  assert.ok(await page.$(`#npy-view-select option[data-view="${id}"]`), `the switcher offers ${id}`);
  await page.selectOption('#npy-view-select', id);
  await page.waitForSelector(canvasSel(id), { timeout: 10000 });
}

async function waitExact(page, kind) {
  await page.waitForSelector(`${canvasSel(kind)}[data-level="exact"]`, { timeout: 20000 });
}

async function hoverCell(page, kind, row, col) {
  const box = await page.locator(canvasSel(kind)).boundingBox();
  const p = await picturePoint(page, row, col);
  await page.mouse.move(box.x + p.x, box.y + p.y);
}

describe('webview pictures', function () {
  const suite = viewerSuite();

  async function view(name, opts = {}) {
    return suite.open(fx(name), opts);
  }

  it('heatmap: colours follow viridis over the finite min/max, NaN and ±inf apart, hover shows numpy str()', async () => {
    const { page, host, errors } = await view('pic_heat');
    assert.ok(await page.$('#npy-view-select option[data-view="grid"]'));
    await switchTo(page, 'heatmap');
    await waitExact(page, 'heatmap');
    const c = page.locator(canvasSel('heatmap'));
    assert.strictEqual(await c.getAttribute('data-colormap'), 'viridis');
    const [lo, hi] = expected.pic_heat.finite;
    assert.strictEqual(await c.getAttribute('data-domain'), `${lo},${hi}`);
    const mapping = { colormap: 'viridis', scale: 'linear', domain: [lo, hi] };
    for (const [r, col] of [
      [0, 0],
      [12, 7],
      [30, 40],
      [59, 79],
    ]) {
      const p = await picturePoint(page, r, col);
      const got = await pixelAt(page, 'heatmap', p.x, p.y);
      assert.deepStrictEqual(got, [...colorOf((r * 80 + col) / 10, mapping)], `pixel of [${r}, ${col}]`);
    }
    const at = async (r, col) => pixelAt(page, 'heatmap', ...Object.values(await picturePoint(page, r, col)));
    // NaN is transparent over the stage's grey check (no colour of viridis is grey).
    const nan = await at(5, 7);
    assert.ok(nan[0] === nan[1] && nan[1] === nan[2], `NaN shows the grey check, got ${nan}`);
    assert.deepStrictEqual(await at(6, 7), [255, 0, 255, 255], '+inf is magenta');
    assert.deepStrictEqual(await at(7, 7), [0, 255, 255, 255], '−inf is cyan');
    await hoverCell(page, 'heatmap', 12, 7);
    await page.waitForFunction((want) => document.querySelector('[data-hover-value]')?.textContent.endsWith(want), `[12, 7] ${expected.pic_heat['12,7']}`, {
      timeout: 5000,
    });
    // The colourbar has ticks; the legend names NaN and ±inf.
    assert.ok((await page.$$('.npy-cbar-tick')).length >= 3);
    assert.strictEqual((await page.$$('.npy-cbar-special')).length, 3);
    await screenshot(page, 'heatmap-dark');

    // Recolour without asking the host again.
    const asked = host.ofType('picture').length;
    await page.selectOption('.npy-pic-colormap', 'magma');
    await page.waitForSelector(`${canvasSel('heatmap')}[data-colormap="magma"]`);
    const p = await picturePoint(page, 30, 40);
    assert.deepStrictEqual(await pixelAt(page, 'heatmap', p.x, p.y), [...colorOf(244, { ...mapping, colormap: 'magma' })]);
    await page.fill('.npy-pic-domain', '0,100');
    await page.press('.npy-pic-domain', 'Enter');
    await page.waitForSelector(`${canvasSel('heatmap')}[data-domain="0,100"]`);
    assert.deepStrictEqual(await pixelAt(page, 'heatmap', p.x, p.y), [...colorOf(244, { ...mapping, colormap: 'magma', domain: [0, 100] })]);
    assert.strictEqual(host.ofType('picture').length, asked, 'recolouring sent no picture request');
    // A bad domain, or a log scale over a domain reaching 0: one line, and the picture keeps its last colours.
    await page.fill('.npy-pic-domain', '1,x');
    await page.press('.npy-pic-domain', 'Enter');
    await page.waitForFunction(() => /not lo,hi/.test(document.querySelector('.npy-pic-note')?.textContent ?? ''));
    await page.fill('.npy-pic-domain', '');
    await page.press('.npy-pic-domain', 'Enter');
    await page.waitForFunction(() => document.querySelector('.npy-pic-note')?.textContent === '');
    await page.selectOption('.npy-pic-scale', 'log');
    await page.waitForSelector(`${canvasSel('heatmap')}[data-scale="log"]`);
    // log: the smallest positive value is the low end (the sampled range has the data's 0.1).
    assert.match(await c.getAttribute('data-domain'), /^0\.1,/);

    // Double-click: the table at that cell.
    const box = await c.boundingBox();
    const q = await picturePoint(page, 12, 7);
    await page.mouse.dblclick(box.x + q.x, box.y + q.y);
    await page.waitForSelector('[data-row="12"][data-col="7"].npy-focus', { timeout: 5000 });
    assert.deepStrictEqual(errors, []);
  });

  it('heatmap: a sampled picture first, then exact; zooming in re-reads finer until one pixel is one element', async () => {
    const { page, host, errors } = await view('pic_zoom');
    await switchTo(page, 'heatmap');
    await waitExact(page, 'heatmap');
    const first = host.ofType('picture');
    assert.strictEqual(first[0].level, 'sampled');
    assert.ok(
      first.some((m) => m.level === 'exact'),
      'an exact pass followed',
    );
    const block = () => page.evaluate(() => window.__npy.app.activeView.mounted.testHooks.picture.state.pic?.block);
    assert.ok((await block()) > 1, 'the whole 2048 × 1536 view is drawn in blocks');
    const box = await page.locator(canvasSel('heatmap')).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 20 && (await block()) !== 1; i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(150);
    }
    await waitExact(page, 'heatmap');
    assert.strictEqual(await block(), 1);
    const last = host.ofType('picture').at(-1);
    assert.ok(Number(last.region.rows) < 2048, `the last request is for the visible region (${last.region.rows} rows)`);
    // The value under the cursor at one element per pixel is that element (arange % 1000).
    const { vp } = await page.evaluate(() => window.__npy.app.activeView.mounted.testHooks.picture.state);
    const r = Math.floor(vp.y0 + box.height / 2 / vp.scale) + 2;
    const col = Math.floor(vp.x0 + box.width / 2 / vp.scale) + 3;
    await hoverCell(page, 'heatmap', r, col);
    const want = `[${r}, ${col}] ${(r * 1536 + col) % 1000}.0`;
    await page
      .waitForFunction((want) => document.querySelector('[data-hover-value]')?.textContent === want, want, { timeout: 5000 })
      .catch(async () => assert.fail(`hover: ${await page.textContent('[data-hover-value]')} instead of ${want}`));
    assert.deepStrictEqual(errors, []);
  });

  for (const theme of ['light', 'dark']) {
    it(`image (${theme}): RGB uint8 pixels as they are, hover shows the channels`, async () => {
      const { page, errors } = await view('pic_rgb', { theme });
      await switchTo(page, 'image');
      await waitExact(page, 'image');
      const p = await picturePoint(page, 10, 20);
      assert.deepStrictEqual(await pixelAt(page, 'image', p.x, p.y), [100, 60, 200, 255]);
      await hoverCell(page, 'image', 10, 20);
      await page.waitForFunction((want) => document.querySelector('[data-hover-value]')?.textContent === want, `[10, 20] ${expected.pic_rgb['10,20']}`, {
        timeout: 5000,
      });
      await screenshot(page, `image-${theme}`);
      assert.deepStrictEqual(errors, []);
    });

    it(`line (${theme}): the M4 envelope keeps a one-element spike; hover; export`, async () => {
      const { page, host, errors } = await view('pic_line', { theme });
      await switchTo(page, 'line');
      await waitExact(page, 'line');
      const c = page.locator(canvasSel('line'));
      assert.strictEqual(await c.getAttribute('data-domain'), `${expected.pic_line.min},${expected.pic_line.max}`);
      // The spike (9.0 at 2500 of 5000 values in fewer pixel columns) reaches the top of the plot.
      const top = await c.evaluate((el) => {
        const g = el.getContext('2d');
        const dpr = window.devicePixelRatio || 1;
        const x0 = Math.round(66 * dpr);
        const d = g.getImageData(x0, Math.round(11 * dpr), el.width - x0, 1).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
      });
      assert.ok(top >= 1 && top < 20, `line pixels on the top row: ${top}`);
      const box = await c.boundingBox();
      const { vp } = await page.evaluate(() => {
        const p = window.__npy.app.activeView.mounted.testHooks.picture;
        return { vp: { x0: p.x0, scale: p.scale } };
      });
      await page.mouse.move(box.x + 64 + (2500.5 - vp.x0) * vp.scale, box.y + box.height / 2);
      await page.waitForFunction((want) => document.querySelector('[data-hover-value]')?.textContent === want, `[2500] ${expected.pic_line['2500']}`, {
        timeout: 5000,
      });
      await screenshot(page, `line-${theme}`);
      await page.click('.npy-pic-export');
      await page.waitForFunction(() => /Saved/.test(document.getElementById('npy-status')?.textContent ?? ''), null, { timeout: 5000 });
      const png = host.saved.at(-1);
      assert.deepStrictEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47], 'a PNG was saved');
      assert.deepStrictEqual(errors, []);
    });
  }

  it('line of a row of a 2-D view: the row box picks it, hover names [row, col]', async () => {
    const { page, host, errors } = await view('pic_heat');
    await switchTo(page, 'line');
    await waitExact(page, 'line');
    assert.ok(await page.isVisible('.npy-pic-row'));
    await page.fill('.npy-pic-row', '12');
    await page.press('.npy-pic-row', 'Enter');
    const last = () => host.ofType('picture').at(-1);
    await page.waitForFunction(() => document.querySelector('canvas[data-picture="line"]')?.dataset.level === 'exact');
    assert.strictEqual(last().region.row0, '12');
    const c = page.locator(canvasSel('line'));
    const box = await c.boundingBox();
    const { x0, scale } = await page.evaluate(() => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      return { x0: p.x0, scale: p.scale };
    });
    await page.mouse.move(box.x + 64 + (7.5 - x0) * scale, box.y + box.height / 2);
    await page.waitForFunction((want) => document.querySelector('[data-hover-value]')?.textContent === want, `[12, 7] ${expected.pic_heat['12,7']}`, {
      timeout: 5000,
    });
    assert.deepStrictEqual(errors, []);
  });

  it('several lines of a 2-D view: each row its own colour and envelope on one domain; hover lists each (numpy)', async () => {
    const { page, host, errors } = await view('pic_heat');
    await switchTo(page, 'line');
    await waitExact(page, 'line');
    await page.fill('.npy-pic-row', '12');
    await page.press('.npy-pic-row', 'Enter');
    await page.fill('.npy-pic-rows', '40');
    await page.press('.npy-pic-rows', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('.npy-pic-legend-item').length === 2);
    await page.waitForFunction(() => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      return p.extras[0]?.pic?.level === 'exact' && p.pic?.level === 'exact' && p.pic.row0 === 12;
    });
    await waitExact(page, 'line');
    await settle(page);
    assert.ok(
      host.ofType('picture').some((r) => r.region.row0 === '40' && r.kind === 'line'),
      'row 40 was asked for',
    );
    const py = `import numpy as np, sys, json
a = np.load(sys.argv[1]); b = a[[12, 40]]
print(json.dumps({'lo': float(b.min()), 'hi': float(b.max()), 'v': {str(r): [float(a[r, c]) for c in range(80)] for r in (12, 40)}, 's': [str(a[40, 7]), str(a[12, 7])]}))`;
    const np = JSON.parse(execFileSync('python3', ['-c', py, fx('pic_heat')], { encoding: 'utf8' }));
    const c = page.locator(canvasSel('line'));
    assert.deepStrictEqual((await c.getAttribute('data-domain')).split(',').map(Number), [np.lo, np.hi], 'one domain: min/max of both rows');
    const legend = await page.$$eval('.npy-pic-legend-item', (els) => els.map((e) => ({ row: e.dataset.row, color: e.dataset.color.split(',').map(Number) })));
    assert.deepStrictEqual(
      legend.map((l) => l.row),
      ['12', '40'],
    );
    assert.notDeepStrictEqual(legend[0].color, legend[1].color, 'two colours');
    // Each bucket's stroke (one element per bucket here) sits at the element's value, in its line's colour.
    for (const [k, row] of [
      [0, 12],
      [1, 40],
    ]) {
      for (const col of [0, 7, 33, 79]) {
        const px = await c.evaluate(
          (el, [col, v, lo, hi]) => {
            const p = window.__npy.app.activeView.mounted.testHooks.picture;
            const dpr = window.devicePixelRatio || 1;
            const W = Math.round(80 * p.scale * dpr);
            const H = Math.round((el.clientHeight - 34) * dpr);
            const x = Math.round((64 - p.x0 * p.scale) * dpr) + Math.floor(((col + 0.5) * W) / 80);
            const y = Math.round(10 * dpr) + Math.round((1 - (v - lo) / (hi - lo)) * (H - 1));
            return Array.from(el.getContext('2d').getImageData(x, y, 1, 1).data);
          },
          [col, np.v[row][col], np.lo, np.hi],
        );
        assert.deepStrictEqual(px, legend[k].color, `row ${row}, column ${col}`);
      }
    }
    const box = await c.boundingBox();
    const { x0, scale } = await page.evaluate(() => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      return { x0: p.x0, scale: p.scale };
    });
    await page.mouse.move(box.x + 64 + (7.5 - x0) * scale, box.y + box.height / 2);
    await page.waitForFunction((want) => document.querySelector('[data-hover-value]')?.textContent === want, `[40, 7] ${np.s[0]} · [12, 7] ${np.s[1]}`, {
      timeout: 5000,
    });
    await screenshot(page, 'line-several');
    // A bad list keeps the lines and says why in one line.
    await page.fill('.npy-pic-rows', '3, 999');
    await page.press('.npy-pic-rows', 'Enter');
    await page.waitForFunction(() => /More rows/.test(document.querySelector('.npy-pic-note')?.textContent ?? ''));
    assert.strictEqual(await page.$$eval('.npy-pic-legend-item', (els) => els.length), 2);
    assert.deepStrictEqual(errors, []);
  });

  it('Copy picture without an image clipboard (an insecure origin, as code-server over http on another host) says to export', async () => {
    // (The copy itself is checked in code-server, pixel for pixel: test/e2e/picture.e2e.mjs.) The test page's origin
    // is not secure already; the init script keeps it so should that change.
    const context = await suite.browser.newContext({ viewport: { width: 1100, height: 700 } });
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    const { page, errors } = await view('pic_heat', { context });
    await switchTo(page, 'heatmap');
    await waitExact(page, 'heatmap');
    await page.click('.npy-pic-copy');
    await page.waitForFunction(() => /Export PNG/.test(document.getElementById('npy-status')?.textContent ?? ''), null, { timeout: 5000 });
    assert.match(await page.textContent('#npy-status'), /gives the webview no image clipboard \(it needs https or localhost\): use Export PNG… instead/);
    assert.deepStrictEqual(errors, []);
  });

  it('a fitted picture fits again when the stage resizes; one the user zoomed stays as it was', async () => {
    const { page, errors } = await view('pic_heat');
    await switchTo(page, 'heatmap');
    await waitExact(page, 'heatmap');
    const heat = () =>
      page.evaluate(() => {
        const p = window.__npy.app.activeView.mounted.testHooks.picture;
        const w = p.canvas.clientWidth;
        const h = p.canvas.clientHeight;
        const s = Math.min(w / 80, h / 60);
        return { vp: p.state.vp, fit: { scale: s, x0: -(w / s - 80) / 2, y0: -(h / s - 60) / 2 } };
      });
    const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} instead of ${b}`);
    const resized = async (width, height) => {
      const before = await page.evaluate(() => document.querySelector('canvas[data-picture]').clientWidth);
      await page.setViewportSize({ width, height });
      await page.waitForFunction((w) => document.querySelector('canvas[data-picture]').clientWidth !== w, before);
      await settle(page);
    };
    await resized(800, 520);
    let { vp, fit } = await heat();
    for (const k of ['scale', 'x0', 'y0']) near(vp[k], fit[k], `fitted ${k} after a resize`);
    await page.focus('.npy-pic-stage');
    await page.keyboard.press('+');
    await settle(page);
    const zoomed = (await heat()).vp;
    await resized(1000, 640);
    ({ vp } = await heat());
    assert.deepStrictEqual(vp, zoomed, 'a zoomed view keeps its viewport');
    await page.click('.npy-pic-fit');
    await resized(760, 500);
    ({ vp, fit } = await heat());
    for (const k of ['scale', 'x0', 'y0']) near(vp[k], fit[k], `${k} after Fit and a resize`);
    // The line plot: its x axis spans the plot area after a resize while it is fitted.
    await switchTo(page, 'line');
    await waitExact(page, 'line');
    await resized(1000, 600);
    const line = await page.evaluate(() => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      return { scale: p.scale, x0: p.x0, plotW: p.plotW };
    });
    near(line.scale, line.plotW / 80, 'line scale after a resize');
    assert.strictEqual(line.x0, 0);
    assert.deepStrictEqual(errors, []);
  });

  it('heatmap (light) screenshot and a 1-D array offers no heatmap', async () => {
    const { page } = await view('pic_heat', { theme: 'light' });
    await switchTo(page, 'heatmap');
    await waitExact(page, 'heatmap');
    await screenshot(page, 'heatmap-light');
    const line = await view('pic_line');
    assert.strictEqual(await line.page.$('#npy-view-select option[data-view="heatmap"]'), null);
    assert.ok(await line.page.$('#npy-view-select option[data-view="line"]'));
  });
});
