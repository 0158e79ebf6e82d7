// The statistics as the CLI prints them: one JSON object (every number a string in numpy's text) or a readable
// table. The VS Code view shows the same strings (`data-stat` elements carry exactly the JSON's text).
import type { Figures, StatsReport } from './engine';
import { PERCENTILES } from './numpy';

export type StatKey = 'count' | 'nan' | 'posinf' | 'neginf' | 'min' | 'max' | 'argmin' | 'argmax' | 'mean' | 'std' | 'sum';

export interface FiguresJson {
  count: string;
  nan: string;
  posinf: string;
  neginf: string;
  min: string | null;
  max: string | null;
  argmin: string[] | null;
  argmax: string[] | null;
  mean: string | null;
  std: string | null;
  sum: string | null;
  percentiles: Record<string, string | null>;
  histogram: { edges: string[]; counts: string[] } | null;
}

/** The JSON object for one set of figures. */
export function figuresJson(f: Figures): FiguresJson {
  const percentiles: Record<string, string | null> = {};
  for (const p of f.percentiles) percentiles[String(p.q)] = p.value;
  return {
    count: String(f.count),
    nan: String(f.nan),
    posinf: String(f.posinf),
    neginf: String(f.neginf),
    min: f.min,
    max: f.max,
    argmin: f.argmin && f.argmin.map(String),
    argmax: f.argmax && f.argmax.map(String),
    mean: f.mean,
    std: f.std,
    sum: f.sum,
    percentiles,
    histogram: f.histogram && { edges: f.histogram.edges, counts: f.histogram.counts.map(String) },
  };
}

/** One object for one set of figures; `{ "fields": { label: {...} } }` for the fields of a structured array. */
export function reportJson(report: StatsReport, structured: boolean): unknown {
  if (!structured) return figuresJson(report.figures[0]);
  const fields: Record<string, FiguresJson> = {};
  for (const f of report.figures) fields[f.field] = figuresJson(f);
  return { fields };
}

/** The text of one figure as the view and the CLI table show it (`data-stat="…"`). */
export function statText(f: Figures, key: StatKey | `p${(typeof PERCENTILES)[number]}`): string {
  if (key.startsWith('p') && key !== 'posinf') {
    const q = Number(key.slice(1));
    return f.percentiles.find((p) => p.q === q)?.value ?? '—';
  }
  switch (key as StatKey) {
    case 'argmin':
      return f.argmin ? indexText(f.argmin) : '—';
    case 'argmax':
      return f.argmax ? indexText(f.argmax) : '—';
    case 'count':
    case 'nan':
    case 'posinf':
    case 'neginf':
      return String(f[key as 'count']);
    default:
      return f[key as 'min'] ?? '—';
  }
}

function indexText(idx: bigint[]): string {
  return idx.length === 1 ? `(${idx[0]},)` : `(${idx.join(', ')})`;
}

/** A readable table of one set of figures. */
export function figuresTable(f: Figures, opts: { histogram?: boolean } = {}): string[] {
  const rows: [string, string][] = [];
  const head = [f.field ? `field ${f.field}` : '', f.part ? `${f.part} part` : '', f.dtype].filter(Boolean).join(', ');
  rows.push(['values', head]);
  rows.push(['count', `${f.count}  (not NaN${f.dtype.startsWith('datetime') || f.dtype.startsWith('timedelta') ? '/NaT' : ''})`]);
  rows.push(['nan', String(f.nan)]);
  rows.push(['+inf', String(f.posinf)]);
  rows.push(['-inf', String(f.neginf)]);
  rows.push(['min', f.min === null ? '—' : `${f.min}  at ${statText(f, 'argmin')}`]);
  rows.push(['max', f.max === null ? '—' : `${f.max}  at ${statText(f, 'argmax')}`]);
  if (f.mean !== null || f.sum !== null) {
    rows.push(['mean', f.mean ?? '—']);
    rows.push(['std', f.std ?? '—']);
    rows.push(['sum', (f.sum ?? '—') + (f.sumOverflowsNumpy ? "  (exact; numpy's sum would wrap around)" : '')]);
  }
  for (const p of f.percentiles) rows.push([`p${p.q}`, p.value ?? '—']);
  const width = Math.max(...rows.map((r) => r[0].length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  if (opts.histogram !== false && f.histogram) {
    const h = f.histogram;
    const max = h.counts.reduce((a, b) => (b > a ? b : a), 0n);
    lines.push(`histogram of the finite values, ${h.counts.length} bins${h.widened ? " (edges in float64: numpy refuses this many bins in the data's dtype)" : ''}:`);
    const ew = Math.max(...h.edges.map((e) => e.length));
    const cw = Math.max(...h.counts.map((c) => String(c).length));
    h.counts.forEach((c, i) => {
      const bar = max > 0n ? '#'.repeat(Number((c * 40n) / max)) : '';
      const close = i === h.counts.length - 1 ? ']' : ')';
      lines.push(`  [${h.edges[i].padStart(ew)}, ${h.edges[i + 1].padStart(ew)}${close}  ${String(c).padStart(cw)}  ${bar}`);
    });
  }
  return lines;
}
