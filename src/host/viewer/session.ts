// One editor panel: its webview, the typed message loop and the queue of tile requests.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage, WireView, CopyFormat } from '../../shared/protocol';
import { viewFromWire, viewToWire } from '../../shared/protocol';
import { planTile, readTile } from '../../npy/read/planner';
import { resolveView, type ResolvedView } from '../../npy/view';
import { NpyError } from '../../npy/types';
import { dtypeName, typeStr } from '../../npy/dtype';
import { pyStrRepr } from '../../npy/literal';
import type { NpyDocument } from './document';
import { RequestQueue } from './requestQueue';
import { copyExtent, copyText } from './handlers/copy';
import { initialView } from './arrayInfo';
import { viewerHtml, errorHtml, makeNonce } from './html';
import { byteSizeText, oneLineError } from '../platform/errors';
import { formatCell } from './cellFormat';
import * as config from '../platform/config';
import { log } from '../platform/log';
import { webviewStrings } from './webviewStrings';

/** The webview pages in small tiles; a request above this many cells is refused (memory is bounded per request). */
export const MAX_TILE_CELLS = 1 << 20;
/** Copies above this many cells are refused outright (the clipboard holds text). */
export const MAX_COPY_CELLS = 5_000_000;

export class ViewerSession implements vscode.Disposable {
  private readonly queue = new RequestQueue(1);
  private readonly subs: vscode.Disposable[] = [];
  private viewCache = new Map<string, ResolvedView>();
  private showingApp = false;
  private copying = false;
  private disposed = false;
  /** Last view the webview reported (viewChanged). */
  lastView: WireView | undefined;

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
    this.queue.onError = (err, id) => this.post({ type: 'tileError', id, message: oneLineError(err) });
    this.subs.push(
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      document.onDidReload(() => this.onReload()),
    );
    this.render();
  }

  private asset(...parts: string[]): string {
    return this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
  }

  private render(): void {
    const webview = this.panel.webview;
    const nonce = makeNonce();
    const styleUris = [this.asset('media', 'codicons', 'codicon.css'), this.asset('media', 'viewer.css')];
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
      webview.html = errorHtml({
        cspSource: webview.cspSource,
        nonce,
        styleUris,
        lang: vscode.env.language,
        title,
        heading: vscode.l10n.t('Cannot open {0}', title),
        message: this.document.error ?? vscode.l10n.t('unknown error'),
      });
    }
  }

  post(message: HostMessage): void {
    if (this.disposed) return;
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private onReload(): void {
    this.queue.clear();
    this.viewCache.clear();
    const info = this.document.info;
    if (!info) {
      if (this.showingApp) this.render();
      return;
    }
    if (!this.showingApp) {
      this.render(); // the webview starts over with `ready` → `init`
      return;
    }
    this.post({ type: 'reload', info, generation: this.document.generation });
  }

  private onMessage(raw: unknown): void {
    if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return;
    const msg = raw as WebviewMessage;
    try {
      switch (msg.type) {
        case 'ready':
          this.onReady();
          break;
        case 'tile':
          this.onTile(msg);
          break;
        case 'cancel':
          if (Array.isArray(msg.ids)) this.queue.cancel(msg.ids.filter((x) => typeof x === 'number'));
          break;
        case 'copy':
          void this.onCopy(msg);
          break;
        case 'viewChanged':
          this.lastView = msg.view;
          break;
        case 'error':
          log.error(`webview: ${String(msg.message).slice(0, 1000)}`);
          break;
      }
    } catch (err) {
      log.error(`message ${msg.type}: ${oneLineError(err)}`);
    }
  }

  private onReady(): void {
    const doc = this.document;
    const info = doc.info;
    if (!info) {
      this.render();
      return;
    }
    const opened = doc.opened;
    this.post({
      type: 'init',
      info,
      generation: doc.generation,
      view: opened ? viewToWire(initialView(opened)) : undefined,
      l10n: webviewStrings(),
    });
  }

  private resolved(view: WireView): ResolvedView {
    const opened = this.document.opened;
    if (!opened) throw new NpyError(this.document.error ?? 'the file is not available');
    const key = JSON.stringify(view);
    let r = this.viewCache.get(key);
    if (!r) {
      const h = opened.header;
      r = resolveView(h.shape, h.fortranOrder, h.dtype, viewFromWire(view));
      if (this.viewCache.size > 64) this.viewCache.clear();
      this.viewCache.set(key, r);
    }
    return r;
  }

  private onTile(msg: Extract<WebviewMessage, { type: 'tile' }>): void {
    const id = msg.id;
    if (typeof id !== 'number') return;
    const generation = this.document.generation;
    // A request for an older generation is answered by the refetch that follows `reload`.
    if (msg.generation !== generation) return;
    this.queue.push(id, async (token) => {
      const doc = this.document;
      const opened = doc.opened;
      const source = doc.byteSource;
      if (!opened || !source) throw new NpyError(doc.error ?? 'the file is not available');
      if (opened.dataError) throw new NpyError(opened.dataError);
      const rows = msg.rect.rows;
      const cols = msg.rect.cols;
      if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 0 || cols < 0 || rows * cols > MAX_TILE_CELLS) {
        throw new NpyError(`tile of ${rows} × ${cols} cells is larger than ${MAX_TILE_CELLS} cells`);
      }
      const view = this.resolved(msg.view);
      const plan = planTile(
        { view, itemsize: opened.header.dtype.itemsize, dataOffset: opened.header.dataOffset, availableCount: opened.availableCount },
        { row0: BigInt(msg.rect.row0), rows, col0: BigInt(msg.rect.col0), cols },
      );
      const tile = await readTile(source, plan);
      if (token.cancelled || doc.generation !== generation) return;
      this.post({
        type: 'tile',
        id,
        generation,
        rows: tile.rows,
        cellsPerRow: tile.cellsPerRow,
        cellSize: tile.cellSize,
        bytes: tile.bytes,
        missing: tile.missing,
      });
    });
  }

  private async onCopy(msg: Extract<WebviewMessage, { type: 'copy' }>): Promise<void> {
    const format: CopyFormat = msg.format === 'csv' || msg.format === 'numpy' ? msg.format : 'tsv';
    if (this.copying) {
      this.post({ type: 'copyError', message: vscode.l10n.t('a copy is already in progress') });
      return;
    }
    this.copying = true;
    try {
      const doc = this.document;
      const opened = doc.opened;
      const source = doc.byteSource;
      if (!opened || !source) throw new NpyError(doc.error ?? 'the file is not available');
      if (opened.dataError) throw new NpyError(opened.dataError);
      const generation = doc.generation;
      const extent = copyExtent(opened.header, viewFromWire(msg.view), {
        row0: BigInt(msg.row0),
        rows: BigInt(msg.rows),
        col0: BigInt(msg.col0),
        cols: BigInt(msg.cols),
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
          this.post({ type: 'copyError', message: vscode.l10n.t('copy cancelled') });
          return;
        }
      }
      const cells = Number(extent.cells);
      const run = async (progress?: vscode.Progress<{ increment?: number }>, token?: vscode.CancellationToken): Promise<string> => {
        let last = 0;
        return copyText({ source, header: opened.header, availableCount: opened.availableCount }, extent, {
          format,
          formatCell,
          names: { dtypeName, typeStr, pyStr: pyStrRepr },
          isCancelled: () => this.disposed || !!token?.isCancellationRequested || doc.generation !== generation,
          onProgress: (done, total) => {
            const pct = Number((done * 100n) / (total || 1n));
            if (progress && pct > last) {
              progress.report({ increment: pct - last });
              last = pct;
            }
          },
        });
      };
      const text =
        cells > 50_000
          ? await vscode.window.withProgress(
              { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Copying {0} cells…', cells.toLocaleString()), cancellable: true },
              (progress, token) => run(progress, token),
            )
          : await run();
      if (doc.generation !== generation) throw new NpyError(vscode.l10n.t('the file changed on disk while copying; copy again'));
      await vscode.env.clipboard.writeText(text);
      this.post({ type: 'copyDone', cells, format });
    } catch (err) {
      this.post({ type: 'copyError', message: oneLineError(err) });
    } finally {
      this.copying = false;
    }
  }

  /** `NPY: Go to Index…`: forwarded to the webview, which owns the grid. */
  goToIndex(index?: string[]): void {
    this.panel.reveal(undefined, false);
    this.post(index ? { type: 'goToIndex', index } : { type: 'goToIndex' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.dispose();
    this.subs.forEach((d) => d.dispose());
  }
}
