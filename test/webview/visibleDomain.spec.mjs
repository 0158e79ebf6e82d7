// The heatmap's visible-region domain when zoomed out (many elements per pixel), in Chromium against the fake host:
// once the picture is exact it is numpy's finite min/max of the elements of the blocks that show, whatever the
// reduce (a mean of the blocks would hide both extremes), and `data-domain` follows a zoom.
import assert from 'assert';
import { execFileSync } from 'child_process';
import { join } from 'path';
import { viewerSuite, boxZoom, settle, screenshot } from './harness.mjs';

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const file = join(FX, 'vis_heat.npy');
const ROWS = 2400;
const COLS = 3200;
const canvas = 'canvas[data-picture="heatmap"]';

function makeFixture() {
  const script = `
import numpy as np, sys, os
rng = np.random.default_rng(11)
a = rng.standard_normal((${ROWS}, ${COLS})).astype('<f4')
a[7, 2900] = 40.0; a[2000, 30] = -35.0; a[100, 100] = np.nan; a[200, 2500] = np.inf; a[300, 2600] = -np.inf
np.save(os.path.join(sys.argv[1], 'vis_heat.npy'), a)
`;
  execFileSync('python3', ['-c', script, FX]);
}

/** numpy's finite min/max of a[r0:r1, c0:c1]. */
function finite(r0, r1, c0, c1) {
  const py = `import numpy as np, sys; b = np.load(sys.argv[1])[${r0}:${r1}, ${c0}:${c1}]; f = b[np.isfinite(b)]; print(repr(float(f.min())), repr(float(f.max())))`;
  return execFileSync('python3', ['-c', py, file], { encoding: 'utf8' }).trim().split(' ').map(Number);
}

/** The blocks of the shown picture that meet the visible region, as element bounds [r0, r1, c0, c1), and the block. */
function shownBlocks(page) {
  return page.evaluate(
    ([rows, cols]) => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      const { vp } = p.state;
      const pic = p.pic;
      const c = document.querySelector('canvas[data-picture="heatmap"]');
      const b = pic.block;
      const r0 = Math.max(0, Math.floor(vp.y0));
      const r1 = Math.min(rows, Math.ceil(vp.y0 + c.clientHeight / (vp.scale * (vp.stretch ?? 1))));
      const c0 = Math.max(0, Math.floor(vp.x0));
      const c1 = Math.min(cols, Math.ceil(vp.x0 + c.clientWidth / vp.scale));
      const down = (v, o) => o + Math.floor((v - o) / b) * b;
      const up = (v, o, n) => Math.min(n, o + Math.ceil((v - o) / b) * b);
      return { block: b, bounds: [down(r0, pic.row0), up(r1, pic.row0, rows), down(c0, pic.col0), up(c1, pic.col0, cols)] };
    },
    [ROWS, COLS],
  );
}

describe('webview heatmap: visible-region domain zoomed out', function () {
  const suite = viewerSuite();
  before(() => makeFixture());

  it("with reduce=mean, exact: the domain is numpy's finite min/max of the visible elements, and follows a zoom", async () => {
    const { page, errors } = await suite.open(file);
    await page.selectOption('#npy-view-select', 'heatmap');
    await page.waitForSelector(canvas, { timeout: 10000 });
    await page.selectOption('.npy-pic-reduce', 'mean');
    await page.selectOption('.npy-pic-domain-auto', 'visible');
    await page.waitForSelector(`${canvas}[data-level="exact"][data-domain-source="visible"]`, { timeout: 30000 });
    await settle(page);
    const whole = await shownBlocks(page);
    assert.ok(whole.block > 1, `zoomed out: ${whole.block} elements a pixel`);
    assert.deepStrictEqual(whole.bounds, [0, ROWS, 0, COLS], 'the whole view shows');
    assert.deepStrictEqual((await page.getAttribute(canvas, 'data-domain')).split(',').map(Number), [-35, 40], "numpy's finite min/max, not the means'");
    // Box zoom on rows 0..1300, columns 1700..3200: still blocks of several elements, the 40 in view, the −35 not.
    await boxZoom(page, canvas, [0, 1700], [1300, 3199]);
    await page.waitForFunction((sel) => !document.querySelector(sel).dataset.domain.startsWith('-35,'), canvas, { timeout: 10000 });
    await page.waitForSelector(`${canvas}[data-level="exact"]`, { timeout: 30000 });
    await settle(page);
    const zoomed = await shownBlocks(page);
    assert.ok(zoomed.block > 1, `still zoomed out: ${zoomed.block} elements a pixel`);
    const want = finite(...zoomed.bounds);
    assert.strictEqual(want[1], 40, `the 40 shows (${zoomed.bounds})`);
    assert.deepStrictEqual((await page.getAttribute(canvas, 'data-domain')).split(',').map(Number), want, `numpy over ${zoomed.bounds}`);
    await screenshot(page, 'heatmap-visible-domain-zoomed-out');
    assert.deepStrictEqual(errors, []);
  });
});
