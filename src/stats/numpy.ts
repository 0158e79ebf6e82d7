// numpy's own arithmetic for the figures that must print exactly as numpy's: np.histogram's edges and bin
// index (numpy/lib/_histograms_impl.py, numpy/_core/function_base.py linspace) and np.nanpercentile's default
// 'linear' method (numpy/lib/_function_base_impl.py: _quantile, _get_indexes, _get_gamma, _lerp), replayed
// operation by operation in the dtype numpy computes in. Pure: no I/O, used by the engine on the main thread and by
// the kernels in the workers.

/** The float type an operation rounds to: numpy's float16 (computed in float32, then rounded), float32, float64. */
export type FloatMode = 'f16' | 'f32' | 'f64';

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** Round a float32 value to the nearest binary16 value (ties to even), as numpy's npy_float_to_half does. */
export function roundHalf(x: number): number {
  if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
  const a = x < 0 ? -x : x;
  if (a >= 65520) return x < 0 ? -Infinity : Infinity;
  F64[0] = a;
  const e = ((U32[1] >>> 20) & 0x7ff) - 1023;
  // The binary16 quantum at this magnitude: 2^(e-10) for normals, 2^-24 below 2^-14.
  const q = 2 ** ((e < -14 ? -14 : e) - 10);
  const y = a / q;
  const fl = Math.floor(y);
  const diff = y - fl;
  const r = (diff > 0.5 || (diff === 0.5 && fl % 2 === 1) ? fl + 1 : fl) * q;
  if (r > 65504) return x < 0 ? -Infinity : Infinity;
  return x < 0 ? -r : r;
}

/** The rounding of one operation's exact (double) result into `mode`. */
export function rounder(mode: FloatMode): (x: number) => number {
  if (mode === 'f64') return (x) => x;
  if (mode === 'f32') return Math.fround;
  return (x) => roundHalf(Math.fround(x));
}

// ---- np.histogram(a, bins=n) over the finite values, uniform bins ----

export interface HistogramRule {
  /** n + 1 edges in the bin dtype (as doubles). */
  edges: number[];
  /** The dtype the edges and the bin index are computed in. */
  mode: FloatMode;
  /** first edge, (last - first) as numpy's norm_denom, bin count (all as numpy holds them). */
  first: number;
  denom: number;
  bins: number;
  /** Set when numpy itself refuses these edges ("Too many bins for data range") and we fell back to float64. */
  widened: boolean;
}

/**
 * What numpy's _get_outer_edges + _get_bin_edges + linspace make of the data range. `min`/`max` are the finite
 * minimum and maximum; for integer data they are exact integers (bigint past 2^53), `mode` is then 'f64'.
 * `count` 0 gives numpy's empty-array range (0, 1). Returns null when no finite edges exist even in float64.
 */
export function histogramRule(min: number | bigint, max: number | bigint, count: number, bins: number, mode: FloatMode, integer: boolean): HistogramRule | null {
  const first = rulesFor(min, max, count, bins, mode, integer);
  if (first) return first;
  // numpy raises here; a histogram in float64 is more use than none.
  const wide = rulesFor(min, max, count, bins, 'f64', integer);
  return wide ? { ...wide, widened: true } : null;
}

function rulesFor(min: number | bigint, max: number | bigint, count: number, n: number, mode: FloatMode, integer: boolean): HistogramRule | null {
  const r = rounder(mode);
  let first: number;
  let last: number;
  let denom: number;
  let edges: number[];
  if (count === 0) {
    // first_edge, last_edge = 0, 1 (Python ints): linspace computes in float64, then casts to the bin dtype.
    edges = linspace(0, 1, n, 'f64').map(r);
    first = 0;
    last = 1;
    denom = 1;
  } else if (integer) {
    // Integer data: bin dtype float64; norm_denom is the exact unsigned difference, edges from float64 casts.
    if (min === max) {
      first = Number(min) - 0.5;
      last = Number(max) + 0.5;
      denom = last - first;
    } else {
      first = Number(min);
      last = Number(max);
      denom = Number(BigInt(max) - BigInt(min));
    }
    edges = linspace(first, last, n, 'f64');
  } else {
    first = Number(min);
    last = Number(max);
    if (first === last) {
      first = r(first - 0.5);
      last = r(last + 0.5);
    }
    denom = r(last - first);
    edges = linspace(first, last, n, mode);
  }
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i]) || (i > 0 && !(edges[i - 1] < edges[i]))) return null;
  }
  if (!Number.isFinite(denom) || denom <= 0) return null;
  return { edges, mode: integer ? 'f64' : mode, first, denom, bins: n, widened: false };
}

/** np.linspace(start, stop, n + 1, endpoint=True) computed in `mode` (start/stop already in that dtype). */
export function linspace(start: number, stop: number, n: number, mode: FloatMode): number[] {
  const r = rounder(mode);
  const delta = r(stop - start);
  const div = r(n);
  const step = r(delta / div);
  const out = new Array<number>(n + 1);
  for (let k = 0; k <= n; k++) {
    // numpy: y = arange(num); y *= step (or, for a denormal step, y /= div; y *= delta); y += start.
    const y = step === 0 ? r(r(r(k) / div) * delta) : r(r(k) * step);
    out[k] = r(y + start);
  }
  out[n] = stop;
  return out;
}

/**
 * numpy's bin index of one value `v` (already in the bin dtype): ((v - first) / denom) * n, truncated, the last
 * edge folded into the last bin, then the one-step corrections against the edges.
 */
export function binIndex(rule: HistogramRule, v: number, r: (x: number) => number): number {
  const n = rule.bins;
  const edges = rule.edges;
  let idx = Math.trunc(r(r(r(v - rule.first) / rule.denom) * r(n)));
  if (idx >= n) idx = n - 1;
  if (idx < 0) idx = 0;
  if (v < edges[idx]) idx--;
  if (idx !== n - 1 && v >= edges[idx + 1]) idx++;
  return idx < 0 ? 0 : idx;
}

// ---- np.nanpercentile(a, q) for one Python int q, method 'linear' ----

export interface PercentilePosition {
  q: number;
  /** 0-based ranks of the two neighbours in the sorted non-NaN values. */
  lower: number;
  upper: number;
  /** The interpolation weight numpy computes (virtual index minus its previous index, after clipping). */
  gamma: number;
}

/** Where the q-th percentile of `count` sorted values lies, exactly as numpy's _get_indexes / _get_gamma. */
export function percentilePosition(count: number, q: number): PercentilePosition {
  const last = count - 1;
  const vi = last * (q / 100);
  if (vi >= last) {
    // Indices above bounds become -1 (the last value), and gamma is computed against that -1.
    return { q, lower: last, upper: last, gamma: vi + 1 };
  }
  const prev = Math.floor(vi);
  return { q, lower: prev, upper: prev + 1, gamma: vi - prev };
}

/** _lerp(a, b, t) with a weak Python-float t, in a float dtype: every operation rounds to `mode`. */
export function lerpFloat(a: number, b: number, t: number, mode: FloatMode): number {
  const r = rounder(mode);
  const diff = r(b - a);
  const low = r(a + r(diff * r(t)));
  return t >= 0.5 ? r(b - r(diff * r(1 - t))) : low;
}

/**
 * _lerp for integer data (the result is float64). numpy subtracts in the integer dtype first, which wraps for
 * wide ranges (int8 [-100, 100] gives a median of 128.0); we take the exact difference.
 */
export function lerpInteger(a: bigint, b: bigint, t: number): number {
  const diff = Number(b - a);
  const low = Number(a) + diff * t;
  return t >= 0.5 ? Number(b) - diff * (1 - t) : low;
}

/**
 * _lerp for datetime64 / timedelta64 (int64 ticks): the difference is a timedelta, times a float truncated toward
 * zero as numpy's m8 × float does; null for NaT (a product that is not finite).
 */
export function lerpTicks(a: bigint, b: bigint, t: number): bigint | null {
  const diff = Number(b - a);
  const scaled = (x: number): bigint | null => (Number.isFinite(x) ? BigInt(Math.trunc(x)) : null);
  if (t >= 0.5) {
    const s = scaled(diff * (1 - t));
    return s === null ? null : b - s;
  }
  const s = scaled(diff * t);
  return s === null ? null : a + s;
}

/** The percentiles every figure set carries. */
export const PERCENTILES = [1, 5, 25, 50, 75, 95, 99] as const;
