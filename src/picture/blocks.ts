// The refined picture's worker tasks, as both sides see them (no Node import: the webview bundles refine.ts):
// what a task asks (src/picture/blockTask.ts runs it on a statistics worker) and what it answers.
export interface BlockTask {
  fd: number;
  /** File byte position of element 0. */
  origin: number;
  /** float64 (else float32). */
  wide: boolean;
  /** Element index of (l, k) = base + l·lineStride + k. */
  base: number;
  lineStride: number;
  la: number;
  lb: number;
  ka: number;
  kb: number;
  /** Per line of [la, lb): its S slot (0 ≤ slot < slots). */
  lineSlot: Int32Array;
  slots: number;
  /** F runs: run j is elements [ka + runStarts[j], ka + runStarts[j+1]); runStarts[runs] = kb − ka. */
  runStarts: Int32Array;
  /** Bytes per read at most (whole lines; a line is at most this). */
  budget: number;
  /** Sums wanted (a mean); else only lo/hi (max and min need no sum). */
  sum: boolean;
  /** A line's M4 envelope (one line, one slot): also each run's first and last element and where its min and max are. */
  m4?: boolean;
}

/**
 * Per run of an `m4` task: its first and last element (NaN where they are), and its minimum and maximum over the
 * values that are not NaN, infinities included, with the run-relative index of their first occurrence (−1 and NaN
 * when the run holds only NaN) — numpy's nanargmin / nanargmax.
 */
export interface M4Result {
  first: Float64Array;
  last: Float64Array;
  minAt: Float64Array;
  min: Float64Array;
  maxAt: Float64Array;
  max: Float64Array;
}

/** Per pixel (S slot s, F run j at s·runs + j) of the piece. */
export interface BlockResult {
  /** (lo, hi, sum) per pixel: finite min and max (±Infinity when none), sum of the values that are not NaN. */
  acc: Float64Array;
  /** NaN count per pixel, or null when none. */
  nan: Float64Array | null;
  /** FLAG_POS / FLAG_NEG per pixel, or null when no infinity. */
  flags: Uint8Array | null;
  nanTotal: number;
  posInf: number;
  negInf: number;
  /** Elements past the end of the file (read as NaN; a file that shrank since it was planned). */
  missing: number;
  /** For an `m4` task. */
  m4?: M4Result;
}

/** Where tasks run: `size` threads, task i on thread i (the caller balances). */
export interface BlockRunner {
  readonly size: number;
  run(thread: number, task: BlockTask): Promise<BlockResult>;
}

export const FLAG_POS = 1;
export const FLAG_NEG = 2;
