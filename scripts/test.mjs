// `npm test`: lints (eslint, prettier --check), builds, type-checks, runs every test layer and ends with one line `N passed, N failed`.
// Each layer writes its counts to a JSON file; a layer that crashes without a report counts as one failure.
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bootstrap } from './bootstrap.mjs';

const only = process.argv.slice(2);
bootstrap();
const reportDir = mkdtempSync(join(tmpdir(), 'npy-test-'));

/** Each layer: a command that honours $NPY_TEST_REPORT. Later layers are added by their harness modules. */
const layers = [
  { name: 'unit', cmd: ['npx', 'mocha', '--reporter', './test/support/countingReporter.js', 'test/unit/**/*.test.ts'] },
  // A short deterministic fuzz pass (fixed seed): the named regression fixtures, then ~20 s of mutated inputs; any
  // unexpected exception, hang or oversized allocation fails it. `npm run fuzz -- --seconds N` runs longer.
  { name: 'fuzz', cmd: ['node', '--import', 'tsx', 'test/fuzz/run.ts', '--seconds', '20', '--seed', '12'] },
  { name: 'webview', cmd: ['node', 'test/webview/run.mjs'], when: 'test/webview/run.mjs' },
  { name: 'integration', cmd: ['node', 'test/integration/run.mjs'], when: 'test/integration/run.mjs' },
  { name: 'e2e', cmd: ['node', 'test/e2e/run.mjs'], when: 'test/e2e/run.mjs' },
];

function run(cmd, env = {}) {
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

let passed = 0;
let failed = 0;
/** Every failure, repeated just above the last line: CI keeps only the tail of the output. */
const failures = [];
const steps = [
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['format:check', ['npm', 'run', '--silent', 'format:check']],
  ['build', ['node', 'scripts/build.mjs']],
  ['typecheck', ['npx', 'tsc', '-p', '.', '--noEmit']],
];
for (const [name, cmd] of steps) {
  if (run(cmd) !== 0) {
    console.error(`${name} failed`);
    failed += 1;
    failures.push(`${name}: exit status not 0`);
  }
}
for (const layer of layers) {
  if (only.length && !only.includes(layer.name)) continue;
  if (layer.when && !existsSync(layer.when)) continue;
  console.log(`\n=== ${layer.name} tests ===`);
  const report = join(reportDir, `${layer.name}.json`);
  const status = run(layer.cmd, { NPY_TEST_REPORT: report });
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.passed;
    failed += r.failed;
    for (const f of r.failures ?? []) failures.push(`${layer.name}: ${f.title}: ${f.error}`);
    if (status !== 0 && r.failed === 0) {
      failed += 1;
      failures.push(`${layer.name}: exit status ${status} with no failed test`);
    }
    console.log(`${layer.name}: ${r.passed} passed, ${r.failed} failed`);
  } else {
    console.error(`${layer.name}: no report (exit ${status})`);
    failed += 1;
    failures.push(`${layer.name}: no report (exit ${status})`);
  }
}
if (failures.length) {
  console.log(`\nfailures (${failures.length}):`);
  for (const f of failures) console.log(`  ✗ ${f.replace(/\s+/g, ' ')}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
