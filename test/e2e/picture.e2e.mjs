// E2E: the picture views in code-server. A 2-D array switched to the heatmap: canvas colours against viridis for
// values numpy maps (index = min(floor(t·256), 255), the table from matplotlib's data the engine ships), the value
// under the cursor against numpy's str(), and a 100 GiB sparse float32 array zoomed in until one pixel is one
// element (data-level="exact"); the image, line and histogram views with screenshots in every theme kind (dark,
// light and both high contrasts); Copy picture read back from the clipboard. The time from choosing the heatmap to
// the first picture of the 100 GiB array is logged (the target: 1.5 s).
import { createRequire } from 'module';
import { join } from 'path';
import { existsSync } from 'fs';
import { isPng, readPng } from '../harness/pngRead.mjs';
import { assert, sleep } from './lib.mjs';

const require = createRequire(import.meta.url);
require('tsx/cjs');
const { COLORMAP_HEX } = require('../../src/picture/colormapTables.ts');

export const tests = [];
const test = (name, fn, timeoutMs = 90000) => tests.push({ name, fn, timeoutMs });

const BIG = 'heat_163840sq_f4.npy';

export function prepare({ workspace, python }) {
  python(
    [
      'import numpy as np, sys',
      'a = (np.arange(120 * 160, dtype="<f8").reshape(120, 160) % 997) / 8.0',
      'a[3, 4] = np.nan',
      'np.save(sys.argv[1] + "/pic_heat.npy", a)',
      'img = np.zeros((90, 120, 3), dtype="u1")',
      'img[..., 0] = (np.arange(120) * 2)[None, :]',
      'img[..., 1] = (np.arange(90) * 2)[:, None]',
      'img[..., 2] = 160',
      'img[30:60, 40:80] = [250, 250, 40]',
      'np.save(sys.argv[1] + "/pic_rgb.npy", img)',
      'x = np.arange(200000)',
      'line = (np.sin(x / 4000.0) + 0.1 * np.sin(x / 37.0)).astype("<f4")',
      'line[123456] = 4.0',
      'np.save(sys.argv[1] + "/pic_line.npy", line)',
      // Something to look at (the README's picture): interference of two waves and a bright peak.
      'y, x = np.mgrid[0:480, 0:720]',
      'w = np.sin(np.hypot(x - 200, y - 150) / 14.0) + np.sin(np.hypot(x - 520, y - 330) / 19.0)',
      'w += 3.0 * np.exp(-((x - 360) ** 2 + (y - 240) ** 2) / 900.0)',
      'np.save(sys.argv[1] + "/waves.npy", w.astype("<f4"))',
      // 100 GiB of float32, sparse (open_memmap): a ramp in the top-left corner, one point in the middle.
      'm = np.lib.format.open_memmap(sys.argv[1] + "/' + BIG + '", mode="w+", dtype="<f4", shape=(163840, 163840))',
      'm[:64, :64] = np.arange(64 * 64, dtype="<f4").reshape(64, 64) / 4',
      'm[81920, 81920] = 1000.0',
      'm.flush()',
    ].join('\n'),
    workspace,
  );
}

/** Switch the viewer to a view with the switcher; its option carries data-view. */
async function switchTo(wb, id) {
  const sel = wb.viewer.locator('#npy-view-select');
  await sel.waitFor({ timeout: 15000 });
  assert((await wb.viewer.locator(`#npy-view-select option[data-view="${id}"]`).count()) === 1, `the switcher has no ${id} option`);
  const t = Date.now();
  await sel.selectOption(id);
  return t;
}

function canvas(wb, kind) {
  return wb.viewer.locator(`canvas[data-picture="${kind}"]`);
}

async function waitLevel(wb, kind, level, timeout = 30000) {
  await wb.viewer.locator(`canvas[data-picture="${kind}"][data-level="${level}"]`).waitFor({ state: 'attached', timeout });
}

/**
 * Canvas CSS point of element (row, col) in the fitted picture (the view starts fitted and centred), and RGBA
 * read back there.
 */
async function fittedPixel(wb, kind, rows, cols, row, col) {
  return canvas(wb, kind).evaluate(
    (c, [rows, cols, row, col]) => {
      const w = c.clientWidth;
      const h = c.clientHeight;
      const s = Math.min(w / cols, h / rows);
      const x0 = -(w / s - cols) / 2;
      const y0 = -(h / s - rows) / 2;
      const x = (col + 0.5 - x0) * s;
      const y = (row + 0.5 - y0) * s;
      const dpr = window.devicePixelRatio || 1;
      const d = c.getContext('2d').getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data;
      return { x, y, rgba: Array.from(d) };
    },
    [rows, cols, row, col],
  );
}

async function hoverText(wb) {
  return (await wb.viewer.locator('[data-hover-value]').textContent({ timeout: 2000 }))?.trim() ?? '';
}

async function waitHover(wb, want, timeout = 8000) {
  const end = Date.now() + timeout;
  let got = '';
  while (Date.now() < end) {
    got = await hoverText(wb);
    if (want instanceof RegExp ? want.test(got) : got.endsWith(want)) return got;
    await sleep(100);
  }
  throw new Error(`hover shows ${JSON.stringify(got)}, expected it to end with ${JSON.stringify(want)}`);
}

test('heatmap: a 2-D array switched to the heatmap has viridis colours numpy predicts and the value under the cursor', async (wb) => {
  await wb.openInViewer('pic_heat.npy');
  await wb.waitCell(0, 1, '0.125');
  await switchTo(wb, 'heatmap');
  await waitLevel(wb, 'heatmap', 'exact');
  const c = canvas(wb, 'heatmap');
  assert((await c.getAttribute('data-colormap')) === 'viridis', 'data-colormap');
  const cells = [
    [0, 0],
    [10, 20],
    [60, 80],
    [119, 159],
    [7, 100],
  ];
  // numpy: the finite min/max domain, t, the colour index (matplotlib's rule), and str() of each element.
  const oracle = JSON.parse(
    wb.python(
      [
        'import json, sys, numpy as np',
        'a = np.load(sys.argv[1]); cells = json.loads(sys.argv[2])',
        'f = a[np.isfinite(a)]; lo, hi = float(f.min()), float(f.max())',
        'idx = [int(min(np.floor((a[r, c] - lo) / (hi - lo) * 256), 255)) for r, c in cells]',
        'print(json.dumps({"lo": lo, "hi": hi, "idx": idx, "str": [str(a[r, c]) for r, c in cells]}))',
      ].join('\n'),
      join(wb.workspace, 'pic_heat.npy'),
      JSON.stringify(cells),
    ),
  );
  assert((await c.getAttribute('data-domain')) === `${oracle.lo},${oracle.hi}`, `data-domain ${await c.getAttribute('data-domain')}`);
  const hex = COLORMAP_HEX.viridis;
  const box = await c.boundingBox();
  for (let k = 0; k < cells.length; k++) {
    const [r, col] = cells[k];
    const i = oracle.idx[k];
    const want = [0, 1, 2].map((j) => parseInt(hex.slice(6 * i + 2 * j, 6 * i + 2 * j + 2), 16)).concat(255);
    const got = await fittedPixel(wb, 'heatmap', 120, 160, r, col);
    assert(JSON.stringify(got.rgba) === JSON.stringify(want), `pixel of [${r}, ${col}]: ${got.rgba} instead of ${want} (index ${i})`);
    if (k === 1) {
      await wb.page.mouse.move(box.x + got.x, box.y + got.y);
      await waitHover(wb, `[${r}, ${col}] ${oracle.str[k]}`);
    }
  }
  const nan = await fittedPixel(wb, 'heatmap', 120, 160, 3, 4);
  assert(nan.rgba[0] === nan.rgba[1] && nan.rgba[1] === nan.rgba[2], `NaN shows the grey check: ${nan.rgba}`);
  await wb.screenshot('picture-heatmap-dark');
});

test(
  'heatmap of a 100 GiB sparse float32 array: first picture timed, zoom in until every element shows (exact)',
  async (wb, ctx) => {
    await wb.openInViewer(BIG);
    await wb.waitCell(0, 1, '0.25');
    // The first picture: the canvas has a domain once a picture is painted. Checked on every animation frame of the
    // webview itself: a locator's wait backs off to polls 500 ms apart, which would time Playwright, not us.
    const frame = await (await wb.viewer.locator('body').elementHandle()).ownerFrame();
    const t0 = await switchTo(wb, 'heatmap');
    await frame.waitForFunction(() => document.querySelector('canvas[data-picture="heatmap"][data-domain]') !== null, null, { polling: 'raf', timeout: 30000 });
    const firstMs = Date.now() - t0;
    ctx.timings.heatmapFirstPicture100GiB = firstMs;
    ctx.log(`first heatmap picture of the 100 GiB 163840 x 163840 float32 array: ${firstMs} ms after choosing the view (target 1500 ms)`);
    const c = canvas(wb, 'heatmap');
    assert((await c.getAttribute('data-level')) === 'sampled', 'the first picture of 100 GiB is sampled');
    await wb.screenshot('picture-heatmap-100GiB-sampled');
    // Zoom about the top-left corner of the array until one pixel is one element.
    const box = await c.boundingBox();
    const s = Math.min(box.width / 163840, box.height / 163840);
    const ax = box.x + (box.width - 163840 * s) / 2;
    const ay = box.y + (box.height - 163840 * s) / 2;
    await wb.page.mouse.move(ax + 1, ay + 1);
    let exact = false;
    for (let i = 0; i < 30 && !exact; i++) {
      await wb.page.mouse.wheel(0, -500);
      await sleep(250);
      exact = (await c.getAttribute('data-level')) === 'exact';
    }
    await waitLevel(wb, 'heatmap', 'exact', 20000);
    // Element values under the cursor: the ramp in the corner (numpy's str of float32).
    await wb.page.mouse.move(ax + 3, ay + 3);
    const text = await waitHover(wb, /^\[\d+, \d+\] \S+$/, 8000);
    const m = /^\[(\d+), (\d+)\] (\S+)$/.exec(text);
    assert(m, `hover text ${JSON.stringify(text)}`);
    const [r, col] = [Number(m[1]), Number(m[2])];
    const want = wb
      .python(
        'import sys, numpy as np; a = np.load(sys.argv[1], mmap_mode="r"); print(str(a[int(sys.argv[2]), int(sys.argv[3])]))',
        join(wb.workspace, BIG),
        String(r),
        String(col),
      )
      .trim();
    assert(m[3] === want, `hover [${r}, ${col}] ${m[3]}, numpy says ${want}`);
    await wb.screenshot('picture-heatmap-100GiB-exact');
  },
  120000,
);

/** Every theme kind VS Code has: the pictures' text, ticks, legend, hover box and buttons must read in each. */
const THEMES = [
  ['dark', 'Dark Modern'],
  ['light', 'Light Modern'],
  ['hc-dark', 'Dark High Contrast'],
  ['hc-light', 'Light High Contrast'],
];

/** Open `file` in view `id` (the viewer may restore it there already) and wait for its exact picture. */
async function openAs(wb, file, id) {
  await wb.openInViewer(file);
  if ((await canvas(wb, id).count()) === 0) await switchTo(wb, id);
  if (id === 'histogram') await wb.viewer.locator('canvas[data-picture="histogram"][data-bins]').waitFor({ state: 'attached', timeout: 30000 });
  else await waitLevel(wb, id, 'exact');
}

/** Rest the pointer at a canvas point (CSS px from its top left) until the value under it shows. */
async function hoverAt(wb, kind, x, y, want) {
  const box = await canvas(wb, kind).boundingBox();
  await wb.page.mouse.move(box.x + x, box.y + y);
  await waitHover(wb, want);
  await sleep(300);
}

test('image, line, heatmap and histogram views in every theme kind (dark, light, both high contrasts), with their hover text', async (wb) => {
  try {
    for (const [theme, name] of THEMES) {
      await wb.setTheme(name);
      await openAs(wb, 'pic_rgb.npy', 'image');
      const px = await fittedPixel(wb, 'image', 90, 120, 45, 60);
      assert(JSON.stringify(px.rgba) === JSON.stringify([250, 250, 40, 255]), `image pixel ${px.rgba}`);
      await hoverAt(wb, 'image', px.x, px.y, /^\[45, 60\] \[250 250 {2}40\]$/);
      await wb.screenshot(`picture-image-${theme}`);
      await wb.closeAllEditors();

      await openAs(wb, 'pic_line.npy', 'line');
      const dom = await canvas(wb, 'line').getAttribute('data-domain');
      assert(/,4$/.test(dom ?? ''), `the line's y domain reaches the spike: ${dom}`);
      const lineBox = await canvas(wb, 'line').boundingBox();
      await hoverAt(wb, 'line', lineBox.width / 2, lineBox.height / 2, /^\[\d+\] \S+$/);
      await wb.screenshot(`picture-line-${theme}`);
      await wb.closeAllEditors();

      // Several rows of a 2-D view: the legend names each line's row in its colour.
      await openAs(wb, 'waves.npy', 'line');
      const rows = wb.viewer.locator('.npy-pic-rows');
      await rows.fill('100, 400');
      await rows.press('Enter');
      await wb.viewer.locator('.npy-pic-legend-item').nth(2).waitFor({ timeout: 10000 });
      await waitLevel(wb, 'line', 'exact');
      await hoverAt(wb, 'line', lineBox.width / 3, lineBox.height / 2, / · .* · /);
      await wb.screenshot(`picture-lines-${theme}`);
      await wb.closeAllEditors();

      await openAs(wb, 'waves.npy', 'heatmap');
      // The value under the cursor shows in the screenshot too.
      const p = await fittedPixel(wb, 'heatmap', 480, 720, 240, 360);
      await hoverAt(wb, 'heatmap', p.x, p.y, /^\[240, 360\] /);
      await wb.screenshot(`picture-heatmap-${theme}`);
      // The editor area alone (docs/images/heatmap.png is one of these).
      await wb.page
        .locator('iframe.webview.ready:visible')
        .first()
        .screenshot({ path: join(wb.resultsDir, `e2e-picture-heatmap-${theme}-editor.png`) })
        .catch(() => undefined);
      await wb.closeAllEditors();

      await openAs(wb, 'waves.npy', 'histogram');
      const histBox = await canvas(wb, 'histogram').boundingBox();
      await hoverAt(wb, 'histogram', histBox.width / 2, histBox.height - 40, /^\[\S+, \S+[)\]] \d+$/);
      await wb.screenshot(`picture-histogram-${theme}`);
      await wb.closeAllEditors();
    }
  } finally {
    await wb.setTheme('Light Modern').catch(() => undefined);
  }
}, 420000);

/** The clipboard's items as the viewer's page reads them back: [{ type, bytes }] (base64 across the frame boundary). */
async function readClipboard(wb) {
  const items = await wb.viewer.locator('body').evaluate(async () => {
    const out = [];
    for (const item of await navigator.clipboard.read()) {
      for (const type of item.types) {
        const bytes = new Uint8Array(await (await item.getType(type)).arrayBuffer());
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        out.push({ type, b64: btoa(s) });
      }
    }
    return out;
  });
  return items.map((it) => ({ type: it.type, bytes: Buffer.from(it.b64, 'base64') }));
}

test('Copy picture puts a PNG of the heatmap on the clipboard, pixel for pixel what the canvas shows', async (wb, ctx) => {
  // Writing needs no permission (the button is a user gesture; the webview's frame allows clipboard-write); reading
  // back does, and only this test reads.
  await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  try {
    await wb.openInViewer('waves.npy');
    if ((await canvas(wb, 'heatmap').count()) === 0) await switchTo(wb, 'heatmap');
    await waitLevel(wb, 'heatmap', 'exact');
    await sleep(300);
    // Something else on the clipboard first: what is read back afterwards is the copy's.
    await wb.viewer.locator('body').evaluate(() => navigator.clipboard.writeText('not a picture'));
    const shown = await canvas(wb, 'heatmap').evaluate((el) => ({
      width: el.width,
      height: el.height,
      rgba: Array.from(el.getContext('2d').getImageData(0, 0, el.width, el.height).data),
    }));
    const t0 = Date.now();
    await wb.viewer.locator('.npy-pic-copy').click();
    await wb.viewer.locator('#npy-status', { hasText: 'Picture copied' }).waitFor({ timeout: 20000 });
    ctx.log(`Copy picture: ${Date.now() - t0} ms from the click to "Picture copied"`);
    const items = await readClipboard(wb);
    const png = items.find((it) => it.type === 'image/png');
    assert(png, `the clipboard holds ${JSON.stringify(items.map((it) => it.type))}, no image/png`);
    assert(isPng(png.bytes), 'the image/png item is a PNG');
    const got = readPng(png.bytes);
    assert(got.width === shown.width && got.height === shown.height, `PNG ${got.width} × ${got.height}, canvas ${shown.width} × ${shown.height}`);
    let differ = 0;
    let first = -1;
    for (let i = 0; i < got.rgba.length; i++) {
      if (got.rgba[i] !== shown.rgba[i]) {
        differ++;
        if (first < 0) first = i;
      }
    }
    const at = first >> 2;
    assert(
      differ === 0,
      `${differ} bytes differ; first at pixel (${at % got.width}, ${Math.floor(at / got.width)}): ${got.rgba.slice(at * 4, at * 4 + 4)} vs ${shown.rgba.slice(at * 4, at * 4 + 4)}`,
    );
  } finally {
    await wb.page.context().clearPermissions();
  }
});

test('the image view: Export View… writes every channel (numpy’s a[:, :, :]); Copy View as NumPy Code says a[:, :, :]', async (wb) => {
  await openAs(wb, 'pic_rgb.npy', 'image');
  await sleep(300); // the view notice reaches the host
  await wb.command('Export View');
  const quick = wb.page.locator('.quick-input-widget');
  await quick.filter({ hasText: 'np.load gives a[:, :, :]' }).first().waitFor({ timeout: 10000 });
  // Enter accepts the focused row: wait until there is one (.npy is first), else Enter closes the pick unanswered.
  await quick.locator('.monaco-list-row.focused', { hasText: 'NumPy array (.npy)' }).first().waitFor({ timeout: 10000 });
  await wb.page.keyboard.press('Enter');
  // code-server's simple save dialog: the suggested path is in the box.
  const input = quick.locator('input').first();
  await wb.page.waitForFunction(() => /pic_rgb-view\.npy$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''), null, { timeout: 15000 });
  const target = join(wb.workspace, 'pic_rgb_export.npy');
  await input.fill(target);
  await sleep(300);
  await wb.page.keyboard.press('Enter');
  for (let i = 0; i < 100 && !existsSync(target); i++) await sleep(100);
  const same = wb.python(
    'import numpy as np, sys; a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); print(b.shape, a.dtype == b.dtype and np.array_equal(a, b))',
    join(wb.workspace, 'pic_rgb.npy'),
    target,
  );
  assert(same.trim() === '(90, 120, 3) True', `numpy: ${same}`);
  await wb.command('Copy View as NumPy Code');
  const copied = wb.page.locator('.part.statusbar', { hasText: "mmap_mode='r')[:, :, :]" });
  await copied.first().waitFor({ timeout: 10000 });
});
