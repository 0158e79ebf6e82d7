// NPY Studio: activation. Registers the viewer, its status bar item, Explorer tooltips, the Python hover and
// commands. package.json activates it where hover and tooltips can be needed (Python files, notebooks, workspaces
// holding arrays, and once startup has finished for arrays that appear later): so activation must stay cheap —
// it only registers providers, reads no file and starts no worker (test/unit/host/activation.test.ts).
import * as vscode from 'vscode';
import { NpyViewerProvider } from './host/viewer/provider';
import { registerStatusBar } from './host/info/statusBar';
import { registerDecorations } from './host/info/decorations';
import { registerHover } from './host/info/hover';
import { registerViewerCommands } from './host/viewer/commands';
import { registerViewCommands } from './host/viewer/viewCommands';
import { registerWriteCommands } from './host/commands';
import { registerArchiveCommands } from './host/commands/archive';
import { configureIndexStorage } from './host/viewer/indexStorage';
import { registerNpz } from './npz';
import { initLog, log } from './host/platform/log';
import { oneLineError } from './host/platform/errors';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  context.subscriptions.push(initLog());
  const step = (name: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      // One failing feature must not take the others (or the extension host) down.
      log.error(`activate ${name}: ${oneLineError(err)}`);
    }
  };
  // `.npz` archives open through the same container factory as `.npy` files (registering reads nothing).
  step('npz', () => {
    registerNpz();
    configureIndexStorage(context);
  });
  let provider: NpyViewerProvider | undefined;
  step('viewer', () => {
    provider = NpyViewerProvider.register(context);
  });
  if (provider) {
    const p = provider;
    step('status bar', () => registerStatusBar(context, p));
    step('commands', () => registerViewerCommands(context, p));
    step('view commands', () => registerViewCommands(context, p));
  }
  step('write commands', () => registerWriteCommands(context, provider));
  step('archive commands', () => registerArchiveCommands(context, provider));
  step('explorer tooltips', () => registerDecorations(context));
  step('python hover', () => registerHover(context));
  const ms = (performance.now() - started).toFixed(1);
  log.info(`NPY Studio ${context.extension.packageJSON?.version ?? ''} activated in ${ms} ms (${vscode.env.remoteName ?? 'local'})`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; documents close their file handles on dispose.
}
