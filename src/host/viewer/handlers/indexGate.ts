// Tiles of a large deflated member while its index pass runs, without vscode: a tile whose reads end within what
// the pass has inflated so far is served at once; one past it waits here (not in the request queue, where it
// would hold up the tiles that can be read now) until the pass gets there, or stops (done, cancelled, failed:
// then the read itself inflates what it needs). The session keeps one gate per panel.
import type { ArrayEntry } from '../../../npy/container';
import { InflatingSource } from '../../../npz';
import type { TileRequest } from '../../../shared/protocol';
import type { TileHandler } from './tile';

export class IndexGate<T> {
  private readonly parked = new Map<number, { need: bigint; source: InflatingSource; item: T }>();

  /**
   * Park `item` (request `id`) when `entry` is being indexed (`indexing`) and the tile's reads end past what is
   * inflated; true when parked. Throws what TileHandler.extent throws for a request that cannot be served.
   */
  park(id: number, entry: ArrayEntry, tiles: TileHandler, req: TileRequest, item: T, indexing: boolean): boolean {
    const source = entry.source;
    if (!indexing || !(source instanceof InflatingSource) || source.indexed) return false;
    const need = tiles.extent(req);
    if (need <= source.availableBytes) return false;
    this.parked.set(id, { need, source, item });
    return true;
  }

  /** The parked items the pass has reached (all of them once it no longer runs), in request order; removed. */
  reached(indexing: boolean): T[] {
    const out: T[] = [];
    for (const [id, p] of [...this.parked]) {
      if (indexing && p.need > p.source.availableBytes) continue;
      this.parked.delete(id);
      out.push(p.item);
    }
    return out;
  }

  /** Forget these requests (the webview cancelled them). */
  drop(ids: Iterable<number>): void {
    for (const id of ids) this.parked.delete(id);
  }

  clear(): void {
    this.parked.clear();
  }

  get size(): number {
    return this.parked.size;
  }
}
