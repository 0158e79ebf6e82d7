// Export of a view: the .npy np.load reads equals numpy's a[view] (values, dtype, shape) for C and Fortran order,
// steps, transposed and fixed axes, records, big-endian, 0-d; CSV/TSV equal numpy's str() of each cell; chunks of
// a few bytes give the same files; cancel and errors leave nothing; an existing file is never replaced unasked.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openPathContainer } from '../../../../src/npy/container';
import { parseSlice, formatSlice } from '../../../../src/npy/slice';
import { defaultView, type ViewSpec } from '../../../../src/npy/view';
import { exportJob, type ExportFormat, type ExportRequest } from '../../../../src/npy/write/exportView';
import { numpyCode } from '../../../../src/npy/numpyCode';

function py(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

describe('export a view (npy/write/exportView)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'npy-export-'));
    py(
      `import numpy as np, sys, os
d = sys.argv[1]
a = (np.arange(4 * 5 * 6, dtype='<f8') * 1.5 - 7).reshape(4, 5, 6)
np.save(os.path.join(d, 'cube.npy'), a)
np.save(os.path.join(d, 'cube_f.npy'), np.asfortranarray(a.astype('>i4')))
np.save(os.path.join(d, 'scalar.npy'), np.array(2.5, dtype='<f4'))
r = np.zeros(7, [('x', '<f4'), ('pos', '<i2', (2,)), ('name', 'S3')])
r['x'] = np.arange(7) / 4; r['pos'] = np.arange(14).reshape(7, 2); r['name'] = [b'a', b'b,c', b'"q"', b'', b'e', b'f', b'g']
np.save(os.path.join(d, 'rec.npy'), r)
np.save(os.path.join(d, 'rgb.npy'), (np.arange(6 * 7 * 3) % 251).astype('u1').reshape(6, 7, 3))
np.save(os.path.join(d, 'stack_f.npy'), np.asfortranarray((np.arange(3 * 5 * 4 * 4) * 0.25 - 9).astype('>f4').reshape(3, 5, 4, 4)))
np.save(os.path.join(d, 'cut.npy'), np.arange(20, dtype='<i4').reshape(5, 4))
b = open(os.path.join(d, 'cut.npy'), 'rb').read()
open(os.path.join(d, 'cut.npy'), 'wb').write(b[:-20])`,
      dir,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const f = (n: string) => join(dir, n);

  async function run(file: string, view: ViewSpec | string, target: string, opts: Partial<ExportRequest> = {}) {
    const container = await openPathContainer(f(file));
    try {
      const entry = await container.open('');
      const spec = typeof view === 'string' ? parseSlice(view, entry.opened.header.shape, { structured: entry.opened.header.dtype.type !== 'scalar' }) : view;
      const result = await exportJob(entry, { view: spec, format: 'npy', target: f(target), ...opts })(new AbortController().signal, () => {});
      return { result, expr: formatSlice(spec, entry.opened.header.shape) };
    } finally {
      await container.close();
    }
  }

  /** np.load(out) equals the expression on the source (values, dtype, shape). */
  function numpyAgrees(src: string, expr: string, out: string): void {
    const r = py(
      `import numpy as np, sys
a = np.load(sys.argv[1])
want = eval(sys.argv[2], {'a': a, 'np': np})
got = np.load(sys.argv[3])
print(got.shape == want.shape, got.dtype == want.dtype, np.array_equal(got, want))`,
      f(src),
      expr,
      f(out),
    );
    assert.equal(r, 'True True True', `${expr}: ${r}`);
  }

  const cases: [string, string][] = [
    ['cube.npy', '2, :, ::2'],
    ['cube.npy', ':, 1, :'],
    ['cube.npy', '::-1, 3, 1:5'],
    ['cube.npy', '1, 2, :'],
    ['cube.npy', ':, :, 4'],
    ['cube_f.npy', '2, :, ::2'],
    ['cube_f.npy', ':, 1, ::-3'],
    ['rec.npy', '1:6'],
    ['rec.npy', '::-2'],
  ];
  cases.forEach(([file, slice], i) => {
    for (const chunkBytes of [undefined, 7]) {
      it(`${file} a[${slice}] as .npy equals numpy's${chunkBytes ? ' (7-byte chunks)' : ''}`, async () => {
        const out = `out-${i}-${chunkBytes ?? 0}.npy`;
        const { expr, result } = await run(file, slice, out, { chunkBytes });
        numpyAgrees(file, expr, out);
        assert.equal(result.bytes, BigInt(readFileSync(f(out)).length));
      });
    }
  });

  it('a transposed view (rows axis after the columns axis) is written as displayed: numpy’s a[…].T', async () => {
    const view: ViewSpec = {
      axes: [
        { kind: 'range', start: 0n, step: 1n, count: 4n },
        { kind: 'index', index: 3n },
        { kind: 'range', start: 0n, step: 1n, count: 6n },
      ],
      rowAxis: 2,
      colAxis: 0,
    };
    const { expr } = await run('cube.npy', view, 'transposed.npy');
    assert.equal(expr, 'a[:, 3, :].T');
    numpyAgrees('cube.npy', expr, 'transposed.npy');
  });

  // An image view indexes its channel axis at 0 but draws every channel: the export and the code take them all.
  const images: [string, ViewSpec, string][] = [
    [
      'rgb.npy',
      {
        axes: [
          { kind: 'range', start: 0n, step: 1n, count: 6n },
          { kind: 'range', start: 6n, step: -2n, count: 4n },
          { kind: 'index', index: 0n },
        ],
        rowAxis: 0,
        colAxis: 1,
      },
      '[:, ::-2, :]',
    ],
    [
      'stack_f.npy',
      {
        axes: [
          { kind: 'index', index: 2n },
          { kind: 'range', start: 1n, step: 1n, count: 3n },
          { kind: 'range', start: 0n, step: 1n, count: 4n },
          { kind: 'index', index: 0n },
        ],
        rowAxis: 2,
        colAxis: 1,
      },
      '[2, 1:4, :, :].transpose(1, 0, 2)',
    ],
  ];
  images.forEach(([file, view, code], i) => {
    for (const chunkBytes of [undefined, 5]) {
      it(`an image view of ${file} (channels drawn whole) exports ${code}, the copied code${chunkBytes ? ' (5-byte chunks)' : ''}`, async () => {
        const container = await openPathContainer(f(file));
        const entry = await container.open('');
        const copied = numpyCode(f(file), undefined, entry.opened.header.shape, view, view.axes.length - 1);
        await container.close();
        assert.ok(copied.endsWith(code), copied);
        const expr = `a${code}`;
        const { result } = await run(file, view, `img-${i}-${chunkBytes ?? 0}.npy`, { chunkBytes, whole: view.axes.length - 1 });
        numpyAgrees(file, expr, `img-${i}-${chunkBytes ?? 0}.npy`);
        assert.equal(result.shape.at(-1), file === 'rgb.npy' ? 3n : 4n);
        // CSV: a pixel's channels side by side, one line per row (np.savetxt of a.reshape(len(a), -1)).
        await run(file, view, `img-${i}-${chunkBytes ?? 0}.csv`, { chunkBytes, whole: view.axes.length - 1, format: 'csv' });
        const want = py(
          `import numpy as np, sys\na = eval(sys.argv[2], {'a': np.load(sys.argv[1])})\nprint('\\n'.join(','.join(str(x) for x in r) for r in a.reshape(len(a), -1)))`,
          f(file),
          expr,
        );
        assert.equal(readFileSync(f(`img-${i}-${chunkBytes ?? 0}.csv`), 'utf8'), want + '\n');
      });
    }
  });

  it('an axis drawn whole must be an indexed channel axis of 1 to 4 entries', async () => {
    await assert.rejects(run('cube.npy', ':, 0, :', 'bad-whole.npy', { whole: 1 }), /an axis drawn whole is an image's channels \(1 to 4\), not 5 entries/);
    await assert.rejects(run('cube.npy', '0, :, :', 'bad-whole2.npy', { whole: 1 }), /must be one the view indexes/);
    assert.ok(!existsSync(f('bad-whole.npy')) && !existsSync(f('bad-whole2.npy')));
  });

  it('a 0-d array exports as a 0-d array', async () => {
    const { expr } = await run('scalar.npy', defaultView([], false), 'scalar-out.npy');
    numpyAgrees('scalar.npy', expr, 'scalar-out.npy');
  });

  it('a selection (a rectangle of the view) exports that block', async () => {
    await run('cube.npy', '2, :, :', 'sel.npy', { range: { row0: 1n, rows: 3n, col0: 2n, cols: 2n } });
    numpyAgrees('cube.npy', 'a[2, 1:4, 2:4]', 'sel.npy');
  });

  for (const format of ['csv', 'tsv'] as ExportFormat[]) {
    it(`${format.toUpperCase()}: numpy's str() of each cell, quoted where needed; records start with their field labels`, async () => {
      await run('cube.npy', '2, :, ::2', `cube.${format}`, { format, chunkBytes: 24 });
      const sep = format === 'csv' ? ',' : '\t';
      const want = py(
        `import numpy as np, sys\na = np.load(sys.argv[1])[2, :, ::2]\nprint('\\n'.join(sys.argv[2].join(str(x) for x in row) for row in a))`,
        f('cube.npy'),
        sep,
      );
      assert.equal(readFileSync(f(`cube.${format}`), 'utf8'), want + '\n');
      await run('rec.npy', '0:3', `rec.${format}`, { format });
      const lines = readFileSync(f(`rec.${format}`), 'utf8').split('\n');
      assert.equal(lines[0], ['x', 'pos[0]', 'pos[1]', 'name'].join(sep));
      assert.equal(lines[2], ['0.25', '2', '3', format === 'csv' ? `"b'b,c'"` : "b'b,c'"].join(sep));
      assert.equal(lines[3], ['0.5', '4', '5', `"b'""q""'"`].join(sep));
    });
  }

  it('a truncated file: .npy refuses the rows past the end in one line (nothing written); CSV leaves them empty', async () => {
    await assert.rejects(run('cut.npy', ':, :', 'cut-out.npy'), /row 3 of the view is past the end of the data \(the file is truncated\)/);
    assert.ok(!existsSync(f('cut-out.npy')));
    await run('cut.npy', '0:3, :', 'cut-ok.npy');
    numpyAgrees('cube.npy', 'a[0, 0:3, 0:4].astype("<i4") * 0 + np.arange(12, dtype="<i4").reshape(3, 4)', 'cut-ok.npy');
    await run('cut.npy', ':, :', 'cut.csv', { format: 'csv' });
    assert.equal(readFileSync(f('cut.csv'), 'utf8'), '0,1,2,3\n4,5,6,7\n8,9,10,11\n12,13,14,\n,,,\n');
  });

  it('never replaces a file unasked; replaces it with force; cancel leaves no file and no temp', async () => {
    writeFileSync(f('keep.npy'), 'precious');
    await assert.rejects(run('cube.npy', '2, :, :', 'keep.npy'), /already exists/);
    assert.equal(readFileSync(f('keep.npy'), 'utf8'), 'precious');
    await run('cube.npy', '2, :, :', 'keep.npy', { force: true });
    numpyAgrees('cube.npy', 'a[2]', 'keep.npy');
    const container = await openPathContainer(f('cube.npy'));
    const entry = await container.open('');
    const ac = new AbortController();
    let chunks = 0;
    const job = exportJob(entry, { view: parseSlice('0, :, :', entry.opened.header.shape), format: 'npy', target: f('cancelled.npy'), chunkBytes: 8 });
    await assert.rejects(
      job(ac.signal, () => {
        if (++chunks === 3) ac.abort();
      }),
      /cancel/,
    );
    await container.close();
    assert.ok(!existsSync(f('cancelled.npy')));
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.includes('npy-studio')),
      [],
    );
  });

  it('a record selection must span every field for .npy', async () => {
    await assert.rejects(run('rec.npy', ':', 'part.npy', { range: { row0: 0n, rows: 2n, col0: 1n, cols: 2n } }), /whole records: select every field column/);
  });
});
