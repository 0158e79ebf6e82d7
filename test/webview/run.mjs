// Webview test layer: fixtures from numpy, then the viewer specs in Chromium against a fake host running the real
// engine. Writes {passed, failed, pending} to $NPY_TEST_REPORT (via the counting reporter) like the other layers.
// Needs dist/webview.js (`npm run build`; `npm test` builds first).
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join, dirname } from 'path';
import { fileURLToPath } from 'url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function fail(message) {
  console.error(`webview tests: ${message}`);
  if (process.env.NPY_TEST_REPORT) writeFileSync(process.env.NPY_TEST_REPORT, JSON.stringify({ passed: 0, failed: 1, pending: 0 }));
  process.exit(1);
}

if (!existsSync(join(root, 'dist', 'webview.js'))) fail('dist/webview.js is missing: run `npm run build` first');
try {
  require.resolve('playwright-core');
} catch {
  fail('playwright-core is not installed (npm install --save-dev playwright-core@1)');
}

const ownFixtures = !process.env.NPY_WEBVIEW_FIXTURES;
const fixtures = process.env.NPY_WEBVIEW_FIXTURES ?? mkdtempSync(join(tmpdir(), 'npy-webview-'));
const gen = spawnSync('python3', [join(here, 'fixtures.py'), fixtures], { stdio: 'inherit' });
if (gen.status !== 0) fail('could not generate fixtures with numpy');
process.env.NPY_WEBVIEW_FIXTURES = fixtures;

const Mocha = require('mocha');
const Reporter = require('../support/countingReporter.js');
const mocha = new Mocha({ reporter: Reporter, timeout: 60000, slow: 5000 });
// `--grep=REGEX`, or NPY_WEBVIEW_GREP (as the e2e and integration layers take their filters).
const grep = process.argv.find((a) => a.startsWith('--grep='))?.slice('--grep='.length) ?? process.env.NPY_WEBVIEW_GREP;
if (grep) mocha.grep(grep);
mocha.addFile(join(here, 'viewer.spec.mjs'));
mocha.addFile(join(here, 'members.spec.mjs'));
mocha.addFile(join(here, 'stats.spec.mjs'));
mocha.addFile(join(here, 'picture.spec.mjs'));
mocha.addFile(join(here, 'histogram.spec.mjs'));
mocha.addFile(join(here, 'heatmapTools.spec.mjs'));
mocha.addFile(join(here, 'imageChannels.spec.mjs'));
mocha.addFile(join(here, 'visibleDomain.spec.mjs'));
mocha.addFile(join(here, 'table.spec.mjs'));
await mocha.loadFilesAsync();
mocha.run((failures) => {
  if (ownFixtures) rmSync(fixtures, { recursive: true, force: true });
  process.exitCode = failures ? 1 : 0;
});
