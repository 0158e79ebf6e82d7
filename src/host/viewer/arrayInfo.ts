// OpenedArray (engine) → ArrayInfo (protocol), with the warnings a user must see. No vscode import.
import type { OpenedArray } from '../../npy/open';
import { dtypeName } from '../../npy/dtype';
import { defaultView, type ViewSpec } from '../../npy/view';
import type { ArrayInfo } from '../../shared/protocol';
import { byteSizeText } from '../platform/errors';

/** Add `text` unless a warning already says it (matched by `key`, case-insensitive). */
function addWarning(list: string[], key: RegExp, text: string): void {
  if (!list.some((w) => key.test(w))) list.push(text);
}

export function arrayWarnings(opened: OpenedArray): string[] {
  const { header, fileSize, availableCount } = opened;
  const warnings = [...opened.warnings];
  if (availableCount < header.count) {
    addWarning(
      warnings,
      /truncat/i,
      `file is truncated: ${availableCount} of ${header.count} elements present; the rest show as missing`,
    );
  }
  const end = header.dataOffset + header.dataSize;
  if (fileSize > end) {
    addWarning(warnings, /trailing|extra bytes|longer than/i, `${byteSizeText(fileSize - end)} of trailing bytes after the data are ignored`);
  }
  if (opened.dataError) addWarning(warnings, /pickle/i, opened.dataError);
  return warnings;
}

export function buildArrayInfo(fileName: string, opened: OpenedArray, extraWarnings: readonly string[] = []): ArrayInfo {
  const { header } = opened;
  return {
    fileName,
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
    warnings: [...extraWarnings, ...arrayWarnings(opened)],
    dataError: opened.dataError,
  };
}

export function initialView(opened: OpenedArray): ViewSpec {
  return defaultView(opened.header.shape, opened.header.dtype.type !== 'scalar');
}
