// The webview's strings, translated on the host (the webview has no vscode.l10n): sent with `init`.
import * as vscode from 'vscode';
import { DEFAULT_STRINGS } from '../../shared/webviewStrings';

let cached: Record<string, string> | undefined;

export function webviewStrings(): Record<string, string> {
  // vscode.l10n.t leaves `{name}` placeholders alone when no arguments are given; the webview fills them.
  cached ??= Object.fromEntries(Object.entries(DEFAULT_STRINGS).map(([key, text]) => [key, vscode.l10n.t(text)]));
  return cached;
}
