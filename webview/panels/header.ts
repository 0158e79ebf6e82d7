// The header panel: what the .npy header says, all as selectable text.
import type { ArrayInfo } from '../../src/shared/protocol';
import type { WarningCode } from '../../src/npy/warnings';
import { descrRepr } from '../descr';
import { t } from '../strings';
import { bytesText, groupDigits, shapeText } from '../text';
import { descrSummary } from '../../src/shared/descrSummary';

/** Warnings whose fix is a command the host runs on the file: Repair NPY Header rewrites the header to the data. */
const REPAIRABLE: ReadonlySet<string> = new Set(['trailingBytes', 'truncated']);

export class HeaderPanel {
  readonly element: HTMLDivElement;

  /** `onAction`: the user chose a warning's action (its code); without it no action is offered. */
  constructor(
    parent: HTMLElement,
    private readonly onAction?: (code: WarningCode) => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'npy-info';
    this.element.id = 'npy-header';
    this.element.textContent = t('waiting');
    parent.appendChild(this.element);
  }

  render(info: ArrayInfo): void {
    renderHeader(this.element, info, this.onAction);
  }
}

export function renderHeader(panel: HTMLElement, info: ArrayInfo, onAction?: (code: WarningCode) => void): void {
  panel.textContent = '';
  const add = (label: string, value: string, id?: string, cls?: string, summary?: string): void => {
    const item = document.createElement('div');
    item.className = `npy-info-item${cls ? ` ${cls}` : ''}`;
    const k = document.createElement('span');
    k.className = 'npy-info-label';
    k.textContent = label;
    const v = document.createElement('span');
    v.className = 'npy-info-value';
    if (id) v.id = id;
    item.append(k, v);
    if (summary === undefined) v.textContent = value;
    else {
      // A long dtype (a record of hundreds of fields): a summary, and the whole text one click away.
      v.textContent = summary;
      v.title = value.length > 4000 ? value.slice(0, 4000) + '…' : value;
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'npy-link-button';
      toggle.textContent = t('showAll');
      toggle.setAttribute('aria-expanded', 'false');
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? t('showLess') : t('showAll');
        v.textContent = open ? value : summary;
        v.classList.toggle('npy-info-long', open);
      });
      item.append(toggle);
    }
    panel.appendChild(item);
  };
  // The member of an archive (an .npz key); a plain .npy has none.
  if (info.entryName !== undefined) add(t('entry'), info.entryName, 'npy-entry');
  // A member that could not be opened has no header to show (the message area says why).
  if (info.unopened) return;
  add(t('shape'), shapeText(info.shape), 'npy-shape');
  let descr: string;
  try {
    descr = descrRepr(info.descr);
  } catch {
    descr = JSON.stringify(info.descr);
  }
  add(t('dtype'), info.dtypeName, 'npy-dtype', undefined, descrSummary(info.descr, info.dtypeName));
  const descrShort = descrSummary(info.descr, descr);
  if (descr !== info.dtypeName && descr !== `'${info.dtypeName}'`) add(t('descr'), descr, 'npy-descr', 'npy-info-descr', descrShort);
  else add(t('descr'), descr, 'npy-descr', undefined, descrShort);
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
    for (const warning of info.warnings) {
      const line = document.createElement('div');
      line.className = 'npy-warning';
      // The engine's code stays on the element (tests, and actions offered for a warning later).
      line.dataset.code = warning.code;
      line.textContent = `⚠ ${warning.text}`;
      // A plain .npy only: Repair rewrites a file, not an archive member.
      if (onAction && info.entryName === undefined && REPAIRABLE.has(warning.code)) {
        const button = document.createElement('button');
        button.className = 'npy-link-button npy-warning-action';
        button.dataset.action = 'repair';
        button.textContent = t('repairAction');
        button.title = t('repairActionTitle');
        const code = warning.code;
        if (code !== 'reload') button.addEventListener('click', () => onAction(code));
        line.append(' ', button);
      }
      w.appendChild(line);
    }
    panel.appendChild(w);
  }
}
