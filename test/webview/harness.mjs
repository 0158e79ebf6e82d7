// The webview test harness: the bundled dist/webview.js in Chromium, in the host's real HTML (CSP included), with
// a fake `acquireVsCodeApi` whose postMessage is bridged to a FAKE HOST in Node. The fake host answers tiles with
// the host's own vscode-free handler (TileHandler over the entry the container factory opens), so what these
// tests check is what users get; it speaks the protocol's request/reply envelope (requestId / inReplyTo, error
// replies, cancel by requestIds) and can run a copy as a webview job (progress, cancelJob). Statistics go through
// the host's own StatsHandler (cache included) over the real engine, as webview jobs; `statsHold` keeps a job
// waiting (at 25%) until `releaseStats()` or its Cancel, to test progress and cancelling.
import { createRequire } from 'module';
import { readFileSync, mkdirSync } from 'fs';
import { basename, join, dirname } from 'path';
import { fileURLToPath } from 'url';

const require = createRequire(import.meta.url);
require('tsx/cjs');
const { openPathContainer } = require('../../src/npy/container.ts');
const { TileHandler } = require('../../src/host/viewer/handlers/tile.ts');
const { PictureHandler } = require('../../src/host/viewer/handlers/picture.ts');
const { viewToWire } = require('../../src/shared/protocol.ts');
const { buildArrayInfo, initialView } = require('../../src/host/viewer/arrayInfo.ts');
const { ArchiveMembers } = require('../../src/host/viewer/handlers/members.ts');
const { findMembers } = require('../../src/host/viewer/handlers/memberFilter.ts');
const { StatsHandler } = require('../../src/host/viewer/handlers/stats.ts');
const { cancelledError, isCancelled } = require('../../src/shared/job.ts');
require('../../src/npz/index.ts').registerNpz();
const { viewerHtml } = require('../../src/host/viewer/html.ts');

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS = join(ROOT, 'test-results');
const ORIGIN = 'http://npy.test';

const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'font-family': '"Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", "DejaVu Sans", sans-serif',
      'font-size': '13px',
      'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
      'editor-font-size': '14px',
      'editor-background': '#1f1f1f',
      'editor-foreground': '#cccccc',
      'list-activeSelectionBackground': '#04395e',
      'list-activeSelectionForeground': '#ffffff',
      'list-inactiveSelectionBackground': '#37373d',
      'list-hoverBackground': '#2a2d2e',
      'list-focusOutline': '#0078d4',
      'editor-selectionBackground': '#264f78',
      'editorLineNumber-foreground': '#6e7681',
      'editorLineNumber-activeForeground': '#cccccc',
      descriptionForeground: '#9d9d9d',
      focusBorder: '#0078d4',
      'input-background': '#313131',
      'input-foreground': '#cccccc',
      'input-border': '#3c3c3c',
      'dropdown-background': '#313131',
      'dropdown-foreground': '#cccccc',
      'dropdown-border': '#3c3c3c',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'button-border': '#ffffff12',
      'scrollbarSlider-background': '#79797966',
      'scrollbarSlider-hoverBackground': '#646464b3',
      'scrollbarSlider-activeBackground': '#bfbfbf66',
      'scrollbar-shadow': '#000000',
      'panel-border': '#2b2b2b',
      'editorIndentGuide-background1': '#404040',
      'editorWarning-foreground': '#cca700',
      'editorError-foreground': '#f14c4c',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-errorBackground': '#5a1d1d',
      'textBlockQuote-background': '#2b2b2b',
      'textBlockQuote-border': '#616161',
      disabledForeground: '#cccccc80',
      'progressBar-background': '#0078d4',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'font-family': '"Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", "DejaVu Sans", sans-serif',
      'font-size': '13px',
      'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
      'editor-font-size': '14px',
      'editor-background': '#ffffff',
      'editor-foreground': '#3b3b3b',
      'list-activeSelectionBackground': '#e8e8e8',
      'list-activeSelectionForeground': '#000000',
      'list-inactiveSelectionBackground': '#e4e6f1',
      'list-hoverBackground': '#f2f2f2',
      'list-focusOutline': '#005fb8',
      'editor-selectionBackground': '#add6ff',
      'editorLineNumber-foreground': '#6e7681',
      'editorLineNumber-activeForeground': '#171184',
      descriptionForeground: '#3b3b3b',
      focusBorder: '#005fb8',
      'input-background': '#ffffff',
      'input-foreground': '#3b3b3b',
      'input-border': '#cecece',
      'dropdown-background': '#ffffff',
      'dropdown-foreground': '#3b3b3b',
      'dropdown-border': '#cecece',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'scrollbarSlider-background': '#64646466',
      'scrollbarSlider-hoverBackground': '#646464b3',
      'scrollbarSlider-activeBackground': '#00000099',
      'scrollbar-shadow': '#dddddd',
      'panel-border': '#e5e5e5',
      'editorIndentGuide-background1': '#d3d3d3',
      'editorWarning-foreground': '#bf8803',
      'editorError-foreground': '#f85149',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-errorBackground': '#f2dede',
      'textBlockQuote-background': '#f8f8f8',
      'textBlockQuote-border': '#e5e5e5',
      disabledForeground: '#61616180',
      'progressBar-background': '#005fb8',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'font-family': '"DejaVu Sans", sans-serif',
      'font-size': '13px',
      'editor-font-family': '"DejaVu Sans Mono", monospace',
      'editor-font-size': '14px',
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      'list-activeSelectionForeground': '#ffffff',
      'list-focusOutline': '#f38518',
      'list-hoverBackground': '#000000',
      'editor-selectionBackground': '#ffffff',
      contrastActiveBorder: '#f38518',
      contrastBorder: '#6fc3df',
      'editorLineNumber-foreground': '#ffffff',
      'editorLineNumber-activeForeground': '#f38518',
      descriptionForeground: '#ffffff',
      focusBorder: '#f38518',
      'input-background': '#000000',
      'input-foreground': '#ffffff',
      'input-border': '#6fc3df',
      'dropdown-background': '#000000',
      'dropdown-foreground': '#ffffff',
      'dropdown-border': '#6fc3df',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'scrollbarSlider-background': '#6fc3df99',
      'scrollbarSlider-hoverBackground': '#6fc3dfcc',
      'scrollbarSlider-activeBackground': '#6fc3df',
      'panel-border': '#6fc3df',
      'editorIndentGuide-background1': '#ffffff',
      'editorWarning-foreground': '#b89500',
      'editorError-foreground': '#f48771',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-errorBackground': '#000000',
      'textBlockQuote-background': '#000000',
      'textBlockQuote-border': '#ffffff',
      disabledForeground: '#a5a5a5',
    },
  },
};

function themeCss(name) {
  const theme = THEMES[name];
  const vars = Object.entries(theme.vars)
    .map(([k, v]) => `  --vscode-${k}: ${v};`)
    .join('\n');
  return `:root {\n${vars}\n}\n`;
}

/** The fake extension host: answers the webview's requests with the host's own handlers over the real engine. */
export class FakeHost {
  constructor(file) {
    this.file = file;
    this.received = [];
    this.cancelled = new Set();
    this.generation = 1;
    this.page = null;
    this.delayMs = 0;
    this.chain = Promise.resolve();
    /** When set, `copy` runs as a webview job: progress messages, then waits for `finishJob()` or `cancelJob`. */
    this.copyAsJob = false;
    this.nextJobId = 1;
    this.jobs = new Map();
    this.pictureRuns = new Map();
    /** PNG bytes of savePicture requests. */
    this.saved = [];
    /** The file's version (bumped by reopen): the statistics cache keys on it, like the document's generation. */
    this.version = 1;
    this.statsHold = false;
    this.held = [];
    this.stats = new StatsHandler((title, job, signal, requestId) => this.runJob(title, job, signal, requestId));
  }

  /** A job shown in the webview, like the host's WebviewJobs (messages carry the request they answer). */
  async runJob(title, job, signal, requestId) {
    const jobId = this.nextJobId++;
    const ac = new AbortController();
    signal.addEventListener('abort', () => ac.abort(), { once: true });
    this.jobs.set(jobId, { cancel: () => ac.abort(), finish: () => undefined });
    const post = (m) => this.post({ type: 'job', jobId, title, requestId, ...m });
    try {
      await post({ state: 'progress', done: 0, total: 0 });
      if (this.statsHold) {
        await post({ state: 'progress', done: 1, total: 4 });
        await new Promise((resolve, reject) => {
          this.held.push(resolve);
          ac.signal.addEventListener('abort', () => reject(cancelledError('the statistics')), { once: true });
        });
      }
      const result = await job(ac.signal, (done, total) => void post({ state: 'progress', done, total }));
      await post({ state: 'done' });
      return result;
    } catch (e) {
      await post(ac.signal.aborted ? { state: 'cancelled' } : { state: 'error', message: e.message });
      throw e;
    } finally {
      this.jobs.delete(jobId);
    }
  }

  /** Let held statistics jobs run. */
  releaseStats() {
    this.statsHold = false;
    for (const r of this.held.splice(0)) r();
  }

  async open() {
    this.container = await openPathContainer(this.file);
    if (this.container.kind === 'npz') {
      // An archive: the host's own member handler (list, open, ArrayInfo); one member shown at a time.
      this.archive = new ArchiveMembers(this.container);
      await this.archive.inspect();
      await this.show(this.member !== undefined && this.archive.has(this.member) ? this.member : this.archive.defaultName());
      return;
    }
    this.entry = await this.container.open('');
    this.opened = this.entry.opened;
    this.tiles = new TileHandler(this.entry);
    this.pictures = new PictureHandler(this.entry);
    this.info = buildArrayInfo(basename(this.file), this.opened);
  }

  /** Show archive member `name` (like the host's session: its entry, a TileHandler for it, its ArrayInfo). */
  async show(name) {
    const shown = await this.archive.show(basename(this.file), name);
    this.member = name;
    this.entry = shown.entry;
    this.opened = shown.entry?.opened;
    this.tiles = shown.entry ? new TileHandler(shown.entry) : null;
    this.pictures = shown.entry ? new PictureHandler(shown.entry) : null;
    this.info = shown.info;
  }

  async reopen() {
    await this.container.close();
    this.generation += 1;
    this.version += 1;
    this.stats.reset(this.version);
    await this.open();
    await this.post({ type: 'reload', info: this.info, generation: this.generation });
  }

  async close() {
    this.stats.dispose();
    await this.container?.close();
  }

  ofType(type) {
    return this.received.filter((m) => m.type === type);
  }

  async onMessage(msg) {
    this.received.push(msg);
    switch (msg.type) {
      case 'ready':
        if (this.archive && typeof msg.member === 'string' && msg.member !== this.member && this.archive.has(msg.member)) await this.show(msg.member);
        await this.post({
          type: 'init',
          info: this.info,
          generation: this.generation,
          view: this.opened ? viewToWire(initialView(this.opened)) : undefined,
          // The npyStudio.floatDigits setting, when a test sets it.
          ...(this.floatDigits !== undefined ? { floatDigits: this.floatDigits } : {}),
        });
        break;
      case 'selectMember':
        if (!this.archive) break;
        // Like the host: serve tiles in order, then switch (tiles of the member shown before are stale).
        this.chain = this.chain.then(async () => {
          const before = JSON.stringify(this.info.members);
          await this.show(msg.name);
          this.generation += 1;
          // Like the host: the member list travels only when it changed.
          const info = JSON.stringify(this.info.members) === before ? { ...this.info, members: undefined, memberCount: undefined } : this.info;
          await this.post({ type: 'member', info, generation: this.generation, view: this.opened ? viewToWire(initialView(this.opened)) : undefined });
        });
        break;
      case 'findMembers':
        // Like the host: the member list's filter, answered from the whole directory.
        if (this.archive) await this.post({ type: 'membersFound', query: msg.query, ...findMembers(this.archive.container, msg.query) });
        break;
      case 'tile':
        // Like the host: a request for an older generation is answered by the refetch after `reload`.
        if (msg.generation !== this.generation) break;
        // Serve in order, like the host's request queue; skip cancelled ones.
        this.chain = this.chain.then(() => this.serveTile(msg)).catch((e) => console.error('fake host tile', e));
        break;
      case 'picture':
        // Like the host: pictures are served beside the tile queue; `cancel` aborts their reads.
        if (msg.generation === this.generation) void this.servePicture(msg);
        break;
      case 'savePicture':
        this.saved.push(Uint8Array.from(Object.values(msg.bytes)));
        await this.post({ type: 'pictureSaved', inReplyTo: msg.requestId, path: `/tmp/${msg.name}` });
        break;
      case 'cancel':
        for (const id of msg.requestIds) {
          this.cancelled.add(id);
          this.pictureRuns.get(id)?.abort();
        }
        this.stats.cancel(msg.requestIds);
        break;
      case 'stats':
        void this.serveStats(msg);
        break;
      case 'copy':
        await this.copy(msg);
        break;
      case 'cancelJob':
        this.jobs.get(msg.jobId)?.cancel();
        break;
    }
  }

  async serveTile(msg) {
    if (this.delayMs) {
      await new Promise((r) => {
        setTimeout(r, this.delayMs);
      });
    }
    if (this.cancelled.has(msg.requestId) || msg.generation !== this.generation) return;
    const { requestId, ...request } = msg;
    try {
      if (!this.tiles) throw new Error(this.info.dataError ?? 'nothing to show');
      const reply = await this.tiles.handle(request);
      if (this.cancelled.has(requestId) || msg.generation !== this.generation) return;
      await this.post({ ...reply, inReplyTo: requestId });
    } catch (e) {
      await this.post({ type: 'error', inReplyTo: requestId, message: e.message });
    }
  }

  /** Like the session's onStats: the StatsHandler answers (from its cache, or as a job). */
  async serveStats(msg) {
    const { requestId, ...req } = msg;
    try {
      if (req.generation !== this.generation || !this.entry) throw cancelledError('the statistics');
      const target = {
        entry: this.entry,
        member: this.member ?? '',
        version: this.version,
        generation: this.generation,
        title: `Statistics of ${req.scope === 'view' ? 'this view' : 'the whole array'}`,
      };
      const reply = await this.stats.handle(requestId, target, req);
      await this.post({ ...reply, inReplyTo: requestId });
    } catch (e) {
      await this.post({ type: 'error', inReplyTo: requestId, message: e.message, cancelled: isCancelled(e) });
    }
  }

  async servePicture(msg) {
    const { requestId, ...request } = msg;
    const ac = new AbortController();
    this.pictureRuns.set(requestId, ac);
    try {
      if (!this.pictures) throw new Error(this.info.dataError ?? 'nothing to show');
      const reply = await this.pictures.handle(request, ac.signal);
      if (this.cancelled.has(requestId) || msg.generation !== this.generation) return;
      await this.post({ ...reply, inReplyTo: requestId });
    } catch (e) {
      await this.post({ type: 'error', inReplyTo: requestId, message: e.message, cancelled: ac.signal.aborted });
    } finally {
      this.pictureRuns.delete(requestId);
    }
  }

  async copy(msg) {
    const cells = Number(BigInt(msg.range.rows) * BigInt(msg.range.cols));
    if (!this.copyAsJob) {
      await this.post({ type: 'copied', inReplyTo: msg.requestId, cells, format: msg.format });
      return;
    }
    const jobId = this.nextJobId++;
    const title = `Copying ${cells.toLocaleString('en-US')} cells`;
    const outcome = await new Promise((resolve) => {
      this.jobs.set(jobId, { cancel: () => resolve('cancelled'), finish: (how) => resolve(how) });
      void this.post({ type: 'job', jobId, title, state: 'progress', done: 0, total: 0 }).then(() =>
        this.post({ type: 'job', jobId, title, state: 'progress', done: Math.floor(cells / 4), total: cells }),
      );
    });
    this.jobs.delete(jobId);
    if (outcome === 'cancelled') {
      await this.post({ type: 'job', jobId, title, state: 'cancelled' });
      await this.post({ type: 'error', inReplyTo: msg.requestId, message: 'copy cancelled', cancelled: true });
    } else if (outcome === 'error') {
      await this.post({ type: 'job', jobId, title, state: 'error', message: 'the disk went away' });
      await this.post({ type: 'error', inReplyTo: msg.requestId, message: 'the disk went away' });
    } else {
      await this.post({ type: 'job', jobId, title, state: 'done' });
      await this.post({ type: 'copied', inReplyTo: msg.requestId, cells, format: msg.format });
    }
  }

  /** Finish the running copy job(s): `done` or `error`. */
  finishJob(how = 'done') {
    for (const job of [...this.jobs.values()]) job.finish(how);
  }

  async post(msg) {
    if (!this.page || this.page.isClosed()) return;
    let b64 = null;
    let m = msg;
    if (msg.bytes) {
      b64 = Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength).toString('base64');
      m = { ...msg, bytes: null };
    }
    await this.page
      .evaluate(
        ([m, b64]) => {
          if (b64 !== null) {
            const s = atob(b64);
            const u = new Uint8Array(s.length);
            for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
            m.bytes = u;
          }
          window.postMessage(m, '*');
        },
        [m, b64],
      )
      .catch(() => undefined);
  }
}

export async function launch() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.NPY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Open a fixture in a fresh page (or `context` to share sessionStorage across reloads). `testHooks: false` leaves
 * window.__npy out, as in a real webview.
 */
export async function openViewer(browser, file, opts = {}) {
  const theme = opts.theme ?? 'dark';
  const context = opts.context ?? (await browser.newContext({ viewport: opts.viewport ?? { width: 1100, height: 700 } }));
  const page = await context.newPage();
  const host = new FakeHost(file);
  host.floatDigits = opts.floatDigits;
  await host.open();
  host.page = page;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(new Error(m.text()));
  });
  const nonce = 'testnonce' + Math.random().toString(36).slice(2);
  const html = viewerHtml({
    cspSource: ORIGIN,
    nonce,
    scriptUri: `${ORIGIN}/dist/webview.js`,
    styleUris: [`${ORIGIN}/theme.css`, `${ORIGIN}/media/viewer.css`],
    title: basename(file),
  }).replace('<body', `<body class="${THEMES[theme].bodyClass}"`);
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/' || url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html', body: html });
    if (url.pathname === '/theme.css') return route.fulfill({ contentType: 'text/css', body: themeCss(theme) });
    if (url.pathname === '/dist/webview.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(ROOT, 'dist/webview.js')) });
    if (url.pathname === '/media/viewer.css') return route.fulfill({ contentType: 'text/css', body: readFileSync(join(ROOT, 'media/viewer.css')) });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.exposeFunction('__npyToHost', (json) => host.onMessage(JSON.parse(json)));
  await page.addInitScript((testHooks) => {
    // Ask the bundle for its test hooks (window.__npy); a real webview never sets this.
    if (testHooks) window.__npyTestHooks = true;
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi can only be called once');
      acquired = true;
      return {
        postMessage: (m) => window.__npyToHost(JSON.stringify(m)),
        getState: () => {
          const s = sessionStorage.getItem('npy-state');
          return s ? JSON.parse(s) : undefined;
        },
        setState: (s) => sessionStorage.setItem('npy-state', JSON.stringify(s)),
      };
    };
  }, opts.testHooks !== false);
  await page.goto(`${ORIGIN}/`);
  if (opts.waitReady !== false) await waitReady(page);
  return { page, host, context, errors };
}

/**
 * A mocha suite's viewers: one browser for the suite, every viewer a test opened closed after it (page and fake
 * host). Call inside describe(); `open(file, opts)` is openViewer, then settled unless `opts.waitReady === false`.
 */
export function viewerSuite() {
  let browser;
  const opened = [];
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const v of opened.splice(0)) {
      await v.context.close().catch(() => undefined);
      await v.host.close().catch(() => undefined);
    }
  });
  return {
    get browser() {
      return browser;
    },
    async open(file, opts = {}) {
      const v = await openViewer(browser, file, opts);
      opened.push(v);
      if (opts.waitReady !== false) await settle(v.page);
      return v;
    },
  };
}

/** The canvas CSS point showing element (row, col) of the active picture view: its viewport, stretch and flips. */
export async function picturePoint(page, row, col) {
  return page.evaluate(
    ([row, col]) => {
      const p = window.__npy.app.activeView.mounted.testHooks.picture;
      const vp = p.state.vp;
      const c = p.canvas;
      let x = (col + 0.5 - vp.x0) * vp.scale;
      let y = (row + 0.5 - vp.y0) * vp.scale * (vp.stretch ?? 1);
      if (c.dataset.flip?.includes('h')) x = c.clientWidth - x;
      if (c.dataset.flip?.includes('v')) y = c.clientHeight - y;
      return { x, y };
    },
    [row, col],
  );
}

/** A shift-drag on the canvas `sel` from element `from` to element `to` ([row, col] each): the heatmap's box zoom. */
export async function boxZoom(page, sel, from, to) {
  const box = await page.locator(sel).boundingBox();
  const a = await picturePoint(page, ...from);
  const b = await picturePoint(page, ...to);
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + a.x, box.y + a.y);
  await page.mouse.down();
  await page.mouse.move(box.x + b.x, box.y + b.y);
  await page.mouse.up();
  await page.keyboard.up('Shift');
}

export async function waitReady(page) {
  await page.waitForSelector('#npy-root[data-ready="true"]', { timeout: 20000 });
}

/** Wait until every visible cell has its value. */
export async function settle(page) {
  await page.waitForFunction(
    () => {
      const root = document.getElementById('npy-root');
      return root && root.dataset.pending === '0';
    },
    null,
    { timeout: 20000 },
  );
  // One more frame so a queued render has run.
  await page.evaluate(
    () =>
      new Promise((r) => {
        requestAnimationFrame(() => r(undefined));
      }),
  );
  await page.waitForFunction(() => document.getElementById('npy-root')?.dataset.pending === '0', null, { timeout: 20000 });
}

export async function cellText(page, r, c) {
  return page.$eval(`[data-row="${r}"][data-col="${c}"]`, (e) => e.textContent);
}

export async function cells(page) {
  return page.$$eval('[data-row][data-col]', (els) => Object.fromEntries(els.map((e) => [`${e.dataset.row},${e.dataset.col}`, e.textContent])));
}

export async function screenshot(page, name) {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `webview-${name}.png`) });
}
