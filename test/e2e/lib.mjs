// Helpers for the e2e scenarios: drive the code-server workbench like a user (keyboard, mouse) and read the
// viewer webview, which lives two frames deep: iframe.webview.ready > #active-frame.
import { spawnSync } from 'child_process';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Workbench {
  constructor(page, { workspace, resultsDir }) {
    this.page = page;
    this.workspace = workspace;
    this.resultsDir = resultsDir;
  }

  /** The active viewer's document (the visible webview when several exist). */
  get viewer() {
    return this.page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
  }

  cell(row, col) {
    return this.viewer.locator(`[data-row="${row}"][data-col="${col}"]`);
  }

  /** Waits until cell (row, col) shows exactly `text` (a string or RegExp); returns its text. */
  async waitCell(row, col, text, timeout = 15000) {
    const loc = this.cell(row, col);
    const re = text instanceof RegExp ? text : new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    try {
      await loc.filter({ hasText: re }).first().waitFor({ state: 'visible', timeout });
    } catch {
      const actual = await loc
        .first()
        .textContent({ timeout: 500 })
        .catch(() => '(no such cell)');
      throw new Error(`cell [${row}, ${col}]: expected ${re}, got ${JSON.stringify(actual)}`);
    }
    return loc.first().textContent();
  }

  async cellText(row, col, timeout = 5000) {
    return (await this.cell(row, col).first().textContent({ timeout }))?.trim();
  }

  /** Moves keyboard focus back to the workbench (out of a webview) without changing anything. */
  async focusWorkbench() {
    await this.page.evaluate(() => {
      const el = document.querySelector('.part.editor') || document.body;
      if (document.activeElement && document.activeElement.tagName === 'IFRAME') document.activeElement.blur();
      el.focus?.();
    });
  }

  /** Switch the colour theme with the theme picker (Ctrl+K Ctrl+T: the palette ranks the Marketplace's first). */
  async setTheme(name, settleMs = 1000) {
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+T');
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: 5000 });
    await widget.locator('input').fill(name);
    await widget
      .locator('.monaco-list-row.focused', { hasText: new RegExp(`^\\s*${name}`) })
      .first()
      .waitFor({ timeout: 10000 });
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    // The webviews take the theme's colours after the workbench does.
    await sleep(settleMs);
  }

  async quickInput(openKey, text) {
    const widget = this.page.locator('.quick-input-widget');
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.page.keyboard.press(openKey);
      try {
        await widget.waitFor({ state: 'visible', timeout: 3000 });
        break;
      } catch {
        await this.page.keyboard.press('Escape');
        await this.focusWorkbench();
        if (attempt === 2) throw new Error(`${openKey} did not open the quick input`);
      }
    }
    const input = widget.locator('input');
    await input.fill(text);
    return widget;
  }

  /** Quick Open (Ctrl+P): type the file name, wait for it in the list, Enter. Returns the time Enter was pressed. */
  async quickOpen(name) {
    const widget = await this.quickInput('Control+P', name);
    // The focused row, not any row: before the filter applies, the history list may hold the name further down.
    await widget.locator('.monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 10000 });
    const t = Date.now();
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    return t;
  }

  /** Runs a command by its title from the command palette (F1). */
  async command(title) {
    const widget = await this.quickInput('F1', `>${title}`); // fill() replaces the '>' the palette starts with
    await widget.locator('.monaco-list-row.focused', { hasText: title }).first().waitFor({ timeout: 10000 });
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }

  async closeAllEditors() {
    await this.focusWorkbench();
    await this.command('View: Close All Editors');
    await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 5000 });
  }

  /** Opens `name` with Quick Open and waits for the viewer webview (not a text editor). */
  async openInViewer(name, { timeout = 20000 } = {}) {
    const t = await this.quickOpen(name);
    await this.page.locator('iframe.webview.ready:visible').first().waitFor({ state: 'attached', timeout });
    await this.viewer.locator('body').waitFor({ timeout });
    return t;
  }

  async screenshot(name) {
    const file = `${this.resultsDir}/e2e-${name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 80)}.png`;
    await this.page.screenshot({ path: file }).catch(() => {});
    return file;
  }

  python(code, ...args) {
    const r = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python failed: ${(r.stderr || '').trim().split('\n').pop()}`);
    return r.stdout;
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
