// Real archives from np.savez / np.savez_compressed: listing, keys, member bytes and headers, with numpy and
// Python's zipfile as the oracle.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'fs';
import { MemorySource, readAt } from '../../../src/npy/io/byteSource';
import { FileSource } from '../../../src/npy/io/fileSource';
import { openPathContainer } from '../../../src/npy/container';
import { openNpzContainer, registerNpz, type NpzContainer } from '../../../src/npz';
import { askNumpyNpz, askOne, type ArraySpec, type OracleMember } from '../../fixtures/npz/oracle';
import { buildZip, npyBytes } from '../../fixtures/npz/zipBuilder';
import { CountingSource, expectNpyError, tempDir } from './helpers';

const DTYPES = [
  '|b1',
  '|i1',
  '|u1',
  '<i2',
  '>i2',
  '<i4',
  '<u4',
  '<i8',
  '>u8',
  '<f2',
  '<f4',
  '>f4',
  '<f8',
  '>f8',
  '<f16',
  '<c8',
  '>c16',
  '<c32',
  '<M8[ns]',
  '>m8[s]',
  '<M8[D]',
  '|S5',
  '<U3',
  '>U2',
  '|V4',
  "[('x', '<f4'), ('id', '<u8')]",
];

function specs(): ArraySpec[] {
  const out: ArraySpec[] = DTYPES.map((dtype, i) => ({
    key: `d${i}`,
    dtype: dtype.startsWith('[') ? 'placeholder' : dtype,
    shape: [[3, 4], [7], [], [2, 3, 2], [0], [5, 1]][i % 6],
    seed: i,
  }));
  // Structured dtype via its numpy spec string (np.dtype accepts the list literal only as Python objects).
  out[out.length - 1] = { key: 'rec', dtype: 'f4,u8', shape: [6], seed: 42 };
  out.push({ key: 'fortran', dtype: '<f8', shape: [3, 5], order: 'F', seed: 5 });
  out.push({ key: 'objects', dtype: 'object', shape: [4], fill: 'objects' });
  out.push({ key: 'zeros', dtype: '<f8', shape: [1000, 100], fill: 'zeros' });
  out.push({ key: 'smooth', dtype: '<f8', shape: [20000], fill: 'smooth' });
  return out;
}

const hexBytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

async function memberBytes(c: NpzContainer, key: string): Promise<Uint8Array> {
  const s = await c.memberSource(key);
  return readAt(s, 0n, Number(await s.size()));
}

describe('npz: archives numpy writes', function () {
  this.timeout(60000);
  const tmp = tempDir('npz-archive-');
  after(() => tmp.remove());

  for (const compressed of [false, true]) {
    it(`${compressed ? 'savez_compressed' : 'savez'}: every dtype family lists, opens and reads as numpy wrote it`, async () => {
      const path = tmp.path(`all-${compressed}.npz`);
      const [, info] = askNumpyNpz([
        { op: 'save', path, compressed, arrays: specs() },
        { op: 'members', path },
      ]);
      assert.ok(info.ok, info.error);
      const members = info.members as OracleMember[];
      const c = await openNpzContainer(await FileSource.open(path));
      try {
        assert.deepEqual(
          c.entries.map((e) => e.name),
          info.keys,
        );
        assert.deepEqual(
          c.entries.map((e) => e.memberName),
          members.map((m) => m.name),
        );
        for (const [i, e] of c.entries.entries()) {
          const m = members[i];
          assert.equal(e.size, BigInt(m.size));
          assert.equal(e.storedSize, BigInt(m.compress_size));
          assert.equal(e.compressed, compressed);
          assert.equal(e.method, m.method);
          assert.equal(e.crc32, m.crc);
          assert.equal(e.error, undefined);
          assert.deepEqual(await memberBytes(c, e.name), hexBytes(m.hex!), `bytes of ${e.memberName}`);
          const entry = await c.open(e.name);
          assert.equal(entry.opened.fileSize, BigInt(m.size));
          assert.equal(entry.opened.availableCount, entry.opened.header.count);
          assert.deepEqual(entry.opened.warnings, []);
          assert.equal(e.header, entry.opened.header);
          if (e.name === 'objects') assert.match(entry.opened.dataError ?? '', /pickled/);
          else assert.equal(entry.opened.dataError, undefined);
        }
        assert.equal((await c.open('fortran')).opened.header.fortranOrder, true);
        assert.deepEqual((await c.open('d1')).opened.header.shape, [7n]);
      } finally {
        await c.close();
      }
    });
  }

  it('keys with /, spaces, unicode and a .npy suffix map to members as np.load maps them', async () => {
    const keys = ['a/b/c', 'with space', 'größe', '名前', 'x.npy', 'emoji 🙂', 'arr_0', ''];
    const path = tmp.path('keys.npz');
    const [, info] = askNumpyNpz([
      { op: 'save', path, compressed: true, arrays: keys.map((key, i) => ({ key, dtype: '<i4', shape: [i + 1], fill: 'arange' })) },
      { op: 'members', path },
    ]);
    const c = await openNpzContainer(await FileSource.open(path));
    try {
      assert.deepEqual(
        c.entries.map((e) => e.name),
        info.keys,
      );
      assert.deepEqual(
        c.entries.map((e) => e.name),
        keys,
      );
      assert.equal(c.entries.find((e) => e.name === 'x.npy')!.memberName, 'x.npy.npy');
      for (const [i, key] of keys.entries()) {
        const entry = await c.open(key);
        assert.deepEqual(entry.opened.header.shape, [BigInt(i + 1)]);
      }
      // np.load also takes the member name itself.
      assert.deepEqual((await c.open('größe.npy')).opened.header.shape, [3n]);
      await expectNpyError(() => c.open('nope'), /no array 'nope'/);
    } finally {
      await c.close();
    }
  });

  it('an empty archive lists no members', async () => {
    const path = tmp.path('empty.npz');
    askOne({ op: 'save', path, arrays: [] });
    const c = await openNpzContainer(await FileSource.open(path));
    assert.equal(c.kind, 'npz');
    assert.deepEqual(c.entries, []);
    await c.close();
  });

  it('10,000 members list from the end record and directory alone, fast', async () => {
    const path = tmp.path('many.npz');
    const [, info] = askNumpyNpz([
      { op: 'many', path, count: 10_000 },
      { op: 'members', path },
    ]);
    const members = info.members as OracleMember[];
    const last = members[members.length - 1];
    const size = readFileSync(path).length;
    const counting = new CountingSource(await FileSource.open(path));
    const t0 = Date.now();
    const c = await openNpzContainer(counting);
    const ms = Date.now() - t0;
    try {
      assert.equal(c.entries.length, 10_000);
      assert.deepEqual(
        c.entries.map((e) => e.name),
        info.keys,
      );
      // The directory is the file from the end of the last member to the end record.
      const directory = size - 22 - (last.header_offset + 30 + 'a9999.npy'.length + 20 + last.compress_size);
      assert.ok(counting.reads <= 3, `${counting.reads} reads`);
      assert.ok(counting.bytes <= 65557 + directory, `${counting.bytes} bytes read for a ${directory}-byte directory`);
      assert.ok(ms < 2000, `listing took ${ms} ms`);
      const before = counting.reads;
      const entry = await c.open('a1234');
      assert.deepEqual(await readAt(entry.source, entry.opened.header.dataOffset, 4), Uint8Array.of(0xd2, 0x04, 0, 0));
      assert.ok(counting.reads - before <= 4, `opening one member took ${counting.reads - before} reads`);

      const inspect = new CountingSource(await FileSource.open(path));
      const c2 = await openNpzContainer(inspect);
      const readsBefore = inspect.reads;
      let progress = 0;
      await c2.inspectJob()(new AbortController().signal, (d) => (progress = d));
      assert.equal(progress, 10_000);
      assert.ok(inspect.reads - readsBefore < 100, `inspecting 10,000 members took ${inspect.reads - readsBefore} reads`);
      assert.ok(c2.entries.every((e) => e.header?.shape[0] === 1n && !e.error));
      await c2.close();
    } finally {
      await c.close();
    }
  });

  it('registers as the zip opener of openContainer, which tells an npz by its bytes', async () => {
    registerNpz();
    const path = tmp.path('renamed.npy');
    askOne({ op: 'save', path: tmp.path('renamed.npz'), arrays: [{ key: 'x', dtype: '<f8', shape: [3] }] });
    writeFileSync(path, readFileSync(tmp.path('renamed.npz')));
    const c = await openPathContainer(path);
    assert.equal(c.kind, 'npz');
    assert.deepEqual(
      c.entries.map((e) => e.name),
      ['x'],
    );
    await c.close();
  });

  it('names without the UTF-8 flag decode as code page 437, as zipfile does', async () => {
    const name = Uint8Array.of(0x81, 0xe1, 0x41, 0x2e, 0x6e, 0x70, 0x79); // "üßA.npy" in cp437
    const z = buildZip([{ name: '', nameBytes: name, data: npyBytes('<u1', [2], Uint8Array.of(1, 2)), flags: 0 }]);
    const path = tmp.path('cp437.npz');
    writeFileSync(path, z.bytes);
    const info = askOne({ op: 'infolist', path });
    const c = await openNpzContainer(new MemorySource(z.bytes));
    assert.equal(c.entries[0].memberName, (info.members as OracleMember[])[0].name);
    assert.equal(c.entries[0].name, 'üßA');
    await c.close();
  });

  it('zip64 everywhere (end record, locator, directory fields) reads as zipfile reads it', async () => {
    const z = buildZip(
      [
        { name: 'a.npy', data: npyBytes('<u1', [3], Uint8Array.of(7, 8, 9)), zip64Central: true },
        { name: 'b.npy', data: npyBytes('<f8', [2], 16), method: 8, zip64Central: true, zip64Local: false },
      ],
      { zip64End: true, comment: new TextEncoder().encode('a comment') },
    );
    const path = tmp.path('zip64.npz');
    writeFileSync(path, z.bytes);
    const info = askOne({ op: 'infolist', path });
    const c = await openNpzContainer(new MemorySource(z.bytes));
    assert.deepEqual(
      c.entries.map((e) => [e.memberName, Number(e.size), Number(e.storedSize)]),
      (info.members as OracleMember[]).map((m) => [m.name, m.size, m.compress_size]),
    );
    const a = await c.open('a');
    assert.deepEqual(await readAt(a.source, a.opened.header.dataOffset, 3), Uint8Array.of(7, 8, 9));
    assert.equal((await c.open('b')).opened.header.count, 2n);
    await c.close();
  });

  it('members written with a data descriptor (flag bit 3: zeros in the local header) read from the directory', async () => {
    const data = npyBytes('<i2', [3], Uint8Array.of(1, 0, 2, 0, 3, 0));
    const z = buildZip([{ name: 'dd.npy', data, method: 8, flags: 8, local: { crc: 0 } }]);
    const c = await openNpzContainer(new MemorySource(z.bytes));
    const e = await c.open('dd');
    assert.deepEqual(await readAt(e.source, e.opened.header.dataOffset, 6), Uint8Array.of(1, 0, 2, 0, 3, 0));
    assert.deepEqual(await c.verifyJob()(new AbortController().signal, () => undefined), { members: 1, problems: [] });
    await c.close();
  });

  it('inspectJob records each member\u2019s header, and the error of a member that is not a .npy', async () => {
    const z = buildZip([
      { name: 'a.npy', data: npyBytes('<f8', [2, 2], 32) },
      { name: 'notes.txt', data: new TextEncoder().encode('not an array') },
      { name: 'b.npy', data: npyBytes('<i2', [5], 10), method: 8 },
      { name: 'long.npy', data: npyBytes(`<f4`, [1], 4), method: 8 },
    ]);
    const c = await openNpzContainer(new MemorySource(z.bytes));
    await c.inspectJob()(new AbortController().signal, () => undefined);
    const [a, notes, b, long] = c.entries;
    assert.deepEqual(a.header?.shape, [2n, 2n]);
    assert.equal(notes.name, 'notes.txt');
    assert.match(notes.error ?? '', /not a \.npy file/);
    assert.deepEqual(b.header?.shape, [5n]);
    assert.deepEqual(long.header?.shape, [1n]);
    // The others stay usable.
    assert.equal((await c.open('b')).opened.header.count, 5n);
    await expectNpyError(() => c.open('notes.txt'), /member 'notes\.txt': not a \.npy file/);
    await c.close();
  });
});
