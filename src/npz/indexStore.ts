// Inflate indexes kept on disk between runs (the CLI's cache folder, the extension's global storage): one file
// per member, named by a hash of its IndexKey (archive path, size, mtime and the member's identity), so an index
// of a file that changed is never even looked up. Bounded in total size: after each write the least recently
// used files (a hit touches its mtime) are removed until the folder is under the bound. Writes are atomic (temp
// file + rename): a reader sees a whole index or none; a damaged or stale one is deleted and indexing runs again.
// No vscode here: the host passes its storage folder.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { writeAtomic, writeFully } from '../npy/write/atomic';
import { deserializeIndex, serializeIndex, type IndexKey } from './indexCodec';
import type { InflateIndex } from './inflateIndex';

/** Default bound of a store's folder: 256 MiB (an index of a 1 GiB member at 1 MiB spacing takes ~1-30 MB). */
export const DEFAULT_INDEX_STORE_BYTES = 256 << 20;
const EXT = '.npzidx';

export class IndexStore {
  constructor(
    readonly dir: string,
    readonly maxBytes = DEFAULT_INDEX_STORE_BYTES,
  ) {}

  /** The file an index of `key` is kept in. */
  fileFor(key: IndexKey): string {
    const text = JSON.stringify([
      key.path,
      String(key.fileSize),
      key.mtimeMs,
      key.memberName,
      String(key.localOffset),
      String(key.compressedSize),
      String(key.size),
      key.crc32,
    ]);
    return path.join(this.dir, createHash('sha256').update(text).digest('hex').slice(0, 40) + EXT);
  }

  /** The stored index of `key`, or undefined (none, or unusable: then it is removed). Never throws. */
  async load(key: IndexKey): Promise<InflateIndex | undefined> {
    const file = this.fileFor(key);
    let bytes: Uint8Array;
    try {
      const st = await fs.stat(file);
      if (!st.isFile() || st.size > this.maxBytes) {
        await fs.unlink(file).catch(() => undefined);
        return undefined;
      }
      bytes = await fs.readFile(file);
    } catch {
      return undefined;
    }
    try {
      const index = deserializeIndex(bytes, key);
      const now = new Date();
      await fs.utimes(file, now, now).catch(() => undefined);
      return index;
    } catch {
      await fs.unlink(file).catch(() => undefined);
      return undefined;
    }
  }

  /** Keep a complete index (atomically), then trim the folder to the bound. Returns false when it was not kept. */
  async save(key: IndexKey, index: InflateIndex): Promise<boolean> {
    if (!index.complete) return false;
    const bytes = serializeIndex(index, key);
    if (bytes.length > this.maxBytes) return false;
    const file = this.fileFor(key);
    await fs.mkdir(this.dir, { recursive: true });
    await writeAtomic(file, { force: true }, (f) => writeFully(f.handle, bytes, 0));
    await this.trim(file);
    return true;
  }

  /** Remove the least recently used indexes until the folder holds at most maxBytes (`keep` goes last). */
  async trim(keep?: string): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    const files: { file: string; size: number; used: number }[] = [];
    for (const name of names) {
      if (!name.endsWith(EXT)) continue;
      const file = path.join(this.dir, name);
      const st = await fs.stat(file).catch(() => undefined);
      if (st?.isFile()) files.push({ file, size: st.size, used: file === keep ? Infinity : st.mtimeMs });
    }
    let total = files.reduce((s, f) => s + f.size, 0);
    files.sort((a, b) => a.used - b.used);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      await fs.unlink(f.file).catch(() => undefined);
      total -= f.size;
    }
  }
}
