// The host's one runner for jobs (src/shared/job.ts): behind a cancellable progress notification, or inside a
// webview (protocol `job` messages, cancelled by the webview's `cancelJob`). Either way the job gets an
// AbortSignal and reports (done, total); the runner throttles what it shows.
import * as vscode from 'vscode';
import { throttledProgress, type Job } from '../../shared/job';
import type { HostMessage } from '../../shared/protocol';
import { oneLineError } from './errors';

export interface NotificationOptions {
  /** Show the notification only when the job runs longer than this (instant work does not flash one). */
  delayMs?: number;
  /** Extra signal that cancels the job (a closed editor, a file changed on disk). */
  signal?: AbortSignal;
}

/** Run a job behind a cancellable progress notification with a percentage. */
export async function runInNotification<T>(title: string, job: Job<T>, opts: NotificationOptions = {}): Promise<T> {
  const ac = new AbortController();
  const outer = opts.signal;
  const onOuter = (): void => ac.abort();
  if (outer) {
    if (outer.aborted) ac.abort();
    else outer.addEventListener('abort', onOuter, { once: true });
  }
  let report: ((done: number, total: number) => void) | undefined;
  const running = job(ac.signal, (done, total) => report?.(done, total));
  let finished = false;
  const settle = (): void => {
    finished = true;
  };
  running.then(settle, settle);
  const timer = setTimeout(() => {
    if (finished) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => ac.abort());
      let shown = 0;
      report = throttledProgress((done, total) => {
        const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
        progress.report({ increment: Math.max(0, pct - shown), message: `${pct.toFixed(0)}%` });
        shown = Math.max(shown, pct);
      }, 200);
      return running.then(
        () => undefined,
        () => undefined,
      );
    });
  }, opts.delayMs ?? 400);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

/** Jobs shown in one webview: progress messages out, `cancelJob` in. */
export class WebviewJobs implements vscode.Disposable {
  private nextId = 1;
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly post: (m: HostMessage) => void) {}

  /** `requestId`: the webview request the job answers (its view can show the progress in place). */
  async run<T>(title: string, job: Job<T>, signal?: AbortSignal, requestId?: number): Promise<T> {
    const jobId = this.nextId++;
    // Once the job has settled, nothing more is said of it: a late progress report (a worker's chunk that was in
    // flight when the job was cancelled) would bring its finished row back in the webview.
    let settled = false;
    const post = (m: HostMessage & { type: 'job' }): void => {
      if (settled) return;
      if (m.state !== 'progress') settled = true;
      this.post(requestId === undefined ? m : { ...m, requestId });
    };
    const ac = new AbortController();
    const onOuter = (): void => ac.abort();
    signal?.addEventListener('abort', onOuter, { once: true });
    if (signal?.aborted) ac.abort();
    this.running.set(jobId, ac);
    const progress = throttledProgress((done, total) => post({ type: 'job', jobId, title, state: 'progress', done, total }), 100);
    progress(0, 0);
    try {
      const result = await job(ac.signal, progress);
      post({ type: 'job', jobId, title, state: 'done' });
      return result;
    } catch (err) {
      if (ac.signal.aborted) post({ type: 'job', jobId, title, state: 'cancelled' });
      else post({ type: 'job', jobId, title, state: 'error', message: oneLineError(err) });
      throw err;
    } finally {
      this.running.delete(jobId);
      signal?.removeEventListener('abort', onOuter);
    }
  }

  cancel(jobId: number): void {
    this.running.get(jobId)?.abort();
  }

  dispose(): void {
    for (const ac of this.running.values()) ac.abort();
    this.running.clear();
  }
}
