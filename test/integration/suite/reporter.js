// Mocha reporter for the in-host suite: one console line per test (these reach the launcher through
// codeAutomationLog / the Electron stdout) and a JSON report {passed, failed, pending, failures, tests} written
// to reporterOptions.output when the run ends.
'use strict';
const fs = require('fs');
const Mocha = require('mocha');
const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END, EVENT_SUITE_BEGIN } = Mocha.Runner.constants;

class InHostReporter extends Mocha.reporters.Base {
  constructor(runner, options) {
    super(runner, options);
    const output = options && options.reporterOptions && options.reporterOptions.output;
    const tests = [];
    const failures = [];
    const t0 = Date.now();
    runner.on(EVENT_SUITE_BEGIN, (s) => s.title && console.log(`[npy-it] ${s.fullTitle()}`));
    runner.on(EVENT_TEST_PASS, (t) => {
      tests.push({ title: t.fullTitle(), state: 'passed', duration: t.duration });
      console.log(`[npy-it]   ✓ ${t.title} (${t.duration} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (t) => {
      tests.push({ title: t.fullTitle(), state: 'pending' });
      console.log(`[npy-it]   - ${t.title} (pending)`);
    });
    runner.on(EVENT_TEST_FAIL, (t, err) => {
      const msg = (err && (err.stack || err.message)) || String(err);
      tests.push({ title: t.fullTitle(), state: 'failed', duration: t.duration });
      failures.push({ title: t.fullTitle(), error: String((err && err.message) || err), stack: msg });
      console.log(`[npy-it]   ✗ ${t.title}: ${String((err && err.message) || err).split('\n')[0]}`);
    });
    runner.once(EVENT_RUN_END, () => {
      const report = {
        passed: tests.filter((t) => t.state === 'passed').length,
        failed: failures.length,
        pending: tests.filter((t) => t.state === 'pending').length,
        durationMs: Date.now() - t0,
        vscode: safeVersion(),
        failures,
        tests,
      };
      console.log(`[npy-it] ${report.passed} passed, ${report.failed} failed, ${report.pending} pending`);
      if (output) fs.writeFileSync(output, JSON.stringify(report, null, 1));
    });
  }
}

function safeVersion() {
  try {
    return require('vscode').version;
  } catch {
    return undefined;
  }
}

module.exports = InHostReporter;
