// Tiles in the webview: fixed blocks of the current view requested through the host channel (the request id is
// the tile's id), cancelled when scrolled past, and kept in an LRU cache bounded by bytes. DOM-free so the
// bookkeeping is unit-testable.
import type { TileReply, TileRequest, WireView } from '../../../src/shared/protocol';
import type { PendingRequest } from '../../hostChannel';

export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;
/** Largest block a single tile request asks for, in packed bytes. */
export const MAX_BLOCK_BYTES = 2 * 1024 * 1024;
export const BLOCK_ROWS = 256;
export const BLOCK_COLS = 64;
/** Field columns per block of a record view: a block reads only the bytes its fields span in each record. */
export const FIELD_BLOCK_COLS = 32;

export interface BlockShape {
  rows: number;
  cols: number;
}

/** Block size for a cell size: 256 × 64 when it fits MAX_BLOCK_BYTES, smaller for wide cells. */
export function blockShape(cellSize: number, structured: boolean): BlockShape {
  const size = Math.max(1, cellSize);
  const cells = Math.max(1, Math.floor(MAX_BLOCK_BYTES / size));
  if (structured) {
    // A block of field columns spans at most the record (and usually far less: a record may be gigabytes).
    const spanEstimate = Math.max(1, Math.min(cellSize, FIELD_BLOCK_COLS * 16));
    return { rows: Math.max(1, Math.min(BLOCK_ROWS, Math.floor(MAX_BLOCK_BYTES / spanEstimate))), cols: FIELD_BLOCK_COLS };
  }
  if (cells >= BLOCK_ROWS * BLOCK_COLS) return { rows: BLOCK_ROWS, cols: BLOCK_COLS };
  const cols = Math.max(1, Math.min(BLOCK_COLS, Math.floor(Math.sqrt(cells / 4))));
  const rows = Math.max(1, Math.min(BLOCK_ROWS, Math.floor(cells / cols)));
  return { rows, cols };
}

export interface Tile {
  key: string;
  generation: number;
  blockRow: bigint;
  blockCol: bigint;
  rows: number;
  cellsPerRow: number;
  cellSize: number;
  /** Record views: where the tile's cell starts inside the record (its first field column's bytes). */
  cellOffset: number;
  bytes: Uint8Array;
  data: DataView;
  missing: Set<number>;
  /** Formatted text per (cell, leaf) — filled lazily by the renderer. */
  texts: Map<number, string>;
  error?: string;
  /** Bytes charged to the cache. */
  cost: number;
}

export interface BlockRef {
  blockRow: bigint;
  blockCol: bigint;
}

/** What the store needs of the host channel (HostChannel, or a fake in tests). */
export interface TileChannel {
  request(msg: TileRequest): PendingRequest<'tile'>;
  cancel(ids: number[]): void;
}

interface Pending {
  id: number;
  key: string;
  blockRow: bigint;
  blockCol: bigint;
  generation: number;
}

export class TileStore {
  private tiles = new Map<string, Tile>();
  private pending = new Map<number, Pending>();
  private pendingByKey = new Map<string, number>();
  private bytes = 0;
  private viewKey = '';
  private wire: WireView | null = null;
  private generation = 0;
  private block: BlockShape = { rows: BLOCK_ROWS, cols: BLOCK_COLS };
  private structured = false;
  private rows = 0n;
  private cols = 0n;
  /** Keys needed for the current screen: never evicted. */
  private pinned = new Set<string>();
  /** Counters for tests and diagnostics. */
  readonly stats = { requested: 0, cancelled: 0, received: 0, evicted: 0 };

  constructor(
    private readonly channel: TileChannel,
    private readonly budget = DEFAULT_CACHE_BYTES,
    /** Called when a wanted tile (or its error) arrived: the screen should be redrawn. */
    private readonly onArrived: () => void = () => undefined,
  ) {}

  /** Switch to a view (tiles of other views stay cached until evicted; their requests are cancelled). */
  setView(wire: WireView, generation: number, block: BlockShape, rows: bigint, cols: bigint, structured: boolean): void {
    const key = JSON.stringify(wire);
    const changed = key !== this.viewKey || generation !== this.generation;
    this.wire = wire;
    this.viewKey = key;
    this.block = block;
    this.structured = structured;
    this.rows = rows;
    this.cols = cols;
    if (generation !== this.generation) this.dropOlderGenerations(generation);
    this.generation = generation;
    if (changed) this.cancelAllExcept(new Set());
  }

  get blockShape(): BlockShape {
    return this.block;
  }

  get cachedBytes(): number {
    return this.bytes;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get tileCount(): number {
    return this.tiles.size;
  }

  private key(blockRow: bigint, blockCol: bigint, generation = this.generation): string {
    return `${generation}|${this.viewKey}|${blockRow}|${blockCol}`;
  }

  /** Blocks covering rows [row0, row0+nRows) × cols [col0, col0+nCols), clipped to the view. */
  blocksFor(row0: bigint, nRows: number, col0: bigint, nCols: number): BlockRef[] {
    const out: BlockRef[] = [];
    if (this.rows <= 0n || this.cols <= 0n || nRows <= 0 || nCols <= 0) return out;
    const br = BigInt(this.block.rows);
    const bc = BigInt(this.block.cols);
    const clamp = (v: bigint, max: bigint): bigint => (v < 0n ? 0n : v > max ? max : v);
    const r0 = clamp(row0, this.rows - 1n);
    const r1 = clamp(row0 + BigInt(nRows) - 1n, this.rows - 1n);
    const c0 = clamp(col0, this.cols - 1n);
    const c1 = clamp(col0 + BigInt(nCols) - 1n, this.cols - 1n);
    for (let b = r0 / br; b <= r1 / br; b++) {
      for (let c = c0 / bc; c <= c1 / bc; c++) out.push({ blockRow: b, blockCol: c });
    }
    return out;
  }

  /**
   * Make sure these blocks are cached or requested; cancel requests for blocks no longer wanted. `visible` blocks
   * are pinned (never evicted) until the next call.
   */
  ensure(visible: BlockRef[], margin: BlockRef[] = []): void {
    const wanted = new Set<string>();
    this.pinned = new Set();
    for (const b of visible) {
      const k = this.key(b.blockRow, b.blockCol);
      wanted.add(k);
      this.pinned.add(k);
    }
    for (const b of margin) wanted.add(this.key(b.blockRow, b.blockCol));
    this.cancelAllExcept(wanted);
    for (const b of [...visible, ...margin]) {
      const k = this.key(b.blockRow, b.blockCol);
      const tile = this.tiles.get(k);
      if (tile) {
        // Touch: most recently used goes last.
        this.tiles.delete(k);
        this.tiles.set(k, tile);
        continue;
      }
      if (this.pendingByKey.has(k) || !this.wire) continue;
      const row0 = b.blockRow * BigInt(this.block.rows);
      const col0 = b.blockCol * BigInt(this.block.cols);
      const rowsLeft = this.rows - row0;
      const colsLeft = this.cols - col0;
      const rows = Number(rowsLeft < BigInt(this.block.rows) ? rowsLeft : BigInt(this.block.rows));
      const cols = Number(colsLeft < BigInt(this.block.cols) ? colsLeft : BigInt(this.block.cols));
      const request = this.channel.request({
        type: 'tile',
        generation: this.generation,
        view: this.wire,
        rect: { row0: row0.toString(), rows, col0: col0.toString(), cols },
      });
      const id = request.requestId;
      const p: Pending = { id, key: k, blockRow: b.blockRow, blockCol: b.blockCol, generation: this.generation };
      this.pending.set(id, p);
      this.pendingByKey.set(k, id);
      this.stats.requested++;
      request.then(
        (reply) => {
          if (this.onTile(id, reply)) this.onArrived();
        },
        (err: unknown) => {
          if (this.onTileError(id, err)) this.onArrived();
        },
      );
    }
  }

  private cancelAllExcept(wanted: Set<string>): void {
    this.cancelWhere((p) => !wanted.has(p.key));
  }

  /** Cancel pending requests that match, telling the host in one message (through the channel). */
  private cancelWhere(match: (p: { key: string; generation: number }) => boolean): void {
    const ids: number[] = [];
    for (const [id, p] of this.pending) {
      if (match(p)) {
        ids.push(id);
        this.pending.delete(id);
        this.pendingByKey.delete(p.key);
      }
    }
    if (ids.length) {
      this.stats.cancelled += ids.length;
      this.channel.cancel(ids);
    }
  }

  get(blockRow: bigint, blockCol: bigint): Tile | undefined {
    return this.tiles.get(this.key(blockRow, blockCol));
  }

  isPending(blockRow: bigint, blockCol: bigint): boolean {
    return this.pendingByKey.has(this.key(blockRow, blockCol));
  }

  /** The reply to request `id`. Returns true when it was wanted (and is now cached). */
  private onTile(id: number, msg: TileReply): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    this.pendingByKey.delete(p.key);
    if (msg.generation !== p.generation) return false;
    const bytes = msg.bytes instanceof Uint8Array ? msg.bytes : new Uint8Array(msg.bytes as ArrayLike<number>);
    const tile: Tile = {
      key: p.key,
      generation: msg.generation,
      blockRow: p.blockRow,
      blockCol: p.blockCol,
      rows: msg.rows,
      cellsPerRow: msg.cellsPerRow,
      cellSize: msg.cellSize,
      cellOffset: msg.cellOffset ?? 0,
      bytes,
      data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      missing: new Set(msg.missing),
      texts: new Map(),
      cost: bytes.byteLength + 256,
    };
    this.insert(tile);
    this.stats.received++;
    return true;
  }

  /**
   * Request `id` failed: its cells show the error. A request the host dropped as cancelled is only forgotten
   * (asked again when still on screen). Returns true when the screen should be redrawn.
   */
  private onTileError(id: number, err: unknown): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    this.pendingByKey.delete(p.key);
    if ((err as { cancelled?: unknown } | null)?.cancelled === true) return true;
    const bytes = new Uint8Array(0);
    this.insert({
      key: p.key,
      generation: p.generation,
      blockRow: p.blockRow,
      blockCol: p.blockCol,
      rows: 0,
      cellsPerRow: 0,
      cellSize: 0,
      cellOffset: 0,
      bytes,
      data: new DataView(bytes.buffer),
      missing: new Set(),
      texts: new Map(),
      error: err instanceof Error ? err.message : String(err),
      cost: 256,
    });
    return true;
  }

  /** Charge a cached tile for memory it gained (its formatted texts), so the byte budget covers them too. */
  charge(tile: Tile, bytes: number): void {
    if (this.tiles.get(tile.key) !== tile) return;
    tile.cost += bytes;
    this.bytes += bytes;
  }

  private insert(tile: Tile): void {
    const old = this.tiles.get(tile.key);
    if (old) {
      this.bytes -= old.cost;
      this.tiles.delete(tile.key);
    }
    this.tiles.set(tile.key, tile);
    this.bytes += tile.cost;
    this.evict();
  }

  private evict(): void {
    if (this.bytes <= this.budget) return;
    for (const [k, tile] of this.tiles) {
      if (this.bytes <= this.budget) break;
      if (this.pinned.has(k)) continue;
      this.tiles.delete(k);
      this.bytes -= tile.cost;
      this.stats.evicted++;
    }
  }

  /** The file changed: forget tiles and requests of older generations. */
  dropOlderGenerations(generation: number): void {
    for (const [k, tile] of this.tiles) {
      if (tile.generation < generation) {
        this.tiles.delete(k);
        this.bytes -= tile.cost;
      }
    }
    this.cancelWhere((p) => p.generation < generation);
  }

  clear(): void {
    this.dropOlderGenerations(Number.MAX_SAFE_INTEGER);
  }
}
