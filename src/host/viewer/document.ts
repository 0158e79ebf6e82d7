// One open array file: its container (a .npy has one entry, an .npz one per member), the entry shown by default,
// and a generation. Shared by every editor panel showing it (each panel of an .npz shows a member of its own, see
// session.ts). Live reload: a FileSystemWatcher plus a cheap stat poll (watchers miss changes on some network and
// remote file systems); changes are debounced, the header re-parsed, the generation bumped and listeners told. An
// archive keeps its container while the file is unchanged (members opened, inflated and indexed stay); large
// deflated members are indexed once (a job in the panel) and the index kept in the extension's storage.
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
import { InflatingSource, NpzContainer, type InflateIndex } from '../../npz';
import { throttledProgress, type Job } from '../../shared/job';
import { ArchiveMembers, type ShownMember } from './handlers/members';
import { indexStorage } from './indexStorage';

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
  /** An `.npz`: its members (undefined for a `.npy`). */
  private archive_: ArchiveMembers | undefined;
  /** Aborted when the container is replaced or the document closes: its index passes stop. */
  private containerLife = new AbortController();
  /** Index passes running, by member. */
  private readonly indexRuns = new Map<string, Promise<void>>();
  private readonly onIndexProgressEmitter = new vscode.EventEmitter<string>();
  /** An index pass of the member (its key) got further, or ended. */
  readonly onIndexProgress = this.onIndexProgressEmitter.event;

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
  /** An `.npz`: its members; undefined for a `.npy` (or a file that cannot be opened). */
  get archive(): ArchiveMembers | undefined {
    return this.archive_;
  }
  /**
   * The array shown (header parsed, source to read), or undefined when the file cannot be opened (see `error`).
   * For an archive: the member shown by default (panels choose their own, see showMember).
   */
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
    const before = this.entry_;
    const beforeStat = this.stat;
    const extra: ArrayWarning[] = [];
    try {
      const st = await statUri(this.uri);
      const limits = { maxHeaderSize: config.maxHeaderBytes(this.uri) };
      // An archive whose file did not change keeps its container: what its members learned (opened headers,
      // inflated bytes, indexes) stays.
      const keep = isReload && this.archive_ !== undefined && sameStat(st, beforeStat);
      this.stat = st;
      if (!keep) {
        this.source = await openUriSource(this.uri, st, this.source);
        // The document keeps the source (an idle file handle, reset on reload) and closes it itself, so an old
        // container is dropped rather than closed (closing it would close the shared source).
        this.dropContainer();
        this.container = await openContainer(this.source, limits);
        this.archive_ = this.container instanceof NpzContainer ? new ArchiveMembers(this.container, limits) : undefined;
        if (this.archive_) {
          await this.archive_.inspect(this.containerLife.signal);
          await this.useStoredIndexes(this.archive_.container, st);
        }
      }
      const archive = this.archive_;
      let entry: ArrayEntry | undefined;
      let chosen: string | undefined = '';
      if (archive) {
        chosen = before && archive.has(before.name) ? before.name : archive.defaultName();
        entry = chosen === undefined ? undefined : await archive.open(chosen).catch(() => undefined);
      } else {
        entry = await this.container!.open('', limits);
      }
      const opened = entry?.opened;
      if (isReload && before && opened && before.name === chosen && !virtualSourceFor(this.uri)) {
        const replaced = beforeStat && beforeStat.ino !== st.ino && st.ino !== '';
        const h0 = before.opened.header;
        const h1 = opened.header;
        const headerChanged = dtypeName(h0.dtype) !== dtypeName(h1.dtype) || h0.fortranOrder !== h1.fortranOrder || shapeText(h0.shape) !== shapeText(h1.shape);
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
      if (archive) this.info_ = (await this.showMember(chosen, extra)).info;
      else this.info_ = buildArrayInfo(this.fileName, opened!, { extraWarnings: extra, localize });
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

  /** Stop what the container runs (index passes) and forget it and its members. */
  private dropContainer(): void {
    this.containerLife.abort();
    this.containerLife = new AbortController();
    this.indexRuns.clear();
    this.container = undefined;
    this.archive_ = undefined;
  }

  /**
   * Member `name` of the archive, opened for one panel, with its ArrayInfo in the UI language (undefined: the
   * archive has no members). Never throws: a member that cannot be opened comes with its reason.
   */
  showMember(name: string | undefined, extraWarnings?: readonly ArrayWarning[]): Promise<ShownMember> {
    const archive = this.archive_;
    if (!archive) return Promise.reject(new NpyError('not an archive'));
    return archive.show(this.fileName, name, {
      localize,
      extraWarnings,
      noMembers: vscode.l10n.t('the archive holds no arrays'),
      errorText: (e) => oneLineError(e),
    });
  }

  /** Whether reading this entry at random still needs its index pass (a large deflated member). */
  needsIndex(entry: ArrayEntry): boolean {
    return entry.source instanceof InflatingSource && !entry.source.indexed;
  }

  isIndexing(name: string): boolean {
    return this.indexRuns.has(name);
  }

  /**
   * Index a large deflated member once per document (panels showing it share the pass). `run` runs the job
   * (the panel's job runner: progress and Cancel in the viewer). The index is kept in the extension's storage.
   */
  indexMember(name: string, run: (job: Job<InflateIndex | undefined>) => Promise<InflateIndex | undefined>): Promise<void> {
    const archive = this.archive_;
    if (!archive || !archive.container.needsIndex(name)) return Promise.resolve();
    const running = this.indexRuns.get(name);
    if (running) return running;
    const container = archive.container;
    const life = this.containerLife.signal;
    const st = this.stat;
    const tell = throttledProgress(() => this.onIndexProgressEmitter.fire(name), 50);
    const job: Job<InflateIndex | undefined> = (signal, onProgress) =>
      container.indexJob(name)(AbortSignal.any([signal, life]), (done, total) => {
        onProgress(done, total);
        tell(done, total);
      });
    const p: Promise<void> = run(job)
      .then(async (index) => {
        if (index?.complete && st && !life.aborted) await this.storeIndex(container, name, st, index);
      })
      .finally(() => {
        if (this.indexRuns.get(name) === p) this.indexRuns.delete(name);
        if (!this.disposed) this.onIndexProgressEmitter.fire(name);
      });
    this.indexRuns.set(name, p);
    return p;
  }

  /** The identity an index of member `name` is stored under (local files only). */
  private indexKey(container: NpzContainer, name: string, st: FileStat) {
    if (this.uri.scheme !== 'file' || virtualSourceFor(this.uri)) return undefined;
    return container.indexKey(name, { path: this.uri.fsPath, size: st.size, mtimeMs: Number(BigInt(st.version)) / 1e6 });
  }

  /** Before any member is opened: give the large deflated ones the indexes stored by earlier sessions. */
  private async useStoredIndexes(container: NpzContainer, st: FileStat): Promise<void> {
    const store = indexStorage();
    if (!store) return;
    let looked = 0;
    for (const e of container.entries) {
      if (e.error || !container.needsIndex(e.name)) continue;
      if (++looked > 256) break;
      const key = this.indexKey(container, e.name, st);
      const index = key && (await store.load(key));
      if (index && container.useIndex(e.name, index)) log.info(`${this.fileName}: using the stored inflate index of ${e.name} (${index.checkpoints.length} checkpoints)`);
    }
  }

  private async storeIndex(container: NpzContainer, name: string, st: FileStat, index: InflateIndex): Promise<void> {
    const store = indexStorage();
    const key = this.indexKey(container, name, st);
    if (!store || !key) return;
    try {
      if (await store.save(key, index)) log.info(`${this.fileName}: kept the inflate index of ${name} (${index.checkpoints.length} checkpoints)`);
    } catch (err) {
      log.warn(`could not keep the inflate index of ${name}: ${oneLineError(err)}`);
    }
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
    this.dropContainer();
    this.onIndexProgressEmitter.dispose();
    const src = this.source;
    this.source = undefined;
    void src?.close().catch(() => undefined);
  }
}
