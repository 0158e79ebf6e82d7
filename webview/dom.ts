// Small DOM helpers shared by the panels and the views.

/** A new element with a class, appended to `parent` when given. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent?: HTMLElement): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

export function div(cls: string, parent?: HTMLElement): HTMLDivElement {
  return el('div', cls, parent);
}

/** Set text only when it differs (no needless DOM writes on every frame). */
export function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** Set or remove (null) an attribute only when it differs. */
export function setAttr(e: HTMLElement, name: string, value: string | null): void {
  if (value === null) {
    if (e.hasAttribute(name)) e.removeAttribute(name);
  } else if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}
