// Long work, one idiom everywhere: a job is a function of an AbortSignal and a progress callback. The host runs
// it behind a progress notification or in the webview (src/host/platform/jobs.ts), the CLI behind a progress
// line with Ctrl+C (src/cli/progress.ts), tests call it directly. Copy, export, the write commands, statistics
// and picture passes are jobs.
import { NpyError } from '../npy/types';

/** `done` of `total` units (bytes, cells, elements: the job says); `total` 0 when unknown. */
export type ProgressFn = (done: number, total: number) => void;

export type Job<T> = (signal: AbortSignal, onProgress: ProgressFn) => Promise<T>;

/** The error a cancelled job ends with (code `cancelled`), so every surface can tell it from a failure. */
export function cancelledError(what = 'the operation'): NpyError {
  return new NpyError(`${what} was cancelled`, 'cancelled');
}

export function isCancelled(err: unknown): boolean {
  return err instanceof NpyError && err.code === 'cancelled';
}

/** Throw the cancellation error when `signal` has fired; call between chunks. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw cancelledError(what);
}

/** A signal that never fires, for running a job where nothing can cancel it. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/**
 * Progress reported at most every `intervalMs` (and always at the end), so a job that reports per chunk does
 * not flood a notification or the webview with messages.
 */
export function throttledProgress(report: ProgressFn, intervalMs = 100, now: () => number = Date.now): ProgressFn {
  let last = -Infinity;
  return (done, total) => {
    const t = now();
    if (done >= total || t - last >= intervalMs) {
      last = t;
      report(done, total);
    }
  };
}
