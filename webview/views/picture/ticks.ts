// Ticks for a colourbar or an axis: "nice" numbers (1, 2, 5 × 10^k steps) on a linear range, decades on a log
// range, and evenly spaced colour positions otherwise (sqrt, symlog), labelled with short text.

/** Nice ticks within [lo, hi], about `n` of them. */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const r = raw / mag;
  const step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) {
    // Multiples of the step, cleaned of binary noise (0.30000000000000004 → 0.3).
    out.push(Number((k * step).toPrecision(12)));
    if (out.length > 50) break;
  }
  return out;
}

/** Powers of ten within [lo, hi] (lo > 0); thinned to at most `max`. */
export function decadeTicks(lo: number, hi: number, max = 8): number[] {
  if (!(lo > 0) || !(hi >= lo)) return [];
  const a = Math.ceil(Math.log10(lo) - 1e-12);
  const b = Math.floor(Math.log10(hi) + 1e-12);
  const every = Math.max(1, Math.ceil((b - a + 1) / max));
  const out: number[] = [];
  for (let e = a; e <= b; e += every) out.push(Number(`1e${e}`));
  return out;
}

/** Short text of a tick value: up to 4 significant digits, exponent form for very large or small ones. */
export function tickText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) {
    const [m, e] = v.toExponential(2).split('e');
    return `${String(Number(m))}e${e.replace('+', '')}`;
  }
  return String(Number(v.toPrecision(4)));
}
