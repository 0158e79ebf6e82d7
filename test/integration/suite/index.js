// In-host entry of the integration suite: VS Code calls `run()` inside the real extension host (code-server via
// test/integration/run.mjs, or Electron via test/integration/electron.mjs) with the extension under test loaded
// from the repository. Mocha comes from the repository's node_modules. Results go to the JSON file named by
// $NPY_IT_REPORT (the exit code VS Code reports is not reliable); progress goes to the console (codeAutomationLog).
'use strict';
const fs = require('fs');
const path = require('path');

exports.run = async function run() {
  const reportFile = process.env.NPY_IT_REPORT;
  const Mocha = require('mocha');
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.NPY_IT_TIMEOUT || 30000),
    reporter: require('./reporter'),
    reporterOptions: { output: reportFile },
  });
  if (process.env.NPY_IT_GREP) mocha.grep(process.env.NPY_IT_GREP);
  try {
    for (const f of fs.readdirSync(__dirname).sort()) {
      if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
    }
    const failures = await new Promise((resolve) => mocha.run(resolve));
    console.log(`[npy-it] done: ${failures} failure(s)`);
    if (failures > 0) throw new Error(`${failures} test(s) failed`);
  } catch (e) {
    // A crash while loading the suite still leaves a report that says so.
    if (reportFile && !fs.existsSync(reportFile)) {
      fs.writeFileSync(
        reportFile,
        JSON.stringify({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'suite crashed', error: String((e && e.stack) || e) }], tests: [] }),
      );
    }
    throw e;
  }
};
