// The host's picture handler: a region and a pixel size become a level and pyramid tiles; tiles are sampled or
// exact (numpy computes the block maxima and means as the oracle); the tile cache serves a second request, panning
// back and a sampled request after an exact one without reading; images read their channels; lines keep a
// one-element spike; `cancel` aborts an exact pass.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openPathContainer, type ArrayContainer, type ArrayEntry } from '../../../src/npy/container';
import type { ByteSource } from '../../../src/npy/io/byteSource';
import { PictureHandler, PictureRuns, planTiles } from '../../../src/host/viewer/handlers/picture';
import { viewToWire, type PictureReply, type PictureRequest } from '../../../src/shared/protocol';
import { defaultView, type ViewSpec } from '../../../src/npy/view';
import { isCancelled, NEVER_ABORTED } from '../../../src/shared/job';
import { picFromReply } from '../../../webview/views/picture/picture';
import { visibleRange } from '../../../webview/views/picture/visibleRange';

function numpy(code: string, args: string[]): void {
  execFileSync('python3', ['-c', `import sys\nimport numpy as np\n${code}`, ...args], { encoding: 'utf8' });
}

function f8(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function values(r: PictureReply): Float64Array {
  return new Float64Array(r.bytes.slice().buffer);
}

/** Counts the bytes read through it. */
class Counting implements ByteSource {
  bytes = 0;
  constructor(private readonly inner: ByteSource) {}
  size(): Promise<bigint> {
    return this.inner.size();
  }
  async read(position: bigint, into: Uint8Array): Promise<number> {
    const n = await this.inner.read(position, into);
    this.bytes += n;
    return n;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('host: picture handler', () => {
  let dir: string;
  const containers: ArrayContainer[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'npy-picture-'));
    numpy(
      [
        'rng = np.random.default_rng(3)',
        'a = rng.standard_normal((600, 500))',
        'a[301, 257] = 50.0',
        "np.save(sys.argv[1] + '/heat.npy', a)",
        // numpy's block reduce at level 2 (4 x 4 blocks; the array divides evenly).
        "a.reshape(150, 4, 125, 4).max(axis=(1, 3)).astype('<f8').tofile(sys.argv[1] + '/max4.f8')",
        "a.reshape(150, 4, 125, 4).mean(axis=(1, 3)).astype('<f8').tofile(sys.argv[1] + '/mean4.f8')",
        "img = (np.arange(30 * 20 * 3) % 251).astype('u1').reshape(30, 20, 3)",
        "np.save(sys.argv[1] + '/rgb.npy', img)",
        'line = np.cos(np.arange(100000) / 900.0); line[77777] = 12.5',
        "np.save(sys.argv[1] + '/line.npy', line)",
        // float32 with specials and two extremes a mean hides; numpy's finite min/max of a few regions.
        "b = rng.standard_normal((512, 768)).astype('<f4')",
        'b[10, 11] = np.nan; b[100, 200] = np.inf; b[300, 5] = -np.inf; b[400, 600] = -9.5; b[7, 700] = 8.25',
        "np.save(sys.argv[1] + '/vis4.npy', b)",
        'import json',
        'def fin(x): f = x[np.isfinite(x)]; return [float(f.min()), float(f.max())]',
        'regions = [(0, 512, 0, 768), (0, 256, 512, 768), (296, 304, 0, 8), (392, 408, 592, 608)]',
        "json.dump({'vis4': [fin(b[r0:r1, c0:c1]) for r0, r1, c0, c1 in regions], 'heat': fin(a[40:200, 100:300])}, open(sys.argv[1] + '/vis.json', 'w'))",
      ].join('\n'),
      [dir],
    );
  });
  after(async () => {
    for (const c of containers) await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string): Promise<{ entry: ArrayEntry; counting: Counting; spec: ViewSpec }> {
    const c = await openPathContainer(join(dir, name));
    containers.push(c);
    const e = await c.open('');
    const counting = new Counting(e.source);
    return { entry: { ...e, source: counting }, counting, spec: defaultView(e.opened.header.shape, false) };
  }

  function req(spec: ViewSpec, over: Partial<PictureRequest>): PictureRequest {
    return {
      type: 'picture',
      generation: 1,
      kind: 'heatmap',
      view: viewToWire(spec),
      region: { row0: '0', rows: '600', col0: '0', cols: '500' },
      width: 125,
      height: 150,
      reduce: 'max',
      level: 'sampled',
      ...over,
    };
  }

  it('plans the level whose blocks fit a pixel and the tiles around the region', () => {
    // 100 GiB of float32: 163840² at 512 px is 320 elements a pixel → level 8 (256), 3 × 3 tiles of 256 px.
    const big = planTiles(163840n, 163840n, { row0: 0n, rows: 163840n, col0: 0n, cols: 163840n }, 512, 512);
    assert.deepStrictEqual([big.level, big.block, big.ty0, big.ty1, big.tx0, big.tx1, big.width, big.height], [8, 256, 0, 3, 0, 3, 640, 640]);
    // A small region at more pixels than elements: level 0, its tile clipped to the view.
    const small = planTiles(100n, 300n, { row0: 10n, rows: 20n, col0: 260n, cols: 30n }, 400, 300);
    assert.deepStrictEqual([small.level, small.ty0, small.ty1, small.tx0, small.tx1], [0, 0, 1, 1, 2]);
    assert.deepStrictEqual(small.covered, { row0: 0n, rows: 100n, col0: 256n, cols: 44n });
    // Out of the view: clipped, never empty; bad sizes refused.
    const clipped = planTiles(50n, 50n, { row0: 40n, rows: 1000n, col0: -5n, cols: 10n }, 10, 10);
    assert.deepStrictEqual([clipped.covered.rows, clipped.covered.cols], [50n, 50n]);
    assert.throws(() => planTiles(50n, 50n, { row0: 0n, rows: 1n, col0: 0n, cols: 1n }, 0, 10), /width/);
    assert.throws(() => planTiles(50n, 50n, { row0: 0n, rows: 1n, col0: 0n, cols: 1n }, 8192, 4096), /larger than/);
    // A 4K screen of a huge view: the tiles around it would pass the pixel bound at the screen's level, so coarser.
    const screen = planTiles(1n << 40n, 1n << 40n, { row0: 0n, rows: 4000n * 1999n, col0: 0n, cols: 4000n * 1999n }, 4000, 2000);
    assert.ok(screen.width * screen.height <= 1 << 24, `${screen.width} × ${screen.height}`);
    assert.strictEqual(screen.level, 11);
  });

  it('answers exact block max and mean as numpy computes them; a sampled pass takes one element per block', async () => {
    const { entry, spec } = await open('heat.npy');
    const h = new PictureHandler(entry);
    const mx = await h.handle(req(spec, { level: 'exact' }), NEVER_ABORTED);
    assert.deepStrictEqual([mx.level, mx.block, mx.width, mx.height], ['exact', 4, 125, 150]);
    assert.deepStrictEqual(values(mx), f8(join(dir, 'max4.f8')));
    assert.strictEqual(mx.range.max, 50);
    const mean = await h.handle(req(spec, { level: 'exact', reduce: 'mean' }), NEVER_ABORTED);
    const want = f8(join(dir, 'mean4.f8'));
    const got = values(mean);
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-12 * Math.max(1, Math.abs(want[i])), `mean pixel ${i}`);
    // Sampled: block i stands for its last element when i is even, its first when odd (src/picture/sample.ts).
    const full = await open('heat.npy');
    const s = await new PictureHandler(full.entry).handle(req(spec, {}), NEVER_ABORTED);
    assert.strictEqual(s.level, 'sampled');
    const exact1 = await new PictureHandler(full.entry).handle(req(spec, { width: 500, height: 600 }), NEVER_ABORTED);
    assert.strictEqual(exact1.level, 'exact', 'one pixel per element is exact at once');
    const a = values(exact1);
    const pick = (i: number): number => (i % 2 === 0 ? 4 * i + 3 : 4 * i);
    const sv = values(s);
    for (const [y, x] of [
      [0, 0],
      [1, 2],
      [75, 64],
      [149, 124],
    ]) {
      assert.strictEqual(sv[y * 125 + x], a[pick(y) * 500 + pick(x)], `sample of block [${y}, ${x}]`);
    }
  });

  it("zoomed out and exact, the visible-region domain is the visible elements' finite min/max, whatever the reduce", async () => {
    const want = JSON.parse(readFileSync(join(dir, 'vis.json'), 'utf8')) as { vis4: [number, number][]; heat: [number, number] };
    const regions = [
      [0, 512, 0, 768],
      [0, 256, 512, 768],
      [296, 8, 0, 8],
      [392, 16, 592, 16],
    ].map(([row0, rows, col0, cols], i) => ({ row0, rows: i < 2 ? rows - row0 : rows, col0, cols: i < 2 ? cols - col0 : cols }));
    const { entry, spec } = await open('vis4.npy');
    const h = new PictureHandler(entry);
    for (const reduce of ['mean', 'max', 'min'] as const) {
      const r = await h.handle(req(spec, { level: 'exact', reduce, region: { row0: '0', rows: '512', col0: '0', cols: '768' }, width: 96, height: 64 }), NEVER_ABORTED);
      assert.deepStrictEqual([r.level, r.block], ['exact', 8]);
      assert.ok(r.bounds, 'the reply carries the blocks’ finite min/max');
      assert.strictEqual(r.bounds.float32, true, 'float32 data: float32 planes (exact)');
      const pic = picFromReply(r);
      regions.forEach((g, i) => {
        const v = visibleRange(pic, g);
        assert.deepStrictEqual([v.min, v.max], want.vis4[i], `${reduce}: region ${JSON.stringify(g)}`);
      });
    }
    // float64: float64 planes.
    const f = await open('heat.npy');
    const r = await new PictureHandler(f.entry).handle(req(f.spec, { level: 'exact', reduce: 'mean' }), NEVER_ABORTED);
    assert.strictEqual(r.bounds?.float32, false);
    const v = visibleRange(picFromReply(r), { row0: 40, rows: 160, col0: 100, cols: 200 });
    assert.deepStrictEqual([v.min, v.max], want.heat);
    // A sampled reply and one element per pixel carry none (the values are what shows).
    const s = await new PictureHandler(f.entry).handle(req(f.spec, {}), NEVER_ABORTED);
    assert.strictEqual(s.bounds, undefined);
  });

  it('serves repeated requests, panning back and a sampled request after an exact one from the tile cache', async () => {
    const { entry, counting, spec } = await open('heat.npy');
    const h = new PictureHandler(entry);
    const left = req(spec, { region: { row0: '0', rows: '200', col0: '0', cols: '200' }, width: 200, height: 200 });
    const right = req(spec, { region: { row0: '0', rows: '200', col0: '300', cols: '200' }, width: 200, height: 200 });
    const first = await h.handle(left, NEVER_ABORTED);
    assert.ok(counting.bytes > 0);
    let before = counting.bytes;
    await h.handle(right, NEVER_ABORTED);
    assert.ok(counting.bytes > before, 'a new tile is read');
    before = counting.bytes;
    const back = await h.handle(left, NEVER_ABORTED);
    assert.strictEqual(counting.bytes, before, 'panning back reads nothing');
    assert.deepStrictEqual(values(back), values(first));
    // Zoomed out: an exact pass, then the sampled request for the same region is that exact picture, unread.
    await h.handle(req(spec, { level: 'exact' }), NEVER_ABORTED);
    before = counting.bytes;
    const again = await h.handle(req(spec, {}), NEVER_ABORTED);
    assert.strictEqual(counting.bytes, before);
    assert.strictEqual(again.level, 'exact');
    assert.ok(h.isQuick(req(spec, { level: 'exact' })), 'an exact request whose tiles are cached needs no job');
    assert.ok(h.cache.size > 0);
  });

  it('draws the channels of an RGB image and refuses a channel count the array does not have', async () => {
    const { entry } = await open('rgb.npy');
    const h = new PictureHandler(entry);
    const spec: ViewSpec = {
      axes: [
        { kind: 'range', start: 0n, step: 1n, count: 30n },
        { kind: 'range', start: 0n, step: 1n, count: 20n },
        { kind: 'index', index: 0n },
      ],
      rowAxis: 0,
      colAxis: 1,
    };
    const base = { kind: 'image' as const, region: { row0: '0', rows: '30', col0: '0', cols: '20' }, width: 20, height: 30 };
    const r = await h.handle(req(spec, { ...base, channels: 3 }), NEVER_ABORTED);
    assert.deepStrictEqual([r.level, r.channels, r.width, r.height], ['exact', 3, 20, 30]);
    const v = values(r);
    for (const [y, x, c] of [
      [0, 0, 0],
      [7, 11, 2],
      [29, 19, 1],
    ]) {
      assert.strictEqual(v[(y * 20 + x) * 3 + c], (((y * 20 + x) * 3 + c) % 251) % 256);
    }
    await assert.rejects(h.handle(req(spec, { ...base, channels: 4 }), NEVER_ABORTED), /3 or 4 channels/);
  });

  it('keeps a one-element spike in the exact envelope of a line; the sampled one is marked sampled', async () => {
    const { entry, spec } = await open('line.npy');
    const h = new PictureHandler(entry);
    const line = { kind: 'line' as const, region: { row0: '0', rows: '1', col0: '0', cols: '100000' }, width: 700, height: 1 };
    const s = await h.handle(req(spec, line), NEVER_ABORTED);
    assert.strictEqual(s.level, 'sampled');
    const e = await h.handle(req(spec, { ...line, level: 'exact' }), NEVER_ABORTED);
    assert.strictEqual(e.level, 'exact');
    assert.strictEqual(e.width, 700);
    const v = values(e);
    const max = v.subarray(3 * 700, 4 * 700);
    assert.strictEqual(Math.max(...max), 12.5);
    assert.strictEqual(e.range.max, 12.5);
    // Zoomed to 300 elements at 700 pixels: one element per bucket, exact at once.
    const z = await h.handle(req(spec, { ...line, region: { row0: '0', rows: '1', col0: '77700', cols: '300' } }), NEVER_ABORTED);
    assert.deepStrictEqual([z.level, z.width, z.region.col0], ['exact', 300, '77700']);
    assert.strictEqual(values(z)[77], 12.5);
  });

  it('cancel aborts an exact pass in flight', async () => {
    const { entry, spec } = await open('heat.npy');
    const h = new PictureHandler(entry);
    const runs = new PictureRuns();
    const p = runs.run(7, (signal) => h.handle(req(spec, { level: 'exact', width: 10, height: 10 }), signal));
    assert.strictEqual(runs.size, 1);
    runs.cancel([7]);
    await assert.rejects(p, (e: unknown) => isCancelled(e));
    assert.strictEqual(runs.size, 0);
  });
});
