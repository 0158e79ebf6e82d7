// Issue 12, item 5: the one place files are opened refuses what is not a regular file, at once (a FIFO used to
// block open(2) until a writer came; the extension host and every CLI command open through here).
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { constants as C, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileSource, openRegularFile } from '../../../../src/npy/io/fileSource';
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
});
