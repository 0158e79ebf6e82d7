// The status bar under the view: the active view's position text, a note (copied N cells, copy failed, a job's
// error) and the host's jobs for this webview, each with a progress bar, its title and Cancel.
import type { HostMessage } from '../../src/shared/protocol';
import { el } from '../dom';
import { t } from '../strings';

export type JobMessage = Extract<HostMessage, { type: 'job' }>;

interface JobRow {
  element: HTMLDivElement;
  title: HTMLSpanElement;
  bar: HTMLDivElement;
  fill: HTMLDivElement;
  percent: HTMLSpanElement;
  cancel: HTMLButtonElement;
}

export class StatusBar {
  readonly element: HTMLDivElement;
  private readonly pos: HTMLSpanElement;
  private readonly note: HTMLSpanElement;
  private readonly jobsBox: HTMLSpanElement;
  private readonly jobs = new Map<number, JobRow>();

  constructor(
    parent: HTMLElement,
    private readonly cb: {
      cancelJob(jobId: number): void;
      /** A removed job row held the keyboard focus (its Cancel button): give it back to the view. */
      refocus(): void;
    },
  ) {
    this.element = el('div', 'npy-status', parent);
    this.element.id = 'npy-status';
    this.element.setAttribute('aria-live', 'polite');
    this.pos = el('span', 'npy-status-pos', this.element);
    this.note = el('span', 'npy-status-note', this.element);
    this.jobsBox = el('span', 'npy-jobs', this.element);
    this.jobsBox.hidden = true;
  }

  /** The active view's position: one element per part, so they never run together (and read as separate). */
  setPosition(text: string | readonly string[]): void {
    const parts = typeof text === 'string' ? (text ? [text] : []) : text;
    const els = this.pos.children;
    while (els.length > parts.length) els[els.length - 1].remove();
    parts.forEach((p, i) => {
      const e = els[i] ?? el('span', 'npy-status-part', this.pos);
      if (e.textContent !== p) e.textContent = p;
    });
  }

  setNote(text: string): void {
    this.note.textContent = text;
    // The whole text also as a tooltip, for a narrow panel where the note wraps.
    this.note.title = text;
  }

  /** A `job` message from the host: progress shows (or updates) its row; done, error and cancelled remove it. */
  job(msg: JobMessage): void {
    if (msg.state === 'progress') {
      const row = this.jobs.get(msg.jobId) ?? this.addJob(msg.jobId);
      row.title.textContent = msg.title;
      row.bar.setAttribute('aria-label', msg.title);
      row.cancel.title = t('jobCancelTitle', { title: msg.title });
      row.cancel.setAttribute('aria-label', row.cancel.title);
      const known = msg.total > 0;
      row.bar.classList.toggle('npy-progress-indeterminate', !known);
      if (known) {
        const pct = Math.max(0, Math.min(100, Math.floor((msg.done / msg.total) * 100)));
        row.fill.style.width = `${pct}%`;
        row.bar.setAttribute('aria-valuenow', String(pct));
        row.percent.textContent = `${pct}%`;
      } else {
        row.fill.style.width = '';
        row.bar.removeAttribute('aria-valuenow');
        row.percent.textContent = '';
      }
      return;
    }
    this.removeJob(msg.jobId);
    if (msg.state === 'error') this.setNote(msg.message);
  }

  private addJob(jobId: number): JobRow {
    const element = el('div', 'npy-job', this.jobsBox);
    element.dataset.jobId = String(jobId);
    const title = el('span', 'npy-job-title', element);
    const bar = el('div', 'npy-progress', element);
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    const fill = el('div', 'npy-progress-fill', bar);
    const percent = el('span', 'npy-job-percent', element);
    const cancel = el('button', 'npy-button npy-job-cancel', element);
    cancel.type = 'button';
    cancel.textContent = t('jobCancel');
    cancel.addEventListener('click', () => {
      // Not `disabled`: a focused button that is disabled drops the focus to the body before the row goes.
      if (cancel.getAttribute('aria-disabled') === 'true') return;
      cancel.setAttribute('aria-disabled', 'true');
      this.cb.cancelJob(jobId);
    });
    const row: JobRow = { element, title, bar, fill, percent, cancel };
    this.jobs.set(jobId, row);
    this.jobsBox.hidden = false;
    return row;
  }

  private removeJob(jobId: number): void {
    const row = this.jobs.get(jobId);
    if (!row) return;
    const hadFocus = row.element.contains(document.activeElement);
    row.element.remove();
    this.jobs.delete(jobId);
    this.jobsBox.hidden = this.jobs.size === 0;
    if (hadFocus) this.cb.refocus();
  }
}
