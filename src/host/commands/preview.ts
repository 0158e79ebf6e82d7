// Live preview of Attach NPY Header: a virtual .npy document `npy-preview:/…/RAW · NPY preview?ID` shown in the
// normal viewer. Its header is synthesized from the interpretation being chosen and its data is read from the raw
// file (only the visible tiles); every change of the interpretation reloads the open preview in place.
import * as vscode from 'vscode';
import * as path from 'path';
import { promises as fs } from 'fs';
import { registerVirtualArraySource } from '../platform/fileAccess';
import { VIEW_TYPE } from '../viewer/provider';
import { IdleFileSource } from '../../npy/io/idleFileSource';
import { PreviewSource, type Interpretation } from './previewSource';
import { NpyError } from '../../npy/types';
import { dtypeName } from '../../npy/dtype';

export const PREVIEW_SCHEME = 'npy-preview';

interface Entry {
  raw: string;
  interp: Interpretation;
  dataSize: bigint;
  version: number;
}

/** Resolvers waiting for a preview's first data read (its webview has loaded). */
const firstRead = new Map<string, () => void>();

const entries = new Map<string, Entry>();
let nextId = 1;
const changed = new vscode.EventEmitter<vscode.Uri>();

function entryOf(uri: vscode.Uri): Entry {
  const e = entries.get(uri.query);
  if (!e) throw new NpyError(vscode.l10n.t('this preview has ended'));
  return e;
}

/** A read-only file system for the scheme: the workbench needs one to open editors on it; data never goes through it. */
class PreviewFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const e = entries.get(uri.query);
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: e.version, size: 0, permissions: vscode.FilePermission.Readonly };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  readFile(uri: vscode.Uri): Uint8Array {
    // The viewer reads through the virtual array source; nothing may read a raw file whole through here.
    throw vscode.FileSystemError.Unavailable(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

export function registerPreviewScheme(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    changed,
    vscode.workspace.registerFileSystemProvider(PREVIEW_SCHEME, new PreviewFileSystem(), { isReadonly: true, isCaseSensitive: true }),
    registerVirtualArraySource(PREVIEW_SCHEME, {
      async stat(uri) {
        const e = entryOf(uri);
        const st = await fs.stat(e.raw, { bigint: true });
        return { size: st.size, version: `${e.version}:${st.size}:${st.mtimeNs}` };
      },
      async open(uri) {
        const e = entryOf(uri);
        const id = uri.query;
        return new PreviewSource(new IdleFileSource(e.raw), e.interp, e.dataSize, true, () => {
          firstRead.get(id)?.();
          firstRead.delete(id);
        });
      },
      onDidChange: changed.event,
      isLive: (uri) => entries.has(uri.query),
    }),
  );
}

/** One open preview of a raw file. */
export class Preview implements vscode.Disposable {
  readonly uri: vscode.Uri;
  private readonly id: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown = false;
  private disposed = false;

  constructor(
    readonly raw: string,
    interp: Interpretation,
    dataSize: bigint,
  ) {
    this.id = `p${nextId++}`;
    entries.set(this.id, { raw, interp, dataSize, version: 1 });
    const dir = path.dirname(raw).split(path.sep).join('/');
    const name = `${path.basename(raw)} · ${vscode.l10n.t('NPY preview')}`;
    this.uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${dir.startsWith('/') ? '' : '/'}${dir}/${name}`, query: this.id });
  }

  /**
   * Open beside the active editor without taking focus, and wait (up to `waitMs`) until it shows cells: the
   * viewer's webview focuses its grid when it loads, so the quick input must be shown after that.
   */
  async show(waitMs = 5000): Promise<void> {
    if (this.disposed) return;
    this.shown = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loaded = new Promise<void>((resolve) => {
      firstRead.set(this.id, resolve);
      timer = setTimeout(resolve, waitMs);
    });
    try {
      await vscode.commands.executeCommand('vscode.openWith', this.uri, VIEW_TYPE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
      await loaded;
    } finally {
      clearTimeout(timer);
      firstRead.delete(this.id);
    }
  }

  /** Change the interpretation; the open preview reloads shortly after (changes while typing are coalesced). */
  update(interp: Interpretation, dataSize: bigint): void {
    const e = entries.get(this.id);
    if (!e || this.disposed) return;
    const same =
      e.dataSize === dataSize &&
      e.interp.skip === interp.skip &&
      e.interp.fortranOrder === interp.fortranOrder &&
      e.interp.shape.join() === interp.shape.join() &&
      dtypeName(e.interp.dtype) === dtypeName(interp.dtype);
    if (same) return;
    entries.set(this.id, { ...e, interp, dataSize, version: e.version + 1 });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      changed.fire(this.uri);
    }, 120);
  }

  get interpretation(): Interpretation | undefined {
    return entries.get(this.id)?.interp;
  }

  /** Close the preview's tabs and forget it. */
  async close(): Promise<void> {
    this.dispose();
    if (!this.shown) {
      entries.delete(this.id);
      return;
    }
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === this.uri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
    entries.delete(this.id);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    // Keep the entry until the tab is closed: entries are tiny, and a tab still open must not turn into an error.
  }
}
