// The extension inside a real VS Code extension host: activation, contributions, opening .npy files.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const vscode = require('vscode');
const h = require('./helpers');

describe('NPY Studio in the extension host', function () {
  after(h.closeAllEditors);

  describe('activation and contributions', function () {
    it('is loaded from the development path and activates', async function () {
      const ext = vscode.extensions.getExtension(h.extensionId);
      assert.ok(ext, `extension ${h.extensionId} not found`);
      assert.strictEqual(path.resolve(ext.extensionUri.fsPath), path.resolve(h.repoRoot));
      await ext.activate();
      assert.ok(ext.isActive, 'extension did not become active');
    });

    it('declares the npyStudio.viewer custom editor for *.npy', function () {
      const editors = (h.pkg.contributes && h.pkg.contributes.customEditors) || [];
      const viewer = editors.find((e) => e.viewType === h.VIEW_TYPE);
      assert.ok(viewer, `package.json contributes.customEditors has no ${h.VIEW_TYPE}`);
      const patterns = (viewer.selector || []).map((s) => s.filenamePattern);
      assert.ok(patterns.includes('*.npy'), `selector patterns ${JSON.stringify(patterns)} lack *.npy`);
    });

    it('registers every npyStudio.* command declared in package.json', async function () {
      await h.ensureActive();
      const declared = ((h.pkg.contributes && h.pkg.contributes.commands) || []).map((c) => c.command);
      const ours = declared.filter((c) => c.startsWith('npyStudio.'));
      assert.ok(ours.length > 0, 'package.json declares no npyStudio.* command');
      assert.deepStrictEqual(
        declared.filter((c) => !c.startsWith('npyStudio.')),
        [],
        'commands outside the npyStudio. namespace',
      );
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = ours.filter((c) => !registered.has(c));
      assert.deepStrictEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
    });
  });

  describe('opening .npy files', function () {
    beforeEach(h.closeAllEditors);

    it('a preview tab whose preview has ended (as after a window reload) closes itself instead of showing an error page', async function () {
      await h.ensureActive();
      const stale = vscode.Uri.from({ scheme: 'npy-preview', path: '/tmp/raw.bin · NPY preview', query: 'p424242' });
      await vscode.commands.executeCommand('vscode.openWith', stale, h.VIEW_TYPE);
      const open = () =>
        vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === stale.toString()));
      await h.waitFor('the stale preview tab to close', () => !open(), 10000);
    });

    it('vscode.openWith(uri, "npyStudio.viewer") opens the custom editor', async function () {
      const uri = h.sampleUri('matrix_i4');
      await vscode.commands.executeCommand('vscode.openWith', uri, h.VIEW_TYPE);
      await h.waitFor(`the viewer tab on ${uri.fsPath} (active: ${h.describeActiveTab()})`, () => h.activeViewerTab(uri));
    });

    it('a .npy opens in npyStudio.viewer by default (vscode.open)', async function () {
      const uri = h.sampleUri('matrix_f8');
      await vscode.commands.executeCommand('vscode.open', uri);
      await h
        .waitFor('the viewer as the default editor', () => h.activeViewerTab(uri), 10000)
        .catch((e) => {
          throw new Error(`${e.message}; active tab: ${h.describeActiveTab()}`);
        });
    });

    it('npyStudio.openInViewer(uri string) opens the viewer (the hover link)', async function () {
      const uri = h.sampleUri('cube_c_i4');
      await vscode.commands.executeCommand('npyStudio.openInViewer', uri.toString());
      await h.waitFor(`the viewer tab (active: ${h.describeActiveTab()})`, () => h.activeViewerTab(uri));
    });

    it('opening the same file twice keeps one tab', async function () {
      const uri = h.sampleUri('matrix_i4');
      await vscode.commands.executeCommand('vscode.openWith', uri, h.VIEW_TYPE);
      await vscode.commands.executeCommand('vscode.openWith', uri, h.VIEW_TYPE);
      await h.waitFor('the viewer tab', () => h.activeViewerTab(uri));
      const tabs = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString());
      assert.strictEqual(tabs.length, 1);
    });
  });

  describe('every sample kind opens', function () {
    // One test per array made by scripts/make-samples.py (every dtype, big-endian, 0-d, zero-size, structured,
    // datetime units, strings, object (refused: the editor must still open and show the header), 100 GiB sparse).
    let names = [];
    try {
      names = Object.keys(h.manifest()).sort();
    } catch (e) {
      it('has a manifest of samples', function () {
        throw e;
      });
    }
    let blocked;
    before(async function () {
      // Counted as failures, without waiting for each one, while the viewer cannot exist.
      blocked = await h.viewerPrerequisite();
    });
    for (const name of names) {
      it(name, async function () {
        if (blocked) throw new Error(`not attempted: ${blocked}`);
        const uri = h.sampleUri(h.manifest()[name].file);
        await vscode.commands.executeCommand('vscode.openWith', uri, h.VIEW_TYPE);
        await h.waitFor(`viewer tab for ${name} (active: ${h.describeActiveTab()})`, () => h.activeViewerTab(uri), 10000);
        await h.closeAllEditors();
      });
    }
  });

  describe('file changes', function () {
    let tmp;
    before(function () {
      tmp = path.join(h.samplesDir(), 'changing.npy');
      const r = spawnSync('python3', ['-c', 'import numpy as np, sys; np.save(sys.argv[1], np.arange(6, dtype="<i4").reshape(2, 3))', tmp]);
      assert.strictEqual(r.status, 0, String(r.stderr));
    });
    after(async function () {
      await h.closeAllEditors();
      fs.rmSync(tmp, { force: true });
    });

    it('the viewer stays open when the file is rewritten with a new shape, truncated and deleted', async function () {
      const uri = vscode.Uri.file(tmp);
      await vscode.commands.executeCommand('vscode.openWith', uri, h.VIEW_TYPE);
      await h.waitFor('viewer tab', () => h.activeViewerTab(uri));
      const r = spawnSync('python3', ['-c', 'import numpy as np, sys; np.save(sys.argv[1], np.arange(20, dtype="<f8").reshape(4, 5))', tmp]);
      assert.strictEqual(r.status, 0, String(r.stderr));
      await h.sleep(500);
      assert.ok(h.activeViewerTab(uri), `after rewrite: ${h.describeActiveTab()}`);
      fs.truncateSync(tmp, 100); // shorter than the header: must not crash the host
      await h.sleep(500);
      assert.ok(h.activeViewerTab(uri), `after truncate: ${h.describeActiveTab()}`);
      const ext = vscode.extensions.getExtension(h.extensionId);
      assert.ok(ext && ext.isActive);
    });

    // The webview's DOM is not reachable from the extension host: the reload of the values on change, the hover
    // in the Explorer and the status bar item are checked by test/e2e (Playwright in code-server).
  });
});
