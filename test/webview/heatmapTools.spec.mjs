// Heatmap tools in Chromium against the fake host: the robust colour domain (the view's percentiles 1–99 from the
// statistics pass, checked against numpy's np.nanpercentile), aspect equal / fill, flips (the picture and the
// value under the cursor mirror together) and box zoom (shift-drag).
import assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import { join } from 'path';
import { viewerSuite, picturePoint, boxZoom, settle, screenshot } from './harness.mjs';

const require = createRequire(import.meta.url);
require('tsx/cjs');
const { colorOf } = require('../../src/picture/color.ts');

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const file = join(FX, 'tools_heat.npy');
const ROWS = 200;
const COLS = 100;
/** A typed domain over the ramp (the outliers would squeeze it into one colour). */
const RAMP = [0, 425];
const canvas = 'canvas[data-picture="heatmap"]';

function makeFixture() {
  const script = `
import numpy as np, sys, json, os
out = sys.argv[1]
a = np.add.outer(np.arange(200) * 2.0, np.arange(100) / 4.0)
a[3, 5] = 1e6; a[150, 90] = -1e6; a[50, 50] = 5e5
np.save(os.path.join(out, 'tools_heat.npy'), a)
p1, p99 = np.nanpercentile(a, [1, 99])
json.dump({'p1': str(p1), 'p99': str(p99), 'min': float(a.min()), 'max': float(a.max()), 's_12_34': str(a[12, 34])}, open(os.path.join(out, 'tools_expected.json'), 'w'))
`;
  execFileSync('python3', ['-c', script, FX]);
  return JSON.parse(readFileSync(join(FX, 'tools_expected.json'), 'utf8'));
}

const value = (r, c) => (r === 3 && c === 5 ? 1e6 : r === 150 && c === 90 ? -1e6 : r === 50 && c === 50 ? 5e5 : r * 2 + c / 4);

async function pixelAt(page, { x, y }) {
  return page.$eval(
    canvas,
    (c, [x, y]) => {
      const dpr = window.devicePixelRatio || 1;
      return Array.from(c.getContext('2d').getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data);
    },
    [x, y],
  );
}

const vpOf = (page) => page.evaluate(() => window.__npy.app.activeView.mounted.testHooks.picture.state.vp);

async function hoverAt(page, p, want) {
  const box = await page.locator(canvas).boundingBox();
  await page.mouse.move(box.x + p.x, box.y + p.y);
  await page
    .waitForFunction((w) => document.querySelector('[data-hover-value]')?.textContent.startsWith(w), want, { timeout: 5000 })
    .catch(async () => assert.fail(`hover: ${await page.textContent('[data-hover-value]')} instead of ${want}…`));
}

describe('webview heatmap tools', function () {
  let expected;

  const suite = viewerSuite();
  before(() => {
    expected = makeFixture();
  });

  async function heatmap(typed = false) {
    const v = await suite.open(file);
    await v.page.selectOption('#npy-view-select', 'heatmap');
    await v.page.waitForSelector(`${canvas}[data-level="exact"]`, { timeout: 20000 });
    if (typed) {
      await v.page.fill('.npy-pic-domain', RAMP.join(','));
      await v.page.press('.npy-pic-domain', 'Enter');
      await v.page.waitForSelector(`${canvas}[data-domain="${RAMP.join(',')}"]`);
    }
    return v;
  }

  it("robust domain: the view's percentiles 1–99 from the statistics pass, as numpy computes them", async () => {
    const { page, host, errors } = await heatmap();
    const c = page.locator(canvas);
    assert.strictEqual(await c.getAttribute('data-domain'), `${expected.min},${expected.max}`, 'min–max first');
    assert.strictEqual(host.ofType('stats').length, 0, 'no statistics pass until asked');
    await page.selectOption('.npy-pic-domain-auto', 'robust');
    await page.waitForSelector(`${canvas}[data-domain-source="robust"]`, { timeout: 20000 });
    const [lo, hi] = (await c.getAttribute('data-domain')).split(',').map(Number);
    assert.deepStrictEqual([lo, hi], [Number(expected.p1), Number(expected.p99)], 'np.nanpercentile(a, [1, 99])');
    const asked = host.ofType('stats');
    assert.strictEqual(asked.length, 1);
    assert.strictEqual(asked[0].scope, 'view');
    // An element inside the domain takes its colour; the outliers are clamped to the ends.
    const mapping = { colormap: 'viridis', scale: 'linear', domain: [lo, hi] };
    assert.deepStrictEqual(await pixelAt(page, await picturePoint(page, 12, 34)), [...colorOf(value(12, 34), mapping)]);
    assert.deepStrictEqual(await pixelAt(page, await picturePoint(page, 3, 5)), [...colorOf(hi, mapping)]);
    assert.deepStrictEqual(await pixelAt(page, await picturePoint(page, 150, 90)), [...colorOf(lo, mapping)]);
    // A typed domain wins; cleared, the robust one is back without a second pass.
    await page.fill('.npy-pic-domain', '0,10');
    await page.press('.npy-pic-domain', 'Enter');
    await page.waitForSelector(`${canvas}[data-domain="0,10"][data-domain-source="typed"]`);
    await page.fill('.npy-pic-domain', '');
    await page.press('.npy-pic-domain', 'Enter');
    await page.waitForSelector(`${canvas}[data-domain-source="robust"]`);
    await page.selectOption('.npy-pic-domain-auto', 'minmax');
    await page.waitForSelector(`${canvas}[data-domain="${expected.min},${expected.max}"][data-domain-source="data"]`);
    assert.strictEqual(host.ofType('stats').length, 1, 'the percentiles were asked for once');
    assert.deepStrictEqual(errors, []);
  });

  it('aspect fill stretches the view over the whole canvas; equal keeps square elements', async () => {
    const { page, errors } = await heatmap(true);
    let vp = await vpOf(page);
    assert.ok(!vp.stretch || vp.stretch === 1, 'equal: square elements');
    const size = await page.$eval(canvas, (c) => ({ w: c.clientWidth, h: c.clientHeight }));
    await page.selectOption('.npy-pic-aspect', 'fill');
    await page.waitForSelector(`${canvas}[data-aspect="fill"]`);
    vp = await vpOf(page);
    assert.ok(Math.abs(vp.scale * COLS - size.w) < 1e-6, 'the columns span the width');
    assert.ok(Math.abs(vp.scale * vp.stretch * ROWS - size.h) < 1e-6, 'the rows span the height');
    assert.ok(vp.stretch < 0.5, `a tall 200 × 100 view on a wide canvas is flattened (${vp.stretch})`);
    await page.waitForSelector(`${canvas}[data-level="exact"]`, { timeout: 20000 });
    await settle(page);
    const mapping = { colormap: 'viridis', scale: 'linear', domain: RAMP };
    for (const [r, col] of [
      [0, 0],
      [199, 99],
      [12, 34],
    ]) {
      assert.deepStrictEqual(await pixelAt(page, await picturePoint(page, r, col)), [...colorOf(value(r, col), mapping)], `[${r}, ${col}]`);
    }
    // The corners of the canvas are the corner elements.
    assert.deepStrictEqual(await pixelAt(page, { x: 1, y: 1 }), [...colorOf(value(0, 0), mapping)]);
    assert.deepStrictEqual(await pixelAt(page, { x: size.w - 1, y: size.h - 1 }), [...colorOf(value(199, 99), mapping)]);
    await hoverAt(page, await picturePoint(page, 12, 34), `[12, 34] ${expected.s_12_34}`);
    await screenshot(page, 'heatmap-fill');
    await page.selectOption('.npy-pic-aspect', 'equal');
    await page.waitForSelector(`${canvas}[data-aspect="equal"]`);
    vp = await vpOf(page);
    assert.ok(!vp.stretch || vp.stretch === 1);
    assert.deepStrictEqual(errors, []);
  });

  it('flips mirror the picture and the value under the cursor together', async () => {
    const { page, host, errors } = await heatmap(true);
    const mapping = { colormap: 'viridis', scale: 'linear', domain: RAMP };
    const asked = host.ofType('picture').length;
    const plain = await picturePoint(page, 12, 34);
    await page.check('.npy-pic-flip-v');
    await page.waitForSelector(`${canvas}[data-flip="v"]`);
    const v = await picturePoint(page, 12, 34);
    assert.ok(Math.abs(v.x - plain.x) < 1e-9 && Math.abs(v.y - plain.y) > 20, 'flipped vertically: same x, mirrored y');
    assert.deepStrictEqual(await pixelAt(page, v), [...colorOf(value(12, 34), mapping)]);
    assert.notDeepStrictEqual(await pixelAt(page, plain), [...colorOf(value(12, 34), mapping)], 'the old place shows another row');
    await hoverAt(page, v, `[12, 34] ${expected.s_12_34}`);
    await page.check('.npy-pic-flip-h');
    await page.waitForSelector(`${canvas}[data-flip="v,h"]`);
    const vh = await picturePoint(page, 12, 34);
    assert.deepStrictEqual(await pixelAt(page, vh), [...colorOf(value(12, 34), mapping)]);
    await hoverAt(page, vh, `[12, 34] ${expected.s_12_34}`);
    // Row 0 is now at the bottom, column 0 at the right.
    const corner = await picturePoint(page, 0, 0);
    const size = await page.$eval(canvas, (c) => ({ w: c.clientWidth, h: c.clientHeight }));
    assert.ok(corner.x > size.w / 2 && corner.y > size.h / 2, `[0, 0] at the bottom right (${corner.x}, ${corner.y})`);
    assert.strictEqual(host.ofType('picture').length, asked, 'flipping sent no picture request');
    await screenshot(page, 'heatmap-flipped');
    // The arrow keys move the picture as it is drawn: ← moves it right on screen, flipped or not.
    await page.focus('.npy-pic-stage');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    const moved = await picturePoint(page, 12, 34);
    assert.ok(Math.abs(moved.x - vh.x - 40) < 1e-6 && Math.abs(moved.y - vh.y - 40) < 1e-6, `moved right and down by 40 (${JSON.stringify([vh, moved])})`);
    assert.deepStrictEqual(errors, []);
  });

  /** numpy's nanmin/nanmax of the block of the view that shows (the viewport's whole elements on the canvas). */
  async function visibleDomain(page) {
    const vp = await vpOf(page);
    const size = await page.$eval(canvas, (c) => ({ w: c.clientWidth, h: c.clientHeight }));
    const r0 = Math.max(0, Math.floor(vp.y0));
    const r1 = Math.min(ROWS, Math.ceil(vp.y0 + size.h / (vp.scale * (vp.stretch ?? 1))));
    const c0 = Math.max(0, Math.floor(vp.x0));
    const c1 = Math.min(COLS, Math.ceil(vp.x0 + size.w / vp.scale));
    const py = `import numpy as np, sys; b = np.load(sys.argv[1])[${r0}:${r1}, ${c0}:${c1}]; print(repr(float(np.nanmin(b))), repr(float(np.nanmax(b))))`;
    return execFileSync('python3', ['-c', py, file], { encoding: 'utf8' }).trim().split(' ').map(Number);
  }

  it("visible-region domain: the finite min/max of the elements shown, following zoom and pan (numpy's nanmin/nanmax)", async () => {
    const { page, errors } = await heatmap();
    await page.selectOption('.npy-pic-domain-auto', 'visible');
    await page.waitForSelector(`${canvas}[data-domain-source="visible"]`);
    assert.strictEqual(await page.getAttribute(canvas, 'data-domain'), `${expected.min},${expected.max}`, 'the whole view shows');
    // Zoom on rows 40..100, columns 20..40 (holds the 5e5 outlier, not the ±1e6 ones).
    await boxZoom(page, canvas, [40, 20], [100, 40]);
    await page.waitForFunction((sel) => !document.querySelector(sel).dataset.domain.startsWith('-1000000,'), canvas, { timeout: 10000 });
    await page.waitForSelector(`${canvas}[data-level="exact"]`, { timeout: 20000 });
    await settle(page);
    const zoomed = await visibleDomain(page);
    assert.strictEqual(zoomed[1], 5e5, 'the block holds the 5e5 outlier');
    assert.deepStrictEqual((await page.getAttribute(canvas, 'data-domain')).split(',').map(Number), zoomed);
    const mapping = { colormap: 'viridis', scale: 'linear', domain: zoomed };
    assert.deepStrictEqual(await pixelAt(page, await picturePoint(page, 50, 50)), [...colorOf(5e5, mapping)], 'the outlier takes the top colour');
    // Pan away from the outlier: the domain follows the new block.
    await page.focus('.npy-pic-stage');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await page.waitForFunction((sel) => !document.querySelector(sel).dataset.domain.endsWith(',500000'), canvas, { timeout: 10000 });
    await settle(page);
    const panned = await visibleDomain(page);
    assert.ok(panned[1] < 5e5, `panned off the outlier (${panned})`);
    assert.deepStrictEqual((await page.getAttribute(canvas, 'data-domain')).split(',').map(Number), panned);
    await screenshot(page, 'heatmap-visible-domain');
    assert.deepStrictEqual(errors, []);
  });

  it('box zoom: a shift-drag zooms so the box fills the canvas and reads the region again', async () => {
    const { page, host, errors } = await heatmap();
    const box = await page.locator(canvas).boundingBox();
    const a = await picturePoint(page, 40, 20);
    const b = await picturePoint(page, 100, 40);
    const asked = host.ofType('picture').length;
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + a.x, box.y + a.y);
    await page.mouse.down();
    await page.mouse.move(box.x + (a.x + b.x) / 2, box.y + (a.y + b.y) / 2);
    assert.ok(await page.isVisible('.npy-pic-box'), 'the box shows while dragging');
    await page.mouse.move(box.x + b.x, box.y + b.y);
    await page.mouse.up();
    await page.keyboard.up('Shift');
    assert.ok(!(await page.isVisible('.npy-pic-box')), 'the box is gone');
    const vp = await vpOf(page);
    const cols = box.width / vp.scale;
    const rows = box.height / vp.scale;
    // The box (40.5..100.5 rows, 20.5..40.5 columns) is centred and fills the canvas one way, square elements.
    assert.ok(Math.abs(vp.x0 + cols / 2 - 30.5) < 0.01 && Math.abs(vp.y0 + rows / 2 - 70.5) < 0.01, `centred on the box (${JSON.stringify(vp)})`);
    assert.ok(Math.abs(Math.min(cols / 20, rows / 60) - 1) < 0.02, `the box fills the canvas (${cols} × ${rows} elements shown)`);
    for (let i = 0; i < 100 && host.ofType('picture').length === asked; i++) await page.waitForTimeout(50);
    const last = host.ofType('picture').at(-1);
    assert.ok(host.ofType('picture').length > asked, 'the zoomed region was asked for');
    assert.ok(Number(last.region.rows) <= 62 && Number(last.region.row0) >= 38, `the request is for the box's rows (${JSON.stringify(last.region)})`);
    // A shift-click (no box) changes nothing.
    const before = await vpOf(page);
    await page.keyboard.down('Shift');
    await page.mouse.click(box.x + 50, box.y + 50);
    await page.keyboard.up('Shift');
    assert.deepStrictEqual(await vpOf(page), before);
    assert.deepStrictEqual(errors, []);
  });
});
