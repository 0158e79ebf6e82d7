// Python hover: a string literal naming a .npy shows the array's shape and dtype (header only).
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

function hoverText(hovers) {
  return (hovers || [])
    .flatMap((hv) => hv.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1'); // markdown escapes -> plain text
}

describe('Python hover on a .npy path', function () {
  let pyFile;
  before(async function () {
    await h.ensureActive();
    pyFile = path.join(h.samplesDir(), 'hover_sample.py');
    fs.writeFileSync(
      pyFile,
      ['import numpy as np', 'a = np.load("matrix_i4.npy")', "b = np.load('cube_fortran_i4.npy', mmap_mode='r')", 'c = np.load("does_not_exist.npy")', ''].join('\n'),
    );
  });
  after(async function () {
    await h.closeAllEditors();
    fs.rmSync(pyFile, { force: true });
  });

  async function hoverAt(line, needle) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(pyFile));
    assert.strictEqual(doc.languageId, 'python');
    const col = doc.lineAt(line).text.indexOf(needle) + 3;
    return vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col));
  }

  it('shows shape and dtype of a relative path in double quotes', async function () {
    const text = await h.waitFor(
      'a hover with int32',
      async () => {
        const t = hoverText(await hoverAt(1, 'matrix_i4'));
        return /int32/.test(t) ? t : undefined;
      },
      10000,
      200,
    );
    assert.match(text, /200, 30/);
  });

  it('notes Fortran order, single quotes', async function () {
    const text = hoverText(await hoverAt(2, 'cube_fortran'));
    assert.match(text, /int32/);
    assert.match(text, /4, 5, 6/);
    assert.match(text, /Fortran/);
  });

  it('offers "Open in NPY Studio" that runs npyStudio.openInViewer', async function () {
    const text = hoverText(await hoverAt(1, 'matrix_i4'));
    assert.match(text, /command:npyStudio\.openInViewer/);
  });

  it('shows nothing for a missing file', async function () {
    const text = hoverText(await hoverAt(3, 'does_not'));
    assert.doesNotMatch(text, /int32|float|shape/i);
  });
});
