// Test harness: code-server (VS Code 1.100.3 server + web workbench) on a free 127.0.0.1 port with fresh temp dirs,
// and Chromium through playwright-core. See /work/shared/TESTING.md.
//
//   const cs = await startCodeServer({ workspace, extensionDirs, vsix });
//   const { browser, page } = await openWorkbench(cs, { payload });
//   ...; await browser.close(); await cs.stop();
//
// Every process started here is killed by its own PID (process group of the child we spawned) when stop() is
// called, and also when this Node process exits, crashes or receives SIGINT/SIGTERM/SIGHUP.
import { spawn, spawnSync } from 'child_process';
import { createRequire } from 'module';
import { createServer } from 'net';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync, existsSync, createWriteStream } from 'fs';
import { tmpdir } from 'os';
import { join, resolve, dirname, basename } from 'path';
import { fileURLToPath } from 'url';
import { ensureCodeServer, codeServerPaths, isComplete } from '../../scripts/setup-code-server.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CHROMIUM_PATH = process.env.NPY_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** User settings that keep the workbench quiet and deterministic. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.watcherExclude': {},
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
};

// ---------------------------------------------------------------------------------------------------------------
// Cleanup of everything we started, also on crash or signal.
const liveChildren = new Set(); // ChildProcess
const liveTemps = new Set(); // directories
const liveBrowsers = new Set();

function killTree(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the process group we created with detached: true
  } catch {
    try {
      process.kill(child.pid, signal);
    } catch {}
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cleanupSync() {
  for (const b of liveBrowsers) {
    const p = b.__npyProcess;
    if (p) killTree(p, 'SIGKILL');
  }
  for (const c of liveChildren) killTree(c, 'SIGKILL');
  // Wait (synchronously: this also runs in 'exit') until the killed process groups are gone, then remove temps.
  const deadline = Date.now() + 3000;
  for (const c of liveChildren) {
    while (Date.now() < deadline && groupAlive(c.pid)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  liveChildren.clear();
  if (!process.env.NPY_KEEP_TEMP) {
    for (const d of liveTemps) {
      try {
        rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      } catch {}
    }
  }
  liveTemps.clear();
}

let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      cleanupSync();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  process.on('uncaughtException', (e) => {
    console.error(e);
    cleanupSync();
    process.exit(1);
  });
  process.on('unhandledRejection', (e) => {
    console.error(e);
    cleanupSync();
    process.exit(1);
  });
}

export function makeTempDir(prefix = 'npy-cs-') {
  installExitHandlers();
  const d = mkdtempSync(join(tmpdir(), prefix));
  liveTemps.add(d);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(url, child, timeoutMs, logTail) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready: ${logTail()}`);
    }
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return Date.now() - t0;
    } catch {}
    await sleep(100);
  }
  throw new Error(`code-server not ready after ${timeoutMs} ms: ${logTail()}`);
}

/** The id folder name VS Code expects for an extension: publisher.name-version. */
export function extensionFolderName(extDir) {
  const pkg = JSON.parse(require_('fs').readFileSync(join(extDir, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`.toLowerCase();
}
const require_ = createRequire(import.meta.url);

/**
 * Start code-server.
 * @param {object} o
 * @param {string} [o.workspace]        folder to open (default: none)
 * @param {string[]} [o.vsix]           vsix files to install first (--install-extension)
 * @param {string[]} [o.linkExtensions] extension source folders to symlink into the extensions dir (no vsix needed)
 * @param {object} [o.settings]         extra user settings
 * @param {boolean} [o.quiet]           do not echo code-server's log (it is kept in <tmp>/code-server.log)
 * @param {number} [o.port]             fixed port (default: a free one)
 * @param {number} [o.readyTimeoutMs]
 */
export async function startCodeServer(o = {}) {
  installExitHandlers();
  const paths = isComplete() ? codeServerPaths() : ensureCodeServer();
  const tmp = makeTempDir('npy-cs-');
  const userDataDir = join(tmp, 'data');
  const extensionsDir = join(tmp, 'ext');
  const xdg = join(tmp, 'xdg');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(xdg, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...(o.settings || {}) }, null, 2));
  const config = join(tmp, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    VSCODE_PROXY_URI: '',
    ...(o.env || {}),
  };
  delete env.NODE_OPTIONS; // tsx / debuggers from the parent would leak into the extension host
  delete env.ELECTRON_RUN_AS_NODE;
  const baseArgs = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  for (const vsix of o.vsix || []) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [paths.entry, ...baseArgs, '--force', '--install-extension', vsix], {
      env,
      encoding: 'utf8',
      timeout: 120000,
    });
    if (r.status !== 0 || /Failed|Error/i.test(r.stderr || '')) {
      throw new Error(`installing ${vsix} failed: ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`);
    }
    if (!o.quiet) console.error(`[code-server] installed ${basename(vsix)} (${Date.now() - t0} ms)`);
  }
  for (const src of o.linkExtensions || []) {
    symlinkSync(resolve(src), join(extensionsDir, extensionFolderName(src)));
  }

  const port = o.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    paths.entry,
    ...baseArgs,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(o.extraArgs || []),
  ];
  if (o.workspace) args.push(resolve(o.workspace));
  const logFile = join(tmp, 'code-server.log');
  const logStream = createWriteStream(logFile);
  const tail = [];
  const t0 = Date.now();
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  const onData = (buf) => {
    logStream.write(buf);
    const text = buf.toString();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
    }
    if (!o.quiet) process.stderr.write(text.replace(/^(?=.)/gm, '[code-server] '));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const logTail = () => tail.slice(-5).join(' | ');
  const exited = new Promise((r) => child.once('exit', r));

  const readyMs = await waitHealthy(url, child, o.readyTimeoutMs ?? 60000, logTail);

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      killTree(child, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) killTree(child, 'SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    }
    // Strays of the group (extension host, file watcher) that outlived the server.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    liveChildren.delete(child);
    logStream.end();
    if (!process.env.NPY_KEEP_TEMP) {
      rmSync(tmp, { recursive: true, force: true });
      liveTemps.delete(tmp);
    }
  }

  return { url, port, pid: child.pid, child, tmp, userDataDir, extensionsDir, logFile, readyMs, startMs: Date.now() - t0, stop, logTail };
}

/** A `vscode-remote://` URI for an absolute path on the code-server machine (what `payload` entries need). */
export function remoteUri(cs, absPath) {
  return `vscode-remote://127.0.0.1:${cs.port}${resolve(absPath)}`;
}

/**
 * The workbench URL. `payload`: e.g. [["extensionDevelopmentPath", remoteUri(...)], ["extensionTestsPath", ...]].
 */
export function workbenchUrl(cs, { folder, payload } = {}) {
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(resolve(folder))}`);
  if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${cs.url}/${q.length ? '?' + q.join('&') : ''}`;
}

export function loadPlaywright() {
  const paths = isComplete() ? codeServerPaths() : ensureCodeServer();
  return createRequire(paths.playwright)(paths.playwright);
}

/** Launch Debian's Chromium through playwright-core with the flags from TESTING.md. */
export async function launchChromium({ headless = true, args = [] } = {}) {
  installExitHandlers();
  const { chromium } = loadPlaywright();
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found: run scripts/install-system-deps.sh`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless, args: [...CHROMIUM_ARGS, ...args] });
  liveBrowsers.add(browser);
  browser.on('disconnected', () => liveBrowsers.delete(browser));
  return browser;
}

/**
 * Open the workbench in a new page and wait for `.monaco-workbench`.
 * Options: folder, payload, viewport, onLog(text), exposeAutomation (default: true when payload is given).
 * Returns { browser, context, page, exit: Promise<number> } — `exit` resolves with codeAutomationExit's code.
 */
export async function openWorkbench(cs, o = {}) {
  const browser = o.browser || (await launchChromium(o));
  const context = await browser.newContext({ viewport: o.viewport || { width: 1400, height: 900 } });
  const page = await context.newPage();
  let resolveExit;
  const exit = new Promise((r) => (resolveExit = r));
  const expose = o.exposeAutomation ?? !!o.payload;
  if (expose) {
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args);
      (o.onLog || ((t) => process.stdout.write(t + '\n')))(text, type);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  }
  if (o.onConsole) page.on('console', (m) => o.onConsole(m));
  page.on('pageerror', (e) => o.onPageError && o.onPageError(e));
  const url = workbenchUrl(cs, { folder: o.folder, payload: o.payload });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: o.timeoutMs ?? 60000 });
  await page.waitForSelector('.monaco-workbench', { timeout: o.timeoutMs ?? 60000 });
  return { browser, context, page, exit, url };
}
