// Small form controls for the pictures' control bars (theme-styled by media/viewer.css), and the canvas helpers the
// picture views share: a cleared context to draw on, PNG bytes for export and copy.
import { el } from '../../dom';

export function labelled(bar: HTMLElement, text: string): HTMLLabelElement {
  const label = el('label', 'npy-pic-field', bar);
  el('span', 'npy-pic-label', label).textContent = text;
  return label;
}

export function select(parent: HTMLElement, cls: string, options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const s = el('select', `npy-select ${cls}`, parent);
  for (const [v, text] of options) {
    const o = el('option', '', s);
    o.value = v;
    o.textContent = text;
  }
  s.value = value;
  return s;
}

export function checkbox(bar: HTMLElement, cls: string, text: string, checked: boolean): HTMLInputElement {
  const label = el('label', 'npy-pic-field npy-pic-check', bar);
  const box = el('input', cls, label);
  box.type = 'checkbox';
  box.checked = checked;
  el('span', '', label).textContent = text;
  return box;
}

export function button(bar: HTMLElement, cls: string, text: string, title = ''): HTMLButtonElement {
  const b = el('button', `npy-button npy-pic-button ${cls}`, bar);
  b.type = 'button';
  b.textContent = text;
  if (title) b.title = title;
  return b;
}

export function textInput(parent: HTMLElement, cls: string, placeholder: string, title: string): HTMLInputElement {
  const i = el('input', `npy-input ${cls}`, parent);
  i.type = 'text';
  i.placeholder = placeholder;
  i.title = title;
  i.spellcheck = false;
  return i;
}

/** `lo,hi` as two finite numbers, '' as null (auto); anything else is an error message. */
export function parseDomainText(text: string): [number, number] | null | string {
  const s = text.trim();
  if (s === '') return null;
  const parts = s.split(',');
  const nums = parts.map((p) => Number(p));
  if (parts.length !== 2 || parts.some((p) => p.trim() === '') || nums.some((n) => !Number.isFinite(n))) return `'${s}' is not lo,hi (two numbers)`;
  if (nums[0] > nums[1]) return `the low end ${nums[0]} is above the high end ${nums[1]}`;
  return [nums[0], nums[1]];
}

/** The canvas's 2-D context, cleared, with no transform (null: no context). */
export function clearedContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, canvas.width, canvas.height);
  return g;
}

/** PNG bytes of a canvas. */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas has no picture'))), 'image/png');
  });
}

/** Export a canvas with the host's save dialog, or copy it to the clipboard as an image. */
export async function pngBytes(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Uint8Array(await (await canvasPng(canvas)).arrayBuffer());
}

/**
 * Whether the page can put an image on the clipboard: the async clipboard exists only in a secure context (code-server
 * over plain http on another host has none), and not every browser has ClipboardItem.
 */
export function canCopyImages(): boolean {
  return typeof navigator.clipboard?.write === 'function' && typeof ClipboardItem !== 'undefined';
}

export async function copyCanvas(canvas: HTMLCanvasElement): Promise<void> {
  const blob = await canvasPng(canvas);
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
}
