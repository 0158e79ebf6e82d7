// Where the viewer keeps the inflate indexes of large deflated `.npz` members between sessions: the extension's
// global storage (a local folder), bounded in total size, written atomically (src/npz/indexStore.ts). Setting it
// up at activation creates no folder and reads nothing: the first index written does.
import * as vscode from 'vscode';
import * as path from 'path';
import { IndexStore } from '../../npz';

let store: IndexStore | undefined;

export function configureIndexStorage(context: vscode.ExtensionContext): void {
  const uri = context.globalStorageUri;
  store = uri?.scheme === 'file' ? new IndexStore(path.join(uri.fsPath, 'npz-index')) : undefined;
}

/** The store, or undefined where the extension has no local storage (indexes are then made on every open). */
export function indexStorage(): IndexStore | undefined {
  return store;
}
