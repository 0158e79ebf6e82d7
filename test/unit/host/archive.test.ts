// Host logic for .npz archives that runs without VS Code: the member handler the viewer and the webview tests'
// fake host share, the tile extent a member being indexed waits on, the hover/tooltip summary, the Python string
// finder for .npz paths, and the default name a member is extracted to.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MemorySource } from '../../../src/npy/io/byteSource';
import { openPathContainer } from '../../../src/npy/container';
import { openNpzContainer, registerNpz, NpzContainer } from '../../../src/npz';
import { ArchiveMembers, memberFileName } from '../../../src/host/viewer/handlers/members';
import { TileHandler } from '../../../src/host/viewer/handlers/tile';
import { IndexGate } from '../../../src/host/viewer/handlers/indexGate';
import { InflatingSource } from '../../../src/npz';
import { readHeaderSummary, summaryLine, SUMMARY_MEMBERS } from '../../../src/host/info/headerSummary';
import { npyPathAt } from '../../../src/host/info/pyString';
import { buildZip, npyBytes } from '../../fixtures/npz/zipBuilder';
import { viewToWire } from '../../../src/shared/protocol';
import { initialView } from '../../../src/host/viewer/arrayInfo';

registerNpz();
const dir = mkdtempSync(path.join(os.tmpdir(), 'npy-host-npz-'));
const py = (code: string, ...args: string[]) => execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8' });

describe('host: archives', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists members with shape, dtype, sizes and errors; shows the first readable one; a bad one says why', async () => {
    const file = path.join(dir, 'a.npz');
    py(
      'import numpy as np, sys; np.savez_compressed(sys.argv[1], objs=np.array([1, None], dtype=object), **{"sub/m": np.zeros((3, 4), "<f4")}, s=np.arange(5, dtype=">i2"))',
      file,
    );
    const container = await openPathContainer(file);
    assert.ok(container instanceof NpzContainer);
    const archive = new ArchiveMembers(container);
    await archive.inspect();
    const members = archive.members;
    assert.deepEqual(
      members.map((m) => [m.key, m.memberName, m.compression, m.dtypeName, m.shape]),
      [
        ['objs', 'objs.npy', 'deflated', 'object', ['2']],
        ['sub/m', 'sub/m.npy', 'deflated', 'float32', ['3', '4']],
        ['s', 's.npy', 'deflated', '>i2', ['5']],
      ],
    );
    assert.match(members[0].error ?? '', /pickled|object/i);
    assert.equal(members[1].error, undefined);
    assert.equal(BigInt(members[1].size), 128n + 48n);
    // The first member that can be shown, not the pickled one.
    assert.equal(archive.defaultName(), 'sub/m');
    const shown = await archive.show('a.npz', 'sub/m');
    assert.ok(shown.entry);
    assert.equal(shown.info.entryName, 'sub/m');
    assert.deepEqual(shown.info.shape, ['3', '4']);
    assert.equal(shown.info.members?.length, 3);
    assert.equal(shown.info.unopened, undefined);
    // The same entry each time (its TileHandler and caches stay).
    assert.equal((await archive.show('a.npz', 'sub/m')).entry, shown.entry);
    const objs = await archive.show('a.npz', 'objs');
    assert.match(objs.info.dataError ?? '', /pickled|object/i);
    const none = await archive.show('a.npz', 'nope');
    assert.equal(none.entry, undefined);
    assert.equal(none.info.unopened, true);
    assert.match(none.info.dataError ?? '', /no array 'nope'/);
    await container.close();
  });

  it('a member whose bytes are not a .npy is listed with its error; the others stay usable; an empty archive has no default', async () => {
    const bytes = buildZip([
      { name: 'text.npy', data: new TextEncoder().encode('not an array') },
      { name: 'ok.npy', data: npyBytes('<u1', [3], Uint8Array.of(1, 2, 3)) },
    ]).bytes;
    const archive = new ArchiveMembers(await openNpzContainer(new MemorySource(bytes)));
    await archive.inspect();
    assert.match(archive.members[0].error ?? '', /not a \.npy/);
    assert.equal(archive.defaultName(), 'ok');
    const bad = await archive.show('x.npz', 'text', { errorText: (e) => `! ${(e as Error).message}` });
    assert.equal(bad.info.unopened, true);
    assert.match(bad.info.dataError ?? '', /^! member 'text\.npy': not a \.npy/);
    const empty = new ArchiveMembers(await openNpzContainer(new MemorySource(buildZip([]).bytes)));
    await empty.inspect();
    assert.equal(empty.defaultName(), undefined);
    const shown = await empty.show('e.npz', undefined, { noMembers: 'nothing here' });
    assert.deepEqual([shown.info.unopened, shown.info.dataError, shown.info.members], [true, 'nothing here', []]);
  });

  it("the tile extent is where the tile's reads end in the entry", async () => {
    const file = path.join(dir, 'grid.npz');
    py('import numpy as np, sys; np.savez(sys.argv[1], g=np.arange(1000 * 10, dtype="<i4").reshape(1000, 10))', file);
    const container = await openPathContainer(file);
    const entry = await container.open('g');
    const tiles = new TileHandler(entry);
    const view = viewToWire(initialView(entry.opened));
    const req = (row0: number, rows: number) => ({ type: 'tile' as const, generation: 0, view, rect: { row0: String(row0), rows, col0: '0', cols: 10 } });
    const off = entry.opened.header.dataOffset;
    assert.equal(tiles.extent(req(0, 10)), off + 10n * 10n * 4n);
    assert.equal(tiles.extent(req(990, 64)), off + 1000n * 10n * 4n);
    assert.throws(() => tiles.extent(req(0, 1 << 20)), /larger than/);
    await container.close();
  });

  it('while a member is indexed, tiles within what is inflated pass the gate; later ones wait for the pass', async () => {
    // 4 MiB of incompressible bytes, deflated: the pass reports progress after each MiB of compressed input.
    const n = 4 << 20;
    const data = new Uint8Array(randomBytes(n));
    const bytes = buildZip([{ name: 'r.npy', method: 8, data: npyBytes('|u1', [n / 1024, 1024], data) }]).bytes;
    const container = await openNpzContainer(new MemorySource(bytes), { inMemoryLimit: 0, spacing: 256 * 1024 });
    const entry = await container.open('r');
    assert.ok(entry.source instanceof InflatingSource && !entry.source.indexed);
    const tiles = new TileHandler(entry);
    const view = viewToWire(initialView(entry.opened));
    const req = (row0: number) => ({ type: 'tile' as const, generation: 0, view, rect: { row0: String(row0), rows: 16, col0: '0', cols: 64 } });
    const gate = new IndexGate<string>();
    // Not indexing: nothing waits.
    assert.equal(gate.park(1, entry, tiles, req(4080), 'end', false), false);
    const seen: { first: boolean; reached: string[] }[] = [];
    let parkedEnd = false;
    await container.indexJob('r')(new AbortController().signal, () => {
      const src = entry.source as InflatingSource;
      if (src.availableBytes >= BigInt(n)) return;
      if (!parkedEnd) {
        parkedEnd = gate.park(2, entry, tiles, req(4080), 'end', true);
        assert.ok(parkedEnd, 'a tile past what is inflated was not held');
      }
      seen.push({ first: gate.park(3, entry, tiles, req(0), 'start', true), reached: gate.reached(true) });
    });
    assert.ok(seen.length > 0, 'no progress while the pass ran');
    // The first rows were inflated early: never held. The last rows were held for the whole pass.
    assert.ok(seen.every((s) => s.first === false && s.reached.length === 0));
    assert.equal(gate.size, 1);
    // The pass ended: the held tile goes, and reads right.
    assert.deepEqual(gate.reached(false), ['end']);
    assert.equal(gate.size, 0);
    const reply = await tiles.handle(req(4080));
    const off = 4080 * 1024;
    assert.deepEqual([...reply.bytes.subarray(0, 64)], [...data.subarray(off, off + 64)]);
    assert.equal(gate.park(4, entry, tiles, req(4080), 'x', true), false, 'an indexed member needs no gate');
    await container.close();
  });

  it("hover and tooltip summary: member count and sizes from the directory, the first members' headers", async () => {
    const file = path.join(dir, 'many.npz');
    py('import numpy as np, sys; np.savez(sys.argv[1], **{f"m{i:02d}": np.zeros((i + 1, 2), "<f8") for i in range(12)})', file);
    const s = await readHeaderSummary(file);
    assert.equal(s.error, undefined);
    assert.equal(s.archive?.count, 12);
    assert.equal(s.fileSize, BigInt((await fs.stat(file)).size));
    assert.equal(s.archive?.members.length, SUMMARY_MEMBERS);
    assert.deepEqual(s.archive?.members[2], { key: 'm02', dtypeName: 'float64', shape: [3n, 2n], error: undefined });
    let sum = 0n;
    for (let i = 0; i < 12; i++) sum += 128n + BigInt((i + 1) * 16);
    assert.equal(s.archive?.inflatedSize, sum);
    assert.match(summaryLine(s), /^12 arrays · \d/);
    // A damaged archive is one line.
    const bad = path.join(dir, 'bad.npz');
    writeFileSync(bad, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]));
    const b = await readHeaderSummary(bad);
    assert.match(b.error ?? '', /end-of-central-directory/);
    assert.ok(!b.error!.includes('\n'));
  });

  it('the Python hover finds .npz paths; member keys become safe file names', () => {
    const line = 'd = np.load("data/run.npz")["x"]';
    assert.equal(npyPathAt(line, line.indexOf('run.npz'))?.value, 'data/run.npz');
    assert.equal(npyPathAt(line, line.indexOf('"x"') + 1), undefined);
    assert.equal(memberFileName('sub/dir/x'), 'sub_dir_x.npy');
    assert.equal(memberFileName('../../etc/passwd'), '_.._etc_passwd.npy');
    assert.equal(memberFileName('/abs'), '_abs.npy');
    assert.equal(memberFileName('..'), 'member.npy');
    assert.equal(memberFileName('x.npy'), 'x.npy');
    assert.equal(memberFileName('a\u202eb\nc'), 'a_b_c.npy');
    assert.equal(memberFileName('日本'), '日本.npy');
  });
});
