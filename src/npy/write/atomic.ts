// Atomic file creation: the new content is written to a temporary file in the target's folder (same filesystem,
// so publishing is a rename/link, never a copy), fsync'ed, then given its name in one step. Any error or
// cancellation removes the temporary file; the target is either untouched or complete.
//
// Temporary file, in order of preference:
//  1. Linux O_TMPFILE: an unnamed inode in the target's folder. If the process dies (even SIGKILL or a power cut)
//     the kernel frees it: no temp file can ever be left behind. It is named with linkat(AT_SYMLINK_FOLLOW) on
//     /proc/self/fd/N, which Node does not expose, so GNU `ln -LT` does it (the fd is passed as the child's fd 3).
//  2. A named hidden file `.NAME.npy-studio-HOST-PID-RANDOM.tmp` opened with O_EXCL. Removed on every error we
//     see; one left by a killed process is swept by the next write into that folder (its PID is no longer alive).
//
// No overwrite without `force`: Node has no renameat2(RENAME_NOREPLACE), and a check-then-rename is racy, so the
// file is published with link(2) (`ln` for O_TMPFILE, fs.link for the named temp). link fails with EEXIST if the
// target exists at that instant, atomically. Only where hard links are impossible (FAT, some network/FUSE
// filesystems) do we fall back to an existence check + rename, the best available there. With `force` the temp is
// renamed over the target (rename(2) replaces atomically).
import { promises as fs, constants as C, existsSync } from 'fs';
import { spawn, spawnSync } from 'child_process';
import * as path from 'path';
import * as os from 'os';
import { randomBytes, createHash } from 'crypto';
import { NpyError } from '../types';
import { pathForMessage } from '../../shared/quote';

export interface AtomicOptions {
  /** Replace an existing target. Without it an existing target is an error, checked first and again at publish. */
  force?: boolean;
  signal?: AbortSignal;
  /** Permission bits for a new file (the umask applies). Default 0o666. */
  mode?: number;
  /** Test hook: never use O_TMPFILE. */
  noTmpfile?: boolean;
}

const TMP_TAG = 'npy-studio';
const HOST_TAG = createHash('sha1').update(os.hostname()).digest('hex').slice(0, 8);

function fail(msg: string): never {
  throw new NpyError(msg);
}

/** The one message for a target that exists when overwriting was not asked for (the surface adds its remedy). */
function targetExists(target: string): never {
  throw new NpyError(`${pathForMessage(target)} already exists`, 'targetExists');
}

/** An `AbortError` as Node raises it. */
export function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

function isAbort(e: unknown): boolean {
  return !!e && typeof e === 'object' && ((e as Error).name === 'AbortError' || (e as NodeJS.ErrnoException).code === 'ABORT_ERR');
}

/** Turn a system error into one line for the user, saying what happened to `target`. */
export function writeError(e: unknown, target: string, outcome = 'nothing was changed'): Error {
  if (e instanceof NpyError) return e;
  const shown = pathForMessage(target);
  if (isAbort(e)) return new NpyError(`cancelled: ${shown} was not written (${outcome})`, 'cancelled');
  const code = (e as NodeJS.ErrnoException)?.code;
  const what: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only filesystem',
    EFBIG: 'file too large for this filesystem',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'not a directory',
    EISDIR: 'is a directory',
    EMFILE: 'too many open files',
  };
  if (code && what[code]) return new NpyError(`${shown}: ${what[code]}; ${outcome}`);
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return new NpyError(`${shown}: ${msg}; ${outcome}`);
}

/** Whether a path ends in a separator (`out/`, and `out\\` on Windows): it names a folder, never a file. */
export function endsWithSeparator(p: string): boolean {
  return p.endsWith('/') || (process.platform === 'win32' && p.endsWith('\\'));
}

/**
 * Refuse an existing target (unless `force`), a target that names a folder (an existing one, a symlink to one,
 * or any path ending in a separator: `path.resolve` would silently drop it), or a missing folder. Changes nothing.
 */
export async function checkTarget(target: string, force = false): Promise<void> {
  if (endsWithSeparator(target)) fail(`${pathForMessage(target)} names a folder (it ends with a path separator); give a file name`);
  let st: import('fs').Stats | undefined;
  try {
    st = await fs.lstat(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(e, target);
  }
  if (st) {
    const followed = st.isSymbolicLink() ? await fs.stat(target).catch(() => undefined) : st;
    if (followed?.isDirectory()) fail(`${pathForMessage(target)} is a folder; give a file name`);
    if (!force) targetExists(target);
  }
  const dir = path.dirname(path.resolve(target));
  try {
    const d = await fs.stat(dir);
    if (!d.isDirectory()) fail(`${pathForMessage(dir)} is not a directory`);
  } catch (e) {
    if (e instanceof NpyError) throw e;
    fail(`cannot write ${pathForMessage(target)}: folder ${pathForMessage(dir)} does not exist`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// O_TMPFILE support, probed once per process.

const O_TMPFILE = 0o20000000 | (C.O_DIRECTORY ?? 0);
let lnProbe: boolean | undefined;

function tmpfileUsable(): boolean {
  if (process.platform !== 'linux' || !C.O_DIRECTORY) return false;
  // Escape hatch (and test hook): NPY_STUDIO_NO_TMPFILE=1 always uses a named temp file.
  if (process.env.NPY_STUDIO_NO_TMPFILE === '1') return false;
  // __O_TMPFILE is 0o20000000 on every architecture Node ships for except these.
  if (!['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64'].includes(process.arch)) return false;
  if (lnProbe === undefined) {
    try {
      const r = spawnSync('ln', ['--version'], { encoding: 'utf8', timeout: 5000 });
      lnProbe = r.status === 0 && /GNU coreutils/.test(r.stdout) && existsSync('/proc/self/fd');
    } catch {
      lnProbe = false;
    }
  }
  return lnProbe === true;
}

/** `ln -LT /proc/self/fd/3 dest` with our fd as the child's fd 3: linkat(..., AT_SYMLINK_FOLLOW). */
function linkFd(fd: number, dest: string): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn('ln', ['-LT', '--', '/proc/self/fd/3', dest], { stdio: ['ignore', 'ignore', 'pipe', fd] });
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ ok: false, stderr: e.message }));
    child.on('close', (code) => resolve({ ok: code === 0, stderr: stderr.trim().split('\n')[0] ?? '' }));
  });
}

// ---------------------------------------------------------------------------------------------------------------

function tempName(target: string): string {
  const base = path.basename(target);
  return path.join(path.dirname(target), `.${base}.${TMP_TAG}-${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove temp files of `target` left by processes of this host that no longer exist. Best effort. */
export async function sweepStaleTemps(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const base = path.basename(target);
  const prefix = `.${base}.${TMP_TAG}-${HOST_TAG}-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)-[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    try {
      await fs.unlink(path.join(dir, name));
      removed.push(name);
    } catch {
      /* someone else removed it */
    }
  }
  return removed;
}

async function syncDir(dir: string): Promise<void> {
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(dir, 'r');
    await h.sync();
  } catch {
    /* not supported everywhere (Windows); the rename itself is still atomic */
  } finally {
    await h?.close().catch(() => undefined);
  }
}

async function unlinkQuiet(p: string): Promise<void> {
  try {
    await fs.unlink(p);
  } catch {
    /* already gone */
  }
}

/**
 * A new file being written for `target`. Write through `handle`; `commit()` makes it the target, `discard()`
 * (idempotent, never throws) removes every trace. `toolPath` opens the same file from a child process.
 */
export class AtomicFile {
  private done = false;

  private constructor(
    readonly target: string,
    readonly handle: fs.FileHandle,
    /** null for an O_TMPFILE inode. */
    private readonly tempPath: string | null,
    private readonly opts: AtomicOptions,
  ) {}

  /** Check the target (see checkTarget), then create the temporary file. */
  static async open(target: string, opts: AtomicOptions = {}): Promise<AtomicFile> {
    await checkTarget(target, opts.force); // before path.resolve, which drops a trailing separator
    target = path.resolve(target);
    if (opts.signal?.aborted) throw writeError(abortError(), target);
    const dir = path.dirname(target);
    const mode = opts.mode ?? 0o666;
    if (!opts.noTmpfile && tmpfileUsable()) {
      try {
        const h = await fs.open(dir, O_TMPFILE | C.O_RDWR, mode);
        return new AtomicFile(target, h, null, opts);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // Filesystems without O_TMPFILE say EOPNOTSUPP / EISDIR / EINVAL; anything else is a real error.
        if (!['EOPNOTSUPP', 'ENOTSUP', 'EISDIR', 'EINVAL', 'ENOENT'].includes(code ?? '')) throw writeError(e, target);
      }
    }
    await sweepStaleTemps(target);
    const temp = tempName(target);
    try {
      const h = await fs.open(temp, C.O_RDWR | C.O_CREAT | C.O_EXCL, mode);
      return new AtomicFile(target, h, temp, opts);
    } catch (e) {
      throw writeError(e, target);
    }
  }

  /** A path another process (or fs.copyFile) can open to reach this file. */
  get toolPath(): string {
    return this.tempPath ?? `/proc/${process.pid}/fd/${this.handle.fd}`;
  }

  /** True when the temporary file has no name (nothing can be left behind by a crash). */
  get anonymous(): boolean {
    return this.tempPath === null;
  }

  /** fsync, close and give the file its name. On failure everything is discarded and the target is untouched. */
  async commit(): Promise<void> {
    if (this.done) throw new Error('AtomicFile already finished');
    try {
      throwIfAborted(this.opts.signal);
      await this.handle.sync();
      if (this.tempPath === null) await this.publishAnonymous();
      else await this.publishNamed(this.tempPath);
      this.done = true;
      await this.handle.close().catch(() => undefined);
      await syncDir(path.dirname(this.target));
    } catch (e) {
      await this.discard();
      throw writeError(e, this.target);
    }
  }

  private async publishAnonymous(): Promise<void> {
    const fd = this.handle.fd;
    if (!this.opts.force) {
      const r = await linkFd(fd, this.target);
      if (r.ok) return;
      if (await exists(this.target)) targetExists(this.target);
      fail(`could not name the new file ${pathForMessage(this.target)}: ${r.stderr}`);
    }
    // Replace: name it beside the target, then rename over (rename is the atomic step).
    const temp = tempName(this.target);
    const r = await linkFd(fd, temp);
    if (!r.ok) fail(`could not name the new file ${pathForMessage(this.target)}: ${r.stderr}`);
    try {
      await fs.rename(temp, this.target);
    } catch (e) {
      await unlinkQuiet(temp);
      throw e;
    }
  }

  private async publishNamed(temp: string): Promise<void> {
    if (this.opts.force) {
      await fs.rename(temp, this.target);
      return;
    }
    try {
      await fs.link(temp, this.target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') targetExists(this.target);
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV'].includes(code ?? '')) throw e;
      // No hard links here: check, then rename (the window between the two is the best this filesystem allows).
      if (await exists(this.target)) targetExists(this.target);
      await fs.rename(temp, this.target);
      return;
    }
    await unlinkQuiet(temp);
  }

  /** Close and remove the temporary file. Safe to call more than once; never throws. */
  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.handle.close().catch(() => undefined);
    if (this.tempPath) await unlinkQuiet(this.tempPath);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Write `target` atomically: `fill` writes the content through the AtomicFile's handle; then fsync + publish.
 * Any error (including cancellation through `opts.signal`) leaves the target as it was and no temp file.
 * Errors come out as one-line NpyErrors.
 */
export async function writeAtomic<T>(target: string, opts: AtomicOptions, fill: (file: AtomicFile) => Promise<T>): Promise<T> {
  const file = await AtomicFile.open(target, opts);
  let result: T;
  try {
    result = await fill(file);
  } catch (e) {
    await file.discard();
    throw writeError(e, file.target);
  }
  await file.commit();
  return result;
}

/**
 * Rename `from` to `to` without replacing an existing `to` unless `force` (link + unlink; falls back to a checked
 * rename where hard links are not supported). Same filesystem only.
 */
export async function renameNoReplace(from: string, to: string, force = false): Promise<void> {
  if (force) {
    await fs.rename(from, to);
    return;
  }
  try {
    await fs.link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') targetExists(to);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes(code ?? '')) throw writeError(e, to);
    if (await exists(to)) targetExists(to);
    await fs.rename(from, to);
    return;
  }
  await fs.unlink(from);
}

/** Write all of `buf` at `position` (positioned writes may be short). */
export async function writeFully(handle: fs.FileHandle, buf: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await handle.write(buf, done, buf.length - done, position + done);
    if (bytesWritten <= 0) throw Object.assign(new Error('write returned 0 bytes'), { code: 'EIO' });
    done += bytesWritten;
  }
}
