// One open .npy file: its byte source, parsed header and generation. Shared by every editor panel showing it.
// Live reload: a FileSystemWatcher plus a cheap stat poll (watchers miss changes on some network and remote file
// systems); changes are debounced, the header re-parsed, the generation bumped and listeners told.
import * as vscode from 'vscode';
import { promises as fs } from 'fs';
import * as path from 'path';
import { MemorySource, type ByteSource } from '../../npy/io/byteSource';
import { openArray, type OpenedArray } from '../../npy/open';
import { NpyError } from '../../npy/types';
import type { ArrayInfo } from '../../shared/protocol';
import { buildArrayInfo } from './arrayInfo';
import { IdleFileSource } from '../../npy/io/idleFileSource';
import { byteSizeText, oneLineError, shapeText } from '../platform/errors';
import { dtypeName } from '../../npy/dtype';
import * as config from '../platform/config';
import { log } from '../platform/log';

const DEBOUNCE_MS = 250;
const POLL_MS = 2000;

interface StatKey {
  size: bigint;
  mtime: string;
  ino: string;
}

/**
 * Arrays that are not files: a URI scheme whose documents get their bytes from a registered source (the live
 * preview of Attach NPY Header). `version` changes whenever the bytes do; `onDidChange` reloads open documents.
 */
export interface VirtualArraySource {
  stat(uri: vscode.Uri): Promise<{ size: bigint; version: string }>;
  open(uri: vscode.Uri): Promise<ByteSource>;
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

const virtualSources = new Map<string, VirtualArraySource>();

export function registerVirtualArraySource(scheme: string, source: VirtualArraySource): vscode.Disposable {
  virtualSources.set(scheme, source);
  return new vscode.Disposable(() => {
    if (virtualSources.get(scheme) === source) virtualSources.delete(scheme);
  });
}

function sameStat(a: StatKey | undefined, b: StatKey | undefined): boolean {
  return !!a && !!b && a.size === b.size && a.mtime === b.mtime && a.ino === b.ino;
}

export class NpyDocument implements vscode.CustomDocument {
  private source: ByteSource | undefined;
  private opened_: OpenedArray | undefined;
  private info_: ArrayInfo | undefined;
  private error_: string | undefined;
  private generation_ = 0;
  private stat: StatKey | undefined;
  private disposables: vscode.Disposable[] = [];
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private disposed = false;

  private readonly onDidReloadEmitter = new vscode.EventEmitter<void>();
  /** The file changed on disk and was re-read: `generation` moved on and `info` is the new state. */
  readonly onDidReload = this.onDidReloadEmitter.event;

  private constructor(readonly uri: vscode.Uri) {}

  static async open(uri: vscode.Uri): Promise<NpyDocument> {
    const doc = new NpyDocument(uri);
    await doc.load(false);
    doc.startWatching();
    return doc;
  }

  get fileName(): string {
    return path.posix.basename(this.uri.path);
  }
  get generation(): number {
    return this.generation_;
  }
  /** The parsed array, or undefined when the file cannot be opened (see `error`). */
  get opened(): OpenedArray | undefined {
    return this.opened_;
  }
  get info(): ArrayInfo | undefined {
    return this.info_;
  }
  /** One line: why the file cannot be shown at all. */
  get error(): string | undefined {
    return this.error_;
  }
  get byteSource(): ByteSource | undefined {
    return this.source;
  }

  private async statNow(): Promise<StatKey> {
    const virtual = virtualSources.get(this.uri.scheme);
    if (virtual) {
      const st = await virtual.stat(this.uri);
      return { size: st.size, mtime: st.version, ino: '' };
    }
    if (this.uri.scheme === 'file') {
      const st = await fs.stat(this.uri.fsPath, { bigint: true });
      if (!st.isFile()) throw new NpyError('not a regular file');
      return { size: st.size, mtime: String(st.mtimeNs), ino: String(st.ino) };
    }
    const st = await vscode.workspace.fs.stat(this.uri);
    if (st.type & vscode.FileType.Directory) throw new NpyError('not a regular file');
    return { size: BigInt(st.size), mtime: String(st.mtime), ino: '' };
  }

  private async makeSource(st: StatKey): Promise<ByteSource> {
    const virtual = virtualSources.get(this.uri.scheme);
    if (virtual) {
      await this.source?.close().catch(() => undefined);
      return virtual.open(this.uri);
    }
    if (this.uri.scheme === 'file') {
      if (this.source instanceof IdleFileSource) {
        await this.source.reset();
        return this.source;
      }
      return new IdleFileSource(this.uri.fsPath);
    }
    // No ranged reads on other file systems: read whole, within the size guard.
    const limit = config.maxWholeFileBytes(this.uri);
    if (st.size > BigInt(limit)) {
      throw new NpyError(
        vscode.l10n.t(
          'this file system has no ranged reads, so the file would be read whole: {0} is over the npyStudio.maxWholeFileBytes limit of {1}',
          byteSizeText(st.size),
          byteSizeText(limit),
        ),
      );
    }
    await this.source?.close().catch(() => undefined);
    return new MemorySource(await vscode.workspace.fs.readFile(this.uri));
  }

  /** (Re)read the header. On a reload, warns when the file was replaced or its header changed. */
  private async load(isReload: boolean): Promise<void> {
    const before = this.opened_;
    const beforeStat = this.stat;
    const extra: string[] = [];
    try {
      const st = await this.statNow();
      this.stat = st;
      this.source = await this.makeSource(st);
      const opened = await openArray(this.source);
      if (isReload && before && !virtualSources.has(this.uri.scheme)) {
        const replaced = beforeStat && beforeStat.ino !== st.ino && st.ino !== '';
        const h0 = before.header;
        const h1 = opened.header;
        const headerChanged =
          dtypeName(h0.dtype) !== dtypeName(h1.dtype) ||
          h0.fortranOrder !== h1.fortranOrder ||
          shapeText(h0.shape) !== shapeText(h1.shape);
        if (headerChanged) {
          extra.push(
            vscode.l10n.t(
              'the header changed on disk: was {0} {1}, now {2} {3}',
              dtypeName(h0.dtype),
              shapeText(h0.shape),
              dtypeName(h1.dtype),
              shapeText(h1.shape),
            ),
          );
        } else if (replaced) {
          extra.push(vscode.l10n.t('the file was replaced on disk; showing the new file'));
        }
      }
      this.opened_ = opened;
      this.error_ = undefined;
      this.info_ = buildArrayInfo(this.fileName, opened, extra);
    } catch (err) {
      const msg = oneLineError(err);
      this.error_ = msg;
      this.opened_ = undefined;
      if (this.info_) {
        // Keep the last header on screen, but never its values: the data is marked unavailable.
        this.info_ = {
          ...this.info_,
          warnings: [vscode.l10n.t('the file can no longer be read: {0}', msg)],
          dataError: msg,
        };
      }
      if (isReload) log.warn(`reload of ${this.uri.toString(true)} failed: ${msg}`);
    }
    if (isReload) this.generation_++;
  }

  /** Re-read now (also used by tests and the watcher). Serialized; listeners hear about every reload. */
  reload(): Promise<void> {
    const next = this.reloading.then(async () => {
      if (this.disposed) return;
      await this.load(true);
      if (!this.disposed) this.onDidReloadEmitter.fire();
    });
    this.reloading = next.catch(() => undefined);
    return next;
  }

  private scheduleReload(): void {
    if (this.disposed || !config.liveReload(this.uri)) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.reload();
    }, DEBOUNCE_MS);
  }

  private startWatching(): void {
    const virtual = virtualSources.get(this.uri.scheme);
    if (virtual) {
      this.disposables.push(
        virtual.onDidChange((u) => {
          if (u.toString() === this.uri.toString()) void this.reload();
        }),
      );
      return;
    }
    try {
      const dir = vscode.Uri.joinPath(this.uri, '..');
      const base = path.posix.basename(this.uri.path);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, base));
      const onEvent = (): void => this.scheduleReload();
      this.disposables.push(watcher, watcher.onDidChange(onEvent), watcher.onDidCreate(onEvent), watcher.onDidDelete(onEvent));
    } catch (err) {
      log.warn(`cannot watch ${this.uri.toString(true)}: ${oneLineError(err)}`);
    }
    // Stat polling: a change of size, mtime or inode the watcher did not report.
    if (this.uri.scheme === 'file') {
      this.poll = setInterval(() => {
        if (this.disposed || this.debounce || !config.liveReload(this.uri)) return;
        this.statNow().then(
          (st) => {
            if (!sameStat(st, this.stat)) this.scheduleReload();
          },
          () => {
            if (!this.error_) this.scheduleReload();
          },
        );
      }, POLL_MS);
      this.poll.unref?.();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poll) clearInterval(this.poll);
    for (const d of this.disposables) d.dispose();
    this.disposables = [];
    this.onDidReloadEmitter.dispose();
    const src = this.source;
    this.source = undefined;
    void src?.close().catch(() => undefined);
  }
}
