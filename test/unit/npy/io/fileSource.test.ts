// Issue 12, item 5: the one place files are opened refuses what is not a regular file, at once (a FIFO used to
// block open(2) until a writer came; the extension host and every CLI command open through here).
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { constants as C, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileSource, openRegularFile } from '../../../../src/npy/io/fileSource';
import { WindowSource } from '../../../../src/npy/io/windowSource';
import { IdleFileSource } from '../../../../src/npy/io/idleFileSource';
import { readSync } from 'fs';
import { NpyError } from '../../../../src/npy/types';

describe('io: FileSource.open / openRegularFile', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-open-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (re: RegExp) => (e: unknown) => e instanceof NpyError && re.test(e.message) && !/[\n\r]/.test(e.message);

  it('a FIFO with no writer is refused without blocking, for reading and for writing in place', async function () {
    const fifo = join(dir, 'p.npy');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    const t0 = Date.now();
    await assert.rejects(FileSource.open(fifo), refused(/p\.npy is a named pipe \(FIFO\), not a regular file/));
    await assert.rejects(openRegularFile(fifo, C.O_RDWR), refused(/named pipe/));
    assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
  });

  it('a folder and a character device are refused; a regular file opens and reads', async () => {
    mkdirSync(join(dir, 'd'));
    await assert.rejects(FileSource.open(join(dir, 'd')), refused(/is a folder, not a regular file/));
    await assert.rejects(FileSource.open('/dev/null'), refused(/is a character device, not a regular file/));
    writeFileSync(join(dir, 'f.bin'), 'hello');
    const s = await FileSource.open(join(dir, 'f.bin'));
    const buf = new Uint8Array(5);
    assert.equal(await s.read(0n, buf), 5);
    assert.equal(Buffer.from(buf).toString(), 'hello');
    await s.close();
  });

  it('a file name that would forge a line is escaped in the message', async () => {
    mkdirSync(join(dir, 'a\nerror: forged'));
    await assert.rejects(FileSource.open(join(dir, 'a\nerror: forged')), refused(/'.*a\\nerror: forged' is a folder/));
  });

  it('withFd: worker threads may pread the descriptor until the work settles; close() waits for it', async () => {
    const path = join(dir, 'f.bin');
    writeFileSync(path, Buffer.from('0123456789abcdef'));
    const src = await FileSource.open(path);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const events: string[] = [];
    const work = src.withFd(async (fd, base) => {
      await held;
      const b = Buffer.alloc(4);
      readSync(fd, b, 0, 4, Number(base) + 6);
      events.push(`read ${b.toString()}`);
    });
    const closing = src.close().then(() => events.push('closed'));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(events, [], 'close() waits while the descriptor is pinned');
    release();
    await Promise.all([work, closing]);
    assert.deepEqual(events, ['read 6789', 'closed']);
    // A window shifts the base; an idle source opens the file for the work.
    const parent = await FileSource.open(path);
    const win = new WindowSource(parent, 10n, 6n);
    assert.equal(await win.withFd!(async (fd, base) => (readSync(fd, Buffer.alloc(1), 0, 1, Number(base)), base)), 10n);
    await parent.close();
    const idle = new IdleFileSource(path, 0);
    assert.equal(await idle.withFd(async (fd) => typeof fd), 'number');
    await idle.close();
  });
});
