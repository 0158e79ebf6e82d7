// The write commands: Create Empty NPY, Attach NPY Header (with its live preview), Append to NPY, Repair NPY Header.
import * as vscode from 'vscode';
import { createEmptyCommand } from './create';
import { attachHeaderCommand } from './attach';
import { appendCommand } from './append';
import { repairHeaderCommand } from './repair';
import { registerPreviewScheme } from './preview';
import { setViewerProvider } from './common';
import type { NpyViewerProvider } from '../viewer/provider';

/** `provider` lets a command reload open viewers of a file it changed (even with live reload turned off). */
export function registerWriteCommands(context: vscode.ExtensionContext, provider?: NpyViewerProvider): void {
  setViewerProvider(provider);
  registerPreviewScheme(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('npyStudio.createEmpty', createEmptyCommand),
    vscode.commands.registerCommand('npyStudio.attachHeader', attachHeaderCommand),
    vscode.commands.registerCommand('npyStudio.append', appendCommand),
    vscode.commands.registerCommand('npyStudio.repairHeader', repairHeaderCommand),
  );
}
