// OpenedArray (engine) → ArrayInfo (protocol). Warnings come from the engine as codes; here they are only
// localized (by the function the host passes: vscode.l10n.t; tests and the fake host use the English text).
import type { OpenedArray } from '../../npy/open';
import { dtypeName } from '../../npy/dtype';
import { defaultView, type ViewSpec } from '../../npy/view';
import { fillTemplate, type NpyWarning } from '../../npy/warnings';
import type { ArrayInfo, ArrayWarning } from '../../shared/protocol';

/** `template` with `{name}` placeholders and its arguments → the user's language. */
export type Localize = (template: string, args: Record<string, string>) => string;

export function localizedWarnings(warnings: readonly NpyWarning[], localize: Localize = fillTemplate): ArrayWarning[] {
  return warnings.map((w) => ({ code: w.code, text: localize(w.template, w.args) }));
}

export function buildArrayInfo(
  fileName: string,
  opened: OpenedArray,
  opts: { extraWarnings?: readonly ArrayWarning[]; localize?: Localize; entryName?: string } = {},
): ArrayInfo {
  const { header } = opened;
  return {
    fileName,
    entryName: opts.entryName,
    version: header.version,
    dtypeName: dtypeName(header.dtype),
    descr: header.descr,
    fortranOrder: header.fortranOrder,
    shape: header.shape.map(String),
    itemsize: header.dtype.itemsize,
    dataOffset: String(header.dataOffset),
    count: String(header.count),
    dataSize: String(header.dataSize),
    fileSize: String(opened.fileSize),
    availableCount: String(opened.availableCount),
    warnings: [...(opts.extraWarnings ?? []), ...localizedWarnings(opened.warnings, opts.localize)],
    dataError: opened.dataError,
  };
}

export function initialView(opened: OpenedArray): ViewSpec {
  return defaultView(opened.header.shape, opened.header.dtype.type !== 'scalar');
}
