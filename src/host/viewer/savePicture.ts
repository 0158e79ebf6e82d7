// Export a picture: the webview encodes the PNG (what it shows), the host asks where with a save dialog (which
// itself confirms replacing a file) and writes it atomically. Files outside the local file system go through
// workspace.fs, which writes whole files.
import * as vscode from 'vscode';
import * as path from 'path';
import { writeAtomic, writeFully } from '../../npy/write/atomic';
import { NpyError } from '../../npy/types';
import type { SavePictureRequest } from '../../shared/protocol';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Ask where and save; returns the path written, or '' when the dialog was closed. */
export async function savePicture(documentUri: vscode.Uri, req: SavePictureRequest): Promise<string> {
  const bytes = req.bytes;
  if (!(bytes instanceof Uint8Array) || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new NpyError('the picture to save is not a PNG');
  const name = String(req.name || 'picture.png').replace(/[\\/:*?"<>|]/g, '_');
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(documentUri, '..', name),
    filters: { [vscode.l10n.t('PNG image')]: ['png'] },
    title: vscode.l10n.t('Export Picture'),
  });
  if (!target) return '';
  if (target.scheme === 'file') {
    await writeAtomic(target.fsPath, { force: true }, (file) => writeFully(file.handle, bytes, 0));
  } else {
    await vscode.workspace.fs.writeFile(target, bytes);
  }
  return target.scheme === 'file' ? target.fsPath : path.posix.basename(target.path);
}
