// create and attach-header against numpy: created files load with np.load(mmap_mode='r+'); raw dumps written by
// ndarray.tofile round-trip through every attach mode; nothing is changed when a check fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseDtypeSpec } from '../../../../src/npy/dtype';
import { NpyError } from '../../../../src/npy/types';
import { createNpy } from '../../../../src/npy/write/create';
import { attachHeader, insertSupport, planAttach } from '../../../../src/npy/write/attach';
import { parseShapeSpec } from '../../../../src/npy/write/spec';

function py(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

const dtype = parseDtypeSpec;
const shape = (s: string) => parseShapeSpec(s, { allowInfer: true });

describe('write: create', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-create-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Array<[string, string, boolean]> = [
    ['float32', '3,4', false],
    ['>i2', '3,4', true],
    ['U10', '5', false],
    ['M8[ns]', '()', false],
    ["[('x','<f4'),('id','<u8')]", '2,3', false],
    ['complex128', '3,0,2', false],
    ['u1', '0', false],
    ['f8', '2,3,4', true],
  ];
  for (const [dt, sh, fortran] of cases) {
    it(`${dt} ${sh}${fortran ? ' F' : ''} loads with np.load(mmap_mode='r+') and is writable`, async () => {
      const f = join(dir, 'a.npy');
      await createNpy(f, { dtype: dtype(dt), shape: parseShapeSpec(sh), fortranOrder: fortran });
      const out = py(
        `import sys, numpy as np
a = np.load(sys.argv[1], mmap_mode='r+')
ref = np.lib.format.open_memmap(sys.argv[1] + '.ref', mode='w+', dtype=np.dtype(eval(sys.argv[2]) if sys.argv[2].startswith('[') else sys.argv[2]), shape=a.shape, fortran_order=${fortran ? 'True' : 'False'})
del ref
same = open(sys.argv[1], 'rb').read() == open(sys.argv[1] + '.ref', 'rb').read()
zero = not a.tobytes().strip(b'\\0')
if a.size: a.reshape(-1)[-1:] = a.reshape(-1)[:1]; a.flush()
print(a.shape, a.dtype.str, np.isfortran(a) if a.ndim > 1 else '-', same, zero)`,
        f,
        dt,
      );
      const [, rest] = [out, out];
      assert.match(rest, /True True$/, out);
      assert.deepEqual(readdirSync(dir).sort(), ['a.npy', 'a.npy.ref']);
    });
  }

  it('1 TiB in milliseconds and a few KiB on disk, sparse', async () => {
    const f = join(dir, 'big.npy');
    const t = performance.now();
    const r = await createNpy(f, { dtype: dtype('float32'), shape: [1n << 38n] });
    const ms = performance.now() - t;
    const st = statSync(f);
    assert.equal(BigInt(st.size), r.fileSize);
    assert.ok(st.blocks * 512 <= 64 * 1024, `${st.blocks * 512} bytes on disk`);
    assert.ok(ms < 2000, `${ms} ms`);
    assert.equal(py(`import sys, numpy as np; a = np.load(sys.argv[1], mmap_mode='r'); print(a.shape, a[-1])`, f), '(274877906944,) 0.0');
  });

  it('refuses an existing file without force, replaces it with force; no temp file left', async () => {
    const f = join(dir, 'a.npy');
    writeFileSync(f, 'precious');
    // The engine names no CLI flag: it says what is wrong and carries a code; each surface adds its remedy.
    await assert.rejects(
      createNpy(f, { dtype: dtype('f4'), shape: [3n] }),
      (e: Error) => e instanceof NpyError && e.code === 'targetExists' && /a\.npy already exists$/.test(e.message) && !e.message.includes('--'),
    );
    assert.equal(readFileSync(f, 'utf8'), 'precious');
    await createNpy(f, { dtype: dtype('f4'), shape: [3n], force: true });
    assert.equal(statSync(f).size, 128 + 12);
    assert.deepEqual(readdirSync(dir), ['a.npy']);
  });

  it('cancelled before publishing: no file, no temp', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(createNpy(join(dir, 'c.npy'), { dtype: dtype('f4'), shape: [3n], signal: ac.signal }), /cancelled/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses object dtypes and sizes past int64', async () => {
    await assert.rejects(createNpy(join(dir, 'o.npy'), { dtype: dtype('O'), shape: [3n] }), /pickled/);
    await assert.rejects(createNpy(join(dir, 'h.npy'), { dtype: dtype('f8'), shape: [1n << 61n, 4n] }), /too big/);
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('write: attach-header', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-attach-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A raw dump by numpy's tofile, with `skip` junk bytes before and `trail` after. Returns the array's sha. */
  function dump(file: string, dt: string, sh: string, skip = 0, trail = 0, order = 'C'): string {
    return py(
      `import sys, hashlib, numpy as np
rng = np.random.default_rng(1)
dt = np.dtype(eval(sys.argv[2]) if sys.argv[2].startswith('[') else sys.argv[2])
a = np.frombuffer(rng.bytes(int(np.prod(${sh})) * dt.itemsize), dtype=dt).reshape(${sh}, order='${order}')
with open(sys.argv[1], 'wb') as f:
    f.write(b'J' * ${skip}); (a.T if '${order}' == 'F' else a).tofile(f); f.write(b'T' * ${trail})
print(hashlib.sha1(a.tobytes(order='${order}')).hexdigest())`,
      file,
      dt,
    );
  }
  /** Load with numpy (memory-mapped, as the brief requires) and hash in the given order. */
  function loadSha(file: string, order = 'C', extra = ''): string {
    return py(
      `import sys, hashlib, numpy as np
a = np.load(sys.argv[1], mmap_mode='r'${extra})
print(hashlib.sha1(a.tobytes(order='${order}')).hexdigest(), a.shape, a.dtype.str)`,
      file,
    );
  }

  it('copy: round-trips tofile data for several dtypes, infers -1, skips a prefix', async () => {
    for (const [dt, sh, spec, skip] of [
      ['<f4', '(6, 5)', '-1,5', 0],
      ['>i2', '(7,)', '-1', 13],
      ["[('x','<f4'),('id','<u8')]", '(4, 3)', '4,-1', 100],
      ['<c16', '(2, 3, 4)', '2,3,4', 4096],
      ['<U3', '(5,)', '5', 1],
    ] as Array<[string, string, string, number]>) {
      const raw = join(dir, 'r.bin');
      const sha = dump(raw, dt, sh, skip);
      const out = join(dir, 'r.npy');
      rmSync(out, { force: true });
      let progress = 0n;
      const r = await attachHeader(raw, undefined, { dtype: dtype(dt), shape: shape(spec), skip: BigInt(skip), onProgress: (d) => (progress = d) });
      assert.equal(r.out, out);
      assert.equal(progress, r.dataSize);
      const got = loadSha(out);
      assert.ok(got.startsWith(sha), `${dt}: ${got}`);
      // byte-identical to np.save of the same array
      const same = py(
        `import sys, io, numpy as np
a = np.load(sys.argv[1]); b = io.BytesIO(); np.save(b, a); print(b.getvalue() == open(sys.argv[1], 'rb').read())`,
        out,
      );
      assert.equal(same, 'True');
    }
  });

  it('copy: Fortran order round-trips', async () => {
    const raw = join(dir, 'f.bin');
    const sha = dump(raw, '<f8', '(3, 4)', 0, 0, 'F');
    await attachHeader(raw, join(dir, 'f.npy'), { dtype: dtype('<f8'), shape: shape('3,4'), fortranOrder: true });
    assert.ok(loadSha(join(dir, 'f.npy'), 'F').startsWith(sha));
  });

  it('sizes that do not divide are errors unless trailing bytes are allowed; nothing is written', async () => {
    const raw = join(dir, 'r.bin');
    const sha = dump(raw, '<f4', '(10,)', 0, 3);
    const trailing = (re: RegExp) => (e: Error) => e instanceof NpyError && e.code === 'trailingData' && re.test(e.message) && !e.message.includes('--');
    await assert.rejects(attachHeader(raw, undefined, { dtype: dtype('<f4'), shape: shape('-1') }), trailing(/3 bytes left over$/));
    await assert.rejects(attachHeader(raw, undefined, { dtype: dtype('<f4'), shape: shape('10') }), trailing(/3 more than shape \(10,\) needs$/));
    await assert.rejects(attachHeader(raw, undefined, { dtype: dtype('<f4'), shape: shape('11') }), /needs 44/);
    assert.deepEqual(readdirSync(dir), ['r.bin']);
    const r = await attachHeader(raw, undefined, { dtype: dtype('<f4'), shape: shape('-1'), allowTrailing: true });
    assert.deepEqual(r.shape, [10n]);
    assert.ok(loadSha(join(dir, 'r.npy')).startsWith(sha));
  });

  it('copy refuses an existing OUT without force', async () => {
    const raw = join(dir, 'r.bin');
    dump(raw, 'u1', '(8,)');
    writeFileSync(join(dir, 'r.npy'), 'keep');
    await assert.rejects(attachHeader(raw, undefined, { dtype: dtype('u1'), shape: shape('8') }), /already exists/);
    assert.equal(readFileSync(join(dir, 'r.npy'), 'utf8'), 'keep');
    await attachHeader(raw, undefined, { dtype: dtype('u1'), shape: shape('8'), force: true });
    assert.equal(statSync(join(dir, 'r.npy')).size, 128 + 8);
  });

  it('reserved: the header fills exactly the skipped bytes; numpy memory-maps it', async () => {
    for (const skip of [128, 100, 72, 4096, 77]) {
      const raw = join(dir, `res${skip}.bin`);
      const sha = dump(raw, '<i4', '(5, 6)', skip);
      const size = statSync(raw).size;
      const r = await attachHeader(raw, undefined, { dtype: dtype('<i4'), shape: shape('-1,6'), skip: BigInt(skip), mode: 'reserved' });
      assert.equal(r.headerLength, skip);
      assert.equal(statSync(raw).size, size);
      const got = loadSha(raw);
      assert.ok(got.startsWith(sha), `${skip}: ${got}`);
    }
  });

  it('reserved: too few bytes is refused before anything changes; a huge header warns about max_header_size', async () => {
    const raw = join(dir, 'r.bin');
    dump(raw, '<i4', '(5,)', 40);
    const before = readFileSync(raw);
    await assert.rejects(attachHeader(raw, undefined, { dtype: dtype('<i4'), shape: shape('5'), skip: 40n, mode: 'reserved' }), /cannot hold the header/);
    assert.ok(readFileSync(raw).equals(before));
    const big = join(dir, 'big.bin');
    const sha = dump(big, '<i4', '(5,)', 20000);
    const r = await attachHeader(big, join(dir, 'big.npy'), { dtype: dtype('<i4'), shape: shape('5'), skip: 20000n, mode: 'reserved' });
    assert.match(r.warnings.join(), /max_header_size=19990/);
    assert.ok(!existsSync(big));
    assert.ok(loadSha(join(dir, 'big.npy'), 'C', ', max_header_size=20000').startsWith(sha));
  });

  it('insert: on ext4/xfs shifts the data by a block in place; numpy memory-maps it', async function () {
    const sup = await insertSupport(dir);
    if (!sup.ok) this.skip();
    for (const skip of [0, 10, 5000]) {
      const raw = join(dir, `ins${skip}.bin`);
      const sha = dump(raw, '<f8', '(1000, 3)', skip, 5);
      const size = statSync(raw).size;
      const out = join(dir, `ins${skip}.npy`);
      const r = await attachHeader(raw, out, { dtype: dtype('<f8'), shape: shape('-1,3'), skip: BigInt(skip), mode: 'insert', allowTrailing: true });
      assert.equal(r.inserted % sup.blockSize, 0);
      assert.equal(r.headerLength, r.inserted + skip);
      assert.equal(statSync(out).size, size + r.inserted);
      assert.ok(!existsSync(raw));
      assert.ok(loadSha(out).startsWith(sha), skip.toString());
    }
  });

  it('insert: an unsupported filesystem is named, nothing changes, copy is suggested', async function () {
    const mnt = join(dir, 'tmpfs');
    mkdirSync(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]).status !== 0) this.skip();
    try {
      const raw = join(mnt, 'r.bin');
      dump(raw, '<f4', '(100,)');
      const before = readFileSync(raw);
      await assert.rejects(
        attachHeader(raw, undefined, { dtype: dtype('<f4'), shape: shape('-1'), mode: 'insert' }),
        (e: Error) => /tmpfs cannot insert.*use copy mode/.test(e.message) && !e.message.includes('--'),
      );
      assert.ok(readFileSync(raw).equals(before));
      assert.deepEqual(readdirSync(mnt), ['r.bin']);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('plans without touching anything', async () => {
    const raw = join(dir, 'r.bin');
    dump(raw, '<f4', '(12,)');
    const p = await planAttach(raw, undefined, { dtype: dtype('<f4'), shape: shape('3,-1') });
    assert.deepEqual(p.shape, [3n, 4n]);
    assert.deepEqual(readdirSync(dir), ['r.bin']);
  });
});
