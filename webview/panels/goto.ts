// The go-to-index box: a toolbar button that opens an input (also Ctrl+G anywhere in the viewer, and the host's
// `NPY: Go to Index…` without an index). Enter goes, Escape or leaving the box closes it.
import { parseIndexText } from '../../src/shared/indexText';
import { el } from '../dom';
import { t } from '../strings';

/**
 * Go-to text: `row` or `row, col` (also `row col`, `[row, col]`, `(row, col)`, `[row][col]`, `;` between); negative
 * counts from the end. The numbers are read by the shared index-text parser (the host's Go to Index uses it too);
 * the webview adds `_` or `*` for "keep the current row / column", `_` between digits (`1_000`), and a leading `+`.
 */
export function parseGoto(text: string): { row: bigint | null; col: bigint | null } | null {
  const values = parseGotoIndices(text);
  if (!values || values.length > 2) return null;
  return { row: values[0], col: values[1] ?? null };
}

/** Go-to text with any number of indices (one per array axis, or the shown axes); null keeps that index. */
export function parseGotoIndices(text: string): (bigint | null)[] | null {
  const tokens = text
    .replace(/[()[\]]/g, ' ')
    .split(/[\s,;]+/)
    .filter((p) => p !== '');
  if (tokens.length < 1 || tokens.length > 64) return null;
  const keep = tokens.map((p) => p === '_' || p === '*');
  const numbers = tokens.filter((_, i) => !keep[i]).map((p) => p.replace(/^\+(?=\d)/, '').replace(/(?<=\d)_(?=\d)/g, ''));
  const parsed = numbers.length ? parseIndexText(numbers.join(', ')) : [];
  if (!parsed || parsed.length !== numbers.length) return null;
  let next = 0;
  return tokens.map((_, i) => (keep[i] ? null : BigInt(parsed[next++])));
}

export interface GotoCallbacks {
  /** Go to the parsed index; false when it cannot be shown (the box stays open, marked invalid). */
  go(row: bigint | null, col: bigint | null): boolean;
  /** Go to indices (one per array axis, or per shown axis): null when done, else the reason (shown by the box). */
  goIndices?(values: (bigint | null)[]): string | null;
  /** The box closed after Enter or Escape: the view takes the focus back. */
  closed(): void;
}

export class GotoBox {
  private readonly button: HTMLButtonElement;
  private readonly box: HTMLDivElement;
  readonly input: HTMLInputElement;
  /** Why the last index was refused (out of range, not an index), under the box. */
  private readonly error: HTMLDivElement;
  /** The active view can go to a cell (otherwise the button hides and Ctrl+G does nothing). */
  private enabled = true;

  constructor(
    parent: HTMLElement,
    private readonly cb: GotoCallbacks,
  ) {
    this.button = el('button', 'npy-button', parent);
    this.button.type = 'button';
    this.button.textContent = t('gotoButton');
    this.button.title = t('gotoTitle');
    this.box = el('div', 'npy-goto', parent);
    this.box.hidden = true;
    this.input = el('input', 'npy-input npy-goto-input', this.box);
    this.input.id = 'npy-goto-input';
    this.input.type = 'text';
    this.input.placeholder = t('gotoPlaceholder');
    this.input.setAttribute('aria-label', t('gotoLabel'));
    this.input.spellcheck = false;
    this.error = el('div', 'npy-goto-error', this.box);
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;

    this.button.addEventListener('click', () => this.open());
    // Typing again takes back the last refusal.
    this.input.addEventListener('input', () => {
      this.input.classList.remove('npy-invalid');
      this.error.hidden = true;
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        const problem = this.submit(this.input.value);
        if (problem !== null) {
          this.input.classList.add('npy-invalid');
          this.input.title = problem;
          this.error.textContent = problem;
          this.error.hidden = false;
          return;
        }
        this.close();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
    });
    this.input.addEventListener('blur', () => {
      if (!this.box.hidden) {
        this.box.hidden = true;
        this.button.hidden = !this.enabled;
      }
    });
    document.addEventListener(
      'keydown',
      (e) => {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'g' || e.key === 'G')) {
          e.preventDefault();
          e.stopPropagation();
          this.open();
        }
      },
      true,
    );
  }

  /** Go to the text's index: null when done, else the message to show. */
  private submit(text: string): string | null {
    if (this.cb.goIndices) {
      const values = parseGotoIndices(text);
      return values ? this.cb.goIndices(values) : t('gotoInvalid');
    }
    const g = parseGoto(text);
    return g && this.cb.go(g.row, g.col) ? null : t('gotoInvalid');
  }

  /** Open the box showing why an index (e.g. the host's Go to Index) was refused. */
  openWithError(text: string, message: string): void {
    this.open();
    this.input.value = text;
    this.input.classList.add('npy-invalid');
    this.input.title = message;
    this.error.textContent = message;
    this.error.hidden = false;
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.box.hidden = true;
    this.button.hidden = !enabled || !this.box.hidden;
  }

  open(): void {
    if (!this.enabled) return;
    this.box.hidden = false;
    this.button.hidden = true;
    this.input.classList.remove('npy-invalid');
    this.input.title = '';
    this.error.hidden = true;
    this.input.focus();
    this.input.select();
  }

  private close(): void {
    this.box.hidden = true;
    this.button.hidden = !this.enabled;
    this.cb.closed();
  }
}
