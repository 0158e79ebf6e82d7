// A real archive past 4 GiB: a stored 4.5 GiB member in a sparse file (so it costs no disk and no time), then a
// member whose local header is past 4 GiB, zip64 fields in the directory, and the zip64 end records.
import assert from 'node:assert/strict';
import { closeSync, openSync, statSync, writeSync } from 'fs';
import { readAt } from '../../../src/npy/io/byteSource';
import { FileSource } from '../../../src/npy/io/fileSource';
import { openNpzContainer } from '../../../src/npz';
import { crc32 } from '../../../src/npz/crc32';
import { askOne, type OracleMember } from '../../fixtures/npz/oracle';
import { npyBytes } from '../../fixtures/npz/zipBuilder';
import { CountingSource, tempDir } from './helpers';

const N = 4_831_838_208n; // 4.5 GiB of uint8

function le(size: number, fill: (v: DataView) => void): Buffer {
  const b = Buffer.alloc(size);
  fill(new DataView(b.buffer, b.byteOffset, size));
  return b;
}

/** Write the archive with positioned writes; the big member's data is a hole except for two markers. */
function writeSparseArchive(path: string): { marker: Buffer; markerAt: bigint; smallAt: bigint } {
  const fd = openSync(path, 'w');
  let at = 0n;
  const put = (b: Uint8Array) => {
    writeSync(fd, b, 0, b.length, Number(at));
    at += BigInt(b.length);
  };
  const header = npyBytes('|u1', [N]);
  const size1 = BigInt(header.length) + N;
  const name1 = Buffer.from('big.npy');
  const local = (name: Buffer, size: bigint, crc: number) =>
    le(30 + name.length + 20, (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 45, true);
      v.setUint32(14, crc, true);
      v.setUint32(18, 0xffffffff, true);
      v.setUint32(22, 0xffffffff, true);
      v.setUint16(26, name.length, true);
      v.setUint16(28, 20, true);
      name.copy(Buffer.from(v.buffer, v.byteOffset + 30, name.length));
      v.setUint16(30 + name.length, 1, true);
      v.setUint16(32 + name.length, 16, true);
      v.setBigUint64(34 + name.length, size, true);
      v.setBigUint64(42 + name.length, size, true);
    });
  const CRC_UNKNOWN = 0; // a CRC of 4.5 GiB is never computed here: only verify would check it
  put(local(name1, size1, CRC_UNKNOWN));
  const data1 = at;
  put(header);
  const marker = Buffer.from('the end of a 4.5 GiB member');
  const markerAt = size1 - BigInt(marker.length);
  at = data1 + markerAt;
  put(marker);
  // A marker just past 4 GiB into the member, too.
  writeSync(fd, Buffer.from('past 4 GiB'), 0, 10, Number(data1 + (1n << 32n)));

  const smallAt = at;
  const small = npyBytes('<i4', [3], Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0));
  const name2 = Buffer.from('small.npy');
  const crc2 = crc32(small);
  put(local(name2, BigInt(small.length), crc2));
  put(small);

  const cdOffset = at;
  const central = (name: Buffer, size: bigint, crc: number, offset: bigint) => {
    const bigSize = size > 0xffffffffn;
    const bigOffset = offset > 0xffffffffn;
    const fields = (bigSize ? 2 : 0) + (bigOffset ? 1 : 0);
    const extra = fields ? 4 + 8 * fields : 0;
    return le(46 + name.length + extra, (v) => {
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 0x031e, true);
      v.setUint16(6, 45, true);
      v.setUint32(16, crc, true);
      v.setUint32(20, bigSize ? 0xffffffff : Number(size), true);
      v.setUint32(24, bigSize ? 0xffffffff : Number(size), true);
      v.setUint16(28, name.length, true);
      v.setUint16(30, extra, true);
      v.setUint32(42, bigOffset ? 0xffffffff : Number(offset), true);
      name.copy(Buffer.from(v.buffer, v.byteOffset + 46, name.length));
      if (fields) {
        let p = 46 + name.length;
        v.setUint16(p, 1, true);
        v.setUint16(p + 2, 8 * fields, true);
        p += 4;
        if (bigSize) {
          v.setBigUint64(p, size, true);
          v.setBigUint64(p + 8, size, true);
          p += 16;
        }
        if (bigOffset) v.setBigUint64(p, offset, true);
      }
    });
  };
  put(central(name1, size1, CRC_UNKNOWN, 0n));
  put(central(name2, BigInt(small.length), crc2, smallAt));
  const cdSize = at - cdOffset;
  const rec = at;
  put(
    le(56, (v) => {
      v.setUint32(0, 0x06064b50, true);
      v.setBigUint64(4, 44n, true);
      v.setUint16(12, 45, true);
      v.setUint16(14, 45, true);
      v.setBigUint64(24, 2n, true);
      v.setBigUint64(32, 2n, true);
      v.setBigUint64(40, cdSize, true);
      v.setBigUint64(48, cdOffset, true);
    }),
  );
  put(
    le(20, (v) => {
      v.setUint32(0, 0x07064b50, true);
      v.setBigUint64(8, rec, true);
      v.setUint32(16, 1, true);
    }),
  );
  put(
    le(22, (v) => {
      v.setUint32(0, 0x06054b50, true);
      v.setUint16(8, 2, true);
      v.setUint16(10, 2, true);
      v.setUint32(12, Number(cdSize), true);
      v.setUint32(16, 0xffffffff, true);
    }),
  );
  closeSync(fd);
  return { marker, markerAt, smallAt };
}

describe('npz: an archive past 4 GiB (sparse file)', function () {
  this.timeout(30000);
  const tmp = tempDir('npz-large-');
  after(() => tmp.remove());

  it('lists and reads a 4.5 GiB stored member and a member past 4 GiB, as zipfile does', async () => {
    const path = tmp.path('big.npz');
    const { marker, markerAt, smallAt } = writeSparseArchive(path);
    const st = statSync(path);
    assert.ok(st.size > 4.5 * 2 ** 30 && st.blocks * 512 < 64 << 20, 'the file is sparse');

    const info = askOne({ op: 'infolist', path });
    const py = info.members as OracleMember[];
    assert.deepEqual(
      py.map((m) => m.name),
      ['big.npy', 'small.npy'],
    );
    assert.equal(py[1].header_offset, Number(smallAt));

    const counting = new CountingSource(await FileSource.open(path));
    const c = await openNpzContainer(counting);
    try {
      assert.ok(counting.bytes < 70_000, `${counting.bytes} bytes read to list`);
      assert.deepEqual(
        c.entries.map((e) => [e.name, e.size]),
        [
          ['big', BigInt(py[0].size)],
          ['small', BigInt(py[1].size)],
        ],
      );
      const big = await c.open('big');
      assert.deepEqual(big.opened.header.shape, [N]);
      assert.equal(big.opened.availableCount, N);
      assert.deepEqual(big.opened.warnings, []);
      assert.deepEqual(Buffer.from(await readAt(big.source, markerAt, marker.length)), marker);
      const past = await readAt(big.source, 1n << 32n, 10);
      assert.equal(Buffer.from(past).toString(), 'past 4 GiB');
      assert.equal((await readAt(big.source, markerAt + BigInt(marker.length), 10)).length, 0, 'the window ends with the member');
      const small = await c.open('small');
      const d = small.opened.header.dataOffset;
      assert.deepEqual(await readAt(small.source, d, 12), Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0));
      assert.ok(counting.bytes < 200_000, `${counting.bytes} bytes read in all`);
    } finally {
      await c.close();
    }
  });
});
