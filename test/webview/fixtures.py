#!/usr/bin/env python3
"""Fixtures for the webview test layer: .npy files plus expected.json holding numpy's str() of the cells the tests
look at, keyed by fixture then "r,c" (logical indices of the view named in the key's prefix).

Usage: fixtures.py OUTDIR
"""
import json
import os
import sys

import numpy as np
import numpy.lib.format as fmt

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
expected = {}


def save(name, a, **kw):
    np.save(os.path.join(out, name + '.npy'), a, **kw)


def cells(a2, rows, cols):
    return {f'{r},{c}': str(a2[r, c]) for r in rows for c in cols}


# 2-D float64 with a mix of magnitudes, negatives, nan/inf.
rng = np.random.default_rng(7)
f = rng.standard_normal((300, 40)) * (10.0 ** rng.integers(-6, 8, (300, 40)))
f[0, 0] = 0.1
f[0, 1] = -0.0
f[1, 0] = np.nan
f[1, 1] = np.inf
f[2, 2] = 1e300
f = f.astype('<f8')
save('f64', f)
expected['f64'] = cells(f, range(0, 12), range(0, 8))
expected['f64_end'] = cells(f, range(290, 300), range(34, 40))

# 3-D int32 for axis switching and the slice box.
a3 = (np.arange(4 * 6 * 5, dtype='<i4') - 50).reshape(4, 6, 5) * 7
save('i3d', a3)
expected['i3d_default'] = cells(a3[0], range(6), range(5))  # a[0] → rows axis 1, cols axis 2
expected['i3d_rows0_cols2'] = cells(a3[:, 0, :], range(4), range(5))  # rows axis 0, cols axis 2, axis 1 at 0
expected['i3d_slice'] = cells(a3[2, ::-1, ::2], range(6), range(3))  # a[2, ::-1, ::2]
expected['i3d_idx3_axis0'] = cells(a3[3], range(6), range(5))

# 10^9 rows × 3 float32, sparse: only the first, a middle and the last rows are written.
big = os.path.join(out, 'big_f32.npy')
if not os.path.exists(big):
    m = fmt.open_memmap(big, mode='w+', dtype='<f4', shape=(10**9, 3))
    m[0] = [0.1, 1.5, -2.0]
    m[500_000_000] = [7.25, -1e-3, 3.0e9]
    m[-2] = [1.0, 2.0, 3.0]
    m[-1] = [3.14159, -0.5, 1e-7]
    m.flush()
    del m
bm = np.load(big, mmap_mode='r')
expected['big_first'] = {f'0,{c}': str(bm[0, c]) for c in range(3)}
expected['big_last'] = {f'{10**9 - k},{c}': str(bm[10**9 - k, c]) for k in (1, 2) for c in range(3)}
expected['big_mid'] = {f'500000000,{c}': str(bm[500_000_000, c]) for c in range(3)}
del bm

# Structured records with nested sub-array and strings.
dt = np.dtype([('x', '<f4'), ('id', '<u8'), ('name', '<U6'), ('pos', '<f8', (2,)), ('ok', '?')])
s = np.zeros(50, dtype=dt)
s['x'] = np.linspace(-1, 1, 50, dtype='<f4')
s['id'] = np.arange(50, dtype='<u8') * 1_000_000_007
s['name'] = [f'n{i}' * (i % 3 + 1) for i in range(50)]
s['pos'] = np.stack([np.arange(50) / 3, -np.arange(50) * 2.5], axis=1)
s['ok'] = np.arange(50) % 2 == 0
save('struct', s)
leaves = ['x', 'id', 'name', 'pos[0]', 'pos[1]', 'ok']
vals = {}
for r in range(10):
    rec = s[r]
    vals.update({f'{r},0': str(rec['x']), f'{r},1': str(rec['id']), f'{r},2': str(rec['name']),
                 f'{r},3': str(rec['pos'][0]), f'{r},4': str(rec['pos'][1]), f'{r},5': str(rec['ok'])})
expected['struct'] = vals
expected['struct_labels'] = leaves

# 0-d and zero-size.
save('scalar', np.array(3.5, dtype='<f8'))
# Pickled objects (issue 11, item 7): the header shows, the data error once, no spurious trailing-bytes warning.
np.save(os.path.join(out, 'objects.npy'), np.array([1, 'a', None], dtype=object), allow_pickle=True)
expected['scalar'] = {'0,0': str(np.float64(3.5))}
save('empty', np.zeros((3, 0, 2), dtype='<f4'))

# Truncated: 10 × 4 float64 cut to 30 elements (last 10 cells missing).
t = np.arange(40, dtype='<f8').reshape(10, 4) / 4
save('trunc', t)
p = os.path.join(out, 'trunc.npy')
with open(p, 'r+b') as fh:
    fh.seek(0, 2)
    size = fh.tell()
    fh.truncate(size - 10 * 8)
expected['trunc'] = cells(t, range(7), range(4))

# Wide: 4 × 1,000,000 uint16, last column set.
w = np.zeros((4, 1_000_000), dtype='<u2')
w[:, -1] = [11, 22, 33, 44]
w[:, 0] = [1, 2, 3, 4]
w[:, 500_000] = [5, 6, 7, 8]
save('wide', w)
expected['wide_last'] = cells(w, range(4), [999_999])

# Fortran order 2-D, unicode strings 1-D, bytes, complex, datetime — for the look and formatting.
fo = np.asfortranarray(np.arange(24, dtype='<i8').reshape(6, 4) ** 3)
save('fortran', fo)
expected['fortran'] = cells(fo, range(6), range(4))
u = np.array(['alpha', 'β', '', 'a longer string here', 'x' * 12], dtype='<U20')
save('unicode', u)
expected['unicode'] = {f'{r},0': str(u[r]) for r in range(len(u))}
c = (np.arange(12) * (1 + 2j) / 3).astype('<c16').reshape(3, 4)
save('complex', c)
expected['complex'] = cells(c, range(3), range(4))
d = np.array(['2024-01-01T12:00', '1970-01-01', 'NaT', '2262-04-11T23:47'], dtype='datetime64[m]')
save('datetime', d)
expected['datetime'] = {f'{r},0': str(d[r]) for r in range(len(d))}
save('ramp', (np.arange(2000 * 6, dtype='<i8') * 3).reshape(2000, 6))

# An archive (np.savez_compressed): members of several shapes and dtypes, a key with '/', one of pickled objects
# (listed with its error, never shown).
grid = (np.arange(50 * 8, dtype='<i4') * 11 - 7).reshape(50, 8)
cube = (np.arange(60, dtype='<f8') / 4).reshape(3, 4, 5)
labels = np.array(['α', 'beta', '', 'γγγ'], dtype='<U4')
np.savez_compressed(os.path.join(out, 'archive.npz'), grid=grid, **{'sub/cube': cube}, labels=labels, objs=np.array([1, None], dtype=object))
expected['archive_grid'] = cells(grid, range(10), range(8))
expected['archive_cube'] = cells(cube[0], range(4), range(5))
expected['archive_cube_2'] = cells(cube[2], range(4), range(5))
expected['archive_labels'] = {f'{r},0': str(labels[r]) for r in range(len(labels))}
# 10,000 members (np.savez, stored): the list holds them all; End reaches the last.
np.savez(os.path.join(out, 'many.npz'), **{f'a{i:05d}': np.array([i, -i], '<i4') for i in range(10000)})
# More members than the viewer lists (10,000): the filter box finds the others.
more = {f'b{i:05d}': np.array([i, -i], '<i4') * 3 for i in range(10050)}
np.savez(os.path.join(out, 'more.npz'), **more)
expected['more_b10042'] = {'0,0': str(more['b10042'][0]), '1,0': str(more['b10042'][1])}

# Pictures: a 2-D ramp with NaN and ±inf (heatmap colours), an RGB image, a 1-D line, a 2048 x 1536 float32 for zoom.
heat = (np.arange(60 * 80, dtype='<f8').reshape(60, 80) / 10.0)
heat[5, 7] = np.nan
heat[6, 7] = np.inf
heat[7, 7] = -np.inf
save('pic_heat', heat)
expected['pic_heat'] = {'12,7': str(heat[12, 7]), 'finite': [float(np.nanmin(heat[np.isfinite(heat)])), float(np.nanmax(heat[np.isfinite(heat)]))]}
img = np.zeros((40, 50, 3), dtype='u1')
img[..., 0] = np.arange(50, dtype='u1')[None, :] * 5
img[..., 1] = np.arange(40, dtype='u1')[:, None] * 6
img[..., 2] = 200
save('pic_rgb', img)
expected['pic_rgb'] = {'10,20': str(img[10, 20])}
line = np.sin(np.arange(5000) / 200.0).astype('<f4')
line[2500] = 9.0
save('pic_line', line)
expected['pic_line'] = {'2500': str(line[2500]), 'max': float(line.max()), 'min': float(line.min())}
zoom = (np.arange(2048 * 1536, dtype='<f4') % 1000).reshape(2048, 1536)
save('pic_zoom', zoom)

with open(os.path.join(out, 'expected.json'), 'w') as fh:
    json.dump(expected, fh, indent=0)
print('fixtures written to', out)
