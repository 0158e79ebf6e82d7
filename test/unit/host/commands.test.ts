// The write commands' pure step logic (src/host/commands/pure): validation as you type, size texts, which attach
// modes apply, the confirmation texts, programmatic arguments, the attach preview's byte source — and that every
// string the commands show is in the l10n bundle.
import { strict as assert } from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { MemorySource } from '../../../src/npy/io/byteSource';
import { FileSource } from '../../../src/npy/io/fileSource';
import { openArray } from '../../../src/npy/open';
import { planTile, readTile } from '../../../src/npy/read/planner';
import { resolveView, defaultView } from '../../../src/npy/view';
import { parseDtypeSpec } from '../../../src/npy/dtype';
import { encodeHeader } from '../../../src/npy/write/headerBytes';
import {
  appendSummary,
  attachModeOptions,
  byteArg,
  checkAttachShape,
  checkCreateShape,
  checkDtype,
  checkSkip,
  dtypeOptions,
  plainT as t,
  programmaticArgs,
  repairSummary,
  shapeArgText,
  sizeText,
} from '../../../src/host/commands/steps';
import { PreviewSource } from '../../../src/host/commands/previewSource';

const f4 = parseDtypeSpec('float32');
const base = (p: string) => path.basename(p);

describe('commands: dtype step', () => {
  it('lists the common dtypes first, all parseable', () => {
    const specs = dtypeOptions(t).map((o) => o.spec);
    assert.deepEqual(specs.slice(0, 10), ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool', 'complex64', 'float16', 'datetime64[ns]', 'U16']);
    for (const s of specs) assert.ok(checkDtype(s, t).ok, s);
    // The descriptions' sizes are right.
    for (const o of dtypeOptions(t)) assert.match(o.description, new RegExp(`· ${parseDtypeSpec(o.spec).itemsize} B$`), o.spec);
  });
  it('accepts numpy spellings and structured lists, says the itemsize', () => {
    const r = checkDtype('<f4', t);
    assert.ok(r.ok && r.info === 'float32 · 4 B per element');
    const s = checkDtype("[('x', '<f4'), ('y', '<i8')]", t);
    assert.ok(s.ok && s.value.itemsize === 12);
    assert.ok(checkDtype('>i2', t).ok);
    assert.ok(checkDtype('M8[ms]', t).ok);
  });
  it('refuses unknown, empty and object dtypes with one line', () => {
    const bad = checkDtype('floot32', t);
    assert.ok(!bad.ok && /not understood/.test(bad.error) && !bad.error.includes('\n'));
    assert.ok(!checkDtype('  ', t).ok);
    const o = checkDtype('O', t);
    assert.ok(!o.ok && /pickled/.test(o.error));
    const so = checkDtype("[('a', 'O')]", t);
    assert.ok(!so.ok);
    assert.ok(!checkDtype("[('x', '<f4'", t).ok);
  });
});

describe('commands: create shape step', () => {
  it('parses the accepted spellings and shows the size', () => {
    const cases: Array<[string, string]> = [
      ['3,4', '3 × 4 float32 = 48 B'],
      ['2, 3', '2 × 3 float32 = 24 B'],
      ['1000', '1000 float32 = 3.91 KiB'],
      ['0', '0 float32 = 0 B'],
      ['3,0,2', '3 × 0 × 2 float32 = 0 B'],
      ['()', 'scalar float32 = 4 B'],
      ['(3,)', '3 float32 = 12 B'],
      ['[3, 4]', '3 × 4 float32 = 48 B'],
    ];
    for (const [text, info] of cases) {
      const r = checkCreateShape(text, f4, t);
      assert.ok(r.ok, text);
      assert.equal(r.info, info, text);
    }
  });
  it('says sparse for big files', () => {
    const r = checkCreateShape('1024,1024,1024,256', f4, t);
    assert.ok(r.ok);
    assert.equal(r.info, '1024 × 1024 × 1024 × 256 float32 = 1 TiB on disk: sparse (no space is used until written)');
  });
  it('refuses bad shapes with one line', () => {
    for (const text of ['3,-1', 'a', '3,,4', '1.5', '99999999999999999999']) {
      const r = checkCreateShape(text, f4, t);
      assert.ok(!r.ok, text);
      assert.ok(!r.error.includes('\n'));
    }
    const big = checkCreateShape('4611686018427387904,4', f4, t);
    assert.ok(!big.ok && /too big/.test(big.error));
    assert.ok(!checkCreateShape(Array(65).fill('1').join(','), f4, t).ok);
  });
  it('sizeText without sparse', () => {
    assert.equal(sizeText([2n, 3n], f4, t), '2 × 3 float32 = 24 B');
  });
});

describe('commands: attach shape and skip steps', () => {
  it('infers -1 and says the trailing bytes', () => {
    const r = checkAttachShape('-1,4', f4, 1000n, 0n, t);
    assert.ok(r.ok);
    assert.deepEqual(r.value.shape, [62n, 4n]);
    assert.equal(r.value.trailing, 8n);
    assert.equal(r.info, '→ (62, 4) float32 = 992 B; 8 trailing bytes are not part of the array');
    const exact = checkAttachShape('-1', f4, 1000n, 0n, t);
    assert.ok(exact.ok && exact.info === '→ (250,) float32 = 1000 B');
    const skipped = checkAttachShape('-1', f4, 1000n, 128n, t);
    assert.ok(skipped.ok && skipped.value.shape[0] === 218n);
  });
  it('a fixed shape must fit in the file', () => {
    const r = checkAttachShape('10,100', f4, 1000n, 0n, t);
    assert.ok(!r.ok && /needs 4000/.test(r.error));
    assert.ok(!checkAttachShape('-1,-1', f4, 1000n, 0n, t).ok);
    assert.ok(!checkAttachShape('-1,0', f4, 1000n, 0n, t).ok);
    assert.ok(!checkAttachShape('-1', f4, 1000n, 2000n, t).ok);
  });
  it('skip accepts byte counts with suffixes, not past the end', () => {
    const a = checkSkip('4K', 10000n, t);
    assert.ok(a.ok && a.value === 4096n);
    const b = checkSkip('', 10n, t);
    assert.ok(b.ok && b.value === 0n);
    assert.ok(!checkSkip('-1', 10n, t).ok);
    assert.ok(!checkSkip('abc', 10n, t).ok);
    assert.ok(!checkSkip('11', 10n, t).ok);
  });
});

describe('commands: attach modes', () => {
  const ins = { ok: true, blockSize: 4096, fsName: 'ext2/3/4' };
  const no = { ok: false, blockSize: 4096, fsName: 'tmpfs', reason: 'tmpfs cannot insert a range' };
  it('copy always; reserved only when the skipped bytes hold the header; insert where supported', () => {
    const none = attachModeOptions(f4, [250n], false, 0n, no, t);
    assert.deepEqual(
      none.map((o) => [o.mode, o.available]),
      [
        ['copy', true],
        ['reserved', false],
        ['insert', false],
      ],
    );
    assert.match(none[1].detail, /needs at least \d+ bytes, only 0/);
    assert.match(none[2].detail, /tmpfs/);
    const both = attachModeOptions(f4, [250n], false, 128n, ins, t);
    assert.deepEqual(
      both.map((o) => o.available),
      [true, true, true],
    );
    assert.match(both[2].detail, /0 bytes are inserted/);
    const ins4k = attachModeOptions(f4, [250n], false, 0n, ins, t);
    assert.match(ins4k[2].detail, /4096 bytes are inserted/);
  });
  it('the reserved threshold is the minimal header length', () => {
    const min = 10 + "{'descr': '<f4', 'fortran_order': False, 'shape': (250,), }".length + 1;
    assert.equal(attachModeOptions(f4, [250n], false, BigInt(min), { ok: false, blockSize: 0, fsName: '' }, t)[1].available, true);
    assert.equal(attachModeOptions(f4, [250n], false, BigInt(min - 1), { ok: false, blockSize: 0, fsName: '' }, t)[1].available, false);
  });
});

describe('commands: confirmation texts', () => {
  it('append summary', () => {
    const s = appendSummary(
      {
        target: '/d/a.npy',
        oldShape: [10n, 4n],
        newShape: [25n, 4n],
        sources: [
          { path: '/d/b.npy', kind: 'npy', rows: 5n, bytes: 80n },
          { path: '/d/c.bin', kind: 'raw', rows: 10n, bytes: 160n },
        ],
        bytesAdded: 240n,
        inPlace: true,
        warnings: [],
      },
      f4,
      t,
      base,
    );
    assert.equal(s.title, 'Append 15 rows to a.npy?');
    assert.equal(
      s.detail,
      'shape (10, 4) → (25, 4) (240 B added)\nb.npy: 5 rows\nc.bin: 10 rows (raw bytes read as float32)\nThe rows are added at the end and the header is updated in place.',
    );
  });
  it('repair summary', () => {
    const s = repairSummary(
      { path: '/d/a.npy', needed: true, oldShape: [10n, 4n], newShape: [12n, 4n], axis: 0, fileSize: 340n, newFileSize: 320n, droppedBytes: 20n, inPlace: true },
      t,
      base,
    );
    assert.equal(s.title, 'Repair the header of a.npy?');
    assert.equal(s.detail, 'shape (10, 4) → (12, 4)\nthe last 20 bytes are dropped (not a whole row): file 340 → 320 bytes\nThe header is rewritten in place.');
    const ok = repairSummary(
      { path: '/d/a.npy', needed: false, oldShape: [3n], newShape: [3n], axis: 0, fileSize: 140n, newFileSize: 140n, droppedBytes: 0n, inPlace: true },
      t,
      base,
    );
    assert.match(ok.title, /nothing to repair/);
  });
});

describe('commands: programmatic arguments', () => {
  it('only plain objects count', () => {
    assert.ok(programmaticArgs({ path: 'x' }));
    assert.equal(programmaticArgs(undefined), undefined);
    assert.equal(programmaticArgs([{ path: 'x' }]), undefined);
    class Uri {}
    assert.equal(programmaticArgs(new Uri()), undefined);
  });
  it('shapes as text or arrays', () => {
    assert.equal(shapeArgText('3,4'), '3,4');
    assert.equal(shapeArgText([3, 4]), '3,4');
    assert.equal(shapeArgText([]), '()');
    assert.equal(shapeArgText(7), '7');
    assert.equal(shapeArgText([-1, '4']), '-1,4');
    assert.equal(shapeArgText({}), undefined);
  });
  it('byte counts', () => {
    assert.equal(byteArg(undefined, 'skip'), 0n);
    assert.equal(byteArg(128, 'skip'), 128n);
    assert.equal(byteArg('1K', 'skip'), 1024n);
    assert.throws(() => byteArg(-1, 'skip'));
    assert.throws(() => byteArg('x', 'skip'));
  });
});

describe('commands: attach preview source', () => {
  /** Raw bytes: `skip` bytes of 0xEE, then float32 0, 1, 2, … (n values), then `trail` bytes of 0xFF. */
  function rawBytes(skip: number, n: number, trail = 0): Uint8Array {
    const out = new Uint8Array(skip + 4 * n + trail).fill(0xee, 0, skip);
    out.set(new Uint8Array(Float32Array.from({ length: n }, (_, i) => i).buffer), skip);
    out.fill(0xff, skip + 4 * n);
    return out;
  }

  it('is the .npy attach would write: synthesized header, then the raw data from skip', async () => {
    const raw = rawBytes(16, 24, 3);
    const interp = { dtype: f4, shape: [6n, 4n], fortranOrder: false, skip: 16n };
    const src = new PreviewSource(new MemorySource(raw), interp, 96n);
    const opened = await openArray(src);
    assert.deepEqual(opened.header.shape, [6n, 4n]);
    assert.equal(opened.header.dataOffset, BigInt(encodeHeader(f4, [6n, 4n], false).length));
    assert.equal(opened.availableCount, 24n);
    assert.deepEqual(opened.warnings, []); // trailing raw bytes are not part of the preview
    const view = resolveView([6n, 4n], false, f4, defaultView([6n, 4n], false));
    const plan = planTile({ view, itemsize: 4, dataOffset: opened.header.dataOffset, availableCount: opened.availableCount }, { row0: 2n, rows: 2, col0: 1n, cols: 3 });
    const tile = await readTile(src, plan);
    assert.deepEqual(Array.from(new Float32Array(tile.bytes.slice().buffer)), [9, 10, 11, 13, 14, 15]);
  });

  it('a raw file shorter than the shape shows as truncated', async () => {
    const src = new PreviewSource(new MemorySource(rawBytes(0, 10)), { dtype: f4, shape: [12n], fortranOrder: false, skip: 0n }, 48n);
    const opened = await openArray(src);
    assert.equal(opened.availableCount, 10n);
  });

  it('reads spanning header and data, and past the end', async () => {
    const raw = rawBytes(4, 4);
    const src = new PreviewSource(new MemorySource(raw), { dtype: f4, shape: [4n], fortranOrder: false, skip: 4n }, 16n);
    const h = src.header.length;
    const buf = new Uint8Array(12);
    assert.equal(await src.read(BigInt(h - 4), buf), 12);
    assert.deepEqual(Array.from(buf.subarray(0, 4)), Array.from(src.header.subarray(h - 4)));
    assert.deepEqual(Array.from(new Float32Array(buf.slice(4).buffer)), [0, 1]);
    assert.equal(await src.read(BigInt(h + 16), new Uint8Array(4)), 0);
    assert.equal(await src.read(BigInt(h + 12), new Uint8Array(8)), 4);
    const batch = await src.readBatch([{ position: BigInt(h - 2), length: 6, bufferOffset: 0 }], 6);
    assert.deepEqual(Array.from(batch.got), [6]);
  });

  it('reads only the visible tile from a big raw file (positioned reads, no whole-file read)', async function () {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npy-preview-'));
    try {
      const p = path.join(dir, 'big.bin');
      const h = await fs.open(p, 'w');
      await h.truncate(1 << 30); // 1 GiB sparse
      await h.write(new Uint8Array(Float32Array.of(42).buffer), 0, 4, 64 + 4 * 1000);
      await h.close();
      const inner = await FileSource.open(p);
      let bytesRead = 0;
      const counting = {
        size: () => inner.size(),
        read: async (pos: bigint, into: Uint8Array) => {
          const n = await inner.read(pos, into);
          bytesRead += n;
          return n;
        },
        close: () => inner.close(),
      };
      const interp = { dtype: f4, shape: [(1n << 28n) - 16n], fortranOrder: false, skip: 64n };
      const src = new PreviewSource(counting, interp, ((1n << 28n) - 16n) * 4n);
      const opened = await openArray(src);
      const view = resolveView(opened.header.shape, false, f4, defaultView(opened.header.shape, false));
      const plan = planTile(
        { view, itemsize: 4, dataOffset: opened.header.dataOffset, availableCount: opened.availableCount },
        { row0: 990n, rows: 20, col0: 0n, cols: 1 },
      );
      const tile = await readTile(src, plan);
      assert.equal(new Float32Array(tile.bytes.slice().buffer)[10], 42);
      assert.ok(bytesRead < 64 * 1024, `read ${bytesRead} bytes`);
      await src.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("numpy agrees with the preview: the synthesized header is np.save's", async function () {
    const py = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
    if (py.status !== 0) this.skip();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npy-preview-'));
    try {
      const raw = rawBytes(0, 12);
      const src = new PreviewSource(new MemorySource(raw), { dtype: f4, shape: [3n, 4n], fortranOrder: true, skip: 0n }, 48n);
      const all = new Uint8Array(Number(await src.size()));
      await src.read(0n, all);
      const p = path.join(dir, 'p.npy');
      await fs.writeFile(p, all);
      const r = spawnSync('python3', ['-c', `import numpy as np; a=np.load(${JSON.stringify(p)}); print(a.shape, a.dtype, a.flags.f_contiguous, a[1,2])`], {
        encoding: 'utf8',
      });
      assert.equal(r.stdout.trim(), '(3, 4) float32 True 7.0');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('commands: l10n', () => {
  const root = path.resolve(__dirname, '../../..');
  const walk = async (d: string): Promise<string[]> => {
    const out: string[] = [];
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) out.push(...(await walk(path.join(d, e.name))));
      else if (e.name.endsWith('.ts')) out.push(path.join(d, e.name));
    }
    return out;
  };
  it('every string the write commands show is in l10n/bundle.l10n.json', async () => {
    const bundle = JSON.parse(await fs.readFile(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const missing: string[] = [];
    let count = 0;
    for (const f of await walk(path.join(root, 'src/host/commands'))) {
      const text = await fs.readFile(f, 'utf8');
      for (const m of text.matchAll(/\b(?:l10n\.)?t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) {
        const key = (m[1] ?? m[2]).replace(/\\(['"\\])/g, '$1');
        count++;
        if (!(key in bundle)) missing.push(`${path.relative(root, f)}: ${key}`);
      }
    }
    assert.ok(count > 50, `only ${count} strings found`);
    assert.deepEqual(missing, []);
  });
  it('the commands are declared with the NPY category and localized titles', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
    const nls = JSON.parse(await fs.readFile(path.join(root, 'package.nls.json'), 'utf8'));
    for (const id of ['npyStudio.createEmpty', 'npyStudio.attachHeader', 'npyStudio.append', 'npyStudio.repairHeader']) {
      const c = pkg.contributes.commands.find((x: { command: string }) => x.command === id);
      assert.ok(c, id);
      assert.equal(c.category, '%command.category%');
      assert.ok(nls[c.title.slice(1, -1)], id);
    }
    const explorer = pkg.contributes.menus['explorer/context'];
    // Never on an .npy (it has a header) nor on an .npz (an archive of .npy files).
    assert.ok(
      explorer.some(
        (m: { command: string; when: string }) =>
          m.command === 'npyStudio.attachHeader' && m.when === 'resourceExtname != .npy && resourceExtname != .npz && !explorerResourceIsFolder',
      ),
    );
  });
});
