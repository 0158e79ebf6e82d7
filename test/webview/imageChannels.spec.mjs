// The image view's channel axis in the shared N-D controls: every channel is drawn, so the controls show that axis
// as the image's channels (a disabled box reading RGB / RGBA, no stepper) and the slice box writes `:` there; the
// table shows it as a normal index again. Also: an (H, W, 3) float image is mapped through the data's domain, and
// an (N, H, W, 4) uint8 stack steps through N with the axis-0 stepper, each image's pixels as numpy has them.
import assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { viewerSuite, settle, screenshot } from './harness.mjs';

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const canvas = 'canvas[data-picture="image"]';

function makeFixtures() {
  const script = `
import numpy as np, sys, json, os
out = sys.argv[1]
rgb = np.zeros((40, 50, 3), dtype='u1')
rgb[..., 0] = np.arange(50, dtype='u1')[None, :] * 5
rgb[..., 1] = np.arange(40, dtype='u1')[:, None] * 6
rgb[..., 2] = 200
np.save(os.path.join(out, 'ch_rgb.npy'), rgb)
f = (np.add.outer(np.arange(30.0), np.arange(20.0))[..., None] * np.array([1.0, -0.5, 2.0])).astype('<f4')
np.save(os.path.join(out, 'ch_float.npy'), f)
stack = np.zeros((4, 20, 30, 4), dtype='u1')
for n in range(4):
    stack[n, ..., 0] = 60 * n
    stack[n, ..., 1] = np.arange(30, dtype='u1')[None, :] * 8
    stack[n, ..., 2] = np.arange(20, dtype='u1')[:, None] * 12
    stack[n, ..., 3] = 255
np.save(os.path.join(out, 'ch_stack.npy'), stack)
json.dump({'float': [float(f.min()), float(f.max())], 'stack': {f'{n},{r},{c}': stack[n, r, c].tolist() for n in range(4) for r, c in [(0, 0), (7, 11), (19, 29)]}},
          open(os.path.join(out, 'ch_expected.json'), 'w'))
`;
  execFileSync('python3', ['-c', script, FX]);
  return JSON.parse(readFileSync(join(FX, 'ch_expected.json'), 'utf8'));
}

/** What the N-D controls show for each stepped axis, and the slice box. */
async function controls(page) {
  return page.evaluate(() => ({
    axes: Array.from(document.querySelectorAll('.npy-index')).map((w) => {
      const input = w.querySelector('.npy-index-input');
      return {
        axis: Number(w.dataset.axis),
        value: input.value,
        disabled: input.disabled,
        steppers: w.querySelectorAll('.npy-step').length,
        size: w.querySelector('.npy-index-size')?.textContent,
      };
    }),
    slice: document.getElementById('npy-slice-input').value,
  }));
}

async function switchTo(page, id) {
  await page.selectOption('#npy-view-select', id);
  if (id !== 'grid') await page.waitForSelector(`canvas[data-picture="${id}"]`, { timeout: 10000 });
  await settle(page);
}

async function waitExact(page) {
  await page.waitForSelector(`${canvas}[data-level="exact"]`, { timeout: 20000 });
  await settle(page);
}

/** RGBA the canvas shows at element (row, col) of the image. */
async function pixelOf(page, row, col) {
  return page.evaluate(
    ([row, col]) => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      const vp = p.state.vp;
      const dpr = window.devicePixelRatio || 1;
      const x = (col + 0.5 - vp.x0) * vp.scale;
      const y = (row + 0.5 - vp.y0) * vp.scale;
      return Array.from(p.canvas.getContext('2d').getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data);
    },
    [row, col],
  );
}

describe('webview image channels', function () {
  const suite = viewerSuite();
  let expected;
  before(() => {
    expected = makeFixtures();
  });

  it('the channel axis shows as RGB (all channels drawn), the slice box writes `:` there; the table shows an index again', async () => {
    const { page, host, errors } = await suite.open(join(FX, 'ch_rgb.npy'));
    await switchTo(page, 'image');
    await waitExact(page);
    // Fitted to the stage it ends in: centred, the whole image shown (no colourbar panel took room first).
    const fit = await page.evaluate(() => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      const { vp } = p.state;
      const w = p.canvas.clientWidth;
      const h = p.canvas.clientHeight;
      const s = Math.min(w / 50, h / 40);
      return { vp: [vp.x0, vp.y0, vp.scale], want: [-(w / s - 50) / 2, -(h / s - 40) / 2, s] };
    });
    fit.vp.forEach((v, k) => assert.ok(Math.abs(v - fit.want[k]) < 1e-9, `viewport ${fit.vp} is not the fit ${fit.want}`));
    const shown = await controls(page);
    assert.deepStrictEqual(shown.axes, [{ axis: 2, value: 'RGB', disabled: true, steppers: 0, size: '/ 3' }]);
    assert.strictEqual(shown.slice, 'a[:, :, :]');
    // The host is told the channel axis is drawn whole: Export View and Copy as NumPy Code take all of it.
    const reported = host.ofType('viewChanged').at(-1);
    assert.strictEqual(reported.whole, 2, JSON.stringify(reported));
    assert.strictEqual(reported.view.axes[2].index, '0');
    const title = await page.$eval('.npy-index[data-axis="2"]', (w) => w.title);
    assert.match(title, /3 channels: all of them are drawn/);
    await screenshot(page, 'image-channels');
    // The slice box reads its own text back; a channel index there is refused in one line that says why.
    await page.fill('#npy-slice-input', 'a[::2, 10:40]');
    await page.press('#npy-slice-input', 'Enter');
    await waitExact(page);
    assert.strictEqual((await controls(page)).slice, 'a[::2, 10:40, :]');
    await page.fill('#npy-slice-input', 'a[:, :, 1]');
    await page.press('#npy-slice-input', 'Enter');
    await page.waitForFunction(() => document.getElementById('npy-slice-input').classList.contains('npy-invalid'));
    const message = await page.textContent('body');
    assert.match(message, /axis 2 is drawn whole \(all 3 of it\): write ':' there/);
    await page.press('#npy-slice-input', 'Escape');
    // Back in the table: a normal index for axis 2, as the table shows one channel.
    await switchTo(page, 'grid');
    const table = await controls(page);
    assert.deepStrictEqual(table.axes, [{ axis: 2, value: '0', disabled: false, steppers: 2, size: '/ 3' }]);
    assert.strictEqual(table.slice, 'a[::2, 10:40, 0]');
    assert.strictEqual(host.ofType('viewChanged').at(-1).whole, undefined, 'the table shows channel 0 only');
    assert.deepStrictEqual(errors, []);
  });

  it('an (H, W, 3) float image is mapped through the data domain (numpy min/max)', async () => {
    const { page, errors } = await suite.open(join(FX, 'ch_float.npy'));
    await switchTo(page, 'image');
    await waitExact(page);
    assert.strictEqual(await page.getAttribute(canvas, 'data-domain'), expected.float.join(','));
    assert.deepStrictEqual((await controls(page)).axes, [{ axis: 2, value: 'RGB', disabled: true, steppers: 0, size: '/ 3' }]);
    assert.deepStrictEqual(errors, []);
  });

  it('an (N, H, W, 4) uint8 stack: RGBA channels, the axis-0 stepper steps through the images', async () => {
    const { page, host, errors } = await suite.open(join(FX, 'ch_stack.npy'));
    await switchTo(page, 'image');
    await waitExact(page);
    let shown = await controls(page);
    assert.deepStrictEqual(shown.axes, [
      { axis: 0, value: '0', disabled: false, steppers: 2, size: '/ 4' },
      { axis: 3, value: 'RGBA', disabled: true, steppers: 0, size: '/ 4' },
    ]);
    assert.strictEqual(shown.slice, 'a[0, :, :, :]');
    for (const n of [0, 1, 2, 3]) {
      if (n > 0) {
        await page.click('.npy-index[data-axis="0"] .npy-step:last-of-type');
        // Image n was asked for (all four channels, read from channel index 0), then shown exactly.
        const deadline = Date.now() + 10000;
        const asked = () => host.ofType('picture').some((r) => r.channels === 4 && r.view.axes[0].index === String(n) && r.view.axes[3].index === '0');
        while (!asked() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.ok(asked(), `image ${n} was asked for`);
        await waitExact(page);
      }
      shown = await controls(page);
      assert.strictEqual(shown.slice, `a[${n}, :, :, :]`);
      for (const [r, c] of [
        [0, 0],
        [7, 11],
        [19, 29],
      ]) {
        assert.deepStrictEqual(await pixelOf(page, r, c), expected.stack[`${n},${r},${c}`], `image ${n}, pixel [${r}, ${c}]`);
      }
    }
    assert.deepStrictEqual(errors, []);
  });
});
