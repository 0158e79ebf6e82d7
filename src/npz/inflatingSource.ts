// A ByteSource over a large deflated member's inflated bytes: reads resume from the index's checkpoints.
import { promisify } from 'util';
import * as zlib from 'zlib';
import { readAt, type ByteSource } from '../npy/io/byteSource';
import { NpyError } from '../npy/types';
import type { Job } from '../shared/job';
import { CompressedInput } from './compressedInput';
import { Inflater, NEED_INPUT, OUTPUT_FULL, STREAM_END } from './inflate/inflater';
import { checkpointBefore, checkpointIndex, inflateWindow, IndexBuilder, memberError, type InflateIndex } from './inflateIndex';

/**
 * How a read is served. The index cuts the member into spans between consecutive checkpoints (about `spacing`
 * bytes of output each). A span is decoded whole by Node's zlib, off the main thread, and kept in a small LRU
 * (SPAN_CACHE bytes), so a jump anywhere costs one span's inflating and reads nearby (the next tile, a
 * sequential scan) cost nothing. zlib cannot start at a bit offset, but it takes the 32 KiB window as
 * `dictionary`: so the span's compressed bytes are shifted in JS by the checkpoint's bit offset (a raw stream
 * starting at a byte boundary), and the output is bounded by the span's known length (`maxOutputLength`).
 * Measured on a 100 MB float64 member at 1 MiB spacing (test/fixtures/npz/bench.ts): a random 4 KiB read takes
 * a median 4-6 ms this way, 10-13 ms resuming with the JS inflater (which only decodes up to the read, but runs
 * ~5× slower than zlib).
 *
 * Where no span is known yet (past the last checkpoint while the index is being built) or a span is larger than
 * the cache (a stream of one giant block has no boundaries), the JS inflater (the one that builds the index)
 * resumes from the checkpoint and stops when the read is full; it is kept as a cursor with its last MiB of
 * output, so the next read at or after it continues instead of starting over.
 *
 * While the index is being built, `availableBytes` is how far it got. A read below it is served at once; a read
 * past it waits for the indexing pass to get there (or, with no pass running, drives the pass itself up to the
 * read's end), so a source is always correct and only ever as slow as the inflating it needs.
 */
const CURSOR_CAPACITY = 1 << 20;
/** Decoded spans kept, in bytes; a span larger than this is read through the JS cursor instead. */
const SPAN_CACHE = 32 << 20;
const inflateRaw = promisify(zlib.inflateRaw) as (buf: Uint8Array, opts: zlib.ZlibOptions) => Promise<Buffer>;
/** Compressed bytes read at a time for a read: small, since a read inflates at most about one spacing. */
const READ_CHUNK = 64 * 1024;

export class InflatingSource implements ByteSource {
  private cursor: Inflater | undefined;
  private cursorInput: CompressedInput | undefined;
  /** The cursor's output buffer is full: slide it before decoding more. */
  private cursorFull = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly builder: IndexBuilder | undefined;
  /** Decoded spans by checkpoint number, least recently used first. */
  private readonly spans = new Map<number, Uint8Array>();
  private spanBytes = 0;

  constructor(
    /** The member's compressed bytes (a window into the archive). */
    private readonly compressed: ByteSource,
    readonly index: InflateIndex,
  ) {
    if (!index.complete) this.builder = new IndexBuilder(index, compressed);
  }

  /** Bytes readable now without inflating past the checkpoints (all of them once the index is complete). */
  get availableBytes(): bigint {
    return BigInt(this.builder ? this.builder.covered : this.index.member.size);
  }

  get indexed(): boolean {
    return this.index.complete;
  }

  /** The indexing pass, as a job: progress in inflated bytes. Resolves with the complete index. */
  indexJob(): Job<InflateIndex> {
    return async (signal, onProgress) => {
      const size = this.index.member.size;
      if (this.builder && !this.index.complete) {
        // Step by step, so reads queued behind the pass get their turn between steps.
        const step = Math.max(this.index.spacing, 8 << 20);
        while (!this.index.complete) await this.builder.advance(this.builder.covered + step, signal, onProgress);
      }
      onProgress(size, size);
      return this.index;
    };
  }

  async size(): Promise<bigint> {
    return BigInt(this.index.member.size);
  }

  read(position: bigint, into: Uint8Array): Promise<number> {
    const run = () => this.readNow(position, into);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readNow(position: bigint, into: Uint8Array): Promise<number> {
    const size = this.index.member.size;
    if (position < 0n || position >= BigInt(size) || into.length === 0) return 0;
    const pos = Number(position);
    const n = Math.min(into.length, size - pos);
    if (this.builder && this.builder.covered < pos + n) await this.builder.advance(pos + n);
    try {
      await this.fill(pos, into.subarray(0, n));
    } catch (e) {
      this.cursor = undefined;
      throw memberError(this.index.member.name, e);
    }
    return n;
  }

  private async fill(pos: number, dst: Uint8Array): Promise<void> {
    let done = 0;
    while (done < dst.length) {
      const at = pos + done;
      const i = checkpointIndex(this.index, at);
      const cps = this.index.checkpoints;
      const start = cps[i].out;
      const end = i + 1 < cps.length ? cps[i + 1].out : this.index.complete ? this.index.member.size : -1;
      if (end < 0 || end - start > SPAN_CACHE) {
        await this.fillByCursor(at, dst.subarray(done));
        return;
      }
      const span = await this.span(i, end - start);
      const k = Math.min(dst.length - done, end - at);
      dst.set(span.subarray(at - start, at - start + k), done);
      done += k;
    }
  }

  /** Span `i` (checkpoint i to the next, `length` bytes), decoded by zlib or taken from the cache. */
  private async span(i: number, length: number): Promise<Uint8Array> {
    const cached = this.spans.get(i);
    if (cached) {
      this.spans.delete(i);
      this.spans.set(i, cached);
      return cached;
    }
    const cps = this.index.checkpoints;
    const cp = cps[i];
    const next = cps[i + 1];
    const from = Math.floor(cp.bit / 8);
    const to = next ? Math.ceil(next.bit / 8) : this.index.member.compressedSize;
    // A span's compressed bytes are about its output or fewer; far more means an index that does not fit the
    // member (a stored index is untrusted): refuse rather than read it.
    if (to - from > 2 * length + 4096) throw new NpyError('the inflate index does not fit the member (a span is too long)');
    const raw = await readAt(this.compressed, BigInt(from), to - from);
    if (raw.length < to - from) throw new NpyError('the file ends inside its compressed data');
    // Move the span's first bit to bit 0 of byte 0: deflate packs bits from the least significant one.
    const k = cp.bit % 8;
    let input = raw;
    if (k !== 0) {
      input = new Uint8Array(raw.length);
      const last = raw.length - 1;
      for (let j = 0; j < last; j++) input[j] = (raw[j] >>> k) | ((raw[j + 1] << (8 - k)) & 0xff);
      input[last] = raw[last] >>> k;
    }
    const window = inflateWindow(cp);
    let out: Buffer;
    try {
      out = await inflateRaw(input, {
        dictionary: window.length ? window : undefined,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
        // The span's own length, plus room for the few bits of the next block that the last byte holds.
        maxOutputLength: length + 65536,
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE') throw new NpyError('deflate data is corrupt: a span inflates past its index checkpoint');
      throw new NpyError(`deflate data is corrupt: ${err.message}`);
    }
    if (out.length < length) throw new NpyError(`deflate data is corrupt: a span inflates to ${out.length} of its ${length} bytes`);
    const span = out.subarray(0, length);
    this.spans.set(i, span);
    this.spanBytes += length;
    for (const [j, s] of this.spans) {
      if (this.spanBytes <= SPAN_CACHE || j === i) break;
      this.spans.delete(j);
      this.spanBytes -= s.length;
    }
    return span;
  }

  /** Serve `dst` from output offset `pos` with the JS inflater, resumed from the checkpoint or continued. */
  private async fillByCursor(pos: number, dst: Uint8Array): Promise<void> {
    const cp = checkpointBefore(this.index, pos);
    let inf = this.cursor;
    // Keep the cursor when it holds `pos`, or is past the checkpoint but not past `pos` (continuing is cheaper).
    if (!inf || pos < inf.outBase || (pos >= inf.outOffset && inf.outOffset < cp.out)) {
      inf = this.cursor ?? new Inflater(CURSOR_CAPACITY);
      this.cursorInput ??= new CompressedInput(this.compressed, this.index.member.compressedSize, READ_CHUNK);
      this.cursor = undefined;
      inf.start(cp.bit, cp.out, inflateWindow(cp));
      await this.cursorInput.begin(inf, Math.floor(cp.bit / 8));
      this.cursorFull = false;
      this.cursor = inf;
    }
    const input = this.cursorInput!;
    let done = 0;
    for (;;) {
      const at = pos + done;
      if (at >= inf.outBase && at < inf.outOffset) {
        const from = at - inf.outBase;
        const k = Math.min(dst.length - done, inf.outOffset - at);
        dst.set(inf.out.subarray(from, from + k), done);
        done += k;
        if (done === dst.length) return;
        continue;
      }
      if (this.cursorFull) {
        inf.slide();
        this.cursorFull = false;
      }
      const status = inf.run();
      if (status === NEED_INPUT) await input.refill(inf);
      else if (status === OUTPUT_FULL) this.cursorFull = true;
      else if (status === STREAM_END && inf.outOffset <= at) {
        throw new NpyError(`inflates to ${inf.outOffset} bytes, fewer than the ${this.index.member.size} its directory entry declares`);
      }
    }
  }

  async close(): Promise<void> {
    this.spans.clear();
    this.spanBytes = 0;
    this.cursor = undefined;
    this.cursorInput = undefined;
  }
}
