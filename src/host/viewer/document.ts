// One open array file: its container (a .npy has one entry), the entry shown, and a generation. Shared by every
// editor panel showing it. Live reload: a FileSystemWatcher plus a cheap stat poll (watchers miss changes on some
// network and remote file systems); changes are debounced, the header re-parsed, the generation bumped and
// listeners told.
import * as vscode from 'vscode';
import * as path from 'path';
import type { ByteSource } from '../../npy/io/byteSource';
import { openContainer, type ArrayContainer, type ArrayEntry } from '../../npy/container';
import type { OpenedArray } from '../../npy/open';
import type { ArrayInfo, ArrayWarning } from '../../shared/protocol';
import { buildArrayInfo } from './arrayInfo';
import { oneLineError, shapeText } from '../platform/errors';
import { dtypeName } from '../../npy/dtype';
import { openUriSource, statUri, virtualSourceFor, type FileStat } from '../platform/fileAccess';
import * as config from '../platform/config';
import { log } from '../platform/log';
import { NpyError } from '../../npy/types';
import { hostRemedy } from '../../shared/errorCodes';

const DEBOUNCE_MS = 250;
const POLL_MS = 2000;

function sameStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return !!a && !!b && a.size === b.size && a.version === b.version && a.ino === b.ino;
}

const localize = (template: string, args: Record<string, string>): string => vscode.l10n.t(template, args);

export class NpyDocument implements vscode.CustomDocument {
  private source: ByteSource | undefined;
  private container: ArrayContainer | undefined;
  private entry_: ArrayEntry | undefined;
  private info_: ArrayInfo | undefined;
  private error_: string | undefined;
  private errorSetting_: string | undefined;
  private generation_ = 0;
  private stat: FileStat | undefined;
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
  /** The array shown (header parsed, source to read), or undefined when the file cannot be opened (see `error`). */
  get entry(): ArrayEntry | undefined {
    return this.entry_;
  }
  get opened(): OpenedArray | undefined {
    return this.entry_?.opened;
  }
  get info(): ArrayInfo | undefined {
    return this.info_;
  }
  /** One line: why the file cannot be shown at all (with the host's remedy for coded engine errors). */
  get error(): string | undefined {
    return this.error_;
  }
  /** The setting that would let the file open (e.g. npyStudio.maxHeaderBytes for a long header), if any. */
  get errorSetting(): string | undefined {
    return this.errorSetting_;
  }

  /** (Re)read the header. On a reload, warns when the file was replaced or its header changed. */
  private async load(isReload: boolean): Promise<void> {
    const before = this.entry_?.opened;
    const beforeStat = this.stat;
    const extra: ArrayWarning[] = [];
    try {
      const st = await statUri(this.uri);
      this.stat = st;
      this.source = await openUriSource(this.uri, st, this.source);
      // The document keeps the source (an idle file handle, reset on reload) and closes it itself, so the container
      // is dropped on reload rather than closed.
      const limits = { maxHeaderSize: config.maxHeaderBytes(this.uri) };
      this.container = await openContainer(this.source, limits);
      const entry = await this.container.open('', limits);
      const opened = entry.opened;
      if (isReload && before && !virtualSourceFor(this.uri)) {
        const replaced = beforeStat && beforeStat.ino !== st.ino && st.ino !== '';
        const h0 = before.header;
        const h1 = opened.header;
        const headerChanged =
          dtypeName(h0.dtype) !== dtypeName(h1.dtype) || h0.fortranOrder !== h1.fortranOrder || shapeText(h0.shape) !== shapeText(h1.shape);
        if (headerChanged) {
          extra.push({
            code: 'reload',
            text: vscode.l10n.t(
              'the header changed on disk: was {0} {1}, now {2} {3}',
              dtypeName(h0.dtype),
              shapeText(h0.shape),
              dtypeName(h1.dtype),
              shapeText(h1.shape),
            ),
          });
        } else if (replaced) {
          extra.push({ code: 'reload', text: vscode.l10n.t('the file was replaced on disk; showing the new file') });
        }
      }
      this.entry_ = entry;
      this.error_ = undefined;
      this.errorSetting_ = undefined;
      this.info_ = buildArrayInfo(this.fileName, opened, { extraWarnings: extra, localize });
    } catch (err) {
      const remedy = err instanceof NpyError ? hostRemedy(err.code) : null;
      let msg = oneLineError(err);
      if (remedy?.setting) msg = vscode.l10n.t('{0}; the setting {1} raises the limit', msg, remedy.setting);
      else if (remedy?.text) msg = `${msg}; ${vscode.l10n.t(remedy.text)}`;
      this.error_ = msg;
      this.errorSetting_ = remedy?.setting;
      this.entry_ = undefined;
      if (this.info_) {
        // Keep the last header on screen, but never its values: the data is marked unavailable.
        this.info_ = {
          ...this.info_,
          warnings: [{ code: 'reload', text: vscode.l10n.t('the file can no longer be read: {0}', msg) }],
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
    const virtual = virtualSourceFor(this.uri);
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
        statUri(this.uri).then(
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
    this.container = undefined;
    void src?.close().catch(() => undefined);
  }
}
