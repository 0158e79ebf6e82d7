// The tile request, answered without vscode: the host's session and the webview tests' fake host both call this,
// so what the tests check is what users get. Views are resolved once per distinct view (a small cache).
import type { ArrayEntry } from '../../../npy/container';
import { planTile, readTile, type TilePlan } from '../../../npy/read/planner';
import { resolveView, type ResolvedView } from '../../../npy/view';
import { NpyError } from '../../../npy/types';
import { viewFromWire, type TileReply, type TileRequest, type WireView } from '../../../shared/protocol';

/** The webview pages in small tiles; a request above this many cells is refused (memory is bounded per request). */
export const MAX_TILE_CELLS = 1 << 20;

export class TileHandler {
  private readonly views = new Map<string, ResolvedView>();

  constructor(private readonly entry: ArrayEntry) {}

  /** Resolve a view of this array (cached by its wire form). Throws NpyError for a view that does not fit. */
  resolve(view: WireView): ResolvedView {
    const key = JSON.stringify(view);
    let r = this.views.get(key);
    if (!r) {
      const h = this.entry.opened.header;
      r = resolveView(h.shape, h.fortranOrder, h.dtype, viewFromWire(view));
      if (this.views.size >= 64) this.views.clear();
      this.views.set(key, r);
    }
    return r;
  }

  private plan(req: TileRequest): TilePlan {
    const { opened } = this.entry;
    if (opened.dataError) throw new NpyError(opened.dataError);
    const { rows, cols } = req.rect;
    if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 0 || cols < 0 || rows * cols > MAX_TILE_CELLS) {
      throw new NpyError(`tile of ${rows} × ${cols} cells is larger than ${MAX_TILE_CELLS} cells`);
    }
    const h = opened.header;
    return planTile(
      { view: this.resolve(req.view), itemsize: h.dtype.itemsize, dataOffset: h.dataOffset, availableCount: opened.availableCount },
      { row0: BigInt(req.rect.row0), rows, col0: BigInt(req.rect.col0), cols },
    );
  }

  /**
   * Where in the entry's bytes the tile's reads end (0 for none): a member being indexed answers a tile at once
   * when this is below what is already inflated. Throws like `handle` for a request that cannot be served.
   */
  extent(req: TileRequest): bigint {
    let end = 0n;
    for (const s of this.plan(req).segments) if (s.position + BigInt(s.length) > end) end = s.position + BigInt(s.length);
    return end;
  }

  async handle(req: TileRequest): Promise<TileReply> {
    const plan = this.plan(req);
    const tile = await readTile(this.entry.source, plan);
    return {
      type: 'tile',
      generation: req.generation,
      rows: tile.rows,
      cellsPerRow: tile.cellsPerRow,
      cellSize: tile.cellSize,
      cellOffset: tile.cellOffset,
      bytes: tile.bytes,
      missing: tile.missing,
    };
  }
}
