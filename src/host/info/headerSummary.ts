// Shape, dtype and size of a .npy file from its header bytes only, for hovers and Explorer tooltips; for an .npz
// the member count and sizes from its central directory, and the first members' headers (one batched read).
// Cached by path and validated by (size, mtime); at most a few files are read at once.
import { promises as fs } from 'fs';
import { openPathContainer, type ArrayContainer } from '../../npy/container';
import { dtypeName } from '../../npy/dtype';
import { shortDtypeName } from '../../shared/descrSummary';
import { localizedWarnings, type Localize } from '../viewer/arrayInfo';
import { oneLineError, summaryText, byteSizeText, shapeText } from '../platform/errors';
import { NpzContainer } from '../../npz';
import { isCancelled } from '../../shared/job';

/** Members whose headers a summary reads (a hover lists these, then "… N more"). */
export const SUMMARY_MEMBERS = 8;

export interface MemberSummary {
  key: string;
  dtypeName?: string;
  shape?: bigint[];
  error?: string;
}

export interface ArchiveSummary {
  /** Members in the archive. */
  count: number;
  /** Bytes of all members as .npy files (inflated). */
  inflatedSize: bigint;
  /** The first SUMMARY_MEMBERS members. */
  members: MemberSummary[];
}

export interface HeaderSummary {
  path: string;
  fileSize: bigint;
  /** Set when the header could be read. */
  dtypeName?: string;
  shape?: bigint[];
  fortranOrder?: boolean;
  version?: string;
  warnings: string[];
  /** One-line reason the header could not be read. */
  error?: string;
  /** Set for an .npz archive (then the array fields are unset). */
  archive?: ArchiveSummary;
}

/** `float32 (1000, 3, 224) · 2.5 GiB`, or `not a valid .npy file: … · 12 KiB`. */
export function summaryLine(s: HeaderSummary): string {
  if (s.archive && s.error === undefined) return `${s.archive.count} ${s.archive.count === 1 ? 'array' : 'arrays'} · ${byteSizeText(s.fileSize)}`;
  if (s.error !== undefined || !s.dtypeName || !s.shape) return `${s.error ?? 'unreadable'} · ${byteSizeText(s.fileSize)}`;
  return summaryText(s.dtypeName, s.shape, s.fileSize);
}

export async function readHeaderSummary(path: string, maxHeaderSize?: number, localize?: Localize): Promise<HeaderSummary> {
  let container: ArrayContainer | undefined;
  let fileSize = 0n;
  try {
    container = await openPathContainer(path, { maxHeaderSize });
    if (container instanceof NpzContainer)
      return { path, fileSize: (await fs.stat(path, { bigint: true })).size, warnings: [], archive: await summarizeArchive(container) };
    fileSize = container.entries[0]?.storedSize ?? 0n;
    const opened = (await container.open('', { maxHeaderSize })).opened;
    const h = opened.header;
    return {
      path,
      fileSize: opened.fileSize,
      dtypeName: shortDtypeName(dtypeName(h.dtype), h.descr),
      shape: h.shape,
      fortranOrder: h.fortranOrder,
      version: h.version,
      warnings: localizedWarnings(opened.warnings, localize).map((w) => w.text),
    };
  } catch (err) {
    return { path, fileSize, warnings: [], error: oneLineError(err) };
  } finally {
    await container?.close().catch(() => undefined);
  }
}

/** The archive's member count and sizes (directory only) and the first members' headers (one batched read). */
async function summarizeArchive(container: NpzContainer): Promise<ArchiveSummary> {
  const ac = new AbortController();
  // inspectJob works in batches and reports after each: stopping after the first reads only these members.
  await container
    .inspectJob(SUMMARY_MEMBERS)(ac.signal, () => ac.abort())
    .catch((e) => {
      if (!isCancelled(e)) throw e;
    });
  const entries = container.entries;
  return {
    count: entries.length,
    inflatedSize: entries.reduce((sum, e) => sum + e.size, 0n),
    members: entries.slice(0, SUMMARY_MEMBERS).map((e) => ({
      key: e.name,
      dtypeName: e.header ? shortDtypeName(dtypeName(e.header.dtype), e.header.descr) : undefined,
      shape: e.header?.shape,
      error: e.error ?? e.dataError,
    })),
  };
}

interface Entry {
  key: string;
  value: Promise<HeaderSummary>;
}

export class HeaderSummaryCache {
  private entries = new Map<string, Entry>();
  private active = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly maxEntries = 512,
    private readonly concurrency = 4,
    private readonly reader: (path: string) => Promise<HeaderSummary> = (p) => readHeaderSummary(p),
  ) {}

  /** The summary of `path`, or undefined when it is not a regular file. */
  async get(path: string): Promise<HeaderSummary | undefined> {
    let st;
    try {
      st = await fs.stat(path, { bigint: true });
    } catch {
      this.entries.delete(path);
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const key = `${st.size}:${st.mtimeNs}:${st.ino}`;
    const hit = this.entries.get(path);
    if (hit && hit.key === key) {
      // Refresh recency.
      this.entries.delete(path);
      this.entries.set(path, hit);
      return hit.value;
    }
    const value = this.limited(() => this.reader(path));
    this.entries.set(path, { key, value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  invalidate(path?: string): void {
    if (path === undefined) this.entries.clear();
    else this.entries.delete(path);
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.concurrency) await new Promise<void>((r) => this.waiters.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiters.shift()?.();
    }
  }
}

export { shapeText };
