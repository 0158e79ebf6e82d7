// Random access into a deflated member: the index of resume points, and the one pass that builds it.
import * as zlib from 'zlib';
import type { ByteSource } from '../npy/io/byteSource';
import { NpyError } from '../npy/types';
import { cancelledError, type ProgressFn } from '../shared/job';
import { CompressedInput } from './compressedInput';
import { crc32, crcHex } from './crc32';
import { BLOCK_BOUNDARY, Inflater, NEED_INPUT, OUTPUT_FULL, STREAM_END, WINDOW_SIZE } from './inflate/inflater';

/**
 * zlib's zran.c idea: deflate can only be decoded from its start, but decoding can resume at any block boundary
 * given the boundary's bit offset and the 32 KiB of output before it (the farthest a match reaches back). One
 * pass over the member records such a checkpoint every `spacing` bytes of output (at the first block boundary
 * past it); a read at output offset P then inflates from the last checkpoint at or before P, so it costs at most
 * about `spacing` bytes of inflating, wherever P is. Blocks are typically 16-100 KiB of output; a stream made of
 * one giant block has no boundaries to resume at, and reads then inflate from its start (slow, still correct).
 *
 * Windows are kept deflated (zlib, level 1) in memory and in the serialized index: 32 KiB of raw window per
 * checkpoint would be 3% of the output at 1 MiB spacing. Checkpoints are capped at `maxCheckpoints` by widening
 * the spacing for huge members, so the index stays bounded whatever the member's size.
 *
 * The pass also checks the member whole: its inflated size against the directory's (it stops as soon as the
 * output passes it, so a lying size cannot make it inflate more) and its CRC-32; an index is complete only for
 * a member that passed both.
 */
export interface Checkpoint {
  /** Output offset of a block boundary. */
  out: number;
  /** Its bit offset into the compressed data. */
  bit: number;
  /** The output bytes before it (min(32 KiB, out) of them), deflated raw. */
  window: Uint8Array;
}

export interface MemberIdentity {
  name: string;
  compressedSize: number;
  size: number;
  crc32: number;
}

export interface InflateIndex {
  member: MemberIdentity;
  spacing: number;
  /** Sorted by `out`; the first is always the stream's start (0, 0, no window). */
  checkpoints: Checkpoint[];
  /** The whole member was inflated once and matched its size and CRC-32. */
  complete: boolean;
}

export interface IndexOptions {
  /** Output bytes between checkpoints (default 1 MiB). */
  spacing?: number;
  /** Most checkpoints kept (default 1024): the spacing widens for members bigger than spacing × this. */
  maxCheckpoints?: number;
}

export const DEFAULT_SPACING = 1 << 20;
export const DEFAULT_MAX_CHECKPOINTS = 1024;
/** Output buffer of the pass: new output between flushes. */
const OUT_CAPACITY = 1 << 20;
/** Compressed bytes read at a time by the pass. */
const PASS_CHUNK = 1 << 20;
/** Hand the event loop back at least this often (ms), so a pass over in-memory data can be cancelled too. */
const YIELD_MS = 20;

export function effectiveSpacing(size: number, opts: IndexOptions): number {
  const spacing = Math.max(64 * 1024, Math.floor(opts.spacing ?? DEFAULT_SPACING));
  const maxCheckpoints = Math.max(1, Math.floor(opts.maxCheckpoints ?? DEFAULT_MAX_CHECKPOINTS));
  return Math.max(spacing, Math.ceil(size / maxCheckpoints));
}

export function newIndex(member: MemberIdentity, opts: IndexOptions = {}): InflateIndex {
  return { member, spacing: effectiveSpacing(member.size, opts), checkpoints: [{ out: 0, bit: 0, window: new Uint8Array(0) }], complete: false };
}

/** The number of the last checkpoint at or before output offset `pos`. */
export function checkpointIndex(index: InflateIndex, pos: number): number {
  const cps = index.checkpoints;
  let lo = 0;
  let hi = cps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cps[mid].out <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The last checkpoint at or before output offset `pos`. */
export function checkpointBefore(index: InflateIndex, pos: number): Checkpoint {
  return index.checkpoints[checkpointIndex(index, pos)];
}

export function inflateWindow(cp: Checkpoint): Uint8Array {
  const length = Math.min(WINDOW_SIZE, cp.out);
  if (length === 0) return new Uint8Array(0);
  return zlib.inflateRawSync(cp.window, { maxOutputLength: length });
}

export function memberError(name: string, e: unknown): unknown {
  if (e instanceof NpyError && e.code !== 'cancelled' && !e.message.startsWith('member ')) return new NpyError(`member '${name}': ${e.message}`);
  return e;
}

/**
 * The frontier of an index being built: an inflater that has decoded the member up to `covered` bytes and
 * records checkpoints as it goes. Both the indexing job and reads past `covered` drive it (one at a time): a
 * cancelled job leaves it where it stopped, and whatever comes next continues from there.
 */
export class IndexBuilder {
  private inflater: Inflater | undefined;
  private input: CompressedInput | undefined;
  private crc = 0;
  private flushed = 0;
  private started = false;
  private failure: unknown;
  private queue: Promise<unknown> = Promise.resolve();
  private lastYield = Date.now();

  constructor(
    readonly index: InflateIndex,
    private readonly compressed: ByteSource,
  ) {}

  /** Output bytes decoded so far: reads below this are served from checkpoints without more indexing. */
  get covered(): number {
    if (this.index.complete) return this.index.member.size;
    return this.inflater ? this.inflater.outOffset : 0;
  }

  /** Compressed bytes read by the pass. */
  get compressedRead(): number {
    return this.input?.bytesRead ?? 0;
  }

  /** Decode until `covered` ≥ `target` (or the end). Serialized: callers queue. */
  advance(target: number, signal?: AbortSignal, onProgress?: ProgressFn): Promise<void> {
    const run = () => this.advanceNow(target, signal, onProgress);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async advanceNow(target: number, signal?: AbortSignal, onProgress?: ProgressFn): Promise<void> {
    const { member } = this.index;
    if (this.failure) throw this.failure;
    if (this.index.complete) return;
    try {
      if (!this.started) {
        this.inflater = new Inflater(OUT_CAPACITY, true);
        this.inflater.start(0, 0);
        this.input = new CompressedInput(this.compressed, member.compressedSize, PASS_CHUNK);
        this.started = true;
        await this.input.begin(this.inflater, 0);
      }
      const inflater = this.inflater!;
      const input = this.input!;
      while (!this.index.complete && inflater.outOffset < target) {
        if (signal?.aborted) throw cancelledError(`indexing member '${member.name}'`);
        const status = inflater.run();
        if (status === NEED_INPUT) {
          await input.refill(inflater);
          onProgress?.(this.covered, member.size);
          if (Date.now() - this.lastYield > YIELD_MS) {
            await new Promise((r) => setImmediate(r));
            this.lastYield = Date.now();
          }
        } else if (status === OUTPUT_FULL) {
          this.flush();
          inflater.slide();
          this.flushed = inflater.outPos;
        } else if (status === BLOCK_BOUNDARY) {
          this.flush();
          this.maybeCheckpoint();
        } else if (status === STREAM_END) {
          this.flush();
          this.finish();
        }
      }
      onProgress?.(this.covered, member.size);
    } catch (e) {
      const err = memberError(member.name, e);
      // A cancel leaves the frontier usable; a corrupt stream is final.
      if (!(err instanceof NpyError && err.code === 'cancelled')) this.failure = err;
      throw err;
    }
  }

  private flush(): void {
    const inf = this.inflater!;
    if (inf.outPos > this.flushed) this.crc = crc32(inf.out.subarray(this.flushed, inf.outPos), this.crc);
    this.flushed = inf.outPos;
    const size = this.index.member.size;
    if (inf.outOffset > size) throw new NpyError(`inflates to more than the ${size} bytes its directory entry declares`);
  }

  private maybeCheckpoint(): void {
    const inf = this.inflater!;
    const cps = this.index.checkpoints;
    const out = inf.outOffset;
    if (out - cps[cps.length - 1].out < this.index.spacing || out >= this.index.member.size) return;
    const n = Math.min(WINDOW_SIZE, out);
    const window = zlib.deflateRawSync(inf.out.subarray(inf.outPos - n, inf.outPos), { level: 1 });
    cps.push({ out, bit: inf.bitPosition, window });
  }

  private finish(): void {
    const { member } = this.index;
    const out = this.inflater!.outOffset;
    if (out !== member.size) throw new NpyError(`inflates to ${out} bytes, not the ${member.size} bytes its directory entry declares`);
    if (this.crc !== member.crc32) throw new NpyError(`CRC-32 mismatch: the data gives ${crcHex(this.crc)}, the directory ${crcHex(member.crc32)}`);
    this.index.complete = true;
    this.inflater = undefined;
    this.input = undefined;
  }
}
