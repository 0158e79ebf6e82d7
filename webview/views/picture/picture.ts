// A picture as the webview holds it: the host's reply decoded (float64 values, BigInt-free region), and the
// request loop every picture view shares: a sampled request first, then (for a region small enough, or when the
// user asks) the exact one; a newer request cancels the ones in flight, so the host stops reading for a view
// that moved on.
import { emptyRange, type DataRange } from '../../../src/picture/geometry';
import type { PictureReply, PictureRequest, WireDataRange } from '../../../src/shared/protocol';
import { RequestError, type RequestChannel } from '../../hostChannel';

export interface Pic {
  row0: number;
  rows: number;
  col0: number;
  cols: number;
  block: number;
  width: number;
  height: number;
  channels: number;
  values: Float64Array;
  level: 'sampled' | 'exact';
  range: DataRange;
  /** Exact pictures of many-element blocks: each block's finite min and max (see PictureReply.bounds). */
  lo?: Float32Array | Float64Array;
  hi?: Float32Array | Float64Array;
}

/** Regions of more elements get a half-resolution preview before the sampled picture. */
export const PREVIEW_ELEMENTS = 1 << 30;
const PREVIEW_MIN_PIXELS = 64 * 64;
/** Regions of at most this many elements are refined at once; larger ones when the user asks (Refine). */
export const AUTO_EXACT_ELEMENTS = 64 * 1024 * 1024;

export function rangeFromWire(w: WireDataRange): DataRange {
  const r = emptyRange();
  return {
    ...r,
    min: w.min ?? Infinity,
    max: w.max ?? -Infinity,
    positiveMin: w.positiveMin ?? Infinity,
    count: w.count,
    nan: w.nan,
    posInf: w.posInf,
    negInf: w.negInf,
  };
}

export function picFromReply(r: PictureReply): Pic {
  // The bytes may sit at any offset of their buffer: copy into an aligned one.
  const values = new Float64Array(r.bytes.slice().buffer, 0, r.bytes.byteLength / 8);
  return {
    row0: Number(r.region.row0),
    rows: Number(r.region.rows),
    col0: Number(r.region.col0),
    cols: Number(r.region.cols),
    block: r.block,
    width: r.width,
    height: r.height,
    channels: r.channels,
    values,
    level: r.level,
    range: rangeFromWire(r.range),
    ...boundsFromWire(r),
  };
}

function boundsFromWire(r: PictureReply): { lo?: Float32Array | Float64Array; hi?: Float32Array | Float64Array } {
  if (!r.bounds) return {};
  const n = r.width * r.height * r.channels;
  const buf = r.bounds.bytes.slice().buffer;
  const planes = r.bounds.float32 ? new Float32Array(buf, 0, 2 * n) : new Float64Array(buf, 0, 2 * n);
  return { lo: planes.subarray(0, n), hi: planes.subarray(n, 2 * n) };
}

export type PictureAsk = Omit<PictureRequest, 'type' | 'level'>;

export interface LoaderEvents {
  /** A reply for the latest request (sampled, then maybe exact). */
  picture(pic: Pic, ask: PictureAsk): void;
  /** The latest request failed (not cancelled). */
  error(message: string): void;
  /** Requests in flight changed. */
  pending(n: number): void;
  /** The exact pass of the latest request was cancelled (the job's Cancel): it can be asked for again. */
  refineCancelled?(): void;
}

export class PictureLoader {
  private inFlight: number[] = [];
  private key = '';
  private last: PictureAsk | null = null;

  constructor(
    private readonly channel: RequestChannel,
    private readonly ev: LoaderEvents,
  ) {}

  /** The key of the latest request (replies for older ones are dropped). */
  get currentKey(): string {
    return this.key;
  }

  /** Ask for a picture: sampled, then exact when `autoExact` says so for the sampled reply. */
  load(ask: PictureAsk, autoExact: (pic: Pic) => boolean): void {
    const key = JSON.stringify(ask);
    if (key === this.key && this.inFlight.length) return;
    this.cancel();
    this.key = key;
    this.last = ask;
    const sampled = (): void =>
      this.send(ask, 'sampled', key, (pic) => {
        if (pic.level === 'sampled' && autoExact(pic)) this.refine();
      });
    const elements = Number(ask.region.rows) * Number(ask.region.cols);
    if (ask.kind !== 'line' && elements > PREVIEW_ELEMENTS && ask.width * ask.height >= 4 * PREVIEW_MIN_PIXELS) {
      // A huge region: a preview at half the resolution first (a quarter of the samples, half the pages read),
      // then the picture at the screen's resolution. Tiles of both levels are cached by the host.
      const preview = { ...ask, width: Math.ceil(ask.width / 2), height: Math.ceil(ask.height / 2) };
      this.send(preview, 'sampled', key, (pic) => {
        if (pic.level === 'exact') return;
        sampled();
      });
    } else sampled();
  }

  /** Ask for the exact picture of the latest request. */
  refine(): void {
    if (this.last) this.send(this.last, 'exact', this.key, () => undefined);
  }

  private send(ask: PictureAsk, level: 'sampled' | 'exact', key: string, then: (pic: Pic) => void): void {
    const p = this.channel.request({ type: 'picture', ...ask, level });
    this.inFlight.push(p.requestId);
    this.ev.pending(this.inFlight.length);
    const done = (): void => {
      this.inFlight = this.inFlight.filter((id) => id !== p.requestId);
      this.ev.pending(this.inFlight.length);
    };
    p.then(
      (reply) => {
        done();
        if (key !== this.key) return;
        const pic = picFromReply(reply);
        this.ev.picture(pic, ask);
        then(pic);
      },
      (err: unknown) => {
        done();
        if (key !== this.key) return;
        if (err instanceof RequestError && err.cancelled) {
          if (level === 'exact') this.ev.refineCancelled?.();
          return;
        }
        this.ev.error(err instanceof Error ? err.message : String(err));
      },
    );
  }

  cancel(): void {
    if (this.inFlight.length) this.channel.cancel(this.inFlight.splice(0));
    this.ev.pending(0);
  }

  /** Forget the latest request (a new array or generation): the next load always asks. */
  reset(): void {
    this.cancel();
    this.key = '';
    this.last = null;
  }
}
