// The one place where a URI's scheme decides how its bytes are read: `file:` → ranged reads on a file handle
// that closes when idle; a registered virtual scheme (the Attach Header live preview) → its own source; any
// other file system → read whole through vscode.workspace.fs, only under the npyStudio.maxWholeFileBytes guard.
import * as vscode from 'vscode';
import { promises as fs } from 'fs';
import { MemorySource, type ByteSource } from '../../npy/io/byteSource';
import { IdleFileSource } from '../../npy/io/idleFileSource';
import { NpyError } from '../../npy/types';
import { byteSizeText } from '../../shared/text';
import * as config from './config';

/** What identifies one version of a file: a change of any part means the bytes may have changed. */
export interface FileStat {
  size: bigint;
  /** mtime (ns) for files, the source's own version for virtual ones. */
  version: string;
  /** inode for local files ('' elsewhere): a new one means the file was replaced. */
  ino: string;
}

/**
 * Arrays that are not files: a URI scheme whose documents get their bytes from a registered source (the live
 * preview of Attach NPY Header). `version` changes whenever the bytes do; `onDidChange` reloads open documents.
 */
export interface VirtualArraySource {
  stat(uri: vscode.Uri): Promise<{ size: bigint; version: string }>;
  open(uri: vscode.Uri): Promise<ByteSource>;
  readonly onDidChange: vscode.Event<vscode.Uri>;
  /**
   * False for a URI whose bytes are gone for good (a preview tab restored after a window reload: the preview
   * lived in the old extension host). The viewer closes such tabs instead of showing an error page.
   */
  isLive?(uri: vscode.Uri): boolean;
}

const virtualSources = new Map<string, VirtualArraySource>();

export function registerVirtualArraySource(scheme: string, source: VirtualArraySource): vscode.Disposable {
  virtualSources.set(scheme, source);
  return new vscode.Disposable(() => {
    if (virtualSources.get(scheme) === source) virtualSources.delete(scheme);
  });
}

export function virtualSourceFor(uri: vscode.Uri): VirtualArraySource | undefined {
  return virtualSources.get(uri.scheme);
}

export async function statUri(uri: vscode.Uri): Promise<FileStat> {
  const virtual = virtualSources.get(uri.scheme);
  if (virtual) {
    const st = await virtual.stat(uri);
    return { size: st.size, version: st.version, ino: '' };
  }
  if (uri.scheme === 'file') {
    const st = await fs.stat(uri.fsPath, { bigint: true });
    if (!st.isFile()) throw new NpyError('not a regular file');
    return { size: st.size, version: String(st.mtimeNs), ino: String(st.ino) };
  }
  const st = await vscode.workspace.fs.stat(uri);
  if (st.type & vscode.FileType.Directory) throw new NpyError('not a regular file');
  return { size: BigInt(st.size), version: String(st.mtime), ino: '' };
}

/**
 * A ByteSource for `uri` as of `stat`. `previous` (the source this URI had) is reused where it can be (a local
 * file's idle handle is reset to pick up a replaced file) and closed where it cannot.
 */
export async function openUriSource(uri: vscode.Uri, stat: FileStat, previous?: ByteSource): Promise<ByteSource> {
  const virtual = virtualSources.get(uri.scheme);
  if (uri.scheme === 'file' && !virtual) {
    if (previous instanceof IdleFileSource) {
      await previous.reset();
      return previous;
    }
    await previous?.close().catch(() => undefined);
    return new IdleFileSource(uri.fsPath);
  }
  if (!virtual) {
    // No ranged reads on other file systems: read whole, within the size guard.
    const limit = config.maxWholeFileBytes(uri);
    if (stat.size > BigInt(limit)) {
      throw new NpyError(
        vscode.l10n.t(
          'this file system has no ranged reads, so the file would be read whole: {0} is over the npyStudio.maxWholeFileBytes limit of {1}',
          byteSizeText(stat.size),
          byteSizeText(limit),
        ),
      );
    }
  }
  await previous?.close().catch(() => undefined);
  return virtual ? virtual.open(uri) : new MemorySource(await vscode.workspace.fs.readFile(uri));
}
