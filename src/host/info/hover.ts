// Hover in Python files and notebook cells: a string literal naming a .npy shows the array's shape, dtype and
// size (header bytes only) and an "Open in NPY Studio" link; one naming an .npz lists its members, each a link.
import * as vscode from 'vscode';
import * as path from 'path';
import * as os from 'os';
import { candidatePaths, npyPathAt } from './pyString';
import { headerCache, hoverMarkdown } from './headerInfo';
import * as config from '../platform/config';

/** The folder a relative path in this document is relative to: the file's (or the notebook's) folder. */
function documentFolder(document: vscode.TextDocument): string | undefined {
  const uri = document.uri;
  if (uri.scheme === 'file') return path.dirname(uri.fsPath);
  if (uri.scheme === 'vscode-notebook-cell') {
    const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === document));
    if (nb && nb.uri.scheme === 'file') return path.dirname(nb.uri.fsPath);
    if (uri.path) return path.dirname(vscode.Uri.file(uri.path).fsPath);
  }
  return undefined;
}

export function registerHover(context: vscode.ExtensionContext): void {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position, token) {
      if (!config.pythonHover()) return undefined;
      const line = document.lineAt(position.line).text;
      if (line.length > 10_000) return undefined;
      const hit = npyPathAt(line, position.character);
      if (!hit) return undefined;
      const bases: string[] = [];
      const folder = documentFolder(document);
      if (folder) bases.push(folder);
      for (const wf of vscode.workspace.workspaceFolders ?? []) if (wf.uri.scheme === 'file') bases.push(wf.uri.fsPath);
      for (const p of candidatePaths(hit.value, bases, path, os.homedir())) {
        if (token.isCancellationRequested) return undefined;
        const summary = await headerCache.get(p);
        if (!summary) continue;
        const range = new vscode.Range(position.line, hit.start, position.line, hit.end);
        return new vscode.Hover(hoverMarkdown(summary, vscode.Uri.file(p)), range);
      }
      return undefined;
    },
  };
  context.subscriptions.push(vscode.languages.registerHoverProvider([{ language: 'python' }], provider));
}
