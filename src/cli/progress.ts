// The CLI's runner for jobs (src/shared/job.ts): Ctrl-C / SIGTERM abort the job's signal (so temp files are
// removed before exiting), and progress is one line redrawn on stderr when it is a terminal.
import { throttledProgress, type Job } from '../shared/job';

/** Run `work` with an AbortSignal that Ctrl-C / SIGTERM fire. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSignal = (): void => ac.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * A progress callback that redraws one line on stderr when it is a terminal (at most ~10 times a second). It
 * takes BigInt counts too (the write engine counts bytes of files past 2^53 in BigInt).
 */
export function progressLine(label: string): ((done: number | bigint, total: number | bigint) => void) & { end(): void } {
  let shown = false;
  const tty = !!process.stderr.isTTY;
  const draw = throttledProgress((done, total) => {
    shown = true;
    const pct = total > 0 ? (done / total) * 100 : 100;
    process.stderr.write(`\r${label} ${pct.toFixed(1)}%`);
  }, 100);
  const f = (done: number | bigint, total: number | bigint): void => {
    if (tty) draw(Number(done), Number(total));
  };
  return Object.assign(f, {
    end() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  });
}

/** Run a job with Ctrl-C cancellation and a progress line labelled `label`. */
export async function runJob<T>(label: string, job: Job<T>): Promise<T> {
  const progress = progressLine(label);
  try {
    return await withInterrupt((signal) => job(signal, progress));
  } finally {
    progress.end();
  }
}
