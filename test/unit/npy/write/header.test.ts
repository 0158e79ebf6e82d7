// encodeHeader must equal numpy's own header bytes (np.save / open_memmap) for every dtype × shape × order.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { parseDtypeSpec } from '../../../../src/npy/dtype';
import { encodeHeader, encodeHeaderFixed, minimalHeaderLength } from '../../../../src/npy/write/headerBytes';
import { parseHeaderBytes } from '../../../../src/npy/header';

function python(script: string, input: unknown): any {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// numpy dtype constructors (Python expressions) covering every kind, byte order, and structured forms.
const DTYPES = [
  "'<f8'",
  "'>f4'",
  "'<f2'",
  "'<f16'",
  "'?'",
  "'u1'",
  "'i1'",
  "'>i2'",
  "'<u4'",
  "'>i8'",
  "'<c8'",
  "'>c16'",
  "'<U10'",
  "'>U1'",
  "'S5'",
  "'V8'",
  "'<M8[ns]'",
  "'>m8[10ms]'",
  "'<M8'",
  "'<M8[D]'",
  "[('x','<f4'),('id','<u8')]",
  "[('a','<i4',(2,3)),('b',[('c','S3'),('d','>f8')])]",
  "np.dtype([('a','u1'),('b','<f8')], align=True)",
  "np.dtype({'names':['x','y'],'formats':['<i2','<f4'],'offsets':[0,8],'itemsize':16})",
  "[(('Title', 'name'), '<i4'), ('v', '<f8', (2,))]",
  "[('\\u00e9t\\u00e9', '<f4')]",
  "[('\\u65e5\\u672c', '<f4'), ('q\\'uote\\\\', '<i2')]",
  "[('f%d' % i, '<f8') for i in range(5000)]",
  // Sub-arrays of sub-arrays keep numpy's nesting in the header we write (foundation issue).
  "[('x', ('<f8', (5,)), (2,))]",
  "[('x', ([('a', '<i4'), ('b', ('<f4', (2,)))], (3,)), (2,))]",
];
const SHAPES = ['()', '(0,)', '(3,)', '(3, 4)', '(3, 0, 2)', '(1000,)', '(1099511627776,)', '(5, 8589934592)', '(1, 2, 3, 4)', '(10, 1)'];

const ORACLE = `
import sys, json, io, warnings, ast
import numpy as np
from numpy.lib import _format_impl as fmt
warnings.simplefilter('ignore')
req = json.load(sys.stdin)
out = []
for dt_expr in req['dtypes']:
    dt = np.dtype(eval(dt_expr))
    descr = repr(fmt.dtype_to_descr(dt))
    for shape_text in req['shapes']:
        shape = ast.literal_eval(shape_text)
        for fo in (False, True):
            b = io.BytesIO()
            fmt._write_array_header(b, {'descr': fmt.dtype_to_descr(dt), 'fortran_order': fo, 'shape': shape})
            saved = None
            fosaved = None
            n = 1
            for d in shape: n *= d
            if n * dt.itemsize < 1 << 20:
                a = np.zeros(shape, dtype=dt, order='F' if fo else 'C')
                s = io.BytesIO(); np.save(s, a)
                v = s.getvalue()
                # np.save says fortran_order only for arrays that are not also C-contiguous
                if a.flags.c_contiguous == (not fo) or not fo:
                    hl = v[8] | v[9] << 8 if v[6] == 1 else int.from_bytes(v[8:12], 'little')
                    saved = v[: (10 if v[6] == 1 else 12) + hl].hex()
                    fosaved = bool(not a.flags.c_contiguous)
            out.append({'dt': dt_expr, 'descr': descr, 'shape': shape_text, 'fo': fo, 'hex': b.getvalue().hex(), 'saved': saved, 'fosaved': fosaved})
print(json.dumps(out))
`;

function shapeOf(text: string): bigint[] {
  return [...text.matchAll(/\d+/g)].map((m) => BigInt(m[0]));
}

describe('write: header bytes', () => {
  const cases: any[] = python(ORACLE, { dtypes: DTYPES, shapes: SHAPES });

  it(`matches numpy for ${DTYPES.length} dtypes × ${SHAPES.length} shapes × 2 orders`, () => {
    assert.equal(cases.length, DTYPES.length * SHAPES.length * 2);
    const versions = new Set<number>();
    for (const c of cases) {
      const dtype = parseDtypeSpec(c.descr);
      const ours = Buffer.from(encodeHeader(dtype, shapeOf(c.shape), c.fo)).toString('hex');
      assert.equal(ours, c.hex, `${c.dt} ${c.shape} fortran=${c.fo}`);
      versions.add(parseInt(c.hex.slice(12, 14), 16));
      if (c.saved && !c.fo) assert.equal(ours, c.saved, `np.save ${c.dt} ${c.shape}`);
    }
    assert.deepEqual([...versions].sort(), [1, 2, 3], 'the matrix covers format versions 1.0, 2.0 and 3.0');
  });

  it('equals np.save for Fortran-order arrays that numpy saves as Fortran', () => {
    const fortran = cases.filter((c) => c.fo && c.saved);
    assert.ok(fortran.length > 10);
    for (const c of fortran) {
      const ours = Buffer.from(encodeHeader(parseDtypeSpec(c.descr), shapeOf(c.shape), true)).toString('hex');
      if (c.fosaved) assert.equal(ours, c.saved, `np.save F ${c.dt} ${c.shape}`);
    }
  });

  it('fixed-length headers parse back and are padded to exactly the length asked', () => {
    const dtype = parseDtypeSpec("[('x','<f4'),('id','<u8')]");
    const shape = [7n, 3n];
    const min = minimalHeaderLength(dtype, shape, false);
    assert.equal(encodeHeaderFixed(dtype, shape, false, min - 1), null);
    for (const total of [min, min + 1, 100, 4096, 70000]) {
      const h = encodeHeaderFixed(dtype, shape, false, total)!;
      assert.equal(h.length, total);
      assert.equal(h[total - 1], 0x0a);
      const p = parseHeaderBytes(h, BigInt(total) + 7n * 3n * 12n, { maxHeaderSize: 1 << 20 });
      assert.deepEqual(p.header.shape, shape);
      assert.equal(p.header.dataOffset, BigInt(total));
      assert.equal(p.header.version, total - 10 > 0xffff ? '2.0' : '1.0');
    }
  });
});
