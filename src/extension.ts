// NPY Studio: activation. Registers the viewer, its status bar item, Explorer tooltips, the Python hover and
// commands. Activation is implicit (customEditors, commands, languages in package.json contributes).
import * as vscode from 'vscode';
import { NpyViewerProvider } from './host/viewer/provider';
import { registerStatusBar } from './host/info/statusBar';
import { registerDecorations } from './host/info/decorations';
import { registerHover } from './host/info/hover';
import { registerViewerCommands } from './host/viewer/commands';
import { registerWriteCommands } from './host/commands';
import { initLog, log } from './host/platform/log';
import { oneLineError } from './host/platform/errors';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(initLog());
  const step = (name: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      // One failing feature must not take the others (or the extension host) down.
      log.error(`activate ${name}: ${oneLineError(err)}`);
    }
  };
  let provider: NpyViewerProvider | undefined;
  step('viewer', () => {
    provider = NpyViewerProvider.register(context);
  });
  if (provider) {
    const p = provider;
    step('status bar', () => registerStatusBar(context, p));
    step('commands', () => registerViewerCommands(context, p));
  }
  step('write commands', () => registerWriteCommands(context, provider));
  step('explorer tooltips', () => registerDecorations(context));
  step('python hover', () => registerHover(context));
  log.info(`NPY Studio ${context.extension.packageJSON?.version ?? ''} activated (${vscode.env.remoteName ?? 'local'})`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; documents close their file handles on dispose.
}
