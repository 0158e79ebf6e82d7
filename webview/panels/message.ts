// The message area above the view: a view error (an invalid slice) or, styled as information, what stands in
// for the whole array (data that cannot be shown, a zero-size array).
import { el } from '../dom';

export class MessageArea {
  readonly element: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.element = el('div', 'npy-message', parent);
    this.element.id = 'npy-message';
    this.element.setAttribute('role', 'alert');
    this.element.hidden = true;
  }

  /** Show a message, or hide the area (null). */
  show(text: string | null): void {
    this.element.hidden = !text;
    this.element.textContent = text ?? '';
  }

  /** Style as information (whole-array state) rather than as an error. */
  setInfo(info: boolean): void {
    this.element.classList.toggle('npy-message-info', info);
  }
}
