// The histogram of one set of figures, drawn with divs (one bar per bin, heights in percent of the tallest; theme
// colours from the stylesheet), optionally on a log scale. Each bar carries its bin's numpy text in its tooltip
// and `data-count`, so the drawing is checkable.
import { el } from '../../dom';
import { t } from '../../strings';
import { groupDigits } from '../../text';
import type { WireFigures } from '../../../src/shared/protocol';

/** Bar heights in [0, 1] for the counts; log scale maps count c to log(1 + c) / log(1 + max). */
export function barHeights(counts: readonly bigint[], log: boolean): number[] {
  const max = counts.reduce((a, b) => (b > a ? b : a), 0n);
  if (max === 0n) return counts.map(() => 0);
  if (log) {
    const top = Math.log1p(Number(max));
    return counts.map((c) => Math.log1p(Number(c)) / top);
  }
  return counts.map((c) => Number(c) / Number(max));
}

export function drawHistogram(parent: HTMLElement, h: NonNullable<WireFigures['histogram']>, log: boolean): HTMLElement {
  const box = el('figure', 'npy-stats-hist', parent);
  const counts = h.counts.map((c) => BigInt(c));
  const caption = el('figcaption', 'npy-stats-hist-caption', box);
  caption.textContent = t(log ? 'statsHistogramLog' : 'statsHistogram', { bins: counts.length });
  const bars = el('div', 'npy-stats-bars', box);
  bars.setAttribute('role', 'img');
  bars.setAttribute('aria-label', caption.textContent);
  const heights = barHeights(counts, log);
  counts.forEach((c, i) => {
    const bar = el('div', 'npy-stats-bar', bars);
    bar.dataset.count = String(c);
    bar.title = t('statsBin', { lo: h.edges[i], hi: h.edges[i + 1], close: i === counts.length - 1 ? ']' : ')', count: groupDigits(String(c)) });
    const fill = el('div', 'npy-stats-bar-fill', bar);
    // A non-empty bin stays visible however small it is next to the tallest.
    fill.style.height = c > 0n ? `max(1px, ${(heights[i] * 100).toFixed(3)}%)` : '0';
  });
  const axis = el('div', 'npy-stats-hist-axis', box);
  el('span', '', axis).textContent = h.edges[0];
  el('span', '', axis).textContent = h.edges[h.edges.length - 1];
  return box;
}
