// NPY: Attach NPY Header… — interpret a raw dump (ndarray.tofile) as a .npy: dtype, shape with one -1, order,
// bytes to skip, with a live preview in the viewer of exactly what the .npy will hold; then the mode (copy /
// reserved / insert, only those that apply), every check, and the write with progress and cancel.
// `executeCommand('npyStudio.attachHeader', { raw, out?, dtype, shape, fortran?, skip?, mode?, allowTrailing?,
// force?, open? })` skips the UI.
import * as vscode from 'vscode';
import * as path from 'path';
import { promises as fs } from 'fs';
import type { Dtype } from '../../npy/types';
import { NpyError } from '../../npy/types';
import { parseDtypeSpec } from '../../npy/dtype';
import { attachHeader, defaultOut, insertSupport, planAttach, type AttachMode, type AttachOptions, type InsertSupport } from '../../npy/write/attach';
import { parseShapeSpec, shapeText as tupleText } from '../../npy/write/spec';
import { MultiStepInput, BACK } from './multiStep';
import { CANCELLED, dtypeStep, exists, openInViewer, orderItems, requireFileUri, t, withProgress, writeCommand, type WriteResult } from './common';
import { Preview } from './preview';
import { byteSizeText } from '../platform/errors';
import { attachModeOptions, byteArg, checkAttachShape, checkSkip, shapeArgText, stringArg, type Inferred } from './steps';

async function run(raw: string, out: string | undefined, opts: AttachOptions, open: boolean): Promise<WriteResult> {
  // Every check first (sizes, shape, target, header room, filesystem); nothing is touched if one fails.
  const plan = await planAttach(raw, out, opts);
  const title = plan.mode === 'copy' ? t('Attaching the header: copying {0}', path.basename(raw)) : t('Attaching the header to {0}', path.basename(raw));
  const r = await withProgress(title, (signal, onProgress) => attachHeader(raw, plan.out, { ...opts, signal, onProgress }));
  for (const w of r.warnings) void vscode.window.showWarningMessage(w);
  if (open) await openInViewer(r.out);
  return { ok: true, path: r.out, mode: r.mode, shape: r.shape.map(String), headerLength: r.headerLength, trailing: String(r.trailing) };
}

/** `{ raw, dtype, shape, fortran?, skip?, preview: true }`: open only the live preview (nothing is written). */
async function previewFromArgs(raw: string, dtype: Dtype, shapeText: string, fortran: boolean, skip: bigint): Promise<WriteResult> {
  const st = await fs.stat(raw, { bigint: true });
  const r = checkAttachShape(shapeText, dtype, st.size, skip, t);
  if (!r.ok) throw new NpyError(r.error);
  const preview = new Preview(raw, { dtype, shape: r.value.shape, fortranOrder: fortran, skip }, r.value.dataSize);
  await preview.show();
  return { ok: true, path: raw, uri: preview.uri.toString(), shape: r.value.shape.map(String), trailing: String(r.value.trailing) };
}

async function fromArgs(args: Record<string, unknown>): Promise<WriteResult> {
  const raw = path.resolve(stringArg(args, 'raw'));
  const out = typeof args.out === 'string' && args.out ? path.resolve(args.out) : undefined;
  const dtype = parseDtypeSpec(stringArg(args, 'dtype'));
  const st = shapeArgText(args.shape ?? '-1');
  if (st === undefined) throw new NpyError('shape must be text like "-1,4" or an array of integers');
  if (args.preview === true) return previewFromArgs(raw, dtype, st, args.fortran === true, byteArg(args.skip, 'skip'));
  const mode = (typeof args.mode === 'string' ? args.mode : 'copy') as AttachMode;
  return run(
    raw,
    out,
    {
      dtype,
      shape: parseShapeSpec(st, { allowInfer: true }),
      fortranOrder: args.fortran === true,
      skip: byteArg(args.skip, 'skip'),
      mode,
      allowTrailing: args.allowTrailing === true,
      force: args.force === true,
    },
    args.open !== false,
  );
}

async function pickRaw(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: t('Attach Header'),
    title: t('Attach NPY Header: choose a raw data file'),
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

type ModeItem = vscode.QuickPickItem & { mode: AttachMode; available: boolean };

async function interactive(from: vscode.Uri | undefined): Promise<WriteResult> {
  const uri = from ?? (await pickRaw());
  if (!uri) return CANCELLED;
  const raw = requireFileUri(uri);
  const st = await fs.stat(raw, { bigint: true }).catch((e) => {
    throw new NpyError(`${raw}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
  });
  if (!st.isFile()) throw new NpyError(t('{0} is not a regular file', raw));
  const rawSize = st.size;

  let dtypeText = 'float32';
  let dtype: Dtype = parseDtypeSpec(dtypeText);
  let shapeText = '-1';
  let fortran = false;
  let skipText = '0';
  let skip = 0n;
  let inferred: Inferred | undefined;
  let mode: AttachMode = 'copy';
  let out: string | undefined;
  let force = false;
  let insert: InsertSupport | undefined;

  let preview: Preview | undefined;
  // The preview shows the current interpretation; an interpretation that does not check keeps the last good one.
  const interpret = (d: Dtype, shape: string, f: boolean, s: bigint): Inferred | undefined => {
    const r = checkAttachShape(shape, d, rawSize, s, t);
    if (!r.ok) return undefined;
    preview?.update({ dtype: d, shape: r.value.shape, fortranOrder: f, skip: s }, r.value.dataSize);
    return r.value;
  };
  const first = checkAttachShape(shapeText, dtype, rawSize, skip, t);
  const start = first.ok ? first.value : { shape: [0n], dataSize: 0n, trailing: rawSize };
  preview = new Preview(raw, { dtype, shape: start.shape, fortranOrder: fortran, skip }, start.dataSize);
  try {
    await preview.show();
    const input = new MultiStepInput(t('Attach NPY Header to {0} ({1})', path.basename(raw), byteSizeText(rawSize)));
    const ok = await input.run([
      async () => {
        ({ text: dtypeText, dtype } = await dtypeStep(input, dtypeText, (d) => interpret(d, shapeText, fortran, skip)));
        interpret(dtype, shapeText, fortran, skip);
      },
      async () => {
        shapeText = await input.input({
          stepTitle: t('Shape'),
          value: shapeText,
          placeholder: t('e.g. -1 or -1,4 or 100,-1,3'),
          prompt: t('Shape: one dimension may be -1 (inferred from the file size)'),
          validate: (v) => {
            const r = checkAttachShape(v, dtype, rawSize, skip, t);
            if (r.ok) interpret(dtype, v, fortran, skip);
            return r.ok ? { info: r.info } : { error: r.error };
          },
        });
        inferred = interpret(dtype, shapeText, fortran, skip);
      },
      async () => {
        const items = orderItems();
        const picked = await input.pick({
          stepTitle: t('Order'),
          placeholder: t('Memory order of the data'),
          items,
          activeItem: items[fortran ? 1 : 0],
          onActive: (item) => item && interpret(dtype, shapeText, item.fortran, skip),
        });
        fortran = picked.fortran;
        interpret(dtype, shapeText, fortran, skip);
      },
      async () => {
        skipText = await input.input({
          stepTitle: t('Bytes to skip'),
          value: skipText,
          placeholder: t('e.g. 0, 128 or 4K'),
          prompt: t('Bytes to skip at the start of the file (a header or padding that is not data)'),
          validate: (v) => {
            const s = checkSkip(v, rawSize, t);
            if (!s.ok) return { error: s.error };
            const r = checkAttachShape(shapeText, dtype, rawSize, s.value, t);
            if (!r.ok) return { error: r.error };
            interpret(dtype, shapeText, fortran, s.value);
            return { info: `${s.info} · ${r.info}` };
          },
        });
        const s = checkSkip(skipText, rawSize, t);
        if (!s.ok) throw new NpyError(s.error);
        skip = s.value;
        inferred = interpret(dtype, shapeText, fortran, skip);
        if (!inferred) throw BACK;
      },
      async () => {
        insert ??= await insertSupport(raw).catch((e) => ({ ok: false, blockSize: 0, fsName: '', reason: (e as Error).message }));
        const options = attachModeOptions(dtype, inferred!.shape, fortran, skip, insert, t);
        // The modes that do not apply stay listed (greyed by their icon, not selectable) with the reason.
        const items: ModeItem[] = options.map((o) => ({
          label: o.available ? o.label : `$(circle-slash) ${o.label}`,
          detail: o.detail,
          mode: o.mode,
          available: o.available,
        }));
        const picked = await input.pick<ModeItem>({
          stepTitle: t('How to attach'),
          placeholder: t('How to attach the header'),
          items,
          activeItem: items.find((i) => i.mode === mode && i.available) ?? items[0],
          accept: (item) => item.available,
        });
        mode = picked.mode;
      },
      async () => {
        input.hide();
        if (mode === 'copy') {
          let suggestion: string;
          try {
            suggestion = out ?? defaultOut(raw);
          } catch {
            suggestion = raw + '.npy';
          }
          const picked = await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.file(suggestion),
            filters: { [t('NumPy arrays')]: ['npy'] },
            saveLabel: t('Attach Header'),
            title: t('Attach NPY Header: where to save the .npy'),
          });
          if (!picked) throw BACK;
          out = requireFileUri(picked);
          force = await exists(out); // the save dialog confirmed replacing it
          if (path.resolve(out) === path.resolve(raw)) throw new NpyError(t('copy mode writes a new file; choose a name other than the raw file'));
          return;
        }
        // In place: the raw file itself becomes the .npy (renamed to NAME.npy when that name is free).
        let renamed: string | undefined;
        try {
          const d = defaultOut(raw);
          if (!(await exists(d))) renamed = d;
        } catch {
          /* already .npy */
        }
        out = renamed ?? raw;
        force = false;
        const go = t('Attach Header');
        const how =
          mode === 'reserved'
            ? t('The header is written into the first {0} bytes of {1}.', String(skip), path.basename(raw))
            : t('Bytes are inserted at the front of {0} for the header (no data is copied).', path.basename(raw));
        const rename = renamed ? t('The file is then renamed to {0}.', path.basename(renamed)) : t('The file keeps its name.');
        const answer = await vscode.window.showWarningMessage(
          t('Change {0} in place?', path.basename(raw)),
          { modal: true, detail: `${how} ${rename}\n${t('Result: {0} {1}.', dtypeText, tupleText(inferred!.shape))}` },
          go,
        );
        if (answer !== go) throw BACK;
      },
    ]);
    if (!ok) return CANCELLED;
    await preview.close();
    preview = undefined;
    return await run(raw, out, { dtype, shape: parseShapeSpec(shapeText, { allowInfer: true }), fortranOrder: fortran, skip, mode, allowTrailing: true, force }, true);
  } finally {
    await preview?.close();
  }
}

export const attachHeaderCommand = writeCommand(fromArgs, interactive);
