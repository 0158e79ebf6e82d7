// NPY: Repair NPY Header… — when the header's shape disagrees with the data length (an interrupted append or
// writer, a cut-off copy): show old shape → new shape and the bytes dropped in a modal, then apply.
// `executeCommand('npyStudio.repairHeader', { path, open? })` skips the UI (and applies the plan).
import * as vscode from 'vscode';
import * as path from 'path';
import { applyRepair, planRepair } from '../../npy/write/repair';
import { CANCELLED, openInViewer, pickNpy, requireFileUri, showError, t, uriArg, withProgress, type WriteResult } from './common';
import { programmaticArgs, repairSummary, stringArg } from './steps';

async function run(file: string, confirm: boolean, open: boolean): Promise<WriteResult> {
  const plan = await planRepair(file);
  const summary = repairSummary(plan, t, (p) => path.basename(p));
  if (!plan.needed) {
    if (confirm) void vscode.window.showInformationMessage(summary.title);
    return { ok: true, path: file, changed: false, shape: plan.oldShape.map(String) };
  }
  if (confirm) {
    const go = t('Repair');
    const answer = await vscode.window.showWarningMessage(summary.title, { modal: true, detail: summary.detail }, go);
    if (answer !== go) return CANCELLED;
  }
  await withProgress(t('Repairing {0}', path.basename(file)), (signal, onProgress) => applyRepair(plan, { signal, onProgress }));
  if (open) await openInViewer(file);
  return { ok: true, path: file, changed: true, oldShape: plan.oldShape.map(String), shape: plan.newShape.map(String), droppedBytes: String(plan.droppedBytes) };
}

export async function repairHeaderCommand(arg?: unknown): Promise<WriteResult> {
  try {
    const args = programmaticArgs(arg);
    if (args) return await run(path.resolve(stringArg(args, 'path')), false, args.open !== false);
    let uri = uriArg(arg);
    if (!uri) {
      uri = await pickNpy(t('Repair'), t('Repair NPY Header: choose a .npy file'));
    }
    if (!uri) return CANCELLED;
    return await run(requireFileUri(uri), true, true);
  } catch (e) {
    return showError(e);
  }
}
