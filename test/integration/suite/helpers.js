// Shared helpers of the in-host suite (not a test file).
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const extensionId = `${pkg.publisher}.${pkg.name}`;
const VIEW_TYPE = 'npyStudio.viewer';

/** Folder of sample arrays made by scripts/make-samples.py (the opened workspace folder by default). */
function samplesDir() {
  if (process.env.NPY_IT_SAMPLES) return process.env.NPY_IT_SAMPLES;
  const f = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!f) throw new Error('no workspace folder and no $NPY_IT_SAMPLES');
  return f.uri.fsPath;
}

function manifest() {
  return JSON.parse(fs.readFileSync(path.join(samplesDir(), 'manifest.json'), 'utf8'));
}

function sampleUri(name) {
  return vscode.Uri.file(path.join(samplesDir(), name.endsWith('.npy') ? name : name + '.npy'));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 10000, stepMs = 50) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeoutMs) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(stepMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ': ' + last.message : ''}`);
}

/** The active tab if it is our custom editor on `uri` (any uri when omitted). */
function activeViewerTab(uri) {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (!tab || !(tab.input instanceof vscode.TabInputCustom)) return undefined;
  if (tab.input.viewType !== VIEW_TYPE) return undefined;
  if (uri && tab.input.uri.toString() !== uri.toString()) return undefined;
  return tab;
}

function describeActiveTab() {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (!tab) return 'no active tab';
  const input = tab.input || {};
  return `${tab.label} (${input.constructor && input.constructor.name}${input.viewType ? ' ' + input.viewType : ''})`;
}

async function closeAllEditors() {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function ensureActive() {
  const ext = vscode.extensions.getExtension(extensionId);
  if (!ext) throw new Error(`extension ${extensionId} is not loaded`);
  if (!ext.isActive) await ext.activate();
  return ext;
}

/** Why no custom editor can open at all (undefined when it can): missing extension, contribution or activation. */
async function viewerPrerequisite() {
  const ext = vscode.extensions.getExtension(extensionId);
  if (!ext) return `extension ${extensionId} is not loaded`;
  const editors = (pkg.contributes && pkg.contributes.customEditors) || [];
  if (!editors.some((e) => e.viewType === VIEW_TYPE)) return `package.json does not contribute ${VIEW_TYPE}`;
  try {
    if (!ext.isActive) await ext.activate();
  } catch (e) {
    return `activation failed: ${e.message}`;
  }
  return undefined;
}

module.exports = {
  viewerPrerequisite,
  repoRoot,
  pkg,
  extensionId,
  VIEW_TYPE,
  samplesDir,
  manifest,
  sampleUri,
  sleep,
  waitFor,
  activeViewerTab,
  describeActiveTab,
  closeAllEditors,
  ensureActive,
};
