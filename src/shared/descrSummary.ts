// A structured dtype as a person can read it at a glance: the first fields, long names cut, then how many more.
// np.save writes records of hundreds of fields (headers of 74 KB and more); showing all of that as one value
// would push everything else off the screen. The full text stays one click (or hover) away.
import type { DescrJson, DescrFieldJson } from '../npy/types';

/** Python repr of a string, as numpy writes names in a descr. */
function pyStr(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(1, max - 1)) + '…';
}

function fieldText(f: DescrFieldJson, maxName: number): string {
  const name = Array.isArray(f[0]) ? `(${pyStr(cut(f[0][0], maxName))}, ${pyStr(cut(f[0][1], maxName))})` : pyStr(cut(f[0], maxName));
  const type = typeof f[1] === 'string' ? pyStr(f[1]) : `[… ${f[1].length} field${f[1].length === 1 ? '' : 's'}]`;
  const shape = f.length === 3 ? `, (${f[2].join(', ')}${f[2].length === 1 ? ',' : ''})` : '';
  return `(${name}, ${type}${shape})`;
}

/**
 * `[('x', '<f4'), ('pos', '<f8', (3,)), … 297 more fields]` — or undefined when `descr` is short enough to show
 * whole (`maxChars`), so callers show the full text then.
 */
export function descrSummary(descr: DescrJson, full: string, opts: { maxChars?: number; fields?: number; maxName?: number } = {}): string | undefined {
  const maxChars = opts.maxChars ?? 160;
  if (full.length <= maxChars) return undefined;
  if (typeof descr === 'string') return cut(full, maxChars);
  const fields = descr as DescrFieldJson[];
  const shown = fields.slice(0, opts.fields ?? 3).map((f) => fieldText(f, opts.maxName ?? 32));
  const more = fields.length - shown.length;
  return `[${shown.join(', ')}${more > 0 ? `, … ${more} more field${more === 1 ? '' : 's'}` : ''}]`;
}

/**
 * numpy's str(dtype) when it is short, else the summary (`[('x', '<f4'), … 12 more fields]`): for one-line
 * surfaces (hovers, tooltips, the status bar, the CLI's human form) that must never cut a field in half.
 */
export function shortDtypeName(name: string, descr: DescrJson, maxChars = 48): string {
  if (name.length <= maxChars) return name;
  // As many whole fields as fit (names cut short last of all).
  for (const [fields, maxName] of [
    [3, 32],
    [2, 32],
    [1, 32],
    [1, 12],
  ] as const) {
    const text = descrSummary(descr, name, { maxChars, fields, maxName }) ?? name;
    if (text.length <= maxChars) return text;
  }
  return descrSummary(descr, name, { maxChars, fields: 1, maxName: 4 }) ?? name;
}
