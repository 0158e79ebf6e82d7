// Hostile and damaged archives: each refusal provoked alone, always as a one-line NpyError, and a bad member
// never takes the good ones down with it.
import assert from 'node:assert/strict';
import * as zlib from 'zlib';
import { MemorySource } from '../../../src/npy/io/byteSource';
import { openNpzContainer, type NpzOptions } from '../../../src/npz';
import { buildZip, npyBytes, type BuildMember, type BuildOptions } from '../../fixtures/npz/zipBuilder';
import { writeFileSync } from 'fs';
import { askOne } from '../../fixtures/npz/oracle';
import { expectNpyError, tempDir } from './helpers';

const good = (name = 'good.npy'): BuildMember => ({ name, data: npyBytes('<f8', [4], 32) });
const open = (members: BuildMember[], opts: BuildOptions = {}, npz: NpzOptions = {}) => openNpzContainer(new MemorySource(buildZip(members, opts).bytes), npz);
const never = new AbortController().signal;

async function goodStillOpens(c: Awaited<ReturnType<typeof open>>): Promise<void> {
  const e = await c.open('good');
  assert.deepEqual(e.opened.header.shape, [4n]);
}

describe('npz: hostile archives', () => {
  describe('the archive as a whole', () => {
    it('no end record: random bytes, a cut-off file, a too-short file', async () => {
      const junk = new Uint8Array(5000).map((_, i) => (i * 7919) & 0xff);
      junk.set([0x50, 0x4b, 3, 4]);
      await expectNpyError(() => openNpzContainer(new MemorySource(junk)), /no end-of-central-directory record/);
      const z = buildZip([good()]).bytes;
      await expectNpyError(() => openNpzContainer(new MemorySource(z.subarray(0, z.length - 5))), /no end-of-central-directory/);
      await expectNpyError(() => openNpzContainer(new MemorySource(Uint8Array.of(0x50, 0x4b, 5, 6))), /too short/);
    });

    it('an end record whose comment length does not reach the end of the file is not taken', async () => {
      const z = buildZip([good()], { comment: new TextEncoder().encode('hello') }).bytes;
      const c = await openNpzContainer(new MemorySource(z));
      assert.equal(c.entries.length, 1);
      const longer = new Uint8Array(z.length + 3);
      longer.set(z);
      await expectNpyError(() => openNpzContainer(new MemorySource(longer)), /no end-of-central-directory/);
    });

    it('a directory outside the file, or claiming more members than it can hold', async () => {
      await expectNpyError(() => open([good()], { eocd: { cdOffset: 1 << 30 } }), /central directory .* lies outside/);
      await expectNpyError(() => open([good()], { eocd: { cdSize: 1 << 20 } }), /lies outside/);
      await expectNpyError(() => open([good()], { eocd: { entries: 500, diskEntries: 500 } }), /claims 500 members/);
      await expectNpyError(() => open([good(), good('b.npy')], { eocd: { entries: 3, diskEntries: 3 } }), /ends after 2 of 3 members|claims 3/);
      await expectNpyError(() => open([good()], { zip64End: true, eocd: { cdOffset: 1e12 } }), /lies outside/);
    });

    it('a damaged directory: bad signature, bytes after the last entry', async () => {
      await expectNpyError(() => open([good(), { ...good('b.npy'), centralSignature: 0x12345678 }]), /entry 2 has a bad signature/);
      await expectNpyError(() => open([good()], { directorySuffix: new Uint8Array(50) }), /50 bytes after its last member/);
    });

    it('multi-disk (split) archives', async () => {
      await expectNpyError(() => open([good()], { eocd: { disk: 1 } }), /several disks/);
      await expectNpyError(() => open([good()], { eocd: { cdDisk: 2 } }), /several disks/);
      await expectNpyError(() => open([good()], { eocd: { diskEntries: 0 } }), /several disks/);
      await expectNpyError(() => open([good()], { zip64End: true, locator: { disks: 2 } }), /several disks/);
      await expectNpyError(() => open([good()], { zip64End: true, eocd: { cdDisk: 1 } }), /several disks/);
      await expectNpyError(() => open([{ ...good(), diskStart: 1 }]), /several disks/);
    });

    it('overlapping members, and a member pointing past the members area', async () => {
      const z = buildZip([good('a.npy'), good('b.npy')]);
      // b's directory entry points at a's local header: two names for the same bytes.
      await expectNpyError(() => open([good('a.npy'), { ...good('b.npy'), localOffset: 0n }]), /overlap/);
      // b's entry points inside a's data.
      await expectNpyError(() => open([good('a.npy'), { ...good('b.npy'), localOffset: BigInt(z.offsets[0].data + 10) }]), /overlap/);
      await expectNpyError(() => open([{ ...good(), localOffset: BigInt(z.directoryOffset) }]), /runs into the central directory/);
      await expectNpyError(() => open([{ ...good(), compressedSize: 10_000n, size: 10_000n }]), /runs into the central directory/);
    });

    it('a member count over the limit', async () => {
      await expectNpyError(() => open([good(), good('b.npy')], {}, { maxMembers: 1 }), /2 members, more than the limit of 1/);
    });
  });

  describe('one member, the others stay usable', () => {
    it('a local header that names another member, or another method, or is missing', async () => {
      const other = new TextEncoder().encode('evil.npy');
      const cases: [BuildMember, RegExp][] = [
        [{ ...good('bad.npy'), local: { nameBytes: other } }, /local header names another member/],
        [{ ...good('bad.npy'), local: { method: 8 } }, /compression method 8, the directory 0/],
        [{ ...good('bad.npy'), local: { signature: 0x04034b51 } }, /local header is missing/],
        [{ ...good('bad.npy'), local: { crc: 1234 } }, /another CRC-32/],
        [{ ...good('bad.npy'), local: { flags: 1 } }, /encryption/],
      ];
      for (const [m, pattern] of cases) {
        const c = await open([m, good()]);
        await expectNpyError(() => c.open('bad'), pattern);
        assert.match(c.entries[0].error ?? '', pattern);
        await goodStillOpens(c);
      }
    });

    it('methods other than stored and deflate, and encrypted members, are listed with their error', async () => {
      const c = await open([
        { ...good('bz.npy'), method: 12, payload: new Uint8Array(20) },
        { ...good('enc.npy'), flags: 1 },
        { ...good('aes.npy'), method: 99 },
        good(),
      ]);
      assert.match(c.entries[0].error!, /method 12 \(bzip2\).*only stored \(0\) and deflate \(8\)/);
      assert.match(c.entries[1].error!, /encrypted/);
      assert.match(c.entries[2].error!, /method 99/);
      await expectNpyError(() => c.open('bz'), /member 'bz\.npy': it uses compression method 12/);
      await expectNpyError(() => c.open('enc'), /encrypted/);
      await goodStillOpens(c);
    });

    it('declared sizes that disagree with the data', async () => {
      const data = npyBytes('<i8', [1000], 8000);
      for (const inMemoryLimit of [undefined, 0]) {
        const c = await open(
          [
            { name: 'short.npy', data, method: 8, size: BigInt(data.length - 100) },
            { name: 'long.npy', data, method: 8, size: BigInt(data.length + 100) },
            { name: 'stored.npy', data, size: BigInt(data.length + 1) },
            good(),
          ],
          {},
          { inMemoryLimit },
        );
        assert.match(c.entries[2].error!, /stored uncompressed but its sizes disagree/);
        // Streaming stops as soon as the output passes the declared size.
        let streamed = 0;
        await expectNpyError(() => c.streamMemberJob('short', (b) => void (streamed += b.length))(never, () => undefined), /inflates to more than/);
        assert.ok(streamed <= data.length - 100);
        await expectNpyError(() => c.streamMemberJob('long', () => undefined)(never, () => undefined), /inflates to \d+ bytes, not/);
        if (inMemoryLimit === undefined) {
          await expectNpyError(() => c.open('short'), /inflates to more than the \d+ bytes its directory entry declares/);
          await expectNpyError(() => c.open('long'), /inflates to \d+ bytes, not the \d+ bytes/);
        } else {
          // Large members are read lazily: the index pass finds it.
          await expectNpyError(() => c.indexJob('short')(never, () => undefined), /inflates to more than/);
          await expectNpyError(() => c.indexJob('long')(never, () => undefined), /inflates to \d+ bytes, not/);
          await expectNpyError(async () => {
            const s = await c.memberSource('long');
            await s.read(BigInt(data.length + 50), new Uint8Array(10));
          }, /inflates to/);
        }
        await goodStillOpens(c);
      }
    });

    it('a claimed compression ratio above the bound (zip bombs)', async () => {
      const zeros = npyBytes('<f8', [100_000], 800_000);
      const c = await open([
        { name: 'bomb.npy', data: new Uint8Array(10), method: 8, payload: zlib.deflateRawSync(new Uint8Array(10)), size: 10n ** 12n },
        { name: 'zeros.npy', data: zeros, method: 8 },
        good(),
      ]);
      assert.match(c.entries[0].error!, /over the ratio limit of 1032/);
      await expectNpyError(() => c.open('bomb'), /zip bomb/);
      // Real zeros compress ~1000:1 and stay readable under the default bound…
      assert.equal((await c.open('zeros')).opened.header.count, 100_000n);
      // …and a stricter bound refuses them.
      const strict = await open([{ name: 'zeros.npy', data: zeros, method: 8 }, good()], {}, { maxRatio: 50 });
      assert.match(strict.entries[0].error!, /ratio limit of 50/);
      await goodStillOpens(strict);
    });

    it('a bad CRC-32: refused when the member is read whole (small inflate, verify)', async () => {
      const data = npyBytes('<u2', [50], 100);
      const c = await open([{ name: 'deflated.npy', data, method: 8, crc: 0xdeadbeef }, { name: 'stored.npy', data, crc: 0xdeadbeef }, good()]);
      await expectNpyError(() => c.open('deflated'), /CRC-32 mismatch: the data gives [0-9a-f]{8}, the directory deadbeef/);
      // A stored member is read in place (never whole), so it opens; verify finds it.
      assert.equal((await c.open('stored')).opened.header.count, 50n);
      const report = await c.verifyJob()(never, () => undefined);
      assert.deepEqual(
        report.problems.map((p) => p.memberName),
        ['deflated.npy', 'stored.npy'],
      );
      assert.ok(report.problems.every((p) => /CRC-32 mismatch/.test(p.error)));
      await expectNpyError(() => c.streamMemberJob('stored', () => undefined)(never, () => undefined), /member 'stored\.npy': CRC-32 mismatch/);
      await goodStillOpens(c);
    });

    it('corrupt or cut-off deflate data', async () => {
      const data = npyBytes('<f4', [3000], 12000).map((b, i) => (i > 200 ? (i * 31) & 0x0f : b));
      const deflated = zlib.deflateRawSync(data);
      const junk = deflated.map((b, i) => (i > 20 ? (b * 97 + i) & 0xff : b));
      for (const inMemoryLimit of [undefined, 0]) {
        const c = await open(
          [
            { name: 'junk.npy', data, method: 8, payload: Uint8Array.from(junk) },
            { name: 'cut.npy', data, method: 8, payload: deflated.subarray(0, deflated.length - 40) },
            good(),
          ],
          {},
          { inMemoryLimit },
        );
        const run = async (key: string) => {
          if (inMemoryLimit === undefined) return c.open(key);
          return c.indexJob(key)(never, () => undefined);
        };
        await expectNpyError(() => run('junk'), /deflate data is corrupt/);
        await expectNpyError(() => run('cut'), /cut off/);
        await goodStillOpens(c);
      }
    });

    it('a duplicate name: np.load reads the last member of it; the first is listed as shadowed', async () => {
      const members: BuildMember[] = [{ name: 'a.npy', data: npyBytes('<f8', [1], 8) }, { name: 'a.npy', data: npyBytes('<f8', [2], 16) }, good()];
      const z = buildZip(members).bytes;
      const t = tempDir('npz-dup-');
      try {
        writeFileSync(t.path('dup.npz'), z);
        const numpy = askOne({ op: 'load', path: t.path('dup.npz'), key: 'a' });
        const c = await openNpzContainer(new MemorySource(z));
        assert.match(c.entries[0].error!, /shadowed/);
        assert.equal(c.entries[1].error, undefined);
        assert.deepEqual((await c.open('a')).opened.header.shape.map(Number), numpy.shape);
        await goodStillOpens(c);
      } finally {
        t.remove();
      }
    });

    it('the failures are one line and name the member', async () => {
      const c = await open([{ ...good('a/b c.npy'), local: { method: 8 } }, good()]);
      const e = await expectNpyError(() => c.open('a/b c'), /^member 'a\/b c\.npy': /);
      assert.doesNotMatch(e.message, /member .*member/);
    });
  });
});
