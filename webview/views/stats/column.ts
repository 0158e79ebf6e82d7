// One column of the statistics view: the figures of one scope (the whole array, or the current view), with its
// progress and Cancel while the host computes them, "Cancelled" with Compute after, or the error. Each figure's
// value sits in a `data-stat` element whose text is exactly the CLI's; argmin / argmax are buttons that show
// the cell in the table.
import { el, setText } from '../../dom';
import { t, type StringKey } from '../../strings';
import { groupDigits } from '../../text';
import type { StatKeyText, StatsReply, StatsScope, WireFigures } from '../../../src/shared/protocol';
import { drawHistogram } from './histogram';

export interface ColumnCallbacks {
  cancel(): void;
  compute(): void;
  /** Show this array index (of the whole array) in the table; `field` for a record's figures. */
  goTo(index: string[], field: string): void;
}

const ROWS: [StatKeyText, StringKey][] = [
  ['count', 'statCount'],
  ['nan', 'statNan'],
  ['posinf', 'statPosinf'],
  ['neginf', 'statNeginf'],
  ['min', 'statMin'],
  ['argmin', 'statArgmin'],
  ['max', 'statMax'],
  ['argmax', 'statArgmax'],
  ['mean', 'statMean'],
  ['std', 'statStd'],
  ['sum', 'statSum'],
];
const PERCENTILE_KEYS: StatKeyText[] = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'];

export class StatsColumn {
  readonly element: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly status: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private fill: HTMLDivElement | null = null;
  private bar: HTMLDivElement | null = null;
  private percent: HTMLSpanElement | null = null;

  constructor(
    parent: HTMLElement,
    readonly scope: StatsScope,
    private readonly cb: ColumnCallbacks,
  ) {
    this.element = el('section', 'npy-stats-scope', parent);
    this.element.dataset.scope = scope;
    this.title = el('h3', 'npy-stats-title', this.element);
    this.status = el('div', 'npy-stats-state', this.element);
    this.body = el('div', 'npy-stats-body', this.element);
  }

  setTitle(text: string): void {
    setText(this.title, text);
  }

  /** The host is computing: an indeterminate bar until the job reports, and Cancel. */
  running(): void {
    this.element.dataset.state = 'running';
    this.body.textContent = '';
    this.status.textContent = '';
    const row = el('div', 'npy-job npy-stats-progress', this.status);
    el('span', 'npy-job-title', row).textContent = t('statsComputing');
    this.bar = el('div', 'npy-progress npy-progress-indeterminate', row);
    this.bar.setAttribute('role', 'progressbar');
    this.bar.setAttribute('aria-valuemin', '0');
    this.bar.setAttribute('aria-valuemax', '100');
    this.fill = el('div', 'npy-progress-fill', this.bar);
    this.percent = el('span', 'npy-job-percent', row);
    const cancel = el('button', 'npy-button npy-job-cancel npy-stats-cancel', row);
    cancel.type = 'button';
    cancel.textContent = t('statsCancel');
    cancel.addEventListener('click', () => this.cb.cancel());
  }

  progress(done: number, total: number): void {
    if (!this.bar || !this.fill || !this.percent || total <= 0) return;
    const pct = Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
    this.bar.classList.remove('npy-progress-indeterminate');
    this.fill.style.width = `${pct}%`;
    this.bar.setAttribute('aria-valuenow', String(pct));
    setText(this.percent, `${pct}%`);
  }

  cancelled(): void {
    this.ended('cancelled', t('statsCancelled'), true);
  }

  failed(message: string): void {
    this.ended('error', t('statsFailed', { message }), true);
  }

  /** Nothing to show (the view is the whole array, or nothing was asked). */
  empty(): void {
    this.ended('idle', '', false);
  }

  private ended(state: string, text: string, computeButton: boolean): void {
    this.element.dataset.state = state;
    this.bar = this.fill = this.percent = null;
    this.body.textContent = '';
    this.status.textContent = '';
    if (!text) return;
    const row = el('div', 'npy-stats-message', this.status);
    el('span', '', row).textContent = text;
    if (computeButton) {
      const b = el('button', 'npy-button npy-stats-compute', row);
      b.type = 'button';
      b.textContent = t('statsCompute');
      b.addEventListener('click', () => this.cb.compute());
    }
  }

  /** The figures of `reply.figures[index]`. */
  show(reply: StatsReply, index: number, log: boolean): void {
    this.element.dataset.state = 'done';
    this.element.dataset.cached = String(reply.cached);
    this.bar = this.fill = this.percent = null;
    this.status.textContent = '';
    this.body.textContent = '';
    const f = reply.figures[index] ?? reply.figures[0];
    if (!f) return;
    const table = el('table', 'npy-stats-table', this.body);
    const tbody = el('tbody', '', table);
    const row = (label: string, key: StatKeyText): void => {
      const tr = el('tr', '', tbody);
      el('th', '', tr).textContent = label;
      const td = el('td', '', tr);
      const text = f.text[key];
      const at = key === 'argmin' ? f.argminInArray : key === 'argmax' ? f.argmaxInArray : null;
      if (at) {
        const b = el('button', 'npy-stats-link', td);
        b.type = 'button';
        b.dataset.stat = key;
        b.textContent = text;
        b.title = t('statsGoTo', { index: text });
        b.addEventListener('click', () => this.cb.goTo(at, f.field));
      } else {
        const span = el('span', '', td);
        span.dataset.stat = key;
        span.textContent = text;
      }
    };
    for (const [key, label] of ROWS) row(key === 'nan' && f.time ? t('statNat') : t(label), key);
    for (const key of PERCENTILE_KEYS) row(t('statPercentile', { q: key.slice(1) }), key);
    this.notes(reply, f);
    if (f.histogram) drawHistogram(this.body, f.histogram, log);
    else if (!f.time) el('p', 'npy-stats-note', this.body).textContent = t('statsNoHistogram');
  }

  private notes(reply: StatsReply, f: WireFigures): void {
    const notes: string[] = [];
    const nan = BigInt(f.text.nan);
    if (nan > 0n) notes.push(t(f.time ? 'statsIgnoredNat' : 'statsIgnoredNan', { n: groupDigits(String(nan)) }));
    const inf = BigInt(f.text.posinf) + BigInt(f.text.neginf);
    if (inf > 0n) notes.push(t('statsIgnoredInf', { n: groupDigits(String(inf)) }));
    if (reply.missing !== '0') notes.push(t('statsMissing', { n: groupDigits(reply.missing), total: groupDigits(reply.total) }));
    if (f.sumOverflowsNumpy) notes.push(t('statsSumExact'));
    if (f.histogram?.widened) notes.push(t('statsWidened'));
    for (const n of notes) {
      const p = el('p', 'npy-stats-note', this.body);
      if (n === t('statsSumExact')) p.dataset.note = 'sum-exact';
      p.textContent = n;
    }
  }
}
