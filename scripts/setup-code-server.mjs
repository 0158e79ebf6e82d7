#!/usr/bin/env node
// Idempotent offline install of code-server 4.100.3 (= VS Code 1.100.3) and playwright-core into
// .cache/code-server (git-ignored), following /work/shared/TESTING.md. The folder is marked complete
// (.complete with the versions) only at the very end; a complete folder is reused as is.
//
//   node scripts/setup-code-server.mjs          install if needed, print the folder
//   node scripts/setup-code-server.mjs --force  reinstall from scratch
//
// Importable: `ensureCodeServer()` returns { dir, entry, playwright } and throws Error(one-line reason).
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync, symlinkSync, lstatSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { fileURLToPath } from 'url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_RANGE = '1';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = process.env.NPY_CODE_SERVER_CACHE || join(repoRoot, '.cache', 'code-server');
const marker = join(cacheDir, '.complete');
const stamp = `code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_RANGE}`;

export function codeServerPaths(dir = cacheDir) {
  return {
    dir,
    entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwright: join(dir, 'node_modules', 'playwright-core', 'index.js'),
    vscodeDir: join(dir, 'node_modules', 'code-server', 'lib', 'vscode'),
  };
}

export function isComplete(dir = cacheDir) {
  const p = join(dir, '.complete');
  return existsSync(p) && readFileSync(p, 'utf8').trim() === stamp && existsSync(codeServerPaths(dir).entry);
}

function log(msg) {
  process.stderr.write(`[setup-code-server] ${msg}\n`);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function step(title, cmd, args, cwd, env = {}) {
  const t0 = Date.now();
  log(`${title} …`);
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) {
    const out = `${r.stdout || ''}\n${r.stderr || ''}`.trim().split('\n');
    const errLine = out.reverse().find((l) => /ERR!|error|Error/.test(l)) || out[0] || (r.error ? String(r.error) : `exit ${r.status}`);
    // Full output for whoever reads the log, one-line reason last.
    process.stderr.write(`${r.stdout || ''}${r.stderr || ''}\n`);
    throw new Error(`${title} failed in ${cwd}: ${errLine.trim()}`);
  }
  log(`${title} done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

export function ensureCodeServer({ force = false } = {}) {
  const paths = codeServerPaths();
  if (!force && isComplete()) {
    log(`reusing ${cacheDir}`);
    return paths;
  }
  const t0 = Date.now();
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) not found: run scripts/install-system-deps.sh');
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium not found: run scripts/install-system-deps.sh');
  for (const h of ['/usr/include/krb5.h', '/usr/include/X11/extensions/XKBfile.h']) {
    if (!existsSync(h)) throw new Error(`${h} missing (dev libs): run scripts/install-system-deps.sh`);
  }

  log(`installing ${stamp} into ${cacheDir}`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'npy-studio-code-server-cache', private: true, version: '0.0.0' }, null, 2) + '\n');
  step(
    `npm install code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_RANGE}`,
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_RANGE}`],
    cacheDir,
  );
  const vs = paths.vscodeDir;
  if (!existsSync(join(vs, 'package.json'))) throw new Error(`code-server package has no lib/vscode at ${vs}`);
  step('npm install (lib/vscode)', 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vs);

  const rgBin = join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  copyFileSync(rg, join(rgBin, 'rg'));
  chmodSync(join(rgBin, 'rg'), 0o755);
  log(`copied ${rg} into @vscode/ripgrep/bin`);

  step('npm rebuild (lib/vscode native modules)', 'npm', ['rebuild'], vs);
  const asar = join(vs, 'node_modules.asar');
  try {
    lstatSync(asar);
    rmSync(asar, { force: true, recursive: true });
  } catch {}
  symlinkSync('node_modules', asar);

  const ext = join(vs, 'extensions');
  if (existsSync(join(ext, 'package.json'))) {
    step('npm install (lib/vscode/extensions)', 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], ext);
  }
  step('npm rebuild argon2', 'npm', ['rebuild', 'argon2'], cacheDir);

  // Smoke check: the entry runs.
  const xdg = join(cacheDir, '.xdg');
  const v = spawnSync(process.execPath, [paths.entry, '--version'], {
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_DATA_HOME: join(xdg, 'data') },
  });
  rmSync(xdg, { recursive: true, force: true });
  const versionLine = (v.stdout || '').split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION)) || '';
  if (v.status !== 0 || !versionLine) {
    throw new Error(`code-server --version did not report ${CODE_SERVER_VERSION}: ${(v.stderr || v.stdout || '').trim().split('\n').pop()}`);
  }
  if (!existsSync(paths.playwright)) throw new Error('playwright-core missing after install');
  writeFileSync(marker, stamp + '\n');
  log(`complete in ${((Date.now() - t0) / 1000).toFixed(1)} s: code-server ${versionLine.trim()}`);
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const p = ensureCodeServer({ force: process.argv.includes('--force') });
    console.log(p.dir);
  } catch (e) {
    console.error(`setup-code-server: ${e.message}`);
    process.exit(1);
  }
}
