// Mocha reporter: prints like `spec`, and writes {passed, failed, pending, failures} to $NPY_TEST_REPORT for
// scripts/test.mjs, which repeats the failures at the end of the run (CI shows only the tail of the output).
'use strict';
const fs = require('fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => {
      const first = String((err && err.message) || err).split('\n')[0];
      const at = String((err && err.stack) || '').match(/test\/[\w/.-]+\.(?:ts|mjs|js):\d+/);
      failures.push({ title: test.fullTitle(), error: (at ? `${first} (${at[0]})` : first).slice(0, 400) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.NPY_TEST_REPORT;
      if (!file) return;
      const s = runner.stats || {};
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0, failures }));
    });
  }
}
module.exports = CountingReporter;
