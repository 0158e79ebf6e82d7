// append along axis 0 and repair of a header/data length mismatch, checked against numpy.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseDtypeSpec } from '../../../../src/npy/dtype';
import { appendArrays } from '../../../../src/npy/write/append';
import { applyRepair, planRepair } from '../../../../src/npy/write/repair';
import { attachHeader } from '../../../../src/npy/write/attach';
import { NpyError } from '../../../../src/npy/types';

function py(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

describe('write: append', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-append-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const f = (n: string) => join(dir, n);

  it('appends .npy and raw sources in place; equals np.concatenate; header keeps np.save layout', async () => {
    py(
      `import numpy as np, sys
d = sys.argv[1]
dt = np.dtype([('x','<f4'),('id','<u8')])
a = np.zeros((3, 2), dt); a['x'] = np.arange(6).reshape(3,2); a['id'] = 7
b = np.ones((2, 2), dt); c = np.full((4, 2), 3, dt)
np.save(d + '/t.npy', a); np.save(d + '/b.npy', b); c.tofile(d + '/c.raw')
np.save(d + '/want.npy', np.concatenate([a, b, c]))`,
      dir,
    );
    const size0 = statSync(f('t.npy')).size;
    let last = 0n;
    const r = await appendArrays(f('t.npy'), [f('b.npy'), f('c.raw')], {
      dtype: parseDtypeSpec("[('x','<f4'),('id','<u8')]"),
      onProgress: (d) => (last = d),
    });
    assert.equal(r.inPlace, true);
    assert.deepEqual(r.newShape, [9n, 2n]);
    assert.equal(last, r.bytesAdded);
    assert.equal(statSync(f('t.npy')).size, size0 + Number(r.bytesAdded));
    assert.ok(readFileSync(f('t.npy')).equals(readFileSync(f('want.npy'))), 'byte-identical to np.save of the concatenation');
    assert.deepEqual(readdirSync(dir).sort(), ['b.npy', 'c.raw', 't.npy', 'want.npy']);
  });

  it('rewrites the file (temp + rename) when the header has no room to grow', async () => {
    // a header with no spare room: attach into exactly the minimal reserved bytes
    py(`import numpy as np, sys; np.arange(36, dtype='<i2').reshape(9, 4).tofile(sys.argv[1])`, f('raw'));
    const raw = readFileSync(f('raw'));
    const hdr = "{'descr': '<i2', 'fortran_order': False, 'shape': (9, 4), }";
    const skip = 10 + hdr.length + 1;
    writeFileSync(f('t.npy'), Buffer.concat([Buffer.alloc(skip), raw]));
    await attachHeader(f('t.npy'), undefined, { dtype: parseDtypeSpec('<i2'), shape: [9n, 4n], skip: BigInt(skip), mode: 'reserved' });
    py(`import numpy as np, sys; np.save(sys.argv[1], np.arange(8, dtype='<i2').reshape(2, 4))`, f('s.npy'));
    const r = await appendArrays(f('t.npy'), [f('s.npy')]);
    assert.equal(r.inPlace, false);
    const out = py(`import numpy as np, sys; a = np.load(sys.argv[1], mmap_mode='r'); print(a.shape, a[-3:].tolist())`, f('t.npy'));
    assert.equal(out, '(11, 4) [[32, 33, 34, 35], [0, 1, 2, 3], [4, 5, 6, 7]]');
    assert.deepEqual(readdirSync(dir).sort(), ['raw', 's.npy', 't.npy']);
  });

  it('refuses mismatches before changing anything', async () => {
    py(
      `import numpy as np, sys
d = sys.argv[1]
np.save(d + '/t.npy', np.zeros((2, 3), '<f8'))
np.save(d + '/f4.npy', np.zeros((2, 3), '<f4'))
np.save(d + '/w.npy', np.zeros((2, 4), '<f8'))
np.save(d + '/F.npy', np.asfortranarray(np.zeros((2, 3), '<f8')))
np.save(d + '/tF.npy', np.asfortranarray(np.zeros((2, 3), '<f8')))
np.save(d + '/z.npy', np.float64(1))
open(d + '/odd.raw', 'wb').write(b'x' * 25)`,
      dir,
    );
    const before = readFileSync(f('t.npy'));
    await assert.rejects(appendArrays(f('t.npy'), [f('f4.npy')]), /dtype float32.*float64/);
    await assert.rejects(appendArrays(f('t.npy'), [f('w.npy')]), /shape \(2, 4\).*\(N, 3\)/);
    await assert.rejects(appendArrays(f('t.npy'), [f('F.npy')]), /Fortran order/);
    await assert.rejects(appendArrays(f('tF.npy'), [f('t.npy')]), /Fortran order/);
    await assert.rejects(appendArrays(f('z.npy'), [f('t.npy')]), /0-d/);
    await assert.rejects(
      appendArrays(f('t.npy'), [f('odd.raw')]),
      (e: Error) =>
        e instanceof NpyError && e.code === 'rawSourceNeedsDtype' && /odd\.raw is not a \.npy file, and no dtype was given/.test(e.message) && !e.message.includes('--'),
    );
    await assert.rejects(appendArrays(f('t.npy'), [f('odd.raw')], { dtype: parseDtypeSpec('<f8') }), /not a whole number of 24-byte rows/);
    await assert.rejects(appendArrays(f('t.npy'), [f('t.npy')]), /target itself/);
    await assert.rejects(appendArrays(f('t.npy'), [f('f4.npy')], { dtype: parseDtypeSpec('<f4') }), /differs/);
    appendFileSync(f('w.npy'), Buffer.alloc(5));
    await assert.rejects(appendArrays(f('w.npy'), [f('t.npy')]), /repair/);
    assert.ok(readFileSync(f('t.npy')).equals(before));
  });
});

describe('write: repair', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-repair-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const f = (n: string) => join(dir, n);

  it('adopts rows a crashed append left after the data and drops a partial row', async () => {
    py(`import numpy as np, sys; np.save(sys.argv[1], np.arange(12, dtype='<i4').reshape(3, 4))`, f('a.npy'));
    appendFileSync(f('a.npy'), Buffer.from(new Int32Array([12, 13, 14, 15, 16, 17, 18, 19, 99]).buffer));
    const plan = await planRepair(f('a.npy'));
    assert.equal(plan.needed, true);
    assert.deepEqual(plan.newShape, [5n, 4n]);
    assert.equal(plan.droppedBytes, 4n);
    assert.match(plan.lines.join('\n'), /\(3, 4\) → \(5, 4\)[\s\S]*drop the last 4 bytes/);
    const untouched = readFileSync(f('a.npy'));
    assert.ok(readFileSync(f('a.npy')).equals(untouched), 'planning changes nothing');
    await applyRepair(plan);
    assert.equal(
      py(`import numpy as np, sys; a = np.load(sys.argv[1], mmap_mode='r+'); print(a.shape, a.ravel().tolist() == list(range(20)))`, f('a.npy')),
      '(5, 4) True',
    );
    assert.equal((await planRepair(f('a.npy'))).needed, false);
  });

  it('shrinks a cut-off file to its whole rows; Fortran order grows the last axis', async () => {
    py(
      `import numpy as np, sys
np.save(sys.argv[1], np.arange(40, dtype='<f8').reshape(10, 4))
np.save(sys.argv[2], np.asfortranarray(np.arange(12, dtype='<f8').reshape(3, 4)))`,
      f('c.npy'),
      f('F.npy'),
    );
    truncateSync(f('c.npy'), statSync(f('c.npy')).size - 40);
    const p = await planRepair(f('c.npy'));
    assert.deepEqual(p.newShape, [8n, 4n]);
    assert.equal(p.droppedBytes, 24n);
    await applyRepair(p);
    assert.equal(py(`import numpy as np, sys; a = np.load(sys.argv[1]); print(a.shape, a[-1].tolist())`, f('c.npy')), '(8, 4) [28.0, 29.0, 30.0, 31.0]');
    appendFileSync(f('F.npy'), Buffer.from(new Float64Array([12, 13, 14]).buffer));
    const q = await planRepair(f('F.npy'));
    assert.deepEqual(q.newShape, [3n, 5n]);
    await applyRepair(q);
    assert.equal(py(`import numpy as np, sys; a = np.load(sys.argv[1]); print(a.shape, a[:, -1].tolist())`, f('F.npy')), '(3, 5) [12.0, 13.0, 14.0]');
  });

  it('refuses to apply a plan when the file changed since', async () => {
    py(`import numpy as np, sys; np.save(sys.argv[1], np.arange(4, dtype='u1'))`, f('a.npy'));
    appendFileSync(f('a.npy'), Buffer.from([4, 5]));
    const p = await planRepair(f('a.npy'));
    appendFileSync(f('a.npy'), Buffer.from([6]));
    await assert.rejects(applyRepair(p), /changed since/);
  });

  it('rewrites the file when the header has no room for the new shape', async () => {
    py(`import numpy as np, sys; np.arange(9, dtype='u1').tofile(sys.argv[1])`, f('raw'));
    const hdr = "{'descr': '|u1', 'fortran_order': False, 'shape': (9,), }";
    const skip = 10 + hdr.length + 1;
    writeFileSync(f('a.npy'), Buffer.concat([Buffer.alloc(skip), readFileSync(f('raw'))]));
    await attachHeader(f('a.npy'), undefined, { dtype: parseDtypeSpec('u1'), shape: [9n], skip: BigInt(skip), mode: 'reserved' });
    appendFileSync(f('a.npy'), Buffer.from([9, 10, 11]));
    const p = await planRepair(f('a.npy'));
    assert.equal(p.inPlace, false);
    await applyRepair(p);
    assert.equal(py(`import numpy as np, sys; a = np.load(sys.argv[1], mmap_mode='r'); print(a.tolist())`, f('a.npy')), '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]');
    assert.deepEqual(readdirSync(dir).sort(), ['a.npy', 'raw']);
  });

  it('0-d arrays: trailing bytes dropped, a cut-off element refused', async () => {
    py(`import numpy as np, sys; np.save(sys.argv[1], np.float64(2.5))`, f('z.npy'));
    appendFileSync(f('z.npy'), Buffer.from([1, 2]));
    const p = await planRepair(f('z.npy'));
    assert.equal(p.droppedBytes, 2n);
    await applyRepair(p);
    assert.equal(py(`import numpy as np, sys; print(np.load(sys.argv[1]))`, f('z.npy')), '2.5');
    truncateSync(f('z.npy'), statSync(f('z.npy')).size - 1);
    await assert.rejects(planRepair(f('z.npy')), /cannot be repaired/);
  });
});
