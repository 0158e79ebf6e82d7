#!/usr/bin/env python3
"""Sample .npy arrays for `npm start` and the integration / e2e tests, plus manifest.json (numpy as the oracle).

Usage: make-samples.py OUTDIR [--big] [--no-small]
  small (default): one small array of every kind: every dtype, big-endian, 0-d, zero-size, structured
                   (nested, sub-array), datetime64/timedelta64 in every unit with NaT, bytes/unicode strings,
                   object (refused kind), a 3-D Fortran array, a 2-D matrix with predictable values, a 1 KiB file.
  --big:           sparse files (O(1) disk, created with open_memmap): big_100GiB_f4.npy (100 GiB of float32) and
                   rows_1e9.npy (10^9 rows x 2 int64, first and last rows written).

manifest.json: { name: { file, shape, dtype, descr, fortran_order, size_bytes, cells: { "r,c": str(value) } } },
cells are numpy's str() (current numpy, no legacy print options) of elements at logical (row, col) of the viewer's
default view (see sample_cells).
"""
import json
import os
import sys
import warnings

import numpy as np
import numpy.lib.format as fmt

warnings.simplefilter('ignore', RuntimeWarning)

args = sys.argv[1:]
if not args or args[0].startswith('-'):
    sys.exit('usage: make-samples.py OUTDIR [--big] [--no-small]')
out = args[0]
big = '--big' in args
small = '--no-small' not in args
os.makedirs(out, exist_ok=True)
manifest = {}


def cell_text(x):
    if isinstance(x, np.ndarray):
        return str(x)
    return str(x)


def record(name, path, arr_like, cells):
    manifest[name] = {
        'file': os.path.basename(path),
        'shape': list(arr_like.shape),
        'dtype': str(arr_like.dtype),
        'descr': fmt.dtype_to_descr(arr_like.dtype),
        'fortran_order': bool(arr_like.flags.f_contiguous and not arr_like.flags.c_contiguous),
        'size_bytes': os.path.getsize(path),
        'cells': cells,
    }


def leaves(x):
    """Scalar leaves of one record in field order, nested records and sub-arrays flattened (C order)."""
    if isinstance(x, np.void) and x.dtype.names:
        return [v for name in x.dtype.names for v in leaves(x[name])]
    if isinstance(x, np.ndarray):
        return [v for e in x.reshape(-1) for v in leaves(e)]
    return [x]


def sample_cells(arr):
    """str() of a few elements at logical (row, col) of the viewer's default view: rows = axis n-2, columns =
    axis n-1, leading axes at index 0; 1-D: rows = axis 0, column 0; structured: rows = last axis, one column
    per scalar leaf (nested fields and sub-array elements flattened)."""
    cells = {}
    if arr.ndim == 0 or arr.size == 0:
        return cells
    if arr.dtype.names:
        rows = arr[(0,) * (arr.ndim - 1)]
        for r in sorted({0, 1, rows.shape[0] - 1}):
            if r < rows.shape[0]:
                for c, v in enumerate(leaves(rows[r])):
                    cells[f'{r},{c}'] = cell_text(v)
        return cells
    if arr.ndim == 1:
        for r in sorted({0, 1, arr.shape[0] - 1}):
            if r < arr.shape[0]:
                cells[f'{r},0'] = cell_text(arr[r])
        return cells
    idx0 = (0,) * (arr.ndim - 2)
    R, C = arr.shape[-2], arr.shape[-1]
    for r in sorted({0, 1, R - 1}):
        for c in sorted({0, 1, C - 1}):
            if r < R and c < C:
                cells[f'{r},{c}'] = cell_text(arr[idx0 + (r, c)])
    return cells


def add(name, arr, fortran=False):
    path = os.path.join(out, name + '.npy')
    if fortran:
        arr = np.asfortranarray(arr)
    np.save(path, arr, allow_pickle=arr.dtype.hasobject)
    record(name, path, arr, {} if arr.dtype.hasobject else sample_cells(arr))


if small:
    # Predictable values: cell (r, c) holds r * 1000 + c.
    r, c = np.mgrid[0:200, 0:30]
    add('matrix_i4', (r * 1000 + c).astype('<i4'))
    add('matrix_f8', (r + c / 10).astype('<f8'))
    add('vector_f4', np.linspace(0, 1, 101, dtype='<f4'))
    # 3-D Fortran array: a[i, j, k] = 100 i + 10 j + k.
    i, j, k = np.mgrid[0:4, 0:5, 0:6]
    add('cube_fortran_i4', (100 * i + 10 * j + k).astype('<i4'), fortran=True)
    add('cube_c_i4', (100 * i + 10 * j + k).astype('<i4'))
    # Every dtype.
    add('dtype_bool', np.array([[True, False, True], [False, True, False]]))
    for t in ['i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8']:
        info = np.iinfo(t)
        add(f'dtype_{t}', np.array([[info.min, -1 if info.min < 0 else 0, 0, 1, info.max]], dtype='<' + t if t[1] != '1' else t))
    for t in ['f2', 'f4', 'f8']:
        add(f'dtype_{t}', np.array([0.0, -0.0, 0.1, 1 / 3, 1e-5, 1e16, np.nan, np.inf, -np.inf], dtype='<' + t))
    if np.dtype(np.longdouble).itemsize == 16:
        add('dtype_f16', np.array([0.1, 1 / 3, 1e300], dtype=np.longdouble))
    add('dtype_c8', np.array([1 + 2j, -0.5j, np.nan + 1j], dtype='<c8'))
    add('dtype_c16', np.array([1 + 2j, -0.5j, complex(np.inf, -np.inf)], dtype='<c16'))
    # Big-endian.
    add('bigendian_i4', np.arange(12, dtype='>i4').reshape(3, 4))
    add('bigendian_f8', np.array([[0.1, -2.5], [1e100, np.nan]], dtype='>f8'))
    add('bigendian_c16', np.array([1 - 1j, 2.5 + 0j], dtype='>c16'))
    add('bigendian_U3', np.array(['abc', 'é', ''], dtype='>U3'))
    # 0-d and zero-size.
    add('scalar_0d_f8', np.array(3.25))
    add('scalar_0d_U', np.array('hello'))
    add('empty_0x3_f4', np.zeros((0, 3), dtype='<f4'))
    add('empty_5x0_i2', np.zeros((5, 0), dtype='<i2'))
    # Structured: nested record and sub-array fields.
    st = np.dtype([('id', '<i4'), ('pos', [('x', '<f4'), ('y', '<f4')]), ('v', '<f8', (3,)), ('name', 'S4')])
    a = np.zeros(5, dtype=st)
    a['id'] = np.arange(5)
    a['pos']['x'] = np.arange(5) / 2
    a['pos']['y'] = -np.arange(5)
    a['v'] = np.arange(15).reshape(5, 3)
    a['name'] = [b'a', b'bb', b'ccc', b'dddd', b'']
    add('struct_nested', a)
    add('struct_aligned', np.zeros(3, dtype=np.dtype({'names': ['a', 'b'], 'formats': ['u1', '<i8'], 'offsets': [0, 8], 'itemsize': 16})))
    add('subarray_field_2d', np.zeros(4, dtype=[('m', '<i2', (2, 2))]))
    # datetime64 / timedelta64 in every unit, with NaT.
    for u in ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as']:
        if u in ('ps', 'fs', 'as'):  # their range is too short for 2024
            add(f'datetime_{u}', np.array(['1970-01-01T00:00:01.5', 'NaT', '1969-12-31T23:59:59'], dtype=f'M8[{u}]'))
        else:
            add(f'datetime_{u}', np.array(['2024-02-29', 'NaT', '1969-12-31'], dtype='M8[D]').astype(f'M8[{u}]'))
    for u in ['D', 's', 'ns']:
        add(f'timedelta_{u}', np.array([1, -1, 'NaT', 86400], dtype=f'm8[{u}]'))
    # Strings.
    add('strings_S', np.array([b'ab', b'a\x00b', b'\xff\n', b'"quote\''], dtype='S6'))
    add('strings_U', np.array(['hello', 'naïve', '日本語', 'tab\there', '😀'], dtype='<U8'))
    add('void_V4', np.array([b'\x01\x02\x03\x04', b'\x00\x00\x00\x00'], dtype='V4'))
    # Object dtype: a known, refused kind (pickled).
    add('object_refused', np.array([1, 'two', None], dtype=object))
    # Exactly 1 KiB on disk: 128-byte header + 224 float32.
    add('tiny_1KiB_f4', np.arange(224, dtype='<f4'))
    assert os.path.getsize(os.path.join(out, 'tiny_1KiB_f4.npy')) == 1024

if big:
    # 100 GiB of float32, sparse: 26214400 x 1024 x 4 bytes.
    path = os.path.join(out, 'big_100GiB_f4.npy')
    m = fmt.open_memmap(path, mode='w+', dtype='<f4', shape=(26214400, 1024))
    m[0, :4] = [1.5, 2.5, 3.5, 4.5]
    m[-1, -1] = -7.25
    m.flush()
    cells = {'0,0': '1.5', '0,1': '2.5', '0,1023': '0.0', '26214399,1023': '-7.25'}
    record('big_100GiB_f4', path, m, cells)
    del m
    # 10^9 rows x 2 int64 (16 GB sparse): row r of the rows written holds [r, -r].
    path = os.path.join(out, 'rows_1e9.npy')
    n = 10**9
    m = fmt.open_memmap(path, mode='w+', dtype='<i8', shape=(n, 2))
    for rr in [0, 1, n - 2, n - 1]:
        m[rr] = [rr, -rr]
    m.flush()
    cells = {}
    for rr in [0, 1, n - 2, n - 1]:
        cells[f'{rr},0'] = str(rr)
        cells[f'{rr},1'] = str(-rr)
    record('rows_1e9', path, m, cells)
    del m

mpath = os.path.join(out, 'manifest.json')
old = {}
if os.path.exists(mpath):
    with open(mpath) as f:
        old = json.load(f)
old.update(manifest)
with open(mpath, 'w') as f:
    json.dump(old, f, indent=1, ensure_ascii=False)
print(f'{len(manifest)} arrays in {out}')
