// Settings of the `npyStudio` section (declared in package.json `contributes.configuration`).
import * as vscode from 'vscode';
import { DEFAULT_MAX_HEADER_SIZE } from '../../npy/header';

const SECTION = 'npyStudio';

function get<T>(key: string, fallback: T, scope?: vscode.Uri): T {
  const v = vscode.workspace.getConfiguration(SECTION, scope).get<T>(key);
  return v === undefined || v === null ? fallback : v;
}

function positiveInt(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
}

export const DEFAULT_MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_COPY_CONFIRM_CELLS = 100_000;
/** Our header cap (the parser is linear; numpy's own 10,000 exists because it evaluates the header). */
export const DEFAULT_MAX_HEADER_BYTES = DEFAULT_MAX_HEADER_SIZE;

/** Non-`file:` URIs have no ranged read: they are read whole, only up to this size. */
export function maxWholeFileBytes(scope?: vscode.Uri): number {
  return positiveInt(get('maxWholeFileBytes', DEFAULT_MAX_WHOLE_FILE_BYTES, scope), DEFAULT_MAX_WHOLE_FILE_BYTES);
}

/** Headers longer than this many characters are refused before they are read. */
export function maxHeaderBytes(scope?: vscode.Uri): number {
  const v = positiveInt(get('maxHeaderBytes', DEFAULT_MAX_HEADER_BYTES, scope), DEFAULT_MAX_HEADER_BYTES);
  return v > 0 ? v : DEFAULT_MAX_HEADER_BYTES;
}

/** Copies larger than this many cells ask first. */
export function copyConfirmCells(scope?: vscode.Uri): number {
  return positiveInt(get('copyConfirmCells', DEFAULT_COPY_CONFIRM_CELLS, scope), DEFAULT_COPY_CONFIRM_CELLS);
}

/** Significant digits the table shows floats with (0: numpy's full text). */
export function floatDigits(scope?: vscode.Uri): number {
  return Math.min(17, positiveInt(get('floatDigits', 0, scope), 0));
}

export function liveReload(scope?: vscode.Uri): boolean {
  return get<boolean>('liveReload', true, scope) !== false;
}

export function explorerTooltips(): boolean {
  return get<boolean>('explorerTooltips', true) !== false;
}

export function pythonHover(): boolean {
  return get<boolean>('pythonHover', true) !== false;
}
