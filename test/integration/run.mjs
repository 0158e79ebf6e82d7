#!/usr/bin/env node
// Integration layer: the mocha suite in test/integration/suite runs inside a real VS Code extension host
// (code-server 4.100.3 = VS Code 1.100.3, offline), with the extension loaded from the repository root
// (extensionDevelopmentPath; dist/ must already be built: `npm test` builds first).
//
//   node test/integration/run.mjs             (writes $NPY_TEST_REPORT when set)
//   NPY_IT_GREP=opening node test/integration/run.mjs
//   NPY_IT_HEADFUL=1 / NPY_KEEP_TEMP=1 / NPY_IT_DEADLINE_MS=240000
//
// Exits non-zero when a test fails, or when the suite wrote no report before the deadline.
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import { startCodeServer, openWorkbench, remoteUri, makeTempDir, repoRoot } from '../harness/codeServer.mjs';

const t0 = Date.now();
const deadlineMs = Number(process.env.NPY_IT_DEADLINE_MS || 240000);
const outReport = process.env.NPY_TEST_REPORT;
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (m) => console.log(`[integration] ${m}`);

function finish(counts, code, reason) {
  if (reason) console.error(`[integration] FAILED: ${reason}`);
  const failures = (counts.failures || []).map((f) => ({ title: f.title, error: String(f.error).split('\n')[0].slice(0, 400) }));
  if (reason && !failures.length) failures.push({ title: 'integration run', error: String(reason).split('\n')[0].slice(0, 400) });
  if (outReport) writeFileSync(outReport, JSON.stringify({ passed: counts.passed, failed: counts.failed, pending: counts.pending, failures }));
  say(`${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending (${elapsed()})`);
  process.exit(code);
}

let cs;
let browser;
try {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    // Not fatal here: the suite reports the extension's absence test by test.
    console.warn('[integration] warning: dist/extension.js is missing (run `npm run build`)');
  }
  const tmp = makeTempDir('npy-it-');
  const workspace = join(tmp, 'workspace');
  mkdirSync(workspace);
  const gen = spawnSync('python3', [join(repoRoot, 'scripts', 'make-samples.py'), workspace, '--big'], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`make-samples.py failed: ${(gen.stderr || '').trim().split('\n').pop()}`);
  say(`${gen.stdout.trim()} (${elapsed()})`);
  const report = join(tmp, 'mocha-report.json');

  cs = await startCodeServer({
    workspace,
    quiet: !process.env.NPY_IT_VERBOSE,
    env: {
      NPY_IT_REPORT: report,
      NPY_IT_SAMPLES: workspace,
      ...(process.env.NPY_IT_GREP ? { NPY_IT_GREP: process.env.NPY_IT_GREP } : {}),
    },
  });
  say(`code-server ${cs.url} ready in ${cs.readyMs} ms (pid ${cs.pid})`);

  const payload = [
    ['extensionDevelopmentPath', remoteUri(cs, repoRoot)],
    ['extensionTestsPath', remoteUri(cs, join(repoRoot, 'test', 'integration', 'suite', 'index.js'))],
  ];
  const hostLog = [];
  const wb = await openWorkbench(cs, {
    folder: workspace,
    payload,
    headless: !process.env.NPY_IT_HEADFUL,
    onLog: (text) => {
      hostLog.push(text);
      // The suite's own lines always; the workbench's chatter only in verbose mode.
      if (text.includes('[npy-it]') || process.env.NPY_IT_VERBOSE) console.log(text.replace(/^.*?\[npy-it\] ?/, '  '));
    },
    onPageError: (e) => process.env.NPY_IT_VERBOSE && console.error(`[page error] ${e.message}`),
  });
  browser = wb.browser;
  say(`workbench loaded (${elapsed()})`);

  const timeout = new Promise((r) => setTimeout(() => r('timeout'), Math.max(1000, deadlineMs - (Date.now() - t0))));
  const exit = await Promise.race([wb.exit, timeout]);
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  await wb.page.screenshot({ path: join(repoRoot, 'test-results', 'integration-end.png') }).catch(() => {});
  await browser.close().catch(() => {});
  browser = undefined;
  await cs.stop();
  cs = undefined;

  if (!existsSync(report)) {
    const tail = hostLog.slice(-15).join('\n');
    finish(
      { passed: 0, failed: 1, pending: 0 },
      1,
      `no mocha report (${exit === 'timeout' ? `deadline of ${deadlineMs} ms` : `host exited with ${exit}`}); last host log lines:\n${tail}`,
    );
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  for (const f of r.failures || [])
    console.error(
      `\n  ✗ ${f.title}\n    ${String(f.stack || f.error)
        .split('\n')
        .slice(0, 6)
        .join('\n    ')}`,
    );
  say(`extension host exit ${exit}, VS Code ${r.vscode}, suite ${r.durationMs} ms`);
  finish(r, r.failed > 0 ? 1 : 0);
} catch (e) {
  if (browser) await browser.close().catch(() => {});
  if (cs) await cs.stop().catch(() => {});
  finish({ passed: 0, failed: 1, pending: 0 }, 1, e && e.message ? e.message : String(e));
}
