// The write commands in the real extension host, driven with programmatic arguments (which skip the QuickInput):
// the files they write must load in numpy (mmap_mode='r+') with the right shape, dtype, order and values; bad
// input must come back as one line without hurting the extension.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const vscode = require('vscode');
const h = require('./helpers');

/** Run Python with numpy; `code` prints one JSON line. */
function py(code, ...args) {
  const r = spawnSync('python3', ['-c', `import numpy as np, sys, json\n${code}`, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3: ${(r.stderr || '').trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** np.load(p, mmap_mode='r+') → shape, dtype.str, fortran, and for small arrays the sum and whether all are zero. */
function load(p) {
  return py(
    `a = np.load(sys.argv[1], mmap_mode='r+')
small = a.size <= 10**6
print(json.dumps({'shape': list(a.shape), 'dtype': a.dtype.str, 'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous), 'sum': float(np.asarray(a, dtype=float).sum()) if small and a.dtype.kind in 'biuf' else None, 'zero': (bool((a == np.zeros((), a.dtype)).all()) if a.dtype.names is None else bool((a.view(np.uint8) == 0).all())) if small else None}))`,
    p,
  );
}

async function run(id, args) {
  const r = await vscode.commands.executeCommand(id, args);
  assert.ok(r && typeof r === 'object', `${id} returned ${JSON.stringify(r)}`);
  return r;
}

function assertOneLineError(r, re) {
  assert.strictEqual(r.ok, false, JSON.stringify(r));
  assert.ok(typeof r.error === 'string' && r.error.length > 0, JSON.stringify(r));
  assert.ok(!/\n|\bat .*\.js:\d+/.test(r.error), `not one line: ${r.error}`);
  if (re) assert.match(r.error, re);
}

describe('write commands (programmatic)', function () {
  this.timeout(60000);
  let dir;
  let havePython = true;
  before(async function () {
    await h.ensureActive();
    havePython = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
    dir = path.join(h.samplesDir(), `write-it-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
  });
  beforeEach(function () {
    if (!havePython) this.skip();
  });
  after(async function () {
    await h.closeAllEditors();
    if (dir && !process.env.NPY_KEEP_TEMP) fs.rmSync(dir, { recursive: true, force: true });
  });
  const p = (name) => path.join(dir, name);

  describe('npyStudio.createEmpty', function () {
    const cases = [
      { name: 'c_f4.npy', dtype: 'float32', shape: '3,4', want: { shape: [3, 4], dtype: '<f4', fortran: false } },
      { name: 'f_i8.npy', dtype: 'int64', shape: [2, 3, 4], fortran: true, want: { shape: [2, 3, 4], dtype: '<i8', fortran: true } },
      { name: 'scalar.npy', dtype: 'float64', shape: '()', want: { shape: [], dtype: '<f8', fortran: false } },
      { name: 'empty.npy', dtype: 'uint8', shape: '3,0,2', want: { shape: [3, 0, 2], dtype: '|u1', fortran: false } },
      { name: 'zero.npy', dtype: 'bool', shape: '0', want: { shape: [0], dtype: '|b1', fortran: false } },
      { name: 'dt.npy', dtype: 'datetime64[ns]', shape: '5', want: { shape: [5], dtype: '<M8[ns]', fortran: false } },
      { name: 'u16.npy', dtype: 'U16', shape: '2,2', want: { shape: [2, 2], dtype: '<U16', fortran: false } },
      { name: 'c8.npy', dtype: '>c8', shape: '7', want: { shape: [7], dtype: '>c8', fortran: false } },
      { name: 'rec.npy', dtype: "[('x', '<f4'), ('id', '<u8')]", shape: '4', want: { shape: [4], dtype: '|V12', fortran: false } },
    ];
    for (const c of cases) {
      it(`${c.dtype} ${JSON.stringify(c.shape)}${c.fortran ? ' Fortran' : ''} loads in numpy, all zeros`, async function () {
        const r = await run('npyStudio.createEmpty', { path: p(c.name), dtype: c.dtype, shape: c.shape, fortran: c.fortran, open: false });
        assert.strictEqual(r.ok, true, JSON.stringify(r));
        const a = load(p(c.name));
        assert.deepStrictEqual(a.shape, c.want.shape);
        assert.strictEqual(a.dtype, c.want.dtype);
        if (c.want.shape.filter((d) => d > 1).length > 1) assert.strictEqual(a.fortran, c.want.fortran);
        assert.strictEqual(a.zero, true);
      });
    }

    it('a 1 TiB array is created sparse in well under a second and opens in the viewer', async function () {
      const t0 = Date.now();
      const r = await run('npyStudio.createEmpty', { path: p('huge.npy'), dtype: 'float32', shape: [1024, 1024, 1024, 256] });
      const ms = Date.now() - t0;
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      const st = fs.statSync(p('huge.npy'));
      assert.strictEqual(st.size, 2 ** 40 + 128);
      assert.ok(st.blocks * 512 < 1 << 20, `${st.blocks} blocks allocated`);
      const uri = vscode.Uri.file(p('huge.npy'));
      await h.waitFor(`the viewer on huge.npy (active: ${h.describeActiveTab()})`, () => h.activeViewerTab(uri));
      assert.deepStrictEqual(load(p('huge.npy')).shape, [1024, 1024, 1024, 256]);
      console.log(`[npy-it] createEmpty 1 TiB: ${ms} ms incl. opening`);
    });

    it('refuses to replace an existing file without force; replaces with force', async function () {
      const f = p('exists.npy');
      py(`np.save(sys.argv[1], np.arange(5, dtype='<i2')); print(1)`, f);
      const before = fs.readFileSync(f);
      const r = await run('npyStudio.createEmpty', { path: f, dtype: 'float32', shape: '2', open: false });
      assertOneLineError(r, /already exists/);
      assert.deepStrictEqual(fs.readFileSync(f), before);
      const r2 = await run('npyStudio.createEmpty', { path: f, dtype: 'float32', shape: '2', force: true, open: false });
      assert.strictEqual(r2.ok, true, JSON.stringify(r2));
      assert.deepStrictEqual(load(f).shape, [2]);
    });

    it('bad dtype / shape / folder: one-line errors, nothing written, the extension keeps working', async function () {
      assertOneLineError(await run('npyStudio.createEmpty', { path: p('bad1.npy'), dtype: 'floot32', shape: '3' }), /not understood/);
      assertOneLineError(await run('npyStudio.createEmpty', { path: p('bad2.npy'), dtype: 'object', shape: '3' }), /pickled|object/);
      assertOneLineError(await run('npyStudio.createEmpty', { path: p('bad3.npy'), dtype: 'float32', shape: '3,-4' }));
      assertOneLineError(await run('npyStudio.createEmpty', { path: p('bad4.npy'), dtype: 'float32', shape: '4611686018427387904,4' }), /too big/);
      assertOneLineError(await run('npyStudio.createEmpty', { path: p('no/such/dir/x.npy'), dtype: 'float32', shape: '3' }), /does not exist/);
      for (const n of ['bad1.npy', 'bad2.npy', 'bad3.npy', 'bad4.npy']) assert.ok(!fs.existsSync(p(n)), n);
      assert.deepStrictEqual(
        fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')),
        [],
        'temp files left behind',
      );
      const r = await run('npyStudio.createEmpty', { path: p('after.npy'), dtype: 'int8', shape: '1', open: false });
      assert.strictEqual(r.ok, true);
    });
  });

  describe('npyStudio.attachHeader', function () {
    /** A raw dump: `skip` bytes of 0xEE, then arange(n) as float32 (tofile), then `trail` extra bytes. */
    function raw(name, n, skip = 0, trail = 0) {
      py(
        `n, skip, trail = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(sys.argv[1], 'wb') as f:
    f.write(b'\\xee' * skip); np.arange(n, dtype='<f4').tofile(f); f.write(b'\\xff' * trail)
print(1)`,
        p(name),
        String(n),
        String(skip),
        String(trail),
      );
      return p(name);
    }

    it('copy: -1 inferred, values equal the raw data, the raw file unchanged', async function () {
      const r0 = raw('a.bin', 400);
      const before = fs.readFileSync(r0);
      const r = await run('npyStudio.attachHeader', { raw: r0, dtype: 'float32', shape: '-1,4', open: false });
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      assert.strictEqual(r.path, p('a.npy'));
      const a = load(p('a.npy'));
      assert.deepStrictEqual(a.shape, [100, 4]);
      assert.strictEqual(a.sum, (399 * 400) / 2);
      assert.deepStrictEqual(fs.readFileSync(r0), before);
    });

    it('copy with skip, Fortran order and trailing bytes allowed', async function () {
      const r0 = raw('b.bin', 12, 100, 3);
      const r = await run('npyStudio.attachHeader', {
        raw: r0,
        out: p('b_out.npy'),
        dtype: '<f4',
        shape: [3, -1],
        fortran: true,
        skip: 100,
        allowTrailing: true,
        open: false,
      });
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      assert.strictEqual(r.trailing, '3');
      const a = py(
        `a = np.load(sys.argv[1], mmap_mode='r+'); print(json.dumps({'shape': list(a.shape), 'f': bool(a.flags.f_contiguous), 'v': float(a[1, 2])}))`,
        p('b_out.npy'),
      );
      assert.deepStrictEqual(a, { shape: [3, 4], f: true, v: 7 });
    });

    it('trailing bytes without allowTrailing: refused, nothing written', async function () {
      const r0 = raw('c.bin', 10, 0, 2);
      assertOneLineError(await run('npyStudio.attachHeader', { raw: r0, dtype: 'float32', shape: '-1', open: false }), /left over|multiple/);
      assert.ok(!fs.existsSync(p('c.npy')));
    });

    it('reserved: the header goes into the skipped bytes in place (renamed by the out name)', async function () {
      const r0 = raw('d.bin', 64, 128);
      const ino = fs.statSync(r0).ino;
      const r = await run('npyStudio.attachHeader', { raw: r0, out: p('d.npy'), dtype: 'float32', shape: '-1,8', skip: 128, mode: 'reserved', open: false });
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      assert.strictEqual(r.headerLength, 128);
      assert.strictEqual(fs.statSync(p('d.npy')).ino, ino, 'not done in place');
      assert.ok(!fs.existsSync(r0));
      const a = load(p('d.npy'));
      assert.deepStrictEqual(a.shape, [8, 8]);
      assert.strictEqual(a.sum, (63 * 64) / 2);
    });

    it('reserved with too few skipped bytes: refused before anything changes', async function () {
      const r0 = raw('e.bin', 16, 8);
      const before = fs.readFileSync(r0);
      assertOneLineError(
        await run('npyStudio.attachHeader', { raw: r0, dtype: 'float32', shape: '-1', skip: 8, mode: 'reserved', open: false }),
        /cannot hold the header/,
      );
      assert.deepStrictEqual(fs.readFileSync(r0), before);
    });

    it('insert where the filesystem supports it (else a one-line refusal, nothing changed)', async function () {
      const r0 = raw('g.bin', 1024);
      const before = fs.readFileSync(r0);
      const r = await run('npyStudio.attachHeader', { raw: r0, out: p('g.npy'), dtype: 'float32', shape: '-1', mode: 'insert', open: false });
      if (!r.ok) {
        assertOneLineError(r, /insert|fallocate|filesystem|Linux/);
        assert.deepStrictEqual(fs.readFileSync(r0), before);
        console.log(`[npy-it] insert mode not available here: ${r.error}`);
        return;
      }
      const a = load(p('g.npy'));
      assert.deepStrictEqual(a.shape, [1024]);
      assert.strictEqual(a.sum, (1023 * 1024) / 2);
    });

    it('the live preview opens in the viewer without writing anything', async function () {
      const r0 = raw('h.bin', 60, 16);
      const st0 = fs.statSync(r0);
      const list0 = fs.readdirSync(dir).sort();
      const r = await run('npyStudio.attachHeader', { raw: r0, dtype: 'float32', shape: '-1,6', skip: 16, preview: true });
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      assert.deepStrictEqual(r.shape, ['10', '6']);
      const uri = vscode.Uri.parse(r.uri);
      assert.strictEqual(uri.scheme, 'npy-preview');
      const tab = await h.waitFor('the preview tab', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString()),
      );
      assert.strictEqual(tab.input.viewType, h.VIEW_TYPE);
      assert.match(tab.label, /h\.bin · NPY preview/);
      const st1 = fs.statSync(r0);
      assert.strictEqual(st1.size, st0.size);
      assert.strictEqual(st1.mtimeMs, st0.mtimeMs);
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), list0);
      await vscode.window.tabGroups.close(tab);
    });

    it('bad input: one-line errors', async function () {
      const r0 = raw('i.bin', 10);
      assertOneLineError(await run('npyStudio.attachHeader', { raw: r0, dtype: 'nope', shape: '-1' }), /not understood/);
      assertOneLineError(await run('npyStudio.attachHeader', { raw: r0, dtype: 'float32', shape: '-1,-1' }));
      assertOneLineError(await run('npyStudio.attachHeader', { raw: p('missing.bin'), dtype: 'float32', shape: '-1' }));
      assertOneLineError(await run('npyStudio.attachHeader', { raw: r0, dtype: 'float32', shape: '-1', skip: 1000 }), /past the end/);
    });
  });

  describe('npyStudio.append and npyStudio.repairHeader', function () {
    it('append .npy and raw sources: rows added, values in order, opens the result', async function () {
      py(
        `d = sys.argv[1]
np.save(d + '/t.npy', np.arange(40, dtype='<f8').reshape(10, 4))
np.save(d + '/s1.npy', np.arange(40, 60, dtype='<f8').reshape(5, 4))
np.arange(60, 72, dtype='<f8').tofile(d + '/s2.bin')
print(1)`,
        dir,
      );
      const r = await run('npyStudio.append', { target: p('t.npy'), sources: [p('s1.npy'), p('s2.bin')] });
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      assert.deepStrictEqual(r.newShape, ['18', '4']);
      const a = py(`a = np.load(sys.argv[1], mmap_mode='r+'); print(json.dumps({'shape': list(a.shape), 'ok': bool((a.ravel() == np.arange(72)).all())}))`, p('t.npy'));
      assert.deepStrictEqual(a, { shape: [18, 4], ok: true });
      await h.waitFor('the viewer on t.npy', () => h.activeViewerTab(vscode.Uri.file(p('t.npy'))));
    });

    it('append refuses a dtype or shape mismatch without changing the target', async function () {
      py(
        `d = sys.argv[1]
np.save(d + '/u.npy', np.zeros((3, 4), '<f4'))
np.save(d + '/v.npy', np.zeros((3, 5), '<f4'))
np.save(d + '/w.npy', np.zeros((3, 4), '<i4'))
print(1)`,
        dir,
      );
      const before = fs.readFileSync(p('u.npy'));
      assertOneLineError(await run('npyStudio.append', { target: p('u.npy'), sources: [p('v.npy')] }), /shape/);
      assertOneLineError(await run('npyStudio.append', { target: p('u.npy'), sources: [p('w.npy')] }), /dtype/);
      assertOneLineError(await run('npyStudio.append', { target: p('u.npy'), sources: [] }), /sources/);
      assert.deepStrictEqual(fs.readFileSync(p('u.npy')), before);
    });

    it('repair: extra rows adopted and a partial row dropped', async function () {
      py(
        `p = sys.argv[1]
np.save(p, np.arange(20, dtype='<i4').reshape(5, 4))
with open(p, 'ab') as f: np.arange(20, 32, dtype='<i4').tofile(f); f.write(b'xyz')
print(1)`,
        p('r.npy'),
      );
      const r = await run('npyStudio.repairHeader', { path: p('r.npy'), open: false });
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      assert.strictEqual(r.changed, true);
      assert.deepStrictEqual(r.shape, ['8', '4']);
      assert.strictEqual(r.droppedBytes, '3');
      const a = py(`a = np.load(sys.argv[1], mmap_mode='r+'); print(json.dumps({'shape': list(a.shape), 'ok': bool((a.ravel() == np.arange(32)).all())}))`, p('r.npy'));
      assert.deepStrictEqual(a, { shape: [8, 4], ok: true });
      const again = await run('npyStudio.repairHeader', { path: p('r.npy'), open: false });
      assert.deepStrictEqual([again.ok, again.changed], [true, false]);
    });

    it('repair of a file that is not a .npy: one line', async function () {
      fs.writeFileSync(p('junk.npy'), 'not numpy at all');
      assertOneLineError(await run('npyStudio.repairHeader', { path: p('junk.npy'), open: false }), /magic|not a \.npy/);
    });
  });
});
