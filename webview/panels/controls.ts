// View controls for N-D arrays: which axis is rows / columns, an index stepper for every other axis, and the
// numpy-style slice box. All of them produce a new ViewSpec through the same callback; every view shares them.
import type { ViewSpec } from '../../src/npy/view';
import type { WholeAxis } from '../views/registry';
import { formatSlice, parseSlice } from '../../src/npy/slice';
import { el } from '../dom';
import { setColAxis, setIndex, setRowAxis } from '../viewOps';
import { t } from '../strings';

export interface ControlsCallbacks {
  onView(view: ViewSpec): void;
  onError(message: string | null): void;
}

export class ViewControls {
  readonly element: HTMLDivElement;
  private readonly axesBox: HTMLDivElement;
  private readonly sliceInput: HTMLInputElement;
  private shape: bigint[] = [];
  private view: ViewSpec | null = null;
  private structured = false;
  private whole: WholeAxis | null = null;

  constructor(
    parent: HTMLElement,
    private readonly cb: ControlsCallbacks,
  ) {
    this.element = el('div', 'npy-controls', parent);
    this.axesBox = el('div', 'npy-axes', this.element);
    const sliceBox = el('div', 'npy-slice', this.element);
    const label = el('label', 'npy-slice-label', sliceBox);
    label.textContent = t('sliceLabel');
    label.htmlFor = 'npy-slice-input';
    this.sliceInput = el('input', 'npy-input npy-slice-input', sliceBox);
    this.sliceInput.id = 'npy-slice-input';
    this.sliceInput.type = 'text';
    this.sliceInput.spellcheck = false;
    this.sliceInput.autocomplete = 'off';
    this.sliceInput.placeholder = t('slicePlaceholder');
    this.sliceInput.title = t('sliceTitle');
    this.sliceInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.applySlice();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.showSlice();
        this.cb.onError(null);
      }
    });
  }

  /** Parse the slice box and apply it; shows the error instead when it does not parse. */
  applySlice(text = this.sliceInput.value): boolean {
    if (!this.view) return false;
    try {
      const view = parseSlice(text, this.shape, { structured: this.structured, whole: this.wholeIndexed() });
      this.sliceInput.classList.remove('npy-invalid');
      this.cb.onError(null);
      this.cb.onView(view);
      return true;
    } catch (e) {
      this.sliceInput.classList.add('npy-invalid');
      this.cb.onError(e instanceof Error ? e.message : String(e));
      return false;
    }
  }

  private showSlice(): void {
    if (!this.view) return;
    this.sliceInput.value = formatSlice(this.view, this.shape, 'a', { whole: this.wholeIndexed() });
    this.sliceInput.classList.remove('npy-invalid');
  }

  /** The axis drawn whole, while the view indexes it (before the view moved rows/columns off it, it is a range). */
  private wholeIndexed(): number | undefined {
    const w = this.whole;
    return w && this.view?.axes[w.axis]?.kind === 'index' ? w.axis : undefined;
  }

  /** Show a view; `whole`: an axis the active view draws whole (an image's channels), shown as what is drawn. */
  update(shape: bigint[], view: ViewSpec, structured: boolean, whole: WholeAxis | null = null): void {
    this.shape = shape;
    this.view = view;
    this.structured = structured;
    this.whole = whole;
    this.showSlice();
    const box = this.axesBox;
    box.textContent = '';
    const n = shape.length;
    this.element.classList.toggle('npy-controls-scalar', n === 0);
    if (n === 0) return;
    const axisName = (i: number): string => t('axisSize', { n: i, size: shape[i] });

    // Rows / columns pickers.
    const pick = (labelText: string, id: string, options: [string, string][], value: string, onPick: (v: string) => void, disabled = false): void => {
      const wrap = el('div', 'npy-pick', box);
      const label = el('label', 'npy-pick-label', wrap);
      label.textContent = labelText;
      label.htmlFor = id;
      const select = el('select', 'npy-select', wrap);
      select.id = id;
      for (const [v, text] of options) {
        const o = el('option', '', select);
        o.value = v;
        o.textContent = text;
      }
      select.value = value;
      select.disabled = disabled;
      select.addEventListener('change', () => onPick(select.value));
    };
    const axisOptions: [string, string][] = shape.map((_, i) => [String(i), axisName(i)]);
    pick(t('rows'), 'npy-row-axis', axisOptions, String(view.rowAxis ?? 0), (v) => this.cb.onView(setRowAxis(view, shape, Number(v))), n < 2);
    if (structured) {
      pick(t('columns'), 'npy-col-axis', [['fields', t('fields')]], 'fields', () => undefined, true);
    } else {
      const colOptions: [string, string][] = [['none', t('noColumns')], ...axisOptions];
      pick(
        t('columns'),
        'npy-col-axis',
        colOptions,
        view.colAxis === null ? 'none' : String(view.colAxis),
        (v) => this.cb.onView(setColAxis(view, shape, v === 'none' ? null : Number(v))),
        n < 2,
      );
    }

    // Index steppers for the other axes.
    view.axes.forEach((sel, axis) => {
      if (sel.kind !== 'index') return;
      if (axis === this.wholeIndexed()) {
        this.wholeControl(axis, whole!);
        return;
      }
      const dim = shape[axis];
      const wrap = el('div', 'npy-index', box);
      wrap.dataset.axis = String(axis);
      const label = el('label', 'npy-pick-label', wrap);
      label.textContent = t('axis', { n: axis });
      label.htmlFor = `npy-index-${axis}`;
      const go = (i: bigint): void => this.cb.onView(setIndex(view, shape, axis, i));
      const prev = el('button', 'npy-button npy-step', wrap);
      prev.type = 'button';
      prev.textContent = '‹';
      prev.title = t('previousIndex', { n: axis });
      prev.setAttribute('aria-label', prev.title);
      prev.disabled = sel.index <= 0n;
      prev.addEventListener('click', () => go(sel.index - 1n));
      const input = el('input', 'npy-input npy-index-input', wrap);
      input.id = `npy-index-${axis}`;
      input.type = 'text';
      input.inputMode = 'numeric';
      input.value = sel.index.toString();
      input.size = Math.max(2, (dim - 1n).toString().length + 1);
      input.title = t('indexFor', { n: axis });
      const apply = (): void => {
        const v = input.value.trim();
        if (!/^[+-]?\d+$/.test(v)) {
          input.classList.add('npy-invalid');
          return;
        }
        go(BigInt(v));
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          apply();
        } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          go(sel.index + (e.key === 'ArrowUp' ? 1n : -1n));
        }
      });
      input.addEventListener('change', apply);
      const next = el('button', 'npy-button npy-step', wrap);
      next.type = 'button';
      next.textContent = '›';
      next.title = t('nextIndex', { n: axis });
      next.setAttribute('aria-label', next.title);
      next.disabled = sel.index >= dim - 1n;
      next.addEventListener('click', () => go(sel.index + 1n));
      if (dim > 1n && dim <= BigInt(Number.MAX_SAFE_INTEGER)) {
        const slider = el('input', 'npy-slider', wrap);
        slider.type = 'range';
        slider.min = '0';
        slider.max = (dim - 1n).toString();
        slider.step = '1';
        slider.value = sel.index.toString();
        slider.setAttribute('aria-label', t('indexFor', { n: axis }));
        slider.addEventListener('change', () => go(BigInt(slider.value)));
        slider.addEventListener('input', () => {
          input.value = slider.value;
        });
      }
      const size = el('span', 'npy-index-size', wrap);
      size.textContent = `/ ${dim}`;
    });
  }

  /** The axis drawn whole: where its index would be, a disabled box saying what is drawn (e.g. RGB) and its size. */
  private wholeControl(axis: number, whole: WholeAxis): void {
    const wrap = el('div', 'npy-index npy-index-whole', this.axesBox);
    wrap.dataset.axis = String(axis);
    wrap.dataset.whole = '';
    wrap.title = whole.title;
    const label = el('label', 'npy-pick-label', wrap);
    label.textContent = t('axis', { n: axis });
    label.htmlFor = `npy-index-${axis}`;
    const input = el('input', 'npy-input npy-index-input', wrap);
    input.id = `npy-index-${axis}`;
    input.type = 'text';
    input.value = whole.text;
    input.disabled = true;
    input.size = Math.max(2, whole.text.length + 1);
    input.title = whole.title;
    const size = el('span', 'npy-index-size', wrap);
    size.textContent = `/ ${this.shape[axis]}`;
  }

  focusSlice(): void {
    this.sliceInput.focus();
    this.sliceInput.select();
  }
}
