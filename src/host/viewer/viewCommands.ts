// Commands on what the focused viewer shows: Find (next / previous NaN, ±inf, a value), Export View… (.npy equal to numpy's a[view], CSV, TSV: streamed, with
// progress and cancel, atomic) and Copy as NumPy Code (`np.load(path, mmap_mode='r')[2, :, ::2]`). Both take
// programmatic arguments (tests, automation) and then skip the UI; both answer with a result object.
import * as vscode from 'vscode';
import * as path from 'path';
import type { NpyViewerProvider } from './provider';
import type { ViewerSession } from './session';
import { exportJob, type ExportFormat } from '../../npy/write/exportView';
import { formatSlice } from '../../npy/slice';
import { numpyCode } from '../../npy/numpyCode';
import { shapeText } from '../../shared/text';
import { runInNotification } from '../platform/jobs';
import { oneLineError } from '../platform/errors';
import { isCancelled } from '../../shared/job';
import { log } from '../platform/log';
import type { ViewRange } from '../../npy/read/chunks';
import { findJob } from '../../find/find';
import { parseFindQuery } from '../../find/query';
import { viewToWire } from '../../shared/protocol';

export type ViewCommandResult = { ok: true; [k: string]: unknown } | { ok: false; error?: string; cancelled?: boolean };

const FORMATS: ExportFormat[] = ['npy', 'csv', 'tsv'];

function focusedSession(provider: NpyViewerProvider): ViewerSession | undefined {
  return provider.activeSession ?? [...provider.allSessions].find((s) => s.panel.visible);
}

function fail(message: string): ViewCommandResult {
  void vscode.window.showErrorMessage(message);
  return { ok: false, error: message };
}

function rangeArg(v: unknown): ViewRange | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  const big = (x: unknown, name: string): bigint => {
    if ((typeof x === 'number' && Number.isSafeInteger(x)) || (typeof x === 'string' && /^\d+$/.test(x)) || typeof x === 'bigint') return BigInt(x as number);
    throw new Error(`range.${name} must be a non-negative integer`);
  };
  return { row0: big(r.row0, 'row0'), rows: big(r.rows, 'rows'), col0: big(r.col0, 'col0'), cols: big(r.cols, 'cols') };
}

async function exportView(provider: NpyViewerProvider, arg: unknown): Promise<ViewCommandResult> {
  const session = focusedSession(provider);
  if (!session) return fail(vscode.l10n.t('Open a .npy file in NPY Studio first.'));
  const args = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as Record<string, unknown>) : undefined;
  try {
    const { entry, view, whole, member } = session.shownArray();
    const shape = entry.opened.header.shape;
    // What the user sees: an image's channels are drawn whole, `a[:, :, :]`.
    const shownText = formatSlice(view, shape, 'a', { whole });
    const source = session.document.uri;
    let format: ExportFormat;
    let target: string;
    let force: boolean;
    let selection: ViewRange | undefined;
    if (args) {
      format = (args.format ?? 'npy') as ExportFormat;
      if (!FORMATS.includes(format)) throw new Error(`format must be npy, csv or tsv`);
      if (typeof args.target !== 'string' || !args.target) throw new Error('target must be a path');
      target = path.resolve(args.target);
      force = args.force === true;
    } else {
      const sel = session.lastSelection?.range;
      const multi = sel && (sel.rows > 1n || sel.cols > 1n) ? sel : undefined;
      const items: (vscode.QuickPickItem & { format: ExportFormat; selection: boolean })[] = [
        { label: vscode.l10n.t('NumPy array (.npy)'), description: vscode.l10n.t('np.load gives {0}', shownText), format: 'npy', selection: false },
        { label: vscode.l10n.t('CSV'), description: vscode.l10n.t("numpy's text of each value"), format: 'csv', selection: false },
        { label: vscode.l10n.t('TSV'), description: vscode.l10n.t("numpy's text of each value"), format: 'tsv', selection: false },
      ];
      if (multi) {
        const size = vscode.l10n.t('{0} rows × {1} columns', String(multi.rows), String(multi.cols));
        for (const f of ['npy', 'csv', 'tsv'] as const)
          items.push({ label: vscode.l10n.t('The selection as {0}', f === 'npy' ? '.npy' : f.toUpperCase()), description: size, format: f, selection: true });
      }
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Export {0}', shownText),
        placeHolder: vscode.l10n.t('Export the view as'),
      });
      if (!picked) return { ok: false, cancelled: true };
      format = picked.format;
      if (picked.selection) selection = multi;
      const stem = (member ?? path.basename(source.path).replace(/\.np[yz]$/i, '')).replace(/[/\\:]/g, '_');
      const uri = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(source, '..', `${stem}-view.${format}`),
        filters: { [picked.label]: [format] },
        title: vscode.l10n.t('Export {0}', shownText),
      });
      if (!uri) return { ok: false, cancelled: true };
      if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('{0} is not a file on disk; NPY Studio writes only local files', uri.toString(true)));
      target = uri.fsPath;
      force = true; // the save dialog asked before replacing an existing file
    }
    // `selection: true`: the table's selection, as the webview last reported it.
    const range = args ? (args.selection === true ? session.lastSelection?.range : rangeArg(args.range)) : selection;
    const result = await runInNotification(
      vscode.l10n.t('Exporting {0} to {1}', shownText, path.basename(target)),
      exportJob(entry, { view, range, format, target, force, whole }),
      {
        delayMs: 300,
      },
    );
    const shown = format === 'npy' ? shapeText(result.shape) : vscode.l10n.t('{0} rows × {1} columns', String(result.shape[0]), String(result.shape[1]));
    if (!args || args.notify !== false) {
      const open = vscode.l10n.t('Open');
      void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} ({1}) to {2}', shownText, shown, path.basename(target)), open).then((a) => {
        if (a === open) void vscode.commands.executeCommand(format === 'npy' ? 'npyStudio.openInViewer' : 'vscode.open', vscode.Uri.file(target));
      });
    }
    return { ok: true, path: target, format, shape: result.shape.map(String), cells: String(result.cells), bytes: String(result.bytes) };
  } catch (e) {
    const message = oneLineError(e);
    if (isCancelled(e)) {
      void vscode.window.showInformationMessage(message);
      return { ok: false, cancelled: true, error: message };
    }
    log.warn(`export: ${message}`);
    return fail(message);
  }
}

async function copyAsCode(provider: NpyViewerProvider): Promise<ViewCommandResult> {
  const session = focusedSession(provider);
  if (!session) return fail(vscode.l10n.t('Open a .npy file in NPY Studio first.'));
  try {
    const { entry, view, whole, member } = session.shownArray();
    const uri = session.document.uri;
    const file = uri.scheme === 'file' ? uri.fsPath : uri.path;
    const code = numpyCode(file, member, entry.opened.header.shape, view, whole);
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', code), 4000);
    return { ok: true, code };
  } catch (e) {
    return fail(oneLineError(e));
  }
}

/**
 * Find in the shown view: `query` (nan, inf, -inf, nat, `> 0.5` …), next or previous from `from` (a cell of the
 * view), else from this panel's last match of the same query in the same view, else from the start / the end.
 * Goes to the match in the table. Interactive: asks for the query (the last one offered).
 */
async function find(provider: NpyViewerProvider, direction: 'next' | 'previous', arg: unknown, ask: boolean): Promise<ViewCommandResult> {
  const session = focusedSession(provider);
  if (!session) return fail(vscode.l10n.t('Open a .npy file in NPY Studio first.'));
  const args = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as Record<string, unknown>) : undefined;
  try {
    const { entry, view } = session.shownArray();
    const viewKey = JSON.stringify(viewToWire(view));
    const last = session.lastFind;
    let query = typeof args?.query === 'string' ? args.query : undefined;
    if (query === undefined && (ask || !last)) {
      query = await vscode.window.showInputBox({
        title: vscode.l10n.t('Find in {0}', formatSlice(view, entry.opened.header.shape)),
        prompt: vscode.l10n.t('nan, inf, +inf, -inf, nat, or a comparison: == 3, != 0, > 0.5, <= -1'),
        value: last?.query ?? 'nan',
        validateInput: (text) => {
          try {
            parseFindQuery(text);
            return undefined;
          } catch (e) {
            return oneLineError(e);
          }
        },
      });
      if (query === undefined) return { ok: false, cancelled: true };
    }
    query ??= last!.query;
    if (args?.direction === 'previous' || args?.direction === 'next') direction = args.direction;
    const parsed = parseFindQuery(query);
    let from: { row: bigint; col: bigint } | undefined;
    const fromArg = args?.from as { row?: unknown; col?: unknown } | undefined;
    if (fromArg && typeof fromArg === 'object') from = { row: BigInt(String(fromArg.row)), col: BigInt(String(fromArg.col)) };
    else if (last && last.query === query && last.view === viewKey) from = { row: last.row, col: last.col };
    else if (session.lastSelection) from = session.lastSelection.focus;
    const shown = formatSlice(view, entry.opened.header.shape);
    const match = await runInNotification(vscode.l10n.t('Finding {0} in {1}', query, shown), findJob(entry, { view, query: parsed, direction, from }), { delayMs: 300 });
    if (!match) {
      session.lastFind = undefined;
      void vscode.window.showInformationMessage(vscode.l10n.t('No match for {0} in {1}', query, shown));
      return { ok: true, found: false };
    }
    session.lastFind = { query, view: viewKey, row: match.row, col: match.col };
    session.goToCell(match.row, match.col);
    if (match.wrapped) vscode.window.setStatusBarMessage(vscode.l10n.t('Find: wrapped around {0}', shown), 4000);
    return { ok: true, found: true, row: String(match.row), col: String(match.col), wrapped: match.wrapped };
  } catch (e) {
    const message = oneLineError(e);
    if (isCancelled(e)) return { ok: false, cancelled: true, error: message };
    return fail(message);
  }
}

export function registerViewCommands(context: vscode.ExtensionContext, provider: NpyViewerProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('npyStudio.exportView', (arg?: unknown) => exportView(provider, arg)),
    vscode.commands.registerCommand('npyStudio.copyViewAsCode', () => copyAsCode(provider)),
    vscode.commands.registerCommand('npyStudio.find', (arg?: unknown) => find(provider, 'next', arg, true)),
    vscode.commands.registerCommand('npyStudio.findNext', (arg?: unknown) => find(provider, 'next', arg, false)),
    vscode.commands.registerCommand('npyStudio.findPrevious', (arg?: unknown) => find(provider, 'previous', arg, false)),
  );
}
