// One editor panel: its webview, the typed message loop (requests answered with replies, see
// src/shared/protocol.ts), the queue of tile requests and the jobs shown in the webview. For an `.npz` the panel
// shows one member at a time (its own choice: `selectMember`), with a TileHandler per member; a large deflated
// member is indexed as a job in the panel, and tiles past what is inflated so far wait outside the queue (so the
// tiles that can be read are served meanwhile).
import * as vscode from 'vscode';
import type { ArrayInfo, CopyFormat, CopyRequest, HostMessage, StatsRequest, TileRequest, WebviewMessage, WireView } from '../../shared/protocol';
import type { PictureRequest, SavePictureRequest } from '../../shared/protocol';
import { viewFromWire, viewToWire } from '../../shared/protocol';
import type { ViewSpec } from '../../npy/view';
import { NpyError } from '../../npy/types';
import { dtypeName, typeStr } from '../../npy/dtype';
import { pyStrRepr } from '../../npy/literal';
import type { ArrayEntry } from '../../npy/container';
import { cancelledError, isCancelled } from '../../shared/job';
import type { NpyDocument } from './document';
import { RequestQueue } from './requestQueue';
import { copyExtent, copyText } from './handlers/copy';
import { TileHandler } from './handlers/tile';
import { StatsHandler } from './handlers/stats';
import { PictureHandler, PictureRuns } from './handlers/picture';
import { savePicture } from './savePicture';
import { initialView } from './arrayInfo';
import { viewerHtml, errorHtml, makeNonce } from './html';
import { byteSizeText, oneLineError } from '../platform/errors';
import { WebviewJobs } from '../platform/jobs';
import { formatCell } from './cellFormat';
import * as config from '../platform/config';
import { log } from '../platform/log';
import { webviewStrings } from './webviewStrings';
import { IndexGate } from './handlers/indexGate';
import type { ShownMember } from './handlers/members';
import { findMembers } from './handlers/memberFilter';

/** Copies above this many cells are refused outright (the clipboard holds text). */
export const MAX_COPY_CELLS = 5_000_000;
/** Copies above this many cells run as a job with progress and Cancel in the viewer. */
const COPY_JOB_CELLS = 50_000;

export class ViewerSession implements vscode.Disposable {
  private readonly queue = new RequestQueue(1);
  private readonly subs: vscode.Disposable[] = [];
  private readonly jobs: WebviewJobs;
  private readonly stats: StatsHandler;
  private tiles: { entry: ArrayEntry; handler: TileHandler } | undefined;
  private pictures: { entry: ArrayEntry; handler: PictureHandler } | undefined;
  private readonly pictureRuns = new PictureRuns();
  private showingApp = false;
  private copying = false;
  private disposed = false;
  private readonly lifetime = new AbortController();
  /** The table's selection and focused cell, as the webview last reported them (of lastView). */
  lastSelection: { range: { row0: bigint; rows: bigint; col0: bigint; cols: bigint }; focus: { row: bigint; col: bigint } } | undefined;
  /** Last view the webview reported (viewChanged), and the axis its active view draws whole (an image's channels). */
  lastView: WireView | undefined;
  lastWhole: number | undefined;
  /** An archive: the member this panel shows, its entry and info (undefined until the webview is ready). */
  private shown: { name: string | undefined; member: ShownMember } | undefined;
  /** Members shown after the first: with the document's generation, this panel's generation. */
  private switches = 0;
  /** The member list as last sent to the webview (a `member` message leaves out a list that did not change). */
  private sentMembers = '';
  private selecting: Promise<void> = Promise.resolve();
  private ready = false;
  /** A member asked for before the webview was ready (a hover link). */
  private wanted: string | undefined;
  /** Tiles of a member being indexed that lie past what is inflated: served when the pass gets there. */
  private readonly parked = new IndexGate<{ id: number; req: TileRequest }>();
  private readonly onDidChangeInfoEmitter = new vscode.EventEmitter<void>();
  /** The array this panel shows changed (another member). */
  readonly onDidChangeInfo = this.onDidChangeInfoEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly document: NpyDocument,
    readonly panel: vscode.WebviewPanel,
  ) {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    this.jobs = new WebviewJobs((m) => this.post(m));
    this.stats = new StatsHandler((title, job, signal, requestId) => this.jobs.run(title, job, AbortSignal.any([signal, this.lifetime.signal]), requestId));
    this.queue.onError = (err, id) => this.post({ type: 'error', inReplyTo: id, message: oneLineError(err) });
    this.subs.push(
      this.jobs,
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      document.onDidReload(() => this.onReload()),
      document.onIndexProgress((name) => this.onIndexProgress(name)),
      this.onDidChangeInfoEmitter,
    );
    this.render();
  }

  private asset(...parts: string[]): string {
    return this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
  }

  private render(): void {
    const webview = this.panel.webview;
    const nonce = makeNonce();
    const styleUris = [this.asset('media', 'viewer.css')];
    const title = this.document.fileName;
    if (this.document.info) {
      this.showingApp = true;
      webview.html = viewerHtml({
        cspSource: webview.cspSource,
        nonce,
        scriptUri: this.asset('dist', 'webview.js'),
        styleUris,
        lang: vscode.env.language,
        title,
      });
    } else {
      this.showingApp = false;
      const setting = this.document.errorSetting;
      // The error page runs no script; its one link may run only the command that opens the setting.
      webview.options = { ...webview.options, enableCommandUris: setting ? ['workbench.action.openSettings'] : false };
      webview.html = errorHtml({
        cspSource: webview.cspSource,
        nonce,
        styleUris,
        lang: vscode.env.language,
        title,
        heading: vscode.l10n.t('Cannot open {0}', title),
        message: this.document.error ?? vscode.l10n.t('unknown error'),
        action: setting
          ? {
              label: vscode.l10n.t('Open the setting {0}', setting),
              commandUri: `command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify([setting]))}`,
            }
          : undefined,
      });
    }
  }

  post(message: HostMessage): void {
    if (this.disposed) return;
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  /** This panel's generation: tiles of another version of the file, or of another member, are stale. */
  get generation(): number {
    return this.document.generation + this.switches;
  }

  /** What this panel shows: the document's array, or for an archive the member it chose. */
  get info(): ArrayInfo | undefined {
    return (this.document.archive && this.shown?.member.info) || this.document.info;
  }

  /** The archive member this panel shows (undefined for a `.npy`). */
  get memberName(): string | undefined {
    return this.document.archive ? (this.shown?.name ?? this.document.entry?.name) : undefined;
  }

  private onReload(): void {
    this.stats.reset(this.document.generation);
    this.queue.clear();
    this.parked.clear();
    this.tiles = undefined;
    this.pictureRuns.cancelAll();
    const info = this.document.info;
    if (!info) {
      this.shown = undefined;
      if (this.showingApp) this.render();
      this.onDidChangeInfoEmitter.fire();
      return;
    }
    if (!this.showingApp) {
      this.render(); // the webview starts over with `ready` → `init`
      return;
    }
    if (this.document.archive) {
      void this.select(this.shown?.name, 'reload');
      return;
    }
    this.post({ type: 'reload', info, generation: this.generation });
  }

  /** Show member `name` of the archive in this panel (from the webview, a hover link, or after a reload). */
  selectMember(name: string): void {
    if (!this.ready) this.wanted = name;
    else void this.select(name, 'member');
  }

  private select(name: string | undefined, how: 'init' | 'member' | 'reload'): Promise<void> {
    const next = this.selecting.then(async () => {
      const doc = this.document;
      const archive = doc.archive;
      if (this.disposed || !archive) return;
      if (name === undefined || !archive.has(name)) name = doc.entry?.name ?? archive.defaultName();
      const member = await doc.showMember(name);
      if (this.disposed || doc.archive !== archive) return;
      this.queue.clear();
      this.parked.clear();
      this.tiles = undefined;
      this.pictureRuns.cancelAll();
      this.shown = { name, member };
      const view = member.entry && !member.entry.opened.dataError ? viewToWire(initialView(member.entry.opened)) : undefined;
      const list = JSON.stringify([member.info.memberCount, member.info.members]);
      const changed = list !== this.sentMembers;
      this.sentMembers = list;
      if (how === 'init')
        this.post({ type: 'init', info: member.info, generation: this.generation, view, l10n: webviewStrings(), floatDigits: config.floatDigits(doc.uri) });
      else if (how === 'reload') this.post({ type: 'reload', info: member.info, generation: this.generation });
      else {
        this.switches++;
        // The view reported was the previous member's; the webview reports this member's when it restores one.
        this.lastView = undefined;
        this.lastWhole = undefined;
        this.lastSelection = undefined;
        // An archive may list 10,000 members: the list travels only when it changed (a member's error learned).
        const info = changed ? member.info : { ...member.info, members: undefined, memberCount: undefined };
        this.post({ type: 'member', info, generation: this.generation, view });
      }
      this.onDidChangeInfoEmitter.fire();
      if (name !== undefined && member.entry && doc.needsIndex(member.entry)) this.startIndexing(name);
    });
    this.selecting = next.catch((err) => log.error(`select member: ${oneLineError(err)}`));
    return next;
  }

  /** The index pass of a large deflated member, shown in this panel (progress, Cancel). */
  private startIndexing(name: string): void {
    const title = vscode.l10n.t('Indexing {0} for random access', name);
    this.document
      .indexMember(name, (job) => this.jobs.run(title, job, this.lifetime.signal))
      .catch((err) => {
        if (!isCancelled(err) && !this.lifetime.signal.aborted) log.warn(`indexing ${name}: ${oneLineError(err)}`);
      });
  }

  /** The pass got further (or ended): serve the parked tiles it reached. */
  private onIndexProgress(name: string): void {
    if (name !== this.shown?.name || this.parked.size === 0) return;
    for (const { id, req } of this.parked.reached(this.document.isIndexing(name))) this.enqueueTile(id, req);
  }

  private onMessage(raw: unknown): void {
    if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return;
    const msg = raw as WebviewMessage;
    try {
      switch (msg.type) {
        case 'ready':
          this.onReady(typeof msg.member === 'string' ? msg.member : undefined);
          break;
        case 'selectMember':
          if (typeof msg.name === 'string') this.selectMember(msg.name);
          break;
        case 'findMembers':
          if (typeof msg.query === 'string' && this.document.archive)
            this.post({ type: 'membersFound', query: msg.query, ...findMembers(this.document.archive.container, msg.query) });
          break;
        case 'tile':
          if (typeof msg.requestId === 'number') this.onTile(msg.requestId, msg);
          break;
        case 'copy':
          if (typeof msg.requestId === 'number') void this.onCopy(msg.requestId, msg);
          break;
        case 'stats':
          if (typeof msg.requestId === 'number') void this.onStats(msg.requestId, msg);
          break;
        case 'picture':
          if (typeof msg.requestId === 'number') void this.onPicture(msg.requestId, msg);
          break;
        case 'savePicture':
          if (typeof msg.requestId === 'number') void this.onSavePicture(msg.requestId, msg);
          break;
        case 'cancel':
          if (Array.isArray(msg.requestIds)) {
            const ids = msg.requestIds.filter((x): x is number => typeof x === 'number');
            this.queue.cancel(ids);
            this.stats.cancel(ids);
            this.pictureRuns.cancel(ids);
            this.parked.drop(ids);
          }
          break;
        case 'cancelJob':
          if (typeof msg.jobId === 'number') this.jobs.cancel(msg.jobId);
          break;
        case 'viewChanged':
          this.lastView = msg.view;
          this.lastWhole = typeof msg.whole === 'number' && Number.isInteger(msg.whole) ? msg.whole : undefined;
          this.lastSelection = undefined;
          break;
        case 'selection':
          try {
            const r = msg.range;
            this.lastSelection = {
              range: { row0: BigInt(r.row0), rows: BigInt(r.rows), col0: BigInt(r.col0), cols: BigInt(r.cols) },
              focus: { row: BigInt(msg.focus.row), col: BigInt(msg.focus.col) },
            };
          } catch {
            this.lastSelection = undefined;
          }
          break;
        case 'warningAction':
          // Repair asks first (a modal with the plan) and reopens the file; the reload updates this panel.
          if ((msg.code === 'trailingBytes' || msg.code === 'truncated') && this.document.uri.scheme === 'file')
            void vscode.commands.executeCommand('npyStudio.repairHeader', this.document.uri);
          break;
        case 'copyText':
          if (typeof msg.text === 'string') void vscode.env.clipboard.writeText(msg.text).then(undefined, (err) => log.error(`clipboard: ${oneLineError(err)}`));
          break;
        case 'log':
          log.error(`webview: ${String(msg.message).slice(0, 1000)}`);
          break;
      }
    } catch (err) {
      log.error(`message ${msg.type}: ${oneLineError(err)}`);
    }
  }

  private onReady(member: string | undefined): void {
    const doc = this.document;
    const info = doc.info;
    if (!info) {
      this.render();
      return;
    }
    this.ready = true;
    if (doc.archive) {
      // The member a hover link asked for, else the one this webview showed before, else the document's.
      const wanted = this.wanted ?? member ?? this.shown?.name;
      this.wanted = undefined;
      void this.select(wanted, 'init');
      return;
    }
    const opened = doc.opened;
    this.post({
      type: 'init',
      info,
      generation: doc.generation,
      view: opened ? viewToWire(initialView(opened)) : undefined,
      l10n: webviewStrings(),
      floatDigits: config.floatDigits(doc.uri),
    });
  }

  /** The array on screen, or the one-line reason there is none. */
  private entry(): ArrayEntry {
    const doc = this.document;
    if (doc.archive && this.shown) {
      const { entry, info } = this.shown.member;
      if (!entry) throw new NpyError(info.dataError ?? vscode.l10n.t('the member cannot be read'));
      if (entry.opened.dataError) throw new NpyError(entry.opened.dataError);
      return entry;
    }
    const entry = doc.entry;
    if (!entry) throw new NpyError(doc.error ?? 'the file is not available');
    if (entry.opened.dataError) throw new NpyError(entry.opened.dataError);
    return entry;
  }

  private tileHandler(entry: ArrayEntry): TileHandler {
    if (this.tiles?.entry !== entry) this.tiles = { entry, handler: new TileHandler(entry) };
    return this.tiles.handler;
  }

  private onTile(requestId: number, req: TileRequest): void {
    // A request for an older generation is answered by the refetch that follows `reload` (or `member`).
    if (req.generation !== this.generation) return;
    // A member being indexed: a tile past what is inflated so far waits for the pass (not in the queue, where it
    // would hold up the tiles that can be read now).
    try {
      const name = this.shown?.name;
      const indexing = name !== undefined && this.document.isIndexing(name);
      if (indexing) {
        const entry = this.entry();
        if (this.parked.park(requestId, entry, this.tileHandler(entry), req, { id: requestId, req }, indexing)) return;
      }
    } catch {
      // The queued task meets the same error and replies with it.
    }
    this.enqueueTile(requestId, req);
  }

  private enqueueTile(requestId: number, req: TileRequest): void {
    const generation = this.generation;
    if (req.generation !== generation) return;
    this.queue.push(requestId, async (token) => {
      const reply = await this.tileHandler(this.entry()).handle(req);
      if (token.cancelled || this.generation !== generation) return;
      this.post({ ...reply, inReplyTo: requestId });
    });
  }

  private pictureHandler(entry: ArrayEntry): PictureHandler {
    if (this.pictures?.entry !== entry) this.pictures = { entry, handler: new PictureHandler(entry) };
    return this.pictures.handler;
  }

  /** A picture: sampled at once; an exact pass that reads much runs as a job (progress, Cancel; `cancel` aborts it). */
  private async onPicture(requestId: number, req: PictureRequest): Promise<void> {
    const generation = this.generation;
    if (req.generation !== generation) return;
    try {
      const handler = this.pictureHandler(this.entry());
      const started = Date.now();
      const title = vscode.l10n.t('Refining the picture');
      const reply = await this.pictureRuns.run(
        requestId,
        (signal) => (handler.isQuick(req) ? handler.handle(req, signal) : this.jobs.run(title, (s, p) => handler.handle(req, s, p), signal)),
        this.lifetime.signal,
      );
      if (this.generation !== generation) return;
      log.info(`picture ${req.kind} ${req.level} → ${reply.level} ${reply.width} × ${reply.height} px (block ${reply.block}) in ${Date.now() - started} ms`);
      this.post({ ...reply, inReplyTo: requestId });
    } catch (err) {
      this.post({ type: 'error', inReplyTo: requestId, message: oneLineError(err), cancelled: isCancelled(err) });
    }
  }

  private async onSavePicture(requestId: number, req: SavePictureRequest): Promise<void> {
    try {
      const path = await savePicture(this.document.uri, req);
      this.post({ type: 'pictureSaved', inReplyTo: requestId, path });
    } catch (err) {
      this.post({ type: 'error', inReplyTo: requestId, message: oneLineError(err) });
    }
  }

  private async onCopy(requestId: number, req: CopyRequest): Promise<void> {
    const format: CopyFormat = req.format === 'csv' || req.format === 'numpy' ? req.format : 'tsv';
    const fail = (message: string, cancelled = false): void => this.post({ type: 'error', inReplyTo: requestId, message, cancelled });
    if (this.copying) {
      fail(vscode.l10n.t('a copy is already in progress'));
      return;
    }
    this.copying = true;
    try {
      const doc = this.document;
      const entry = this.entry();
      const { opened, source } = entry;
      const generation = doc.generation;
      const extent = copyExtent(opened.header, viewFromWire(req.view), {
        row0: BigInt(req.range.row0),
        rows: BigInt(req.range.rows),
        col0: BigInt(req.range.col0),
        cols: BigInt(req.range.cols),
      });
      if (extent.cells > BigInt(MAX_COPY_CELLS)) {
        throw new NpyError(
          vscode.l10n.t('{0} cells is too many to copy (at most {1}); select fewer cells', extent.cells.toLocaleString(), MAX_COPY_CELLS.toLocaleString()),
        );
      }
      const confirmAbove = config.copyConfirmCells(doc.uri);
      if (extent.cells > BigInt(confirmAbove)) {
        const bytes = extent.cells * BigInt(opened.header.dtype.itemsize);
        const go = vscode.l10n.t('Copy');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Copy {0} cells to the clipboard?', extent.cells.toLocaleString()),
          {
            modal: true,
            detail: vscode.l10n.t(
              'This reads {0} from disk and makes a large clipboard text. The limit for asking is the setting npyStudio.copyConfirmCells.',
              byteSizeText(bytes),
            ),
          },
          go,
        );
        if (answer !== go) {
          fail(vscode.l10n.t('copy cancelled'), true);
          return;
        }
      }
      const cells = Number(extent.cells);
      // A reload while copying would mix two versions of the file: it cancels the copy.
      const changed = new AbortController();
      const sub = doc.onDidReload(() => changed.abort());
      const copyJob = (signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<string> =>
        copyText({ source, header: opened.header, availableCount: opened.availableCount }, extent, {
          format,
          formatCell,
          names: { dtypeName, typeStr, pyStr: pyStrRepr },
          signal,
          onProgress,
        });
      let text: string;
      try {
        const signal = AbortSignal.any([this.lifetime.signal, changed.signal]);
        text =
          cells > COPY_JOB_CELLS
            ? await this.jobs.run(vscode.l10n.t('Copying {0} cells', cells.toLocaleString()), copyJob, signal)
            : await copyJob(signal, () => undefined);
      } finally {
        sub.dispose();
      }
      if (doc.generation !== generation) throw new NpyError(vscode.l10n.t('the file changed on disk while copying; copy again'));
      await vscode.env.clipboard.writeText(text);
      this.post({ type: 'copied', inReplyTo: requestId, cells, format });
    } catch (err) {
      if (isCancelled(err)) fail(vscode.l10n.t('copy cancelled'), true);
      else fail(oneLineError(err));
    } finally {
      this.copying = false;
    }
  }

  /** Statistics of the array or of the webview's view: a job in the webview, cached per file version. */
  private async onStats(requestId: number, req: StatsRequest): Promise<void> {
    try {
      // A request of an older generation: the webview asks again for the array it shows now.
      if (req.generation !== this.generation) throw cancelledError('the statistics');
      const title = req.scope === 'view' ? vscode.l10n.t('Statistics of this view') : vscode.l10n.t('Statistics of the whole array');
      const target = { entry: this.entry(), member: this.memberName ?? '', version: this.document.generation, generation: this.generation, title };
      const reply = await this.stats.handle(requestId, target, req);
      if (reply.generation !== this.generation) throw cancelledError('the statistics');
      this.post({ ...reply, inReplyTo: requestId });
    } catch (err) {
      this.post({ type: 'error', inReplyTo: requestId, message: oneLineError(err), cancelled: isCancelled(err) });
    }
  }

  /**
   * What the panel shows now, for the commands that act on the view (export, copy as code, find): the entry, the
   * view the webview last reported (else the one it opened with) and the archive member's key. Throws an
   * NpyError when the data cannot be read (pickled objects, an unreadable member).
   */
  shownArray(): { entry: ArrayEntry; view: ViewSpec; whole?: number; member?: string } {
    const entry = this.entry();
    let view = initialView(entry.opened);
    let whole: number | undefined;
    if (this.lastView) {
      const reported = viewFromWire(this.lastView);
      if (reported.axes.length === entry.opened.header.shape.length) {
        view = reported;
        if (this.lastWhole !== undefined && reported.axes[this.lastWhole]?.kind === 'index') whole = this.lastWhole;
      }
    }
    return { entry, view, whole, member: this.document.archive ? this.shown?.name : undefined };
  }

  /** Find's match: the table at a cell of the shown view. */
  goToCell(row: bigint, col: bigint): void {
    this.panel.reveal(undefined, false);
    this.post({ type: 'goToCell', row: row.toString(), col: col.toString() });
  }

  /** The last Find of this panel (query, match), where Find Next / Previous go on from. */
  lastFind: { query: string; view: string; row: bigint; col: bigint } | undefined;

  /** `NPY: Go to Index…`: forwarded to the webview, which owns the grid. */
  goToIndex(index?: string[]): void {
    this.panel.reveal(undefined, false);
    this.post(index ? { type: 'goToIndex', index } : { type: 'goToIndex' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    this.stats.dispose();
    this.queue.dispose();
    this.subs.forEach((d) => d.dispose());
  }
}
