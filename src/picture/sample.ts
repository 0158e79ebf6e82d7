// The quick picture: one element stands for each pixel's block, read so that no disk page is touched twice.
//
// Which element: along each axis, block i gives its LAST element when i is even and its FIRST when i is odd, so
// the samples of blocks 2k and 2k+1 are neighbours in the file (one stride apart). When a block spans more than a
// page along an axis, a page can only ever hold samples of two blocks (those meeting at a boundary inside it), and
// this choice puts both there: half the pages a centred sample would touch. When a block is smaller than a page,
// every page of a sampled line has to be read whatever the choice (a page holds parts of several blocks, and
// leaving one out leaves a block unsampled), and the choice costs nothing.
//
// How it is read (the page guarantee): the samples are visited in file order (nested loops over the axes ordered
// by stride; an arbitrary sort for views whose strides interleave) and grouped into reads: a sample in the same
// page as the end of the open read always joins it, one within `mergeGap` bytes joins it while the read stays
// under the batch budget, and any other sample opens a new read. So a read begins only in a page after the last
// page of the read before it: reads never share a page, and each read happens once. Reads are issued in batches
// of at most `batchBytes` (memory: one batch plus the picture, whatever the array's size); a batch is only cut
// where a new read would begin, so the guarantee holds across batches too. Only the sampled elements come back
// from the read workers (readPicked): a page read for one element is not copied twice more on its way here.
import { readPickedFrom, type BatchRead } from '../npy/io/byteSource';
import { throwIfAborted } from '../shared/job';
import { NpyError } from '../npy/types';
import { addToRange, emptyRange, isIdentity, type AxisBins, type DataRange, type Picture, type PictureGeometry, type PictureSource } from './geometry';

/** The page size the guarantee is stated for (Linux, macOS on x86 and Windows; a 16 KiB page only merges more). */
export const PAGE_SIZE = 4096;
/** Gaps up to this many bytes are read through, trading a few bytes for fewer reads. */
export const SAMPLE_MERGE_GAP = 4096;
/** Bytes of one batch of reads. Large enough that a batch has reads for every read worker. */
export const SAMPLE_BATCH_BYTES = 32 << 20;
/** Samples per batch (bounds the bookkeeping arrays). */
const MAX_BATCH_SAMPLES = 1 << 20;

export interface SampleOptions {
  signal?: AbortSignal;
  pageSize?: number;
  mergeGap?: number;
  batchBytes?: number;
  /** Called with each batch of reads before it is issued (tests check the page guarantee with it). */
  onReads?: (reads: readonly BatchRead[]) => void;
}

export interface ReadStats {
  /** Positioned reads issued. */
  reads: number;
  /** Bytes they covered. */
  bytes: number;
  /** Pages they covered (each page at most once). */
  pages: number;
  batches: number;
}

export interface SampledPicture extends Picture {
  /** The view row (in the region) that stood for each picture row, and the view column for each picture column. */
  readonly rowSamples: Float64Array;
  readonly colSamples: Float64Array;
  readonly stats: ReadStats;
}

/** The element of block i that stands for it (see the header): last of an even block, first of an odd one. */
export function sampleIndex(bins: AxisBins, i: number): number {
  return i % 2 === 0 ? bins.starts[i + 1] - 1 : bins.starts[i];
}

export function sampleIndices(bins: AxisBins): Float64Array {
  const out = new Float64Array(bins.count);
  for (let i = 0; i < bins.count; i++) out[i] = sampleIndex(bins, i);
  return out;
}

/** One axis of a sampling grid: the element offset of each sampled index, and how far apart their outputs are. */
interface SampleAxis {
  elems: Float64Array;
  outStride: number;
}

/** Collects sorted samples into page-disjoint reads, in batches. */
class Batcher {
  readonly stats: ReadStats = { reads: 0, bytes: 0, pages: 0, batches: 0 };
  readonly range: DataRange = emptyRange();
  missing = 0;
  private pos: Float64Array;
  private outIdx: Float64Array;
  private readonly cap: number;
  private n = 0;
  private readonly reads: BatchRead[] = [];
  private segStart = -1;
  private segEnd = -1;
  private batchBytesSoFar = 0;
  private readonly size: number;
  private readonly limit: number;

  constructor(
    private readonly src: PictureSource,
    private readonly out: Float64Array,
    private readonly opts: Required<Pick<SampleOptions, 'pageSize' | 'mergeGap' | 'batchBytes'>> & SampleOptions,
    maxSamples: number,
  ) {
    this.size = src.decoder.itemsize;
    this.cap = Math.max(1, Math.min(maxSamples, MAX_BATCH_SAMPLES));
    this.pos = new Float64Array(this.cap);
    this.outIdx = new Float64Array(this.cap);
    const end = src.dataOffset + src.availableCount * BigInt(this.size);
    this.limit = end > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(end);
  }

  /** Add the sample at byte `p` for output `o`; false when the batch must be flushed first (then push again). */
  push(p: number, o: number): boolean {
    const end = p + this.size;
    if (end > this.limit) {
      this.out[o] = NaN;
      this.missing++;
      return true;
    }
    const P = this.opts.pageSize;
    if (this.segStart >= 0 && (p < this.segEnd || Math.floor(p / P) <= Math.floor((this.segEnd - 1) / P))) {
      // Same page as the open read (or overlapping it): it must join, or that page would be read twice.
      if (end > this.segEnd) this.segEnd = end;
    } else if (this.segStart >= 0 && this.n < this.cap && p - this.segEnd <= this.opts.mergeGap && end - this.segStart <= this.opts.batchBytes) {
      this.segEnd = end;
    } else {
      if (this.n > 0 && (this.n >= this.cap || this.batchBytesSoFar + (this.segEnd - this.segStart) >= this.opts.batchBytes)) return false;
      this.closeSegment();
      this.segStart = p;
      this.segEnd = end;
    }
    if (this.n === this.pos.length) {
      // Only samples sharing a page with the open read get here past the cap: at most a page's worth.
      const pos = new Float64Array(this.pos.length * 2);
      pos.set(this.pos);
      this.pos = pos;
      const outIdx = new Float64Array(this.outIdx.length * 2);
      outIdx.set(this.outIdx);
      this.outIdx = outIdx;
    }
    this.pos[this.n] = p;
    this.outIdx[this.n++] = o;
    return true;
  }

  private closeSegment(): void {
    if (this.segStart < 0) return;
    const length = this.segEnd - this.segStart;
    this.reads.push({ position: BigInt(this.segStart), length, bufferOffset: this.batchBytesSoFar });
    this.batchBytesSoFar += length;
    const P = this.opts.pageSize;
    this.stats.reads++;
    this.stats.bytes += length;
    this.stats.pages += Math.floor((this.segEnd - 1) / P) - Math.floor(this.segStart / P) + 1;
    this.segStart = -1;
  }

  async flush(): Promise<void> {
    this.closeSegment();
    if (this.reads.length === 0) return;
    throwIfAborted(this.opts.signal);
    const reads = this.reads.splice(0);
    this.opts.onReads?.(reads);
    this.stats.batches++;
    // Where each sample sits in the batch buffer: only those bytes come back from the read workers.
    const offsets = new Float64Array(this.n);
    const reading = new Float64Array(this.n);
    let k = 0;
    let segPos = Number(reads[0].position);
    let segEndPos = segPos + reads[0].length;
    for (let i = 0; i < this.n; i++) {
      const p = this.pos[i];
      while (p >= segEndPos) {
        k++;
        segPos = Number(reads[k].position);
        segEndPos = segPos + reads[k].length;
      }
      offsets[i] = reads[k].bufferOffset + (p - segPos);
      reading[i] = k;
    }
    const { picked, got } = await readPickedFrom(this.src.source, reads, this.batchBytesSoFar, { offsets, count: this.n, length: this.size });
    const view = new DataView(picked.buffer, picked.byteOffset, picked.byteLength);
    const dec = this.src.decoder;
    for (let i = 0; i < this.n; i++) {
      const r = reads[reading[i]];
      const o = this.outIdx[i];
      if (offsets[i] - r.bufferOffset + this.size > got[reading[i]]) {
        // The file shrank under us: what the read did not get is not data.
        this.out[o] = NaN;
        this.missing++;
        continue;
      }
      const v = dec.at(view, i * this.size);
      this.out[o] = v;
      addToRange(this.range, v);
    }
    this.n = 0;
    this.batchBytesSoFar = 0;
  }
}

/** Element offsets of sampled indices along one view axis. */
function axisElems(origin: number, picks: Float64Array, stride: number): Float64Array {
  const out = new Float64Array(picks.length);
  for (let i = 0; i < picks.length; i++) out[i] = (origin + picks[i]) * stride;
  return out;
}

/** Read `out[...]` for every combination of the axes' samples: element `base + Σ axis.elems[i]`. */
async function readGrid(src: PictureSource, base: number, axes: SampleAxis[], out: Float64Array, options: SampleOptions): Promise<Batcher> {
  const opts = {
    ...options,
    pageSize: options.pageSize ?? PAGE_SIZE,
    mergeGap: options.mergeGap ?? SAMPLE_MERGE_GAP,
    batchBytes: Math.max(1, options.batchBytes ?? SAMPLE_BATCH_BYTES),
  };
  const total = axes.reduce((n, a) => n * a.elems.length, 1);
  const b = new Batcher(src, out, opts, total);
  if (total === 0) return b;
  const size = src.decoder.itemsize;
  const origin = src.dataOffset;
  const base0 = Number(origin) + base * size;
  if (!Number.isSafeInteger(base0)) throw new NpyError('array data lies past 2^53 bytes');
  const push = async (p: number, o: number): Promise<void> => {
    if (!b.push(p, o)) {
      await b.flush();
      b.push(p, o);
    }
  };

  // Each axis in ascending file order, and the span of its samples.
  const sorted = axes.map((a) => {
    const n = a.elems.length;
    const order = Array.from({ length: n }, (_, i) => i);
    let asc = true;
    let desc = true;
    for (let i = 1; i < n; i++) {
      if (a.elems[i] < a.elems[i - 1]) asc = false;
      if (a.elems[i] > a.elems[i - 1]) desc = false;
    }
    if (!asc) {
      if (desc) order.reverse();
      else order.sort((x, y) => a.elems[x] - a.elems[y]);
    }
    const offs = Float64Array.from(order, (i) => a.elems[i] * size);
    const outs = Float64Array.from(order, (i) => i * a.outStride);
    let gap = Infinity;
    for (let i = 1; i < n; i++) gap = Math.min(gap, offs[i] - offs[i - 1]);
    return { offs, outs, gap, span: n > 0 ? offs[n - 1] - offs[0] : 0 };
  });
  // Outer axes first: widest gaps outside. Nested loops visit file order when each axis's gap exceeds the whole
  // span of the axes inside it (true of every view of a C or Fortran array with unit or larger steps).
  sorted.sort((x, y) => y.gap - x.gap);
  let nested = true;
  for (let i = 0; i < sorted.length; i++) {
    let inner = size;
    for (let j = i + 1; j < sorted.length; j++) inner += sorted[j].span;
    if (sorted[i].offs.length > 1 && sorted[i].gap < inner) nested = false;
  }
  while (sorted.length < 3) sorted.push({ offs: new Float64Array(1), outs: new Float64Array(1), gap: Infinity, span: 0 });
  const [A, B, C] = sorted;
  if (nested) {
    for (let a = 0; a < A.offs.length; a++) {
      throwIfAborted(opts.signal);
      for (let bb = 0; bb < B.offs.length; bb++) {
        const pab = base0 + A.offs[a] + B.offs[bb];
        const oab = A.outs[a] + B.outs[bb];
        for (let c = 0; c < C.offs.length; c++) {
          const p = pab + C.offs[c];
          const o = oab + C.outs[c];
          if (!b.push(p, o)) {
            await b.flush();
            b.push(p, o);
          }
        }
      }
    }
  } else {
    // Interleaved strides: list every sample and sort by position (memory: a few numbers per pixel).
    const pos = new Float64Array(total);
    const outs = new Float64Array(total);
    let k = 0;
    for (let a = 0; a < A.offs.length; a++) {
      for (let bb = 0; bb < B.offs.length; bb++) {
        for (let c = 0; c < C.offs.length; c++, k++) {
          pos[k] = base0 + A.offs[a] + B.offs[bb] + C.offs[c];
          outs[k] = A.outs[a] + B.outs[bb] + C.outs[c];
        }
      }
    }
    const order = Uint32Array.from({ length: total }, (_, i) => i).sort((x, y) => pos[x] - pos[y]);
    for (let i = 0; i < total; i++) await push(pos[order[i]], outs[order[i]]);
  }
  await b.flush();
  return b;
}

/** The sampled picture of a geometry (exact when every block is one element). */
export async function samplePicture(src: PictureSource, geom: PictureGeometry, opts: SampleOptions = {}): Promise<SampledPicture> {
  const H = geom.rows.count;
  const W = geom.cols.count;
  const C = src.channels;
  const view = src.view;
  const rowSamples = sampleIndices(geom.rows);
  const colSamples = sampleIndices(geom.cols);
  const values = new Float64Array(W * H * C);
  const axes: SampleAxis[] = [
    { elems: axisElems(Number(geom.region.row0), rowSamples, Number(view.rowStride)), outStride: W * C },
    { elems: axisElems(Number(geom.region.col0), colSamples, Number(view.colStride)), outStride: C },
  ];
  if (C > 1) axes.push({ elems: Float64Array.from({ length: C }, (_, k) => k * Number(src.channelStride)), outStride: 1 });
  const b = await readGrid(src, Number(view.base), axes, values, opts);
  const exact = isIdentity(geom.rows) && isIdentity(geom.cols);
  return {
    geometry: geom,
    width: W,
    height: H,
    channels: C,
    values,
    level: exact ? 'exact' : 'sampled',
    reduce: 'sample',
    range: b.range,
    missing: b.missing,
    rowSamples,
    colSamples,
    stats: b.stats,
  };
}

/** A line of a view: elements `base + i·stride`, i < count (see line.ts for making one). */
export interface LineSpec {
  base: bigint;
  stride: bigint;
  count: bigint;
}

export interface SampledLine {
  /** Index (along the line, from `start`) of the element that stood for each bucket. */
  readonly indices: Float64Array;
  readonly values: Float64Array;
  readonly range: DataRange;
  readonly missing: number;
  readonly stats: ReadStats;
}

/** One element per bucket of a line (the quick line before the exact envelope), page-disjoint reads as above. */
export async function sampleLine(src: PictureSource, line: LineSpec, bins: AxisBins, start = 0, opts: SampleOptions = {}): Promise<SampledLine> {
  const indices = sampleIndices(bins);
  for (let i = 0; i < indices.length; i++) indices[i] += start;
  const values = new Float64Array(bins.count);
  const b = await readGrid(src, Number(line.base), [{ elems: axisElems(0, indices, Number(line.stride)), outStride: 1 }], values, opts);
  return { indices, values, range: b.range, missing: b.missing, stats: b.stats };
}
