// Level-of-detail tiles and their cache, so panning back is instant. A heatmap of a view is a pyramid: at level L
// one pixel reduces a 2^L × 2^L block of the view (level 0 = one pixel per element); each level is cut into tiles
// of TILE × TILE pixels, tile (ty, tx) covering view rows [ty·TILE·2^L, (ty+1)·TILE·2^L) and the same for
// columns (blockGeometry, so every block but the last row/column of blocks is exactly 2^L). The screen draws a
// region with the level whose blocks are at most the elements per screen pixel, so a tile never has less detail
// than the screen, and tiles of one level are shared by every zoom between two powers of two.
//
// A tile's key names everything its pixels depend on: the array (a URI and a version that changes when the file
// does), the view (slice text or any canonical spelling of the ViewSpec), the level, the tile, what a pixel is
// (`sample` / `max` / `min` / `mean`, and whether it is sampled or exact). Colour is NOT in the key: tiles hold
// values (a Picture), and a colormap, scale or domain change recolours them without reading.
import type { ViewRange } from '../npy/read/chunks';
import { blockGeometry, type PictureGeometry } from './geometry';

export const TILE = 256;

export interface TileAddress {
  /** The array: e.g. the document URI and `mtime:size` (or an .npz member name after the URI). */
  array: string;
  /** The view, canonical: e.g. formatSlice(spec, shape). */
  view: string;
  level: number;
  ty: number;
  tx: number;
  reduce: 'sample' | 'max' | 'min' | 'mean';
  /** Sampled tiles are replaced by exact ones; both may sit in the cache, the exact one wins. */
  exact: boolean;
}

export function tileKey(t: TileAddress): string {
  return JSON.stringify([t.array, t.view, t.level, t.ty, t.tx, t.reduce, t.exact]);
}

/** The coarsest level whose blocks are at most `elementsPerPixel` elements on a side (0 when zoomed in past 1). */
export function levelFor(elementsPerPixel: number): number {
  if (!(elementsPerPixel > 1)) return 0;
  return Math.floor(Math.log2(elementsPerPixel) + 1e-9);
}

/** Tiles along an axis of n elements at a level. */
export function tilesAlong(n: bigint, level: number, tile = TILE): number {
  const span = BigInt(tile) << BigInt(level);
  return Number((n + span - 1n) / span);
}

/** Geometry of tile (ty, tx) of a view of `rows × cols` at a level. */
export function tileGeometry(rows: bigint, cols: bigint, level: number, ty: number, tx: number, tile = TILE): PictureGeometry {
  const block = 2 ** level;
  const span = BigInt(tile) << BigInt(level);
  const row0 = BigInt(ty) * span;
  const col0 = BigInt(tx) * span;
  const region: ViewRange = {
    row0,
    rows: row0 + span > rows ? rows - row0 : span,
    col0,
    cols: col0 + span > cols ? cols - col0 : span,
  };
  return blockGeometry(region, block, block);
}

/** Tiles (ty, tx) a view region needs at a level. */
export function tilesFor(region: ViewRange, level: number, tile = TILE): { ty0: number; ty1: number; tx0: number; tx1: number } {
  const span = BigInt(tile) << BigInt(level);
  const endR = region.row0 + region.rows;
  const endC = region.col0 + region.cols;
  return {
    ty0: Number(region.row0 / span),
    ty1: Number((endR + span - 1n) / span),
    tx0: Number(region.col0 / span),
    tx1: Number((endC + span - 1n) / span),
  };
}

/** A least-recently-used map bounded by a byte budget (`sizeOf` of each value). */
export class LruCache<V> {
  private readonly map = new Map<string, { value: V; size: number }>();
  private used = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (v: V) => number,
  ) {}

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    this.delete(key);
    if (size > this.maxBytes) return;
    this.map.set(key, { value, size });
    this.used += size;
    for (const [k, e] of this.map) {
      if (this.used <= this.maxBytes) break;
      this.map.delete(k);
      this.used -= e.size;
    }
  }

  delete(key: string): boolean {
    const e = this.map.get(key);
    if (!e) return false;
    this.map.delete(key);
    this.used -= e.size;
    return true;
  }

  /** Drop every entry whose key passes `test` (e.g. all tiles of a file that changed). */
  deleteWhere(test: (key: string) => boolean): number {
    let n = 0;
    for (const k of [...this.map.keys()]) if (test(k) && this.delete(k)) n++;
    return n;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.used;
  }
}
