// The picture request (heatmap, image, line), answered without vscode: the host's session and the webview tests'
// fake host both call this. A heatmap or image region is drawn from pyramid tiles (src/picture/cache.ts): the
// level whose blocks are at most the elements per screen pixel, the tiles around the visible region, each tile
// sampled (fast, one element per block) or exact (every element reduced into its pixel). Tiles are cached by
// (view, level, tile, reduce, exactness) in an LRU bounded in bytes, so panning back or zooming out again reads
// nothing; colour is applied in the webview, so a colormap change never comes here. Lines (M4 envelopes) are
// cached whole by (view, row, range, width).
import type { ArrayEntry } from '../../../npy/container';
import type { ViewRange } from '../../../npy/read/chunks';
import { elementStrides, resolveView, type ResolvedView } from '../../../npy/view';
import { NpyError, type ScalarDtype } from '../../../npy/types';
import type { ProgressFn } from '../../../shared/job';
import { throwIfAborted } from '../../../shared/job';
import { viewFromWire, type PictureReply, type PictureRequest, type WireDataRange, type WireRange } from '../../../shared/protocol';
import { emptyRange, evenBins, mergeRange, pictureSource, type DataRange, type Picture, type PictureSource } from '../../../picture/geometry';
import { LruCache, TILE, levelFor, tileGeometry, tileKey, tilesFor, type TileAddress } from '../../../picture/cache';
import { samplePicture, sampleLine } from '../../../picture/sample';
import { refinePicture } from '../../../picture/refine';
import { blockRunner } from '../../../stats/pool';
import { lineEnvelope, lineOfView } from '../../../picture/line';

/** Largest picture side a request may ask for (a screen, with room for a high-DPI one). */
export const MAX_REQUEST_SIDE = 8192;
/** Pixels one request may ask for (width × height; memory is 8 bytes per pixel and channel, twice over). */
export const MAX_REQUEST_PIXELS = 1 << 23;
/** Pixels of the tiles drawing one request (a level coarser when the tiles around a region would hold more). */
export const MAX_PLAN_PIXELS = 1 << 24;
/** Bytes of cached tile values per array. */
export const PICTURE_CACHE_BYTES = 96 << 20;
/** An exact request that reads at most this many elements is answered directly, without a job in the status bar. */
export const QUICK_EXACT_ELEMENTS = 1 << 20;

/** Which tiles of which level draw a region of a view at a pixel size. */
export interface TilePlan {
  level: number;
  /** Elements per pixel along each axis: 2^level. */
  block: number;
  ty0: number;
  ty1: number;
  tx0: number;
  tx1: number;
  /** The elements the tiles cover (clipped to the view). */
  covered: ViewRange;
  /** Pixels of the assembled picture. */
  width: number;
  height: number;
}

function clip(start: bigint, n: bigint, total: bigint): [bigint, bigint] {
  const s = start < 0n ? 0n : start >= total ? total - 1n : start;
  let e = start + n > total ? total : start + n;
  if (e <= s) e = s + 1n;
  return [s, e - s];
}

function checkSide(v: number, name: string): void {
  if (!Number.isSafeInteger(v) || v < 1 || v > MAX_REQUEST_SIDE) throw new NpyError(`picture ${name} must be an integer from 1 to ${MAX_REQUEST_SIDE}, got ${v}`);
}

/** Plan a region (clipped to the view of rows × cols) at width × height pixels. */
export function planTiles(rows: bigint, cols: bigint, region: ViewRange, width: number, height: number): TilePlan {
  checkSide(width, 'width');
  checkSide(height, 'height');
  if (width * height > MAX_REQUEST_PIXELS) throw new NpyError(`a picture of ${width} × ${height} pixels is larger than ${MAX_REQUEST_PIXELS} pixels`);
  if (rows <= 0n || cols <= 0n) throw new NpyError('the view is empty: nothing to draw');
  const [row0, nr] = clip(region.row0, region.rows, rows);
  const [col0, nc] = clip(region.col0, region.cols, cols);
  const epp = Math.max(Number(nr) / height, Number(nc) / width);
  // The level whose blocks are at most a screen pixel; coarser while the tiles would hold too many pixels.
  for (let level = levelFor(epp); ; level++) {
    const t = tilesFor({ row0, rows: nr, col0, cols: nc }, level);
    const span = BigInt(TILE) << BigInt(level);
    const r0 = BigInt(t.ty0) * span;
    const c0 = BigInt(t.tx0) * span;
    const r1 = BigInt(t.ty1) * span > rows ? rows : BigInt(t.ty1) * span;
    const c1 = BigInt(t.tx1) * span > cols ? cols : BigInt(t.tx1) * span;
    const block = 2 ** level;
    const b = BigInt(block);
    const plan = {
      level,
      block,
      ...t,
      covered: { row0: r0, rows: r1 - r0, col0: c0, cols: c1 - c0 },
      height: Number((r1 - r0 + b - 1n) / b),
      width: Number((c1 - c0 + b - 1n) / b),
    };
    if (plan.width * plan.height <= MAX_PLAN_PIXELS) return plan;
  }
}

export function rangeToWire(r: DataRange): WireDataRange {
  const n = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return { min: n(r.min), max: n(r.max), positiveMin: n(r.positiveMin), count: r.count, nan: r.nan, posInf: r.posInf, negInf: r.negInf };
}

function rangeText(r: ViewRange): WireRange {
  return { row0: r.row0.toString(), rows: r.rows.toString(), col0: r.col0.toString(), cols: r.cols.toString() };
}

/** Whether every value of the dtype is a float32 (so its finite min/max planes travel at half the size, exactly). */
export function boundsFit32(d: ScalarDtype): boolean {
  if (d.kind === 'f') return d.itemsize <= 4;
  if (d.kind === 'i' || d.kind === 'u') return d.itemsize <= 2;
  return d.kind === 'b';
}

function f64Bytes(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** A cached line: its four runs (first, last, min, max) and what was seen. */
interface LineValues {
  values: Float64Array;
  level: 'sampled' | 'exact';
  range: DataRange;
}

type Cached = Picture | LineValues;

export class PictureHandler {
  private readonly views = new Map<string, ResolvedView>();
  readonly cache = new LruCache<Cached>(PICTURE_CACHE_BYTES, (v) => v.values.byteLength + ('lo' in v && v.lo ? 2 * v.lo.byteLength : 0) + 256);

  constructor(private readonly entry: ArrayEntry) {}

  private resolve(req: PictureRequest): ResolvedView {
    const key = JSON.stringify(req.view);
    let r = this.views.get(key);
    if (!r) {
      const h = this.entry.opened.header;
      r = resolveView(h.shape, h.fortranOrder, h.dtype, viewFromWire(req.view));
      if (this.views.size >= 64) this.views.clear();
      this.views.set(key, r);
    }
    return r;
  }

  private source(req: PictureRequest): PictureSource {
    const { opened } = this.entry;
    if (opened.dataError) throw new NpyError(opened.dataError);
    const view = this.resolve(req);
    const channels = req.kind === 'image' ? (req.channels ?? 1) : 1;
    if (channels === 1) return pictureSource(this.entry, view);
    const h = opened.header;
    const nd = h.shape.length;
    if ((channels !== 3 && channels !== 4) || nd < 3 || h.shape[nd - 1] !== BigInt(channels)) {
      throw new NpyError(`an image needs 3 or 4 channels on the last axis; this array's shape ends with ${h.shape[nd - 1] ?? 'nothing'}`);
    }
    const w = viewFromWire(req.view);
    const last = w.axes[nd - 1];
    if (last?.kind !== 'index' || last.index !== 0n || w.rowAxis === nd - 1 || w.colAxis === nd - 1) {
      throw new NpyError('an image view must index its channel axis at 0');
    }
    return pictureSource(this.entry, view, channels, elementStrides(h.shape, h.fortranOrder)[nd - 1]);
  }

  private region(req: PictureRequest): ViewRange {
    const r = req.region;
    return { row0: BigInt(r.row0), rows: BigInt(r.rows), col0: BigInt(r.col0), cols: BigInt(r.cols) };
  }

  /** The tile plan of a heatmap / image request (exported for tests and the quick check). */
  plan(req: PictureRequest): TilePlan {
    const view = this.resolve(req);
    return planTiles(view.rows, view.cols, this.region(req), req.width, req.height);
  }

  private address(req: PictureRequest, plan: TilePlan, ty: number, tx: number, exact: boolean): TileAddress {
    const reduce = exact && plan.level > 0 ? req.reduce : 'sample';
    return { array: '', view: JSON.stringify([req.kind, req.view, req.channels ?? 1]), level: plan.level, ty, tx, reduce, exact };
  }

  private lineKey(req: PictureRequest, exact: boolean): string {
    const r = req.region;
    return JSON.stringify(['line', req.view, r.row0, r.col0, r.cols, req.width, exact]);
  }

  /** Whether an `exact` request can be answered without much reading (no job shown for it). */
  isQuick(req: PictureRequest): boolean {
    if (req.level !== 'exact') return true;
    if (req.kind === 'line') {
      const count = Number(req.region.cols);
      return count <= req.width || count <= QUICK_EXACT_ELEMENTS || this.cache.has(this.lineKey(req, true));
    }
    const plan = this.plan(req);
    if (plan.level === 0 || Number(plan.covered.rows * plan.covered.cols) <= QUICK_EXACT_ELEMENTS) return true;
    for (let ty = plan.ty0; ty < plan.ty1; ty++) {
      for (let tx = plan.tx0; tx < plan.tx1; tx++) if (!this.cache.has(tileKey(this.address(req, plan, ty, tx, true)))) return false;
    }
    return true;
  }

  async handle(req: PictureRequest, signal: AbortSignal, onProgress: ProgressFn = () => undefined): Promise<PictureReply> {
    if (req.kind === 'line') return this.line(req, signal, onProgress);
    const src = this.source(req);
    const view = src.view;
    const plan = planTiles(view.rows, view.cols, this.region(req), req.width, req.height);
    const exactAsked = req.level === 'exact';
    const C = src.channels;
    const W = plan.width;
    const H = plan.height;
    const values = new Float64Array(W * H * C);
    const range = emptyRange();
    let allExact = true;
    // What must be read: tiles not cached at the level asked (exact ones serve a sampled request too).
    const todo: { ty: number; tx: number; elements: number }[] = [];
    const found = new Map<string, Picture>();
    for (let ty = plan.ty0; ty < plan.ty1; ty++) {
      for (let tx = plan.tx0; tx < plan.tx1; tx++) {
        const hit = (this.cache.get(tileKey(this.address(req, plan, ty, tx, true))) ??
          (exactAsked ? undefined : this.cache.get(tileKey(this.address(req, plan, ty, tx, false))))) as Picture | undefined;
        if (hit) found.set(`${ty},${tx}`, hit);
        else {
          const g = tileGeometry(view.rows, view.cols, plan.level, ty, tx);
          todo.push({ ty, tx, elements: Number(g.region.rows * g.region.cols) * C });
        }
      }
    }
    const total = todo.reduce((n, t) => n + t.elements, 0);
    let done = 0;
    onProgress(0, total);
    for (const t of todo) {
      throwIfAborted(signal);
      const g = tileGeometry(view.rows, view.cols, plan.level, t.ty, t.tx);
      let pic: Picture;
      if (plan.level === 0 || !exactAsked) pic = await samplePicture(src, g, { signal });
      else pic = await refinePicture(src, g, req.reduce, { blocks: blockRunner() })(signal, (d) => onProgress(done + d, total));
      done += t.elements;
      onProgress(done, total);
      this.cache.set(tileKey(this.address(req, plan, t.ty, t.tx, pic.level === 'exact')), pic);
      found.set(`${t.ty},${t.tx}`, pic);
    }
    // A request cancelled while its last tile was read gets no answer (its tiles stay cached).
    throwIfAborted(signal);
    // Assemble the tiles into one picture, row-major over the covered region; with blocks of many elements and
    // every tile exact, their finite min/max planes too.
    const span = TILE;
    const withBounds = plan.level > 0 && [...found.values()].every((p) => p.level === 'exact' && p.lo && p.hi);
    const float32 = boundsFit32(src.decoder.dtype);
    const planes = withBounds ? (float32 ? new Float32Array(2 * W * H * C) : new Float64Array(2 * W * H * C)) : null;
    for (const [k, pic] of found) {
      const [ty, tx] = k.split(',').map(Number);
      if (pic.level !== 'exact') allExact = false;
      mergeRange(range, pic.range);
      const y0 = (ty - plan.ty0) * span;
      const x0 = (tx - plan.tx0) * span;
      const rowLen = pic.width * C;
      for (let y = 0; y < pic.height; y++) {
        const at = ((y0 + y) * W + x0) * C;
        values.set(pic.values.subarray(y * rowLen, (y + 1) * rowLen), at);
        if (planes) {
          planes.set(pic.lo!.subarray(y * rowLen, (y + 1) * rowLen), at);
          planes.set(pic.hi!.subarray(y * rowLen, (y + 1) * rowLen), W * H * C + at);
        }
      }
    }
    return {
      type: 'picture',
      generation: req.generation,
      kind: req.kind,
      region: rangeText(plan.covered),
      block: plan.block,
      width: W,
      height: H,
      channels: C,
      bytes: f64Bytes(values),
      level: allExact ? 'exact' : 'sampled',
      range: rangeToWire(range),
      ...(planes ? { bounds: { bytes: new Uint8Array(planes.buffer), float32 } } : {}),
    };
  }

  private async line(req: PictureRequest, signal: AbortSignal, onProgress: ProgressFn): Promise<PictureReply> {
    const src = this.source(req);
    const spec = viewFromWire(req.view);
    const view = src.view;
    const oneD = spec.colAxis === null;
    const row = oneD ? 0n : BigInt(req.region.row0);
    const line = oneD ? lineOfView(view) : lineOfView(view, { row });
    checkSide(req.width, 'width');
    if (line.count === 0n) throw new NpyError('the view is empty: nothing to draw');
    const [s, n] = clip(BigInt(req.region.col0), BigInt(req.region.cols), line.count);
    const start = Number(s);
    const count = Number(n);
    const bins = evenBins(count, req.width);
    const B = bins.count;
    const exactAsked = req.level === 'exact';
    let hit = (this.cache.get(this.lineKey(req, true)) ?? (exactAsked ? undefined : this.cache.get(this.lineKey(req, false)))) as LineValues | undefined;
    if (!hit) {
      const values = new Float64Array(4 * B);
      if (exactAsked && count > B) {
        const env = await lineEnvelope(src, line, B, { start, count }, { blocks: blockRunner() })(signal, onProgress);
        values.set(env.first, 0);
        values.set(env.last, B);
        values.set(env.min, 2 * B);
        values.set(env.max, 3 * B);
        hit = { values, level: 'exact', range: env.range };
      } else {
        const smp = await sampleLine(src, line, bins, start, { signal });
        for (let k = 0; k < 4; k++) values.set(smp.values, k * B);
        hit = { values, level: count <= B ? 'exact' : 'sampled', range: smp.range };
      }
      this.cache.set(this.lineKey(req, hit.level === 'exact'), hit);
    }
    throwIfAborted(signal);
    return {
      type: 'picture',
      generation: req.generation,
      kind: 'line',
      region: { row0: row.toString(), rows: '1', col0: s.toString(), cols: n.toString() },
      block: count / B,
      width: B,
      height: 1,
      channels: 1,
      bytes: f64Bytes(hit.values),
      level: hit.level,
      range: rangeToWire(hit.range),
    };
  }
}

/** Picture requests in flight, by request id, so the webview's `cancel` aborts their reads. */
export class PictureRuns {
  private readonly running = new Map<number, AbortController>();

  async run<T>(requestId: number, work: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
    const ac = new AbortController();
    const onOuter = (): void => ac.abort();
    outer?.addEventListener('abort', onOuter, { once: true });
    if (outer?.aborted) ac.abort();
    this.running.set(requestId, ac);
    try {
      return await work(ac.signal);
    } finally {
      this.running.delete(requestId);
      outer?.removeEventListener('abort', onOuter);
    }
  }

  cancel(ids: Iterable<number>): void {
    for (const id of ids) this.running.get(id)?.abort();
  }

  cancelAll(): void {
    for (const ac of this.running.values()) ac.abort();
  }

  get size(): number {
    return this.running.size;
  }
}
