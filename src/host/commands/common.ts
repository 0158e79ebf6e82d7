// Shared pieces of the write commands: URIs from menus and arguments, progress with cancel, one-line errors,
// the dtype step, results for programmatic callers.
import * as vscode from 'vscode';
import * as path from 'path';
import { promises as fs } from 'fs';
import type { Dtype } from '../../npy/types';
import { oneLineError } from '../platform/errors';
import { log } from '../platform/log';
import { runInNotification } from '../platform/jobs';
import { VIEW_TYPE, type NpyViewerProvider } from '../viewer/provider';
import { MultiStepInput, BACK } from './multiStep';
import { checkDtype, dtypeOptions, programmaticArgs, type Translate } from './steps';

export const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/** What a command returns to programmatic callers (tests, other extensions). */
export type WriteResult = { ok: true; path: string; [k: string]: unknown } | { ok: false; cancelled?: boolean; error?: string };

export const CANCELLED: WriteResult = { ok: false, cancelled: true };

/** A URI from an Explorer/editor menu argument, a Uri, or a path / URI string. */
export function uriArg(arg: unknown): vscode.Uri | undefined {
  if (Array.isArray(arg)) arg = arg[0];
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) {
    try {
      return /^[a-zA-Z][\w+.-]+:/.test(arg) && !/^[a-zA-Z]:[\\/]/.test(arg) ? vscode.Uri.parse(arg, true) : vscode.Uri.file(arg);
    } catch {
      return undefined;
    }
  }
  if (arg && typeof arg === 'object' && 'resourceUri' in arg && (arg as { resourceUri: unknown }).resourceUri instanceof vscode.Uri) {
    return (arg as { resourceUri: vscode.Uri }).resourceUri;
  }
  return undefined;
}

/** Write commands work on files on disk (the engine uses fs, ranged reads and atomic renames). */
export function requireFileUri(uri: vscode.Uri): string {
  if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('{0} is not a file on disk; NPY Studio writes only local files', uri.toString(true)));
  return uri.fsPath;
}

/** A write command's entry point: programmatic arguments skip the UI (tests, automation); errors become one line. */
export function writeCommand(
  fromArgs: (args: Record<string, unknown>) => Promise<WriteResult>,
  interactive: (from: vscode.Uri | undefined) => Promise<WriteResult>,
): (arg?: unknown) => Promise<WriteResult> {
  return async (arg) => {
    try {
      const args = programmaticArgs(arg);
      if (args) return await fromArgs(args);
      return await interactive(uriArg(arg));
    } catch (e) {
      return showError(e);
    }
  };
}

/** The .npy in the active editor (the viewer, or a text editor on it), if any: what a palette command acts on. */
export function activeNpy(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && /\.npy$/i.test(uri.path) ? uri : undefined;
}

/**
 * The .npy a palette command works on (append target, repair): the one open in the active editor, else one the
 * user picks (starting in the workspace).
 */
export async function pickNpy(openLabel: string, title: string): Promise<vscode.Uri | undefined> {
  const active = activeNpy();
  if (active) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [t('NumPy arrays')]: ['npy'] },
    openLabel,
    title,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

export function showError(err: unknown): WriteResult {
  const msg = oneLineError(err);
  if (/^cancelled:/.test(msg)) {
    void vscode.window.showInformationMessage(msg);
    return { ok: false, cancelled: true, error: msg };
  }
  log.warn(`write command: ${msg}`);
  void vscode.window.showErrorMessage(msg);
  return { ok: false, error: msg };
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The folder a new file goes to: the Explorer folder it was invoked on, else the workspace root, else home. */
export async function defaultFolder(uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (uri?.scheme === 'file') {
    try {
      const st = await fs.stat(uri.fsPath);
      return st.isDirectory() ? uri : vscode.Uri.file(path.dirname(uri.fsPath));
    } catch {
      /* fall through */
    }
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** `base.npy`, or `base-2.npy`, … the first name not taken in `dir`. */
export async function freeName(dir: string, base: string, ext = '.npy'): Promise<string> {
  for (let i = 1; i < 1000; i++) {
    const p = path.join(dir, i === 1 ? `${base}${ext}` : `${base}-${i}${ext}`);
    if (!(await exists(p))) return p;
  }
  return path.join(dir, `${base}${ext}`);
}

/**
 * Run `work` through the host's one job runner: a cancellable progress notification that appears only when the
 * work takes longer than a moment, so instant operations (a sparse create, an in-place header) do not flash one.
 * The write engine counts bytes in BigInt; the runner shows a percentage.
 */
export function withProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (done: bigint, total: bigint) => void) => Promise<T>, delayMs = 400): Promise<T> {
  return runInNotification(title, (signal, report) => work(signal, (done, total) => report(Number(done), Number(total))), { delayMs });
}

let viewerProvider: NpyViewerProvider | undefined;

export function setViewerProvider(p: NpyViewerProvider | undefined): void {
  viewerProvider = p;
}

/** Reload the open viewers of `file` now (a write command changed it), then show it in the viewer. */
export async function openInViewer(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const docs = new Set([...(viewerProvider?.allSessions ?? [])].map((s) => s.document).filter((d) => d.uri.toString() === uri.toString()));
  await Promise.all([...docs].map((d) => d.reload().catch(() => undefined)));
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
}

interface DtypeItem extends vscode.QuickPickItem {
  spec?: string;
  custom?: boolean;
  valid?: boolean;
}

/**
 * The dtype step: the common dtypes first, a typed spelling checked as you type (shown as the first item), and
 * "Custom dtype…" for an input box with validation. `onPreview` hears each dtype the user moves to.
 */
export async function dtypeStep(input: MultiStepInput, current: string, onPreview?: (d: Dtype) => void): Promise<{ text: string; dtype: Dtype }> {
  const options = dtypeOptions(t);
  const items: DtypeItem[] = [
    ...options.map((o) => ({ label: o.spec, description: o.description, spec: o.spec, valid: true })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(edit) ${t('Custom dtype…')}`, description: t("any numpy spelling: '>f8', 'S10', 'M8[ms]', or a structured list"), custom: true },
  ];
  const typed = (value: string): DtypeItem[] => {
    const v = value.trim();
    if (options.some((o) => o.spec === v)) return [];
    const r = checkDtype(v, t);
    return [
      r.ok
        ? { label: v, description: r.info, spec: v, valid: true, alwaysShow: true }
        : { label: v, description: `$(error) ${r.error}`, spec: v, valid: false, alwaysShow: true },
    ];
  };
  const preview = (item: DtypeItem | undefined): void => {
    if (!onPreview || !item?.spec || !item.valid) return;
    const r = checkDtype(item.spec, t);
    if (r.ok) onPreview(r.value);
  };
  for (;;) {
    const activeItem = items.find((i) => i.spec === current);
    const picked = await input.pick<DtypeItem>({
      stepTitle: t('Data type'),
      placeholder: t('Data type (type any numpy spelling, e.g. <i2 or U8)'),
      items: activeItem || !current ? items : [...typed(current), ...items],
      activeItem: activeItem ?? undefined,
      onActive: preview,
      typedItems: typed,
      accept: (item) => item.custom === true || item.valid === true,
    });
    if (!picked.custom) {
      const r = checkDtype(picked.spec!, t);
      if (r.ok) return { text: picked.spec!, dtype: r.value };
      continue;
    }
    try {
      const text = await input.input({
        stepTitle: t('Custom dtype'),
        value: options.some((o) => o.spec === current) ? '' : current,
        prompt: t("A numpy dtype: '<f4', 'int16', 'U10', 'M8[us]', or [('x', '<f4'), ('y', '<i8')]"),
        placeholder: "[('x', '<f4'), ('y', '<f4')]",
        back: true,
        validate: (v) => {
          const r = checkDtype(v, t);
          if (r.ok) onPreview?.(r.value);
          return r.ok ? { info: r.info } : { error: r.error };
        },
      });
      const r = checkDtype(text, t);
      if (r.ok) return { text: text.trim(), dtype: r.value };
    } catch (e) {
      if (e !== BACK) throw e;
      // Back from the custom box: the list again.
    }
  }
}

export function orderItems(): Array<vscode.QuickPickItem & { fortran: boolean }> {
  return [
    { label: t('C order'), description: t("row-major: the last index varies fastest (numpy's default)"), fortran: false },
    { label: t('Fortran order'), description: t('column-major: the first index varies fastest'), fortran: true },
  ];
}
