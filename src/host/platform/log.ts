// The extension's output channel ("NPY Studio" in the Output panel). Lines only; never shown to users as errors.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function initLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('NPY Studio', { log: true });
  return channel;
}

export const log = {
  info: (msg: string): void => channel?.info(msg),
  warn: (msg: string): void => channel?.warn(msg),
  error: (msg: string): void => channel?.error(msg),
};
