// The step logic of the write commands (Create Empty NPY, Attach NPY Header, Append to NPY, Repair NPY Header):
// validation as the user types, size texts, option lists and which attach modes apply. No vscode import: the
// commands pass `vscode.l10n.t` as `t`, unit tests pass `plainT`.
import { NpyError, type Dtype } from '../../npy/types';
import { dtypeName, hasObject, parseDtypeSpec } from '../../npy/dtype';
import { checkStorable, parseByteCount, parseShapeSpec, product, shapeText } from '../../npy/write/spec';
import { inferShape, type AttachMode } from '../../npy/write/attach';
import { minimalHeaderLength } from '../../npy/write/headerBytes';
import { byteSizeText, oneLineError } from '../platform/errors';
import type { RepairPlan } from '../../npy/write/repair';

/** `vscode.l10n.t`'s shape: a message with `{0}`, `{1}` … placeholders. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** English, placeholders filled: what `vscode.l10n.t` does without a translation. */
export const plainT: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i) => (Number(i) < args.length ? String(args[Number(i)]) : m));

export type Check<T> = { ok: true; value: T; info: string } | { ok: false; error: string };

function bad<T>(error: string): Check<T> {
  return { ok: false, error };
}

// ---------------------------------------------------------------------------------------------------------------
// dtype

export interface DtypeOption {
  /** What parseDtypeSpec is given. */
  spec: string;
  /** One-line description (itemsize, meaning). */
  description: string;
}

/** The dtype list of the first step: the common ones first, then the rest of numpy's fixed-size scalars. */
export function dtypeOptions(t: Translate): DtypeOption[] {
  const o = (spec: string, description: string): DtypeOption => ({ spec, description });
  return [
    o('float32', t('32-bit float · 4 B')),
    o('float64', t('64-bit float · 8 B')),
    o('int32', t('32-bit signed integer · 4 B')),
    o('int64', t('64-bit signed integer · 8 B')),
    o('uint8', t('8-bit unsigned integer (bytes, images) · 1 B')),
    o('bool', t('True / False · 1 B')),
    o('complex64', t('two 32-bit floats · 8 B')),
    o('float16', t('16-bit float · 2 B')),
    o('datetime64[ns]', t('date and time in nanoseconds · 8 B')),
    o('U16', t('Unicode text of up to 16 characters · 64 B')),
    o('int8', t('8-bit signed integer · 1 B')),
    o('int16', t('16-bit signed integer · 2 B')),
    o('uint16', t('16-bit unsigned integer · 2 B')),
    o('uint32', t('32-bit unsigned integer · 4 B')),
    o('uint64', t('64-bit unsigned integer · 8 B')),
    o('complex128', t('two 64-bit floats · 16 B')),
    o('timedelta64[ns]', t('time span in nanoseconds · 8 B')),
    o('S16', t('bytes of up to 16 characters · 16 B')),
  ];
}

/** Any numpy spelling or structured list text. Object dtypes are refused (a .npy stores them pickled). */
export function checkDtype(text: string, t: Translate): Check<Dtype> {
  if (text.trim() === '') return bad(t("Enter a dtype, e.g. float32, <i8, U16 or [('x', '<f4'), ('y', '<f4')]"));
  let dtype: Dtype;
  try {
    dtype = parseDtypeSpec(text);
  } catch (e) {
    return bad(oneLineError(e));
  }
  if (hasObject(dtype)) return bad(t('object dtypes hold Python references, which a .npy stores pickled; NPY Studio writes only raw data'));
  return { ok: true, value: dtype, info: t('{0} · {1} B per element', dtypeName(dtype), dtype.itemsize) };
}

// ---------------------------------------------------------------------------------------------------------------
// shape and sizes

/** Above this size a created file is noted as sparse (it takes no disk space until written). */
export const SPARSE_NOTE_BYTES = 1n << 20n;

/** `2 × 3 float32 = 24 B`, `scalar float64 = 8 B`, `… = 1 TiB on disk: sparse (no space used until written)`. */
export function sizeText(shape: readonly bigint[], dtype: Dtype, t: Translate, opts: { sparse?: boolean } = {}): string {
  const bytes = product(shape) * BigInt(dtype.itemsize);
  const dims = shape.length === 0 ? t('scalar') : shape.join(' × ');
  const base = `${dims} ${dtypeName(dtype)} = ${byteSizeText(bytes)}`;
  if (opts.sparse && bytes >= SPARSE_NOTE_BYTES) return t('{0} on disk: sparse (no space is used until written)', base);
  return base;
}

/** The shape step of Create Empty NPY: `3,4`, `1000`, `0`, `3,0,2`, `()`. The info is the size text. */
export function checkCreateShape(text: string, dtype: Dtype, t: Translate): Check<bigint[]> {
  let shape: bigint[];
  try {
    shape = parseShapeSpec(text);
    checkStorable(dtype, shape);
  } catch (e) {
    return bad(oneLineError(e));
  }
  return { ok: true, value: shape, info: sizeText(shape, dtype, t, { sparse: true }) };
}

export interface Inferred {
  shape: bigint[];
  dataSize: bigint;
  trailing: bigint;
}

/** The shape step of Attach NPY Header: one dimension may be -1 (inferred); trailing bytes are allowed and said. */
export function checkAttachShape(text: string, dtype: Dtype, rawSize: bigint, skip: bigint, t: Translate): Check<Inferred> {
  if (skip > rawSize) return bad(t('skipping {0} bytes is past the end of the file ({1} bytes)', String(skip), String(rawSize)));
  let r: Inferred;
  try {
    const spec = parseShapeSpec(text, { allowInfer: true });
    r = inferShape(spec, dtype.itemsize, rawSize - skip, true);
    checkStorable(dtype, r.shape);
  } catch (e) {
    return bad(oneLineError(e));
  }
  return { ok: true, value: r, info: attachInfo(r, dtype, t) };
}

/** `→ (1000, 4) float32 = 15.6 KiB` plus the trailing bytes, when there are any. */
export function attachInfo(r: Inferred, dtype: Dtype, t: Translate): string {
  const main = t('→ {0} {1} = {2}', shapeText(r.shape), dtypeName(dtype), byteSizeText(r.dataSize));
  if (r.trailing === 0n) return main;
  return t('{0}; {1} trailing bytes are not part of the array', main, String(r.trailing));
}

/** Bytes to skip at the front of the raw file: `0`, `4096`, `1K`, `1M`. */
export function checkSkip(text: string, rawSize: bigint, t: Translate): Check<bigint> {
  let n: bigint;
  try {
    n = text.trim() === '' ? 0n : parseByteCount(text, 'skip');
  } catch {
    return bad(t('Enter a byte count like 0, 4096 or 1M'));
  }
  if (n > rawSize) return bad(t('skipping {0} bytes is past the end of the file ({1} bytes)', String(n), String(rawSize)));
  return { ok: true, value: n, info: t('the data starts at byte {0} of {1}', String(n), String(rawSize)) };
}

// ---------------------------------------------------------------------------------------------------------------
// attach modes

export interface InsertSupportInfo {
  ok: boolean;
  blockSize: number;
  fsName: string;
  reason?: string;
}

export interface ModeOption {
  mode: AttachMode;
  available: boolean;
  label: string;
  /** What it does, or why it does not apply. */
  detail: string;
}

/** Which attach modes apply: copy always; reserved when `skip` can hold the header; insert where the filesystem can. */
export function attachModeOptions(dtype: Dtype, shape: readonly bigint[], fortranOrder: boolean, skip: bigint, insert: InsertSupportInfo, t: Translate): ModeOption[] {
  const minLen = minimalHeaderLength(dtype, shape, fortranOrder);
  const reservedOk = skip >= BigInt(minLen);
  const need = BigInt(minLen) > skip ? BigInt(minLen) - skip : 0n;
  const bs = BigInt(Math.max(1, insert.blockSize));
  const inserted = ((need + bs - 1n) / bs) * bs;
  return [
    {
      mode: 'copy',
      available: true,
      label: t('Copy into a new .npy file'),
      detail: t('writes the header and a copy of the data to a new file; the raw file is not changed'),
    },
    {
      mode: 'reserved',
      available: reservedOk,
      label: t('Write the header into the skipped bytes'),
      detail: reservedOk
        ? t('in place, instantly: the first {0} bytes become the header; nothing is copied', String(skip))
        : t('not possible: the header needs at least {0} bytes, only {1} are skipped', minLen, String(skip)),
    },
    {
      mode: 'insert',
      available: insert.ok,
      label: t('Insert the header in place'),
      detail: insert.ok
        ? t('in place, instantly: {0} bytes are inserted at the front ({1}); nothing is copied', String(inserted), insert.fsName)
        : t('not possible here: {0}', insert.reason ?? insert.fsName),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// append and repair texts

export interface AppendPlanLike {
  target: string;
  oldShape: bigint[];
  newShape: bigint[];
  sources: { path: string; kind: 'npy' | 'raw'; rows: bigint; bytes: bigint }[];
  bytesAdded: bigint;
  inPlace: boolean;
  warnings: string[];
}

/** The confirmation of Append to NPY: a title line and the detail lines. */
export function appendSummary(plan: AppendPlanLike, dtype: Dtype, t: Translate, base: (p: string) => string): { title: string; detail: string } {
  const rows = plan.newShape[0] - plan.oldShape[0];
  const title = t('Append {0} rows to {1}?', String(rows), base(plan.target));
  const lines = [t('shape {0} → {1} ({2} added)', shapeText(plan.oldShape), shapeText(plan.newShape), byteSizeText(plan.bytesAdded))];
  for (const s of plan.sources) {
    lines.push(
      s.kind === 'raw' ? t('{0}: {1} rows (raw bytes read as {2})', base(s.path), String(s.rows), dtypeName(dtype)) : t('{0}: {1} rows', base(s.path), String(s.rows)),
    );
  }
  lines.push(
    plan.inPlace
      ? t('The rows are added at the end and the header is updated in place.')
      : t('The header has no room for the new shape: the whole file is rewritten (needs free space for a copy).'),
  );
  lines.push(...plan.warnings);
  return { title, detail: lines.join('\n') };
}

export type RepairPlanLike = Pick<RepairPlan, 'path' | 'needed' | 'oldShape' | 'newShape' | 'axis' | 'fileSize' | 'newFileSize' | 'droppedBytes' | 'inPlace'>;

/** The confirmation of Repair NPY Header: old shape → new shape, bytes dropped, how. */
export function repairSummary(plan: RepairPlanLike, t: Translate, base: (p: string) => string): { title: string; detail: string } {
  if (!plan.needed) {
    return { title: t('{0}: the header and the data agree (shape {1}); nothing to repair.', base(plan.path), shapeText(plan.oldShape)), detail: '' };
  }
  const lines: string[] = [];
  const changed = plan.newShape.some((d, i) => d !== plan.oldShape[i]);
  if (changed) lines.push(t('shape {0} → {1}', shapeText(plan.oldShape), shapeText(plan.newShape)));
  else lines.push(t('shape {0} stays', shapeText(plan.oldShape)));
  if (plan.droppedBytes > 0n) {
    lines.push(t('the last {0} bytes are dropped (not a whole row): file {1} → {2} bytes', String(plan.droppedBytes), String(plan.fileSize), String(plan.newFileSize)));
  }
  lines.push(
    plan.inPlace ? t('The header is rewritten in place.') : t('The header has no room for the new shape: the whole file is rewritten (needs free space for a copy).'),
  );
  return { title: t('Repair the header of {0}?', base(plan.path)), detail: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------------
// programmatic arguments (executeCommand(id, { … }) skips the UI)

/** A shape given as text (`'3,4'`) or as numbers/strings (`[3, 4]`), normalized to the text parseShapeSpec takes. */
export function shapeArgText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((d) => typeof d === 'number' || typeof d === 'bigint' || (typeof d === 'string' && /^-?\d+$/.test(d)))) {
    return v.length === 0 ? '()' : v.map(String).join(',');
  }
  return undefined;
}

export function byteArg(v: unknown, name: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string') return parseByteCount(v, name);
  throw new NpyError(`${name} must be a byte count, got ${JSON.stringify(v)}`);
}

/** A plain object of programmatic arguments, or undefined when the command came from a menu or the palette. */
export function programmaticArgs(arg: unknown): Record<string, unknown> | undefined {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return undefined;
  const proto = Object.getPrototypeOf(arg);
  if (proto !== Object.prototype && proto !== null) return undefined; // a vscode.Uri, a tree item…
  return arg as Record<string, unknown>;
}

export function stringArg(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  if (typeof v !== 'string' || v === '') throw new NpyError(`${name} is required (a string)`);
  return v;
}
