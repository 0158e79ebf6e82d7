// Explorer tooltips for .npy files (shape, dtype and size from the header bytes only) and .npz archives (member
// count, sizes and the first members), computed when asked.
import * as vscode from 'vscode';
import { headerCache, isNpyUri, tooltipText } from './headerInfo';
import * as config from '../platform/config';

export function registerDecorations(context: vscode.ExtensionContext): void {
  const changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  const provider: vscode.FileDecorationProvider = {
    onDidChangeFileDecorations: changed.event,
    async provideFileDecoration(uri, token) {
      if (uri.scheme !== 'file' || !isNpyUri(uri) || !config.explorerTooltips()) return undefined;
      try {
        const summary = await headerCache.get(uri.fsPath);
        if (!summary || token.isCancellationRequested) return undefined;
        return new vscode.FileDecoration(undefined, tooltipText(summary));
      } catch {
        return undefined;
      }
    },
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{npy,npz}');
  const onChange = (uri: vscode.Uri): void => {
    headerCache.invalidate(uri.fsPath);
    changed.fire(uri);
  };
  context.subscriptions.push(
    changed,
    watcher,
    watcher.onDidChange(onChange),
    watcher.onDidCreate(onChange),
    watcher.onDidDelete(onChange),
    vscode.window.registerFileDecorationProvider(provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('npyStudio.explorerTooltips')) changed.fire(undefined);
    }),
  );
}
