// The toolbar: the view switcher (only when more than one view can show the array), the shared N-D view controls,
// and the actions of the active view (go to index, copy with its format).
import type { ViewSpec } from '../../src/npy/view';
import type { CopyFormat } from '../../src/shared/protocol';
import { el } from '../dom';
import { t } from '../strings';
import { ViewControls } from './controls';
import { GotoBox, type GotoCallbacks } from './goto';
import { PrecisionControl } from './precision';
import type { Precision } from '../../src/npy/format/precision';

export interface ToolbarCallbacks extends GotoCallbacks {
  /** The N-D controls produced a new ViewSpec. */
  view(view: ViewSpec): void;
  /** The controls' own error (an invalid slice), or null to clear it. */
  error(message: string | null): void;
  /** The Copy button. */
  copy(): void;
  /** The copy format changed (saved with the state). */
  copyFormatChanged(): void;
  /** The user picked another view in the switcher. */
  switchView(id: string): void;
  /** The display-precision control changed (table only). */
  precisionChanged?(p: Precision): void;
}

const COPY_FORMATS: readonly CopyFormat[] = ['tsv', 'csv', 'numpy'];

export class Toolbar {
  readonly element: HTMLDivElement;
  readonly controls: ViewControls;
  readonly goto: GotoBox;
  readonly precision: PrecisionControl;
  private readonly switcher: HTMLDivElement;
  private readonly viewSelect: HTMLSelectElement;
  private readonly copyGroup: HTMLDivElement;
  private readonly copyFormatSelect: HTMLSelectElement;

  constructor(parent: HTMLElement, cb: ToolbarCallbacks) {
    this.element = el('div', 'npy-toolbar', parent);
    this.switcher = el('div', 'npy-pick npy-view-switcher', this.element);
    this.switcher.hidden = true;
    const label = el('label', 'npy-pick-label', this.switcher);
    label.textContent = t('viewSwitcher');
    label.htmlFor = 'npy-view-select';
    this.viewSelect = el('select', 'npy-select', this.switcher);
    this.viewSelect.id = 'npy-view-select';
    this.viewSelect.addEventListener('change', () => cb.switchView(this.viewSelect.value));

    this.controls = new ViewControls(this.element, { onView: (v) => cb.view(v), onError: (m) => cb.error(m) });

    const actions = el('div', 'npy-actions', this.element);
    this.precision = new PrecisionControl(actions, (p) => cb.precisionChanged?.(p));
    this.goto = new GotoBox(actions, cb);
    this.copyGroup = el('div', 'npy-copy', actions);
    const copyButton = el('button', 'npy-button', this.copyGroup);
    copyButton.type = 'button';
    copyButton.id = 'npy-copy-button';
    copyButton.textContent = t('copy');
    this.copyFormatSelect = el('select', 'npy-select', this.copyGroup);
    this.copyFormatSelect.id = 'npy-copy-format';
    this.copyFormatSelect.setAttribute('aria-label', t('copyAs'));
    for (const [v, text] of [
      ['tsv', t('copyTsv')],
      ['csv', t('copyCsv')],
      ['numpy', t('copyNumpy')],
    ] as const) {
      const o = el('option', '', this.copyFormatSelect);
      o.value = v;
      o.textContent = text;
    }
    copyButton.addEventListener('click', () => cb.copy());
    this.copyFormatSelect.addEventListener('change', () => cb.copyFormatChanged());
  }

  get hidden(): boolean {
    return this.element.hidden;
  }

  set hidden(hidden: boolean) {
    this.element.hidden = hidden;
  }

  get copyFormat(): CopyFormat {
    return this.copyFormatSelect.value as CopyFormat;
  }

  set copyFormat(format: CopyFormat) {
    if (COPY_FORMATS.includes(format)) this.copyFormatSelect.value = format;
  }

  /** The views that can show the array; the switcher shows only when there is a choice. */
  setViews(views: readonly { id: string; label: string }[], active: string): void {
    this.switcher.hidden = views.length < 2;
    this.viewSelect.textContent = '';
    for (const v of views) {
      const o = el('option', '', this.viewSelect);
      o.value = v.id;
      o.dataset.view = v.id;
      o.textContent = v.label;
    }
    this.viewSelect.value = active;
  }

  /** Offer the actions the active view has. */
  setActions(actions: { copy: boolean; goto: boolean }): void {
    this.copyGroup.hidden = !actions.copy;
    this.goto.setEnabled(actions.goto);
  }
}
