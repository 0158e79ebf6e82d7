// Picked reads (a sampled picture's path): the read workers read whole pages and send back only the picked bytes.
// They must give exactly the bytes a whole-batch read would, whether the batch is split across workers or not, and
// say by `got` which picks the end of the file cut off.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileSource } from '../../../../src/npy/io/fileSource';
import { MemorySource, pickOut, readPickedFrom, type BatchRead } from '../../../../src/npy/io/byteSource';

describe('io: readPicked', function () {
  this.timeout(20000);
  let dir: string;
  let bytes: Uint8Array;
  let path: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'npy-picked-'));
    bytes = new Uint8Array(1 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    path = join(dir, 'f.bin');
    writeFileSync(path, bytes);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `n` reads of `len` bytes every `gap` bytes from `start`, with picks of `pick` bytes every `every` bytes inside. */
  function plan(n: number, start: number, gap: number, len: number, every: number, pick: number) {
    const reads: BatchRead[] = [];
    const offsets: number[] = [];
    let total = 0;
    for (let i = 0; i < n; i++) {
      reads.push({ position: BigInt(start + i * gap), length: len, bufferOffset: total });
      for (let o = 0; o + pick <= len; o += every) offsets.push(total + o);
      total += len;
    }
    return { reads, total, picks: { offsets: Float64Array.from(offsets), count: offsets.length, length: pick } };
  }

  for (const [name, n] of [
    ['one worker (a few reads)', 5],
    ['split across the workers (many reads)', 200],
  ] as const) {
    it(`${name}: the picks equal those of the whole batch`, async () => {
      const { reads, total, picks } = plan(n, 13, 4099, 3001, 37, 8);
      const s = await FileSource.open(path);
      try {
        const whole = await s.readBatch(reads, total);
        const got = await s.readPicked(reads, total, picks);
        assert.deepEqual(Buffer.from(got.picked), Buffer.from(pickOut(whole.buffer, picks)));
        assert.deepEqual(Array.from(got.got), Array.from(whole.got));
        // Against the file itself, not only against the other path.
        const k = picks.count - 1;
        const r = reads[Math.floor(picks.offsets[k] / 3001)];
        const at = Number(r.position) + (picks.offsets[k] - r.bufferOffset);
        assert.deepEqual(Buffer.from(got.picked.subarray(k * 8, k * 8 + 8)), Buffer.from(bytes.subarray(at, at + 8)));
      } finally {
        await s.close();
      }
    });
  }

  it('reads past the end of the file: got says how much each read got, the picks beyond it are zero', async () => {
    const start = bytes.length - 40 * 100 + 250; // the last three reads run past the end
    const { reads, total, picks } = plan(40, start, 100, 100, 10, 4);
    const s = await FileSource.open(path);
    try {
      const got = await s.readPicked(reads, total, picks);
      const mem = await readPickedFrom(new MemorySource(bytes), reads, total, picks);
      assert.deepEqual(Array.from(got.got), Array.from(mem.got));
      assert.deepEqual(Buffer.from(got.picked), Buffer.from(mem.picked));
      assert.deepEqual(Array.from(got.got).slice(-4), [100, 50, 0, 0]);
      const lastPick = picks.count - 1;
      assert.deepEqual(Array.from(got.picked.subarray(lastPick * 4)), [0, 0, 0, 0]);
    } finally {
      await s.close();
    }
  });
});
