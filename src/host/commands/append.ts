// NPY: Append to NPY… — add rows along axis 0 of a C-order .npy from other .npy files or raw dumps of its dtype.
// The plan (result shape, what each source adds) is confirmed first; then the append runs with progress and cancel.
// `executeCommand('npyStudio.append', { target, sources: [...], rawAsTargetDtype?, open? })` skips the UI.
import * as vscode from 'vscode';
import * as path from 'path';
import { NpyError } from '../../npy/types';
import { appendArrays, planAppend } from '../../npy/write/append';
import { hasNpyMagic, readExisting } from '../../npy/write/npyFile';
import { dtypeName, parseDtypeSpec } from '../../npy/dtype';
import { CANCELLED, openInViewer, pickNpy, requireFileUri, t, withProgress, writeCommand, type WriteResult } from './common';
import { appendSummary, stringArg } from './steps';
import type { Dtype } from '../../npy/types';

async function run(target: string, sources: string[], dtype: Dtype | undefined, open: boolean): Promise<WriteResult> {
  const r = await withProgress(t('Appending to {0}', path.basename(target)), (signal, onProgress) => appendArrays(target, sources, { dtype, signal, onProgress }));
  for (const w of r.warnings) void vscode.window.showWarningMessage(w);
  if (open) await openInViewer(target);
  return { ok: true, path: target, oldShape: r.oldShape.map(String), newShape: r.newShape.map(String), inPlace: r.inPlace };
}

/** Raw (non-.npy) sources are read as the target's dtype: append never converts. */
async function rawDtype(target: string, sources: string[]): Promise<Dtype | undefined> {
  const magic = await Promise.all(sources.map((s) => hasNpyMagic(s).catch(() => true)));
  if (magic.every(Boolean)) return undefined;
  return (await readExisting(target)).header.dtype;
}

async function fromArgs(args: Record<string, unknown>): Promise<WriteResult> {
  const target = path.resolve(stringArg(args, 'target'));
  const sources = args.sources;
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => typeof s === 'string')) {
    throw new NpyError('sources must be a non-empty array of paths');
  }
  const paths = (sources as string[]).map((s) => path.resolve(s));
  const dtype = typeof args.dtype === 'string' ? parseDtypeSpec(args.dtype) : await rawDtype(target, paths);
  return run(target, paths, dtype, args.open !== false);
}

async function interactive(from: vscode.Uri | undefined): Promise<WriteResult> {
  let targetUri = from && /\.npy$/i.test(from.path) ? from : undefined;
  if (!targetUri) {
    targetUri = await pickNpy(t('Append To'), t('Append to NPY: choose the .npy to extend'));
  }
  if (!targetUri) return CANCELLED;
  const target = requireFileUri(targetUri);
  const existing = await readExisting(target);
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: t('Append'),
    title: t('Append to {0} {1}: choose .npy files or raw {2} data', path.basename(target), tupleOf(existing.header.shape), dtypeName(existing.header.dtype)),
    defaultUri: vscode.Uri.file(path.dirname(target)),
  });
  if (!picked?.length) return CANCELLED;
  const sources = picked.map(requireFileUri);
  const dtype = await rawDtype(target, sources);
  // Every check (dtypes, shapes, sizes, room in the header) before asking.
  const plan = await planAppend(target, sources, { dtype });
  const summary = appendSummary(plan, plan.existing.header.dtype, t, (p) => path.basename(p));
  const go = t('Append');
  const answer = await vscode.window.showWarningMessage(summary.title, { modal: true, detail: summary.detail }, go);
  if (answer !== go) return CANCELLED;
  return run(target, sources, dtype, true);
}

function tupleOf(shape: bigint[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export const appendCommand = writeCommand(fromArgs, interactive);
