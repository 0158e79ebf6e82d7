// What the fuzz runner and its worker share: the worker's parameters and the layout of the shared counters.
import type { Seeds } from './targets';

export interface WorkerData {
  phase: 'corpus' | 'fuzz';
  seeds: Seeds;
  runSeed: number;
  /** First input index (fuzz) or fixture (corpus) to run. */
  start: number;
  /** Stop before this index. */
  end: number;
  /** Stop at this time (epoch ms). */
  deadline: number;
  /** An input that takes longer than this (but finishes) is an outcome `time`. */
  timeBoundMs: number;
  /** Largest single allocation allowed, in bytes. */
  allocBound: number;
  /** Int32 counters, see SLOT; they survive the worker being terminated. */
  counters: SharedArrayBuffer;
  /** Float64: when the running input started (epoch ms), for the watchdog. */
  clock: SharedArrayBuffer;
}

/** Int32 slots of `counters`: the input running, whether one is, then per-outcome and per-target counts. */
export const SLOT = { index: 0, running: 1, outcomes: 2, targets: 8 } as const;
