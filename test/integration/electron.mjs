#!/usr/bin/env node
// Second launcher of the in-host integration suite (test/integration/suite) with @vscode/test-electron: a real
// desktop VS Code (Electron) downloaded from Microsoft's update server into .cache/vscode-test. Not part of
// `npm test` (the offline machines cannot reach that server); when the download is refused it prints
// `skipped: no VS Code build reachable` and exits 0.
//
//   node test/integration/electron.mjs            (VS Code NPY_VSCODE_VERSION, default 1.100.3 like code-server)
//   xvfb-run -a node test/integration/electron.mjs (on a Linux machine without a display)
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { fileURLToPath } from 'url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = process.env.NPY_VSCODE_VERSION || '1.100.3';
const outReport = process.env.NPY_TEST_REPORT;
const say = (m) => console.log(`[electron] ${m}`);

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({
    version,
    cachePath: join(repoRoot, '.cache', 'vscode-test'),
    timeout: 15000,
  });
} catch (e) {
  console.log(`skipped: no VS Code build reachable (${String((e && e.message) || e).split('\n')[0]})`);
  if (outReport) writeFileSync(outReport, JSON.stringify({ passed: 0, failed: 0, pending: 0 }));
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'npy-electron-'));
const cleanup = () => !process.env.NPY_KEEP_TEMP && rmSync(tmp, { recursive: true, force: true });
process.on('exit', cleanup);
const workspace = join(tmp, 'workspace');
mkdirSync(workspace);
const gen = spawnSync('python3', [join(repoRoot, 'scripts', 'make-samples.py'), workspace, '--big'], { encoding: 'utf8' });
if (gen.status !== 0) {
  console.error(`[electron] make-samples.py failed: ${(gen.stderr || '').trim().split('\n').pop()}`);
  process.exit(1);
}
const report = join(tmp, 'mocha-report.json');
let exitCode = 0;
try {
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'test', 'integration', 'suite', 'index.js'),
    extensionTestsEnv: { NPY_IT_REPORT: report, NPY_IT_SAMPLES: workspace, ...(process.env.NPY_IT_GREP ? { NPY_IT_GREP: process.env.NPY_IT_GREP } : {}) },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(tmp, 'user-data'),
      '--extensions-dir',
      join(tmp, 'extensions'),
    ],
  });
} catch (e) {
  exitCode = 1;
  console.error(`[electron] run failed: ${String((e && e.message) || e)}`);
}
if (!existsSync(report)) {
  console.error('[electron] FAILED: the suite wrote no report');
  if (outReport) writeFileSync(outReport, JSON.stringify({ passed: 0, failed: 1, pending: 0 }));
  process.exit(1);
}
const r = JSON.parse(readFileSync(report, 'utf8'));
for (const f of r.failures || []) console.error(`  ✗ ${f.title}: ${f.error}`);
say(`VS Code ${r.vscode}: ${r.passed} passed, ${r.failed} failed, ${r.pending} pending (exit ${exitCode})`);
if (outReport) writeFileSync(outReport, JSON.stringify({ passed: r.passed, failed: r.failed, pending: r.pending }));
process.exit(r.failed > 0 ? 1 : 0);
