// An `.npz` as a container: the member list from the central directory alone, members opened lazily.
import { MemorySource, type ByteSource } from '../npy/io/byteSource';
import type { ArrayContainer, ArrayEntry, EntryListing } from '../npy/container';
import { describeArray, openArray, type OpenOptions } from '../npy/open';
import type { NpyHeader } from '../npy/types';
import { NpyError } from '../npy/types';
import { cancelledError, isCancelled, type Job } from '../shared/job';
import { DEFLATE_MAX_RATIO, METHOD_DEFLATE, readCentralDirectory, type ZipMember } from './centralDirectory';
import { readEndRecord } from './endRecord';
import type { IndexKey } from './indexCodec';
import type { IndexOptions, InflateIndex } from './inflateIndex';
import { InflatingSource } from './inflatingSource';
import { readLocalHeader, type LocalHeader } from './localHeader';
import { keyOfMember } from './memberNames';
import { isLargeDeflated, makeMemberSource, type MemberSourceOptions } from './memberSource';
import { streamMemberData, type ChunkSink, type StreamResult } from './memberStream';
import { peekMembers } from './peek';

/**
 * Opening reads the end record (the last ≤ 64 KiB + 22 bytes) and the central directory, nothing else: a
 * multi-GB archive of 10,000 members lists from those two reads. Each member's local header is read when the
 * member is first opened (one small read), not at listing: 10,000 members would otherwise cost 10,000 reads up
 * front. `inspectJob` is the cheap way to learn every member's header anyway: one batched read per 256 members.
 */
export interface NpzOptions extends OpenOptions, MemberSourceOptions, IndexOptions {
  /** Largest inflated/compressed ratio a deflated member may claim (default and most: 1032, deflate's limit). */
  maxRatio?: number;
  /** Most members an archive may list (default 1,000,000). */
  maxMembers?: number;
}

export const DEFAULT_MAX_MEMBERS = 1_000_000;
const IN_MEMORY_CACHE = 256 << 20;

export interface NpzEntryListing extends EntryListing {
  /** The zip member's name (`name` is np.load's key: the member name without its `.npy`). */
  memberName: string;
  /** Position in the directory. */
  index: number;
  /** Zip compression method: 0 stored, 8 deflate; others are listed with an error. */
  method: number;
  crc32: number;
  /**
   * Why the member cannot be opened, once known: set at listing from the directory (method, encryption, sizes,
   * a key another member shadows), or later by open() or inspectJob() (not a .npy, corrupt data).
   */
  error?: string;
  /** The member's `.npy` header, once opened or inspected. */
  header?: NpyHeader;
  /** Set when the header is fine but the data must not be decoded (object dtype). */
  dataError?: string;
}

export interface NpzArrayEntry extends ArrayEntry {
  listing: NpzEntryListing;
}

export interface VerifyProblem {
  name: string;
  memberName: string;
  error: string;
}

export interface VerifyReport {
  members: number;
  problems: VerifyProblem[];
}

/** The part of an error message after `member '…': `, for a listing's error field. */
function reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^member '(?:[^']|'(?!: ))*': /, '');
}

function memberFailure(m: ZipMember, e: unknown): unknown {
  if (isCancelled(e)) return e;
  if (e instanceof NpyError) return new NpyError(`member '${m.name}': ${reason(e)}`, e.code);
  return new NpyError(`member '${m.name}': ${String((e as Error)?.message ?? e).split('\n')[0]}`);
}

export class NpzContainer implements ArrayContainer {
  readonly kind = 'npz' as const;
  readonly entries: readonly NpzEntryListing[];
  private readonly byKey = new Map<string, number>();
  private readonly locals = new Map<number, Promise<LocalHeader>>();
  private readonly sources = new Map<number, Promise<ByteSource>>();
  /** Members inflated into memory that the cache holds, oldest first, and their bytes. */
  private readonly inMemory = new Map<number, number>();
  private inMemoryBytes = 0;
  private readonly indexes = new Map<number, InflateIndex>();
  private closed = false;

  private constructor(
    private readonly archive: ByteSource,
    private readonly members: readonly ZipMember[],
    private readonly opts: NpzOptions,
  ) {
    this.entries = members.map((m) => ({
      name: keyOfMember(m.name),
      size: m.size,
      storedSize: m.compressedSize,
      compressed: m.method === METHOD_DEFLATE,
      memberName: m.name,
      index: m.index,
      method: m.method,
      crc32: m.crc32,
      error: m.error,
    }));
    // numpy's NpzFile: keys map to member names (a later duplicate wins), then every member name maps to
    // itself; zipfile opens the last member of a name. A member np.load cannot reach this way is shadowed.
    const lastOfName = new Map<string, number>();
    members.forEach((m, i) => lastOfName.set(m.name, i));
    for (const e of this.entries) this.byKey.set(e.name, lastOfName.get(e.memberName)!);
    for (const [name, i] of lastOfName) this.byKey.set(name, i);
    for (const e of this.entries) {
      if (this.byKey.get(e.name) !== e.index && !e.error) {
        const winner = members[this.byKey.get(e.name)!];
        e.error = `np.load reads member '${winner.name}' (entry ${winner.index + 1}) for the key '${e.name}'; this one is shadowed`;
      }
    }
  }

  static async open(archive: ByteSource, opts: NpzOptions = {}): Promise<NpzContainer> {
    const size = await archive.size();
    const end = await readEndRecord(archive, size, opts.maxMembers ?? DEFAULT_MAX_MEMBERS);
    const maxRatio = Math.min(opts.maxRatio ?? DEFLATE_MAX_RATIO, DEFLATE_MAX_RATIO);
    const members = await readCentralDirectory(archive, end, { maxRatio });
    return new NpzContainer(archive, members, opts);
  }

  /** The directory entry behind a key (or a member name, which np.load also takes). */
  private member(name: string): ZipMember {
    if (this.closed) throw new NpyError('the archive is closed');
    const i = this.byKey.get(name);
    if (i === undefined) throw new NpyError(`the archive has no array '${name}'`);
    return this.members[i];
  }

  private localHeader(m: ZipMember): Promise<LocalHeader> {
    let p = this.locals.get(m.index);
    if (!p) {
      p = readLocalHeader(this.archive, m);
      this.locals.set(m.index, p);
      p.catch(() => this.locals.delete(m.index));
    }
    return p;
  }

  /** The member's `.npy` bytes as a ByteSource (owned by the container), without parsing its header. */
  memberSource(name: string): Promise<ByteSource> {
    const m = this.member(name);
    let p = this.sources.get(m.index);
    if (!p) {
      p = (async () => {
        if (m.error) throw new NpyError(m.error);
        const local = await this.localHeader(m);
        const source = await makeMemberSource(this.archive, m, local.dataOffset, this.opts, this.indexes.get(m.index));
        if (source instanceof MemorySource) this.keepInMemory(m.index, Number(m.size));
        return source;
      })();
      const q = p.catch((e) => {
        this.sources.delete(m.index);
        const err = memberFailure(m, e);
        if (!isCancelled(err)) this.entries[m.index].error = reason(err);
        throw err;
      });
      this.sources.set(m.index, q);
      return q;
    }
    return p;
  }

  /**
   * Small deflated members are inflated whole; the container keeps up to IN_MEMORY_CACHE bytes of them for
   * reopening, forgetting the oldest beyond that (an entry already handed out keeps its own bytes).
   */
  private keepInMemory(index: number, bytes: number): void {
    this.inMemory.set(index, bytes);
    this.inMemoryBytes += bytes;
    for (const [i, n] of this.inMemory) {
      if (this.inMemoryBytes <= IN_MEMORY_CACHE || i === index) break;
      this.inMemory.delete(i);
      this.sources.delete(i);
      this.inMemoryBytes -= n;
    }
  }

  async open(name: string, opts: OpenOptions = {}): Promise<NpzArrayEntry> {
    const m = this.member(name);
    const listing = this.entries[m.index];
    const source = await this.memberSource(name);
    try {
      const opened = await openArray(source, { ...this.opts, ...opts });
      listing.header = opened.header;
      listing.dataError = opened.dataError;
      return { name: listing.name, opened, source, listing };
    } catch (e) {
      const err = memberFailure(m, e);
      if (!isCancelled(err)) listing.error = reason(err);
      throw err;
    }
  }

  /** Whether reading this member at random needs an index pass (a deflated member over the in-memory limit). */
  needsIndex(name: string): boolean {
    const m = this.member(name);
    return !m.error && isLargeDeflated(m, this.opts) && !this.indexes.get(m.index)?.complete;
  }

  /**
   * Use an index made before (deserializeIndex) for this member; call before opening it. Returns false when it
   * does not fit (another member's) or the member is already open.
   */
  useIndex(name: string, index: InflateIndex): boolean {
    const m = this.member(name);
    const id = index.member;
    if (id.name !== m.name || BigInt(id.size) !== m.size || BigInt(id.compressedSize) !== m.compressedSize || id.crc32 !== m.crc32) return false;
    if (this.sources.has(m.index)) return false;
    this.indexes.set(m.index, index);
    return true;
  }

  /** The member's index, once an index pass (or a read) has started one. */
  getIndex(name: string): InflateIndex | undefined {
    const m = this.member(name);
    return this.indexes.get(m.index);
  }

  /** The identity a stored index of this member is keyed by; `file` is the archive as the host stats it. */
  indexKey(name: string, file: { path: string; size: bigint; mtimeMs: number }): IndexKey {
    const m = this.member(name);
    return {
      path: file.path,
      fileSize: file.size,
      mtimeMs: file.mtimeMs,
      memberName: m.name,
      localOffset: m.localOffset,
      compressedSize: m.compressedSize,
      size: m.size,
      crc32: m.crc32,
    };
  }

  /**
   * The indexing pass of a large deflated member (progress in inflated bytes); resolves with the complete index,
   * or undefined for a member that needs none. Reads of the member may run meanwhile (see InflatingSource).
   */
  indexJob(name: string): Job<InflateIndex | undefined> {
    return async (signal, onProgress) => {
      const m = this.member(name);
      const source = await this.memberSource(name);
      if (!(source instanceof InflatingSource)) {
        onProgress(1, 1);
        return undefined;
      }
      this.indexes.set(m.index, source.index);
      try {
        return await source.indexJob()(signal, onProgress);
      } catch (e) {
        const err = memberFailure(m, e);
        if (!isCancelled(err)) this.entries[m.index].error = reason(err);
        throw err;
      }
    };
  }

  /**
   * Read every member's header cheaply (batched reads) and record it, or the member's error, on its listing.
   * Progress in members. Members already opened or failed are skipped.
   */
  inspectJob(batch = 256): Job<void> {
    return async (signal, onProgress) => {
      const todo = this.members.filter((m) => !this.entries[m.index].error && !this.entries[m.index].header);
      for (let k = 0; k < todo.length; k += batch) {
        if (signal.aborted) throw cancelledError('inspecting the archive');
        const group = todo.slice(k, k + batch);
        const results = await peekMembers(this.archive, group, this.opts);
        for (let j = 0; j < group.length; j++) {
          const m = group[j];
          const listing = this.entries[m.index];
          const r = results[j];
          if (r.kind === 'header') {
            const described = describeArray(r.parsed);
            listing.header = r.parsed.header;
            listing.dataError = described.dataError;
          } else if (r.kind === 'error') {
            listing.error = reason(memberFailure(m, r.error));
          } else {
            await this.open(listing.name).catch((e) => {
              if (isCancelled(e)) throw e;
            });
          }
        }
        onProgress(Math.min(k + batch, todo.length), todo.length);
      }
      onProgress(todo.length, todo.length);
    };
  }

  /**
   * Stream a member's `.npy` bytes to `sink` in chunks of at most 1 MiB, checking its size and CRC-32 at the
   * end (throws then: discard what was written). Progress in bytes.
   */
  streamMemberJob(name: string, sink: ChunkSink): Job<StreamResult> {
    return async (signal, onProgress) => {
      const m = this.member(name);
      if (m.error) throw new NpyError(`member '${m.name}': ${m.error}`);
      const size = Number(m.size);
      try {
        const local = await this.localHeader(m);
        return await streamMemberData(this.archive, m, local.dataOffset, sink, signal, (done) => onProgress(Number(done), size));
      } catch (e) {
        throw memberFailure(m, e);
      }
    };
  }

  /**
   * Check every member whole: local header, size and CRC-32 (the .npy content is not parsed). Problems are
   * reported, not thrown, and recorded on the listings; only cancelling throws. Progress in stored bytes.
   */
  verifyJob(): Job<VerifyReport> {
    return async (signal, onProgress) => {
      const total = this.members.reduce((s, m) => s + Number(m.compressedSize), 0);
      let base = 0;
      const problems: VerifyProblem[] = [];
      for (const m of this.members) {
        const listing = this.entries[m.index];
        const note = (error: string) => {
          problems.push({ name: listing.name, memberName: m.name, error });
          listing.error ??= error;
        };
        if (m.error) note(m.error);
        else {
          try {
            const local = await this.localHeader(m);
            const ratio = m.size > 0n ? Number(m.compressedSize) / Number(m.size) : 0;
            await streamMemberData(
              this.archive,
              m,
              local.dataOffset,
              () => undefined,
              signal,
              (done) => onProgress(base + Number(done) * ratio, total),
            );
          } catch (e) {
            if (isCancelled(e)) throw e;
            note(reason(e));
          }
        }
        base += Number(m.compressedSize);
        onProgress(base, total);
      }
      return { members: this.members.length, problems };
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sources = [...this.sources.values()];
    this.sources.clear();
    for (const p of sources) {
      const s = await p.catch(() => undefined);
      await s?.close().catch(() => undefined);
    }
    await this.archive.close();
  }
}
