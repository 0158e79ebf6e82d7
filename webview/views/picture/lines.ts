// Several lines in one line plot: the extra rows the user types ("3, 7") and each line's theme colour.
import { LINE_COLOR } from '../../../src/picture/render';

/** At most this many lines (the row of the row box and up to seven more). */
export const MAX_LINES = 8;

type Rgba = [number, number, number, number];

/** Line k's colour: a theme variable, else matplotlib's tab10 (the first is the single line's colour). */
const PALETTE: readonly (readonly [string, readonly [number, number, number, number]])[] = [
  ['--vscode-charts-blue', LINE_COLOR],
  ['--vscode-charts-orange', [255, 127, 14, 255]],
  ['--vscode-charts-green', [44, 160, 44, 255]],
  ['--vscode-charts-red', [214, 39, 40, 255]],
  ['--vscode-charts-purple', [148, 103, 189, 255]],
  ['--vscode-charts-yellow', [188, 189, 34, 255]],
  ['--vscode-terminal-ansiCyan', [23, 190, 207, 255]],
  ['--vscode-terminal-ansiMagenta', [227, 119, 194, 255]],
];

/** A CSS colour `#rrggbb[aa]` → RGBA bytes (the theme's chart colours are hex). */
export function hexColor(v: string, fallback: readonly number[]): Rgba {
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(v.trim());
  if (!m) return [fallback[0], fallback[1], fallback[2], fallback[3]];
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, m[2] ? parseInt(m[2], 16) : 255];
}

export function lineColor(root: HTMLElement, k: number): Rgba {
  const [name, fallback] = PALETTE[k % PALETTE.length];
  return hexColor(getComputedStyle(root).getPropertyValue(name), fallback);
}

/**
 * The extra rows of a text like `3, 7` (comma or space separated, each in [0, rows), duplicates and `primary`
 * dropped), or null when it is not that or names more than MAX_LINES − 1 rows.
 */
export function parseRows(text: string, rows: number, primary: number): number[] | null {
  const out: number[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    if (!/^\d+$/.test(part) || Number(part) >= rows) return null;
    const r = Number(part);
    if (r !== primary && !out.includes(r)) out.push(r);
  }
  return out.length > MAX_LINES - 1 ? null : out;
}
