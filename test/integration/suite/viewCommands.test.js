// Export View and Copy View as NumPy Code on the focused viewer, driven through their programmatic arguments:
// what they write and copy is checked with numpy (np.load of the export equals evaluating the copied code).
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const vscode = require('vscode');
const h = require('./helpers');

function python(code, ...args) {
  const r = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

describe('view commands: Export View…, Copy View as NumPy Code', function () {
  this.timeout(60000);
  let dir;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-viewcmd-'))));
  after(async () => {
    await h.closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports the shown view of a 3-D array as a .npy numpy loads equal to the copied expression', async function () {
    await h.ensureActive();
    const uri = h.sampleUri('cube_c_i4');
    await vscode.commands.executeCommand('vscode.openWith', uri, h.VIEW_TYPE);
    await h.waitFor('the viewer tab', () => h.activeViewerTab(uri));
    const copied = await vscode.commands.executeCommand('npyStudio.copyViewAsCode');
    assert.ok(copied && copied.ok, JSON.stringify(copied));
    assert.strictEqual(copied.code, `np.load(${JSON.stringify(uri.fsPath).replace(/"/g, "'")}, mmap_mode='r')[0]`);
    assert.strictEqual(await vscode.env.clipboard.readText(), copied.code);
    const target = path.join(dir, 'view.npy');
    const r = await vscode.commands.executeCommand('npyStudio.exportView', { format: 'npy', target, notify: false });
    assert.ok(r && r.ok, JSON.stringify(r));
    const same = python(
      'import numpy as np, sys\nwant = eval(sys.argv[1], {"np": np})\ngot = np.load(sys.argv[2])\nprint(got.shape == want.shape and got.dtype == want.dtype and np.array_equal(got, want))',
      copied.code,
      target,
    );
    assert.strictEqual(same, 'True');
    // Never over an existing file unasked; a CSV of a selection.
    const again = await vscode.commands.executeCommand('npyStudio.exportView', { format: 'npy', target, notify: false });
    assert.ok(!again.ok && /already exists/.test(again.error), JSON.stringify(again));
    const csv = path.join(dir, 'sel.csv');
    const c = await vscode.commands.executeCommand('npyStudio.exportView', { format: 'csv', target: csv, range: { row0: 1, rows: 2, col0: 3, cols: 2 }, notify: false });
    assert.ok(c.ok, JSON.stringify(c));
    const want = python("import numpy as np, sys\na = np.load(sys.argv[1])[0, 1:3, 3:5]\nprint('\\n'.join(','.join(str(x) for x in r) for r in a))", uri.fsPath);
    assert.strictEqual(fs.readFileSync(csv, 'utf8'), want + '\n');
  });
});
