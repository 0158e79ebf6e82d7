// The header panel: what the .npy header says, all as selectable text.
import type { ArrayInfo } from '../src/protocol';
import { descrRepr } from './descr';
import { t } from './strings';

/** Python's tuple repr of a shape: `()`, `(5,)`, `(3, 4, 5)`. */
export function shapeText(shape: readonly (string | bigint)[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** `1234567` → `1,234,567`. */
export function groupDigits(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes with a binary-unit hint: `4,000,000 bytes (3.8 MiB)`. */
export function bytesText(s: string): string {
  const n = Number(s);
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let hint = '';
  if (n >= 1024) {
    let v = n;
    let u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    hint = ` (${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]})`;
  }
  return t('bytes', { n: groupDigits(s) }) + hint;
}

export function renderHeader(panel: HTMLElement, info: ArrayInfo): void {
  panel.textContent = '';
  const add = (label: string, value: string, id?: string, cls?: string): void => {
    const item = document.createElement('div');
    item.className = `npy-info-item${cls ? ` ${cls}` : ''}`;
    const k = document.createElement('span');
    k.className = 'npy-info-label';
    k.textContent = label;
    const v = document.createElement('span');
    v.className = 'npy-info-value';
    if (id) v.id = id;
    v.textContent = value;
    item.append(k, v);
    panel.appendChild(item);
  };
  add(t('shape'), shapeText(info.shape), 'npy-shape');
  add(t('dtype'), info.dtypeName, 'npy-dtype');
  let descr: string;
  try {
    descr = descrRepr(info.descr);
  } catch {
    descr = JSON.stringify(info.descr);
  }
  if (descr !== info.dtypeName && descr !== `'${info.dtypeName}'`) add(t('descr'), descr, 'npy-descr', 'npy-info-descr');
  else add(t('descr'), descr, 'npy-descr');
  add(t('order'), info.fortranOrder ? t('orderFortran') : t('orderC'), 'npy-order');
  add(t('count'), groupDigits(info.count), 'npy-count');
  add(t('dataSize'), bytesText(info.dataSize), 'npy-datasize');
  if (info.availableCount !== info.count) {
    add(t('available'), t('truncatedAvailable', { n: groupDigits(info.availableCount), total: groupDigits(info.count) }), 'npy-available', 'npy-warning');
  }
  add(t('version'), info.version, 'npy-version');
  add(t('dataOffset'), groupDigits(info.dataOffset), 'npy-offset');
  if (info.warnings.length) {
    const w = document.createElement('div');
    w.className = 'npy-warnings';
    w.id = 'npy-warnings';
    w.setAttribute('role', 'status');
    for (const msg of info.warnings) {
      const line = document.createElement('div');
      line.className = 'npy-warning';
      line.textContent = `⚠ ${msg}`;
      w.appendChild(line);
    }
    panel.appendChild(w);
  }
}
