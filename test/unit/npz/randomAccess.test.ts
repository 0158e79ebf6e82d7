// Random access into a big deflated member: the index pass (progress, cancel, reads while it runs), random and
// sequential reads against numpy's bytes, the stored index (round trip, rejection), verify and streaming.
import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import { readFileSync, statSync } from 'fs';
import { readAt, type ByteSource } from '../../../src/npy/io/byteSource';
import { FileSource } from '../../../src/npy/io/fileSource';
import { isCancelled } from '../../../src/shared/job';
import { deserializeIndex, InflatingSource, openNpzContainer, serializeIndex, type IndexKey, type InflateIndex, type NpzContainer } from '../../../src/npz';
import { crc32 } from '../../../src/npz/crc32';
import { askNumpyNpz, type OracleMember } from '../../fixtures/npz/oracle';
import { CountingSource, expectNpyError, rng, tempDir } from './helpers';

const SPACING = 256 * 1024;
const OPTS = { inMemoryLimit: 1 << 20, spacing: SPACING };
const never = new AbortController().signal;

describe('npz: random access into a deflated member', function () {
  this.timeout(60000);
  const tmp = tempDir('npz-random-');
  const path = tmp.path('big.npz');
  let want: Uint8Array;
  let member: OracleMember;
  let fileKey: { path: string; size: bigint; mtimeMs: number };

  before(() => {
    // 3.5 M float64 (28 MB): compressible, but every block dynamic and boundaries at odd bits.
    const [, info, extracted] = askNumpyNpz([
      {
        op: 'save',
        path,
        compressed: true,
        arrays: [
          { key: 'small', dtype: '<i4', shape: [10], fill: 'arange' },
          { key: 'x', dtype: '<f8', shape: [3_500_000], fill: 'smooth' },
        ],
      },
      { op: 'members', path },
      { op: 'extract', path, member: 'x.npy', out: tmp.path('x.npy') },
    ]);
    assert.ok(extracted.ok, extracted.error);
    member = (info.members as OracleMember[])[1];
    want = readFileSync(tmp.path('x.npy'));
    const st = statSync(path, { bigint: true });
    fileKey = { path, size: st.size, mtimeMs: Number(st.mtimeMs) };
  });
  after(() => tmp.remove());

  async function openBig(opts: object = OPTS, wrap?: (s: ByteSource) => ByteSource): Promise<NpzContainer> {
    const f = await FileSource.open(path);
    return openNpzContainer(wrap ? wrap(f) : f, opts);
  }

  function checkReads(source: ByteSource, seed: number, count: number): Promise<void> {
    const r = rng(seed);
    return (async () => {
      for (let i = 0; i < count; i++) {
        const len = 1 + Math.floor(r() * r() * 70_000);
        const pos = Math.floor(r() * (want.length + 100));
        const got = await readAt(source, BigInt(pos), len);
        const exp = want.subarray(pos, pos + len);
        assert.equal(got.length, exp.length, `read ${len} at ${pos}`);
        assert.ok(Buffer.from(got).equals(exp), `read ${len} at ${pos}`);
      }
    })();
  }

  let built: InflateIndex;

  it('indexes in one pass with progress, then random reads equal numpy\u2019s bytes', async () => {
    const c = await openBig();
    try {
      assert.ok(c.needsIndex('x'));
      assert.ok(!c.needsIndex('small'));
      const source = (await c.memberSource('x')) as InflatingSource;
      assert.ok(source instanceof InflatingSource);
      assert.equal(source.availableBytes, 0n);
      const progress: number[] = [];
      const t0 = Date.now();
      const index = await c.indexJob('x')(never, (done, total) => {
        assert.equal(total, want.length);
        progress.push(done);
      });
      const ms = Date.now() - t0;
      assert.ok(index && index.complete);
      built = index;
      assert.ok(progress.length > 5 && progress[progress.length - 1] === want.length);
      assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]));
      const n = index.checkpoints.length;
      // One at the first block boundary past each spacing (blocks are ~100 KB of output here).
      assert.ok(n >= want.length / (2 * SPACING) && n <= want.length / SPACING + 1, `${n} checkpoints`);
      for (let i = 1; i < n; i++) assert.ok(index.checkpoints[i].out - index.checkpoints[i - 1].out >= SPACING);
      assert.ok(index.checkpoints.some((cp) => cp.bit % 8 !== 0));
      assert.equal(source.availableBytes, BigInt(want.length));
      assert.ok(!c.needsIndex('x'));
      console.log(`      (index pass: ${(want.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s, ${n} checkpoints)`);

      await checkReads(source, 1, 150);
      const entry = await c.open('x');
      assert.equal(entry.source, source);
      assert.deepEqual(entry.opened.header.shape, [3_500_000n]);
      // A sequential scan in 4 KiB steps continues the cursor instead of starting over each time.
      const from = 5_000_123;
      for (let p = from; p < from + 2_000_000; p += 4096) {
        const got = await readAt(source, BigInt(p), 4096);
        assert.ok(Buffer.from(got).equals(want.subarray(p, p + 4096)), `sequential read at ${p}`);
      }
      const tail = await readAt(source, BigInt(want.length - 10), 100);
      assert.equal(tail.length, 10);
    } finally {
      await c.close();
    }
  });

  it('reads work while the pass runs: below availableBytes at once, past it by waiting or driving the pass', async () => {
    const c = await openBig();
    try {
      const source = (await c.memberSource('x')) as InflatingSource;
      // With no pass running, a read far in drives the index itself.
      const got = await readAt(source, BigInt(want.length - 5000), 5000);
      assert.ok(Buffer.from(got).equals(want.subarray(want.length - 5000)));
      assert.ok(source.availableBytes >= BigInt(want.length - 1));
    } finally {
      await c.close();
    }
    const c2 = await openBig();
    try {
      const source = (await c2.memberSource('x')) as InflatingSource;
      let seen = 0n;
      const reads: Promise<void>[] = [];
      const job = c2.indexJob('x')(never, () => {
        const avail = source.availableBytes;
        if (avail > seen + 4_000_000n && reads.length < 5) {
          seen = avail;
          const p = Number(avail) - 3000;
          reads.push(
            (async () => {
              const below = await readAt(source, BigInt(p), 2000);
              assert.ok(Buffer.from(below).equals(want.subarray(p, p + 2000)));
              const past = await readAt(source, BigInt(p + 3_000_000), 2000);
              assert.ok(Buffer.from(past).equals(want.subarray(p + 3_000_000, p + 3_002_000)));
            })(),
          );
        }
      });
      await job;
      await Promise.all(reads);
      assert.ok(reads.length >= 3, `${reads.length} concurrent reads`);
    } finally {
      await c2.close();
    }
  });

  it('cancelling the pass stops it; the source stays usable and a new pass finishes', async () => {
    const c = await openBig();
    try {
      const source = (await c.memberSource('x')) as InflatingSource;
      const ac = new AbortController();
      let cancelledAt = 0;
      const err = await c
        .indexJob('x')(ac.signal, (done) => {
          if (done > 6_000_000 && !ac.signal.aborted) {
            cancelledAt = done;
            ac.abort();
          }
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(isCancelled(err), `expected a cancel, got ${String(err)}`);
      const avail = Number(source.availableBytes);
      assert.ok(avail >= cancelledAt && avail < want.length - 4_000_000, `stopped at ${avail}`);
      const partial = c.getIndex('x')!;
      assert.ok(!partial.complete);
      // Past the last checkpoint no span is known yet: the JS inflater resumes there (and continues as a cursor).
      const lastOut = partial.checkpoints[partial.checkpoints.length - 1].out;
      for (const p of [lastOut + 1000, lastOut + 50_000, lastOut + 20]) {
        const got = await readAt(source, BigInt(p), 10_000);
        assert.ok(Buffer.from(got).equals(want.subarray(p, p + 10_000)), `cursor read at ${p}`);
      }
      await checkReads(source, 2, 20);
      const index = await c.indexJob('x')(never, () => undefined);
      assert.ok(index!.complete);
      assert.equal(index!.checkpoints.length, built.checkpoints.length);
      await checkReads(source, 3, 20);
    } finally {
      await c.close();
    }
  });

  it('the index serializes, and a reopened archive reads through it without a pass', async () => {
    const c = await openBig();
    const key = c.indexKey('x', fileKey);
    await c.close();
    assert.equal(key.localOffset, BigInt(member.header_offset));
    const bytes = serializeIndex(built, key);
    const perCheckpoint = bytes.length / built.checkpoints.length;
    assert.ok(perCheckpoint < 32 * 1024, `${perCheckpoint.toFixed(0)} bytes per checkpoint: windows are stored deflated`);
    const back = deserializeIndex(bytes, key);
    assert.deepEqual(
      back.checkpoints.map((cp) => [cp.out, cp.bit]),
      built.checkpoints.map((cp) => [cp.out, cp.bit]),
    );

    let counting: CountingSource | undefined;
    const c2 = await openBig(OPTS, (s) => (counting = new CountingSource(s)));
    try {
      assert.ok(c2.useIndex('x', back));
      assert.ok(!c2.needsIndex('x'));
      const source = await c2.memberSource('x');
      const before = counting!.bytes;
      await checkReads(source, 4, 30);
      // Each random read inflates from the checkpoint before it: a few 64 KiB chunks, never the whole member.
      const perRead = (counting!.bytes - before) / 30;
      assert.ok(perRead < 400_000 && perRead < member.compress_size / 10, `${perRead} bytes read per read`);
      // An index for another member (or another file) is not taken.
      assert.ok(!c2.useIndex('small', back));
    } finally {
      await c2.close();
    }
  });

  it('a damaged, foreign or stale stored index is refused', async () => {
    const c = await openBig();
    const key = c.indexKey('x', fileKey);
    await c.close();
    const bytes = serializeIndex(built, key);
    const flip = bytes.slice();
    flip[100] ^= 1;
    await expectNpyError(() => deserializeIndex(flip, key), /checksum does not match/);
    await expectNpyError(() => deserializeIndex(bytes.subarray(0, 50), key), /checksum|cut off/);
    await expectNpyError(() => deserializeIndex(new TextEncoder().encode('hello world, not an index'), key), /not an NPY Studio inflate index/);
    const stale: IndexKey = { ...key, mtimeMs: key.mtimeMs + 1 };
    await expectNpyError(() => deserializeIndex(bytes, stale), /stale/);
    await expectNpyError(() => deserializeIndex(bytes, { ...key, memberName: 'small.npy' }), /stale/);

    // Damage that keeps a valid checksum (a hand-edited or buggy writer): still refused, by the structure checks.
    const reseal = (b: Uint8Array) => {
      const out = b.slice();
      new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
      return out;
    };
    const swapped: InflateIndex = { ...built, checkpoints: [built.checkpoints[0], built.checkpoints[2], built.checkpoints[1], ...built.checkpoints.slice(3)] };
    await expectNpyError(() => deserializeIndex(serializeIndex(swapped, key), key), /checkpoint 2 is out of order/);
    const badWindow: InflateIndex = {
      ...built,
      checkpoints: built.checkpoints.map((cp, i) => (i === 3 ? { ...cp, window: cp.window.subarray(0, cp.window.length - 9) } : cp)),
    };
    await expectNpyError(() => deserializeIndex(serializeIndex(badWindow, key), key), /checkpoint 3 has a (damaged window|window of the wrong size)/);
    const version = bytes.slice();
    version[8] = 9;
    await expectNpyError(() => deserializeIndex(reseal(version), key), /version 9/);
    const count = bytes.slice();
    const countAt = bytes.length - 4 - built.checkpoints.reduce((s, cp) => s + 20 + cp.window.length, 0) - 4;
    new DataView(count.buffer).setUint32(countAt, 0xffffffff, true);
    await expectNpyError(() => deserializeIndex(reseal(count), key), /claims 4294967295 checkpoints/);
    await expectNpyError(() => serializeIndex({ ...built, complete: false }, key), /only a complete/);
  });

  it('verify checks every member whole; the member stream gives numpy\u2019s bytes in bounded chunks', async () => {
    const c = await openBig();
    try {
      const report = await c.verifyJob()(never, () => undefined);
      assert.deepEqual(report, { members: 2, problems: [] });
      const hash = createHash('sha256');
      let largest = 0;
      let last = 0;
      const result = await c.streamMemberJob('x', (chunk) => {
        largest = Math.max(largest, chunk.length);
        hash.update(chunk);
      })(never, (done) => (last = done));
      assert.equal(hash.digest('hex'), createHash('sha256').update(want).digest('hex'));
      assert.ok(largest <= 1 << 20, `largest chunk ${largest}`);
      assert.equal(result.bytes, BigInt(want.length));
      assert.equal(result.crc32, member.crc);
      assert.equal(last, want.length);
      const ac = new AbortController();
      const err = await c
        .streamMemberJob('x', () => ac.abort())(ac.signal, () => undefined)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(isCancelled(err));
    } finally {
      await c.close();
    }
  });
});
