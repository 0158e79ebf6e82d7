// The toolbar's display-precision control: a mode (numpy's full text, N significant digits, scientific) and N.
// It changes only what the table shows; its tooltip says that copy, tooltips and the header keep full precision.
import { MAX_DIGITS, type Precision, type PrecisionMode } from '../../src/npy/format/precision';
import { el } from '../dom';
import { t } from '../strings';

const DEFAULT_DIGITS = 6;

export class PrecisionControl {
  readonly element: HTMLDivElement;
  private readonly mode: HTMLSelectElement;
  private readonly digits: HTMLInputElement;
  private current: Precision = { mode: 'full', digits: DEFAULT_DIGITS };

  constructor(
    parent: HTMLElement,
    private readonly onChange: (p: Precision) => void,
  ) {
    this.element = el('div', 'npy-precision', parent);
    this.element.title = t('precisionTitle');
    const label = el('label', 'npy-pick-label', this.element);
    label.textContent = t('precisionLabel');
    label.htmlFor = 'npy-precision-mode';
    this.mode = el('select', 'npy-select', this.element);
    this.mode.id = 'npy-precision-mode';
    this.mode.dataset.control = 'precision';
    this.mode.title = t('precisionTitle');
    for (const [v, text] of [
      ['full', t('precisionFull')],
      ['digits', t('precisionDigits')],
      ['scientific', t('precisionScientific')],
    ] as const) {
      const o = el('option', '', this.mode);
      o.value = v;
      o.textContent = text;
    }
    this.digits = el('input', 'npy-input npy-precision-digits', this.element);
    this.digits.type = 'number';
    this.digits.min = '1';
    this.digits.max = String(MAX_DIGITS);
    this.digits.dataset.control = 'precision-digits';
    this.digits.setAttribute('aria-label', t('precisionDigitsLabel'));
    this.digits.title = t('precisionTitle');
    this.mode.addEventListener('change', () => this.commit());
    this.digits.addEventListener('change', () => this.commit());
    this.digits.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commit();
      }
    });
    this.render();
  }

  get value(): Precision {
    return this.current.mode === 'full' ? { mode: 'full', digits: 0 } : { ...this.current };
  }

  /** Show `p` without telling the listener (the setting's default, a restored state). */
  set value(p: Precision) {
    const digits = p.digits >= 1 ? Math.min(MAX_DIGITS, Math.floor(p.digits)) : this.current.digits;
    this.current = { mode: p.mode, digits };
    this.render();
  }

  private render(): void {
    this.mode.value = this.current.mode;
    this.digits.value = String(this.current.digits);
    this.digits.hidden = this.current.mode === 'full';
  }

  private commit(): void {
    const n = Math.floor(Number(this.digits.value));
    const digits = Number.isFinite(n) && n >= 1 ? Math.min(MAX_DIGITS, n) : this.current.digits;
    const mode = this.mode.value as PrecisionMode;
    const changed = mode !== this.current.mode || (mode !== 'full' && digits !== this.current.digits);
    this.current = { mode, digits };
    this.render();
    if (changed) this.onChange(this.value);
  }
}
