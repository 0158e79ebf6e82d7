#!/usr/bin/env node
// E2E layer: Playwright (playwright-core + Debian's Chromium) driving code-server like a user. The extension is
// installed from npy-studio.vsix when that file is newer than dist/ (`npm run package`), otherwise the repository
// is symlinked into the extensions dir as npy-studio.npy-studio-<version>. Screenshots go to test-results/.
//
//   node test/e2e/run.mjs [name-filter]      (writes $NPY_TEST_REPORT when set)
//   NPY_E2E_HEADFUL=1 / NPY_KEEP_TEMP=1 / NPY_E2E_VSIX=path / NPY_E2E_LINK=1 (force the symlink)
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { startCodeServer, openWorkbench, makeTempDir, repoRoot } from '../harness/codeServer.mjs';
import { Workbench, sleep } from './lib.mjs';

const t0 = Date.now();
const outReport = process.env.NPY_TEST_REPORT;
const filter = process.argv[2] ? new RegExp(process.argv[2], 'i') : null;
const resultsDir = join(repoRoot, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const log = (m) => console.log(`[e2e] ${m}`);
const counts = { passed: 0, failed: 0, pending: 0 };
const failures = [];

/** The first line of the error and where in a test file it was thrown (Playwright's messages do not say which step). */
function failureText(e) {
  const first = String((e && e.message) || e).split('\n')[0];
  const at = String((e && e.stack) || '').match(/test\/e2e\/[\w.]+\.e2e\.mjs:\d+/);
  return at ? `${first} (${at[0]})` : first;
}

function finish(code, reason) {
  if (reason) console.error(`[e2e] FAILED: ${reason}`);
  const listed = failures.map((f) => ({ title: f.name, error: String(f.message).slice(0, 400) }));
  if (reason && !listed.length) listed.push({ title: 'e2e run', error: String(reason).split('\n')[0].slice(0, 400) });
  if (outReport) writeFileSync(outReport, JSON.stringify({ ...counts, failures: listed }));
  log(`${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  for (const f of failures) console.error(`  ✗ ${f.name}: ${f.message}`);
  process.exit(code);
}

/** The vsix to install, if it exists and is newer than the bundles it contains. */
function freshVsix() {
  const vsix = process.env.NPY_E2E_VSIX || join(repoRoot, 'npy-studio.vsix');
  if (process.env.NPY_E2E_LINK || !existsSync(vsix)) return null;
  const built = ['dist/extension.js', 'dist/webview.js', 'package.json']
    .map((p) => join(repoRoot, p))
    .filter(existsSync)
    .map((p) => statSync(p).mtimeMs);
  if (built.some((m) => m > statSync(vsix).mtimeMs)) {
    log(`${vsix} is older than dist/: using the repository symlink instead`);
    return null;
  }
  return vsix;
}

let cs;
let browser;
try {
  for (const p of ['dist/extension.js', 'dist/webview.js']) {
    if (!existsSync(join(repoRoot, p))) throw new Error(`${p} missing: run npm run build`);
  }
  const tmp = makeTempDir('npy-e2e-');
  const workspace = join(tmp, 'samples');
  mkdirSync(workspace);
  const gen = spawnSync('python3', [join(repoRoot, 'scripts', 'make-samples.py'), workspace, '--big'], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`make-samples.py failed: ${(gen.stderr || '').trim().split('\n').pop()}`);
  const manifest = JSON.parse(readFileSync(join(workspace, 'manifest.json'), 'utf8'));
  const files = readdirSync(new URL('.', import.meta.url))
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort();
  const modules = [];
  for (const f of files) modules.push([f, await import(pathToFileURL(join(repoRoot, 'test', 'e2e', f)).href)]);
  const python = (code, ...args) => {
    const r = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python failed: ${(r.stderr || '').trim().split('\n').pop()}`);
    return r.stdout;
  };
  for (const [, mod] of modules) if (mod.prepare) await mod.prepare({ workspace, python, manifest });
  const ctx = { manifest, timings: {}, log };

  // Fresh-profile tests first: each gets its own code-server, user data and workspace, where nothing was opened.
  for (const [, mod] of modules) {
    for (const t of mod.freshTests || []) {
      if (filter && !filter.test(t.name)) continue;
      const started = Date.now();
      const freshWs = join(makeTempDir('npy-e2e-fresh-'), 'ws');
      mkdirSync(freshWs);
      mod.prepareFresh?.({ workspace: freshWs, python });
      let fcs;
      let fbrowser;
      try {
        fcs = await startCodeServer({
          workspace: freshWs,
          settings: t.settings, // a fresh test may run under user settings (e.g. a display precision)
          quiet: !process.env.NPY_E2E_VERBOSE,
          ...(freshVsix() ? { vsix: [freshVsix()] } : { linkExtensions: [repoRoot] }),
        });
        const h = await openWorkbench(fcs, { folder: freshWs, headless: !process.env.NPY_E2E_HEADFUL });
        fbrowser = h.browser;
        h.page.setDefaultTimeout(15000);
        const fwb = new Workbench(h.page, { workspace: freshWs, resultsDir });
        let timer;
        await Promise.race([
          t.fn(fwb, ctx, fcs),
          new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out after ${t.timeoutMs} ms`)), t.timeoutMs))),
        ]).finally(() => clearTimeout(timer));
        counts.passed++;
        console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
        await fwb.screenshot(t.name);
      } catch (e) {
        counts.failed++;
        const message = failureText(e);
        failures.push({ name: t.name, message });
        console.log(`  ✗ ${t.name}: ${message}`);
      } finally {
        await fbrowser?.close().catch(() => {});
        await fcs?.stop().catch(() => {});
      }
    }
  }

  const vsix = freshVsix();
  cs = await startCodeServer({
    workspace,
    quiet: !process.env.NPY_E2E_VERBOSE,
    ...(vsix ? { vsix: [vsix] } : { linkExtensions: [repoRoot] }),
  });
  log(`code-server ${cs.url} ready in ${cs.readyMs} ms; extension ${vsix ? `from ${vsix}` : 'symlinked from the repository'}`);

  const pageErrors = [];
  const wbh = await openWorkbench(cs, {
    folder: workspace,
    headless: !process.env.NPY_E2E_HEADFUL,
    onPageError: (e) => pageErrors.push(e.message),
  });
  browser = wbh.browser;
  const page = wbh.page;
  page.setDefaultTimeout(15000);
  // The extension host must know the custom editor before the first file opens (else: text editor).
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30000 });
  await sleep(2500);
  log(`workbench ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const wb = new Workbench(page, { workspace, resultsDir });
  const tests = modules.flatMap(([f, mod]) => mod.tests.map((t) => ({ ...t, file: f })));

  let first = true;
  for (const t of tests) {
    if (filter && !filter.test(t.name)) continue;
    const started = Date.now();
    try {
      if (!first) await wb.closeAllEditors().catch(() => {});
      first = false;
      let timer;
      const result = await Promise.race([
        t.fn(wb, ctx),
        new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out after ${t.timeoutMs} ms`)), t.timeoutMs))),
      ]).finally(() => clearTimeout(timer));
      if (result === 'skip') {
        counts.pending++;
        console.log(`  - ${t.name} (skipped)`);
      } else {
        counts.passed++;
        console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
      }
    } catch (e) {
      counts.failed++;
      const message = failureText(e);
      failures.push({ name: t.name, message });
      console.log(`  ✗ ${t.name}: ${message}`);
    }
    const shot = await wb.screenshot(t.name);
    if (process.env.NPY_E2E_VERBOSE) log(`screenshot ${shot}`);
  }
  if (pageErrors.length && process.env.NPY_E2E_VERBOSE) log(`page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
  writeFileSync(join(resultsDir, 'e2e-report.json'), JSON.stringify({ ...counts, failures, timings: ctx.timings }, null, 1));
  await browser.close().catch(() => {});
  browser = undefined;
  await cs.stop();
  cs = undefined;
  finish(counts.failed > 0 ? 1 : 0);
} catch (e) {
  counts.failed++;
  if (browser) await browser.close().catch(() => {});
  if (cs) await cs.stop().catch(() => {});
  finish(1, e && e.message ? e.message : String(e));
}
