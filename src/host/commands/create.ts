// NPY: Create Empty NPY… — dtype, shape, order, location; a zero-filled (sparse) .npy written atomically, then
// opened in the viewer. `executeCommand('npyStudio.createEmpty', { path, dtype, shape, fortran?, force?, open? })`
// skips the UI.
import * as vscode from 'vscode';
import * as path from 'path';
import type { Dtype } from '../../npy/types';
import { NpyError } from '../../npy/types';
import { createNpy } from '../../npy/write/create';
import { parseShapeSpec } from '../../npy/write/spec';
import { parseDtypeSpec } from '../../npy/dtype';
import { MultiStepInput, BACK } from './multiStep';
import { CANCELLED, defaultFolder, dtypeStep, exists, freeName, openInViewer, orderItems, t, withProgress, writeCommand, type WriteResult } from './common';
import { checkCreateShape, shapeArgText, stringArg } from './steps';

async function create(file: string, dtype: Dtype, shape: bigint[], fortranOrder: boolean, force: boolean, open: boolean): Promise<WriteResult> {
  const r = await withProgress(t('Creating {0}', path.basename(file)), (signal) => createNpy(file, { dtype, shape, fortranOrder, force, signal }));
  if (open) await openInViewer(r.path);
  return { ok: true, path: r.path, fileSize: String(r.fileSize), dataOffset: r.dataOffset };
}

async function fromArgs(args: Record<string, unknown>): Promise<WriteResult> {
  const file = path.resolve(stringArg(args, 'path'));
  const dtype = parseDtypeSpec(stringArg(args, 'dtype'));
  const shapeText = shapeArgText(args.shape);
  if (shapeText === undefined) throw new NpyError('shape is required: text like "3,4" or an array of integers');
  const shape = parseShapeSpec(shapeText);
  return create(file, dtype, shape, args.fortran === true, args.force === true, args.open !== false);
}

async function interactive(from: vscode.Uri | undefined): Promise<WriteResult> {
  const folder = await defaultFolder(from);
  const input = new MultiStepInput(t('Create Empty NPY'));
  let dtypeText = 'float32';
  let dtype: Dtype = parseDtypeSpec(dtypeText);
  let shapeText = '';
  let shape: bigint[] = [];
  let fortran = false;
  let target: vscode.Uri | undefined;
  let force = false;
  const ok = await input.run([
    async () => {
      ({ text: dtypeText, dtype } = await dtypeStep(input, dtypeText));
    },
    async () => {
      shapeText = await input.input({
        stepTitle: t('Shape'),
        value: shapeText,
        placeholder: t('e.g. 3,4 or 1000 or () for a scalar'),
        prompt: t('Shape: comma-separated dimensions'),
        validate: (v) => {
          if (v.trim() === '') return { incomplete: true };
          const r = checkCreateShape(v, dtype, t);
          return r.ok ? { info: r.info } : { error: r.error };
        },
      });
      const r = checkCreateShape(shapeText, dtype, t);
      if (!r.ok) throw new NpyError(r.error);
      shape = r.value;
    },
    async () => {
      const items = orderItems();
      const picked = await input.pick({ stepTitle: t('Order'), placeholder: t('Memory order of the data'), items, activeItem: items[fortran ? 1 : 0] });
      fortran = picked.fortran;
    },
    async () => {
      input.hide();
      const dir = target ? path.dirname(target.fsPath) : folder?.scheme === 'file' ? folder.fsPath : undefined;
      const suggestion = target ?? (dir ? vscode.Uri.file(await freeName(dir, 'array')) : undefined);
      const picked = await vscode.window.showSaveDialog({
        defaultUri: suggestion,
        filters: { [t('NumPy arrays')]: ['npy'] },
        saveLabel: t('Create'),
        title: t('Create Empty NPY: where to save'),
      });
      if (!picked) throw BACK; // back to the order step; Escape there ends the command
      target = picked;
      // The save dialog asked before choosing an existing file: that is the confirmation to replace it.
      force = picked.scheme === 'file' && (await exists(picked.fsPath));
    },
  ]);
  if (!ok || !target) return CANCELLED;
  if (target.scheme !== 'file') throw new NpyError(t('{0} is not a file on disk; NPY Studio writes only local files', target.toString(true)));
  return create(target.fsPath, dtype, shape, fortran, force, true);
}

export const createEmptyCommand = writeCommand(fromArgs, interactive);
