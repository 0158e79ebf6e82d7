"""numpy as the oracle for the statistics engine: writes the test arrays into DIR and DIR/expected.json.

expected.json maps a case name to {file, request, expect, tol}: `request` is what the engine is asked (slice text,
fields, part, bins, engine tuning), `expect` the figures numpy gives for it, in the CLI's JSON form (every number a
string in numpy's str()). Definitions (numpy's nan-functions over the selection, C order):
  count/nan/posinf/neginf  non-NaN values, NaN (NaT), +inf, -inf
  min/max, argmin/argmax   str(v.flat[np.nanargmin(v)]), np.unravel_index(np.nanargmin(v), v.shape)
  mean/std                 np.nanmean / np.nanstd of v as float64 (tolerance `tol`, relative)
  sum                      exact Python int for integers and bool; math.fsum for floats (tolerance)
  percentiles              str(np.nanpercentile(v, q)) for each int q (weak q: the result keeps a float dtype);
                           integers: numpy's formula with the exact difference b - a (numpy wraps it in the
                           integer dtype), checked against numpy where that cannot wrap
  histogram                np.histogram(v[np.isfinite(v)], bins): edges str() in numpy's bin dtype, counts
"""
import json
import math
import sys
import warnings

import numpy as np

warnings.simplefilter('ignore')
OUT = sys.argv[1]
rng = np.random.default_rng(20240601)
cases = {}


def fnum(x):
    return str(x)


def pct_exact_int(s, q):
    """numpy's linear percentile of sorted Python ints, with the exact difference."""
    n = len(s)
    vi = (n - 1) * (q / 100)
    if vi >= n - 1:
        lo = hi = n - 1
        g = vi + 1
    else:
        lo = math.floor(vi)
        hi = lo + 1
        g = vi - lo
    a, b = s[lo], s[hi]
    diff = float(b - a)
    if g >= 0.5:
        return float(b) - diff * (1 - g)
    return float(a) + diff * g


def figures(v, bins=64, hist=True, pct=True):
    v = np.asarray(v)
    kind = v.dtype.kind
    flat = v.ravel()
    if kind in 'Mm':
        nanmask = np.isnat(flat)
    elif kind in 'fc':
        nanmask = np.isnan(flat)
    else:
        nanmask = np.zeros(flat.shape, bool)
    ok = flat[~nanmask]
    e = {
        'count': str(ok.size),
        'nan': str(int(nanmask.sum())),
        'posinf': str(int(np.isposinf(ok).sum())) if kind == 'f' else '0',
        'neginf': str(int(np.isneginf(ok).sum())) if kind == 'f' else '0',
    }
    if ok.size:
        if kind in 'Mm':
            # np.nanargmin does not skip NaT (np.nanmin does): the first min/max among the values that are not NaT.
            ticks = flat.view(np.int64)
            i = int(np.argmin(np.where(nanmask, np.iinfo(np.int64).max, ticks)))
            j = int(np.argmax(np.where(nanmask, np.iinfo(np.int64).min, ticks)))
        else:
            i = int(np.nanargmin(flat)) if kind == 'f' else int(np.argmin(flat))
            j = int(np.nanargmax(flat)) if kind == 'f' else int(np.argmax(flat))
        e['min'] = str(flat[i])
        e['max'] = str(flat[j])
        e['argmin'] = [str(int(x)) for x in np.unravel_index(i, v.shape)] if v.ndim else []
        e['argmax'] = [str(int(x)) for x in np.unravel_index(j, v.shape)] if v.ndim else []
    else:
        e['min'] = e['max'] = e['argmin'] = e['argmax'] = None
    if kind in 'Mm':
        e['mean'] = e['std'] = e['sum'] = None
    elif kind == 'f':
        fin = ok[np.isfinite(ok)].astype(np.float64)
        pinf, ninf = int(np.isposinf(ok).sum()), int(np.isneginf(ok).sum())
        if ok.size == 0:
            e['mean'] = e['std'] = None
            e['sum'] = '0.0'
        elif pinf or ninf:
            e['mean'] = 'nan' if pinf and ninf else ('inf' if pinf else '-inf')
            e['std'] = 'nan'
            e['sum'] = e['mean']
        else:
            m = math.fsum(fin) / fin.size
            e['mean'] = repr(float(np.float64(math.fsum(fin)) / fin.size))
            # Corrected two-pass about the rounded mean: (Σd² - (Σd)²/n) / n (np.std leaves out the correction).
            dev = fin - m
            d = math.fsum(dev)
            e['std'] = repr(float(np.sqrt((math.fsum(dev * dev) - d * d / fin.size) / fin.size)))
            e['sum'] = repr(math.fsum(fin))
    else:
        ints = [int(x) for x in ok.tolist()]
        total = sum(ints)
        e['sum'] = str(total)
        if ints:
            e['mean'] = repr(total / len(ints))
            e['std'] = repr(float(np.std(ok.astype(np.float64))))
        else:
            e['mean'] = e['std'] = None
    if pct and ok.size:
        p = {}
        if kind in 'iub':
            s = sorted(int(x) for x in ok.tolist())
            for q in (1, 5, 25, 50, 75, 95, 99):
                got = pct_exact_int(s, q)
                if kind != 'b' and v.dtype.itemsize < 8:
                    ref = np.nanpercentile(ok.astype(np.int64), q)
                    assert float(ref) == got, (q, ref, got)
                p[str(q)] = repr(float(got))
        else:
            for q in (1, 5, 25, 50, 75, 95, 99):
                p[str(q)] = str(np.nanpercentile(ok, q))
        e['percentiles'] = p
    elif pct:
        e['percentiles'] = {str(q): None for q in (1, 5, 25, 50, 75, 95, 99)}
    if not hist or kind in 'Mm':
        e['histogram'] = None
    else:
        data = ok[np.isfinite(ok)] if kind == 'f' else ok
        try:
            counts, edges = np.histogram(data, bins)
        except ValueError:
            counts, edges = np.histogram(data.astype(np.float64), bins)
        e['histogram'] = {'edges': [str(x) for x in edges], 'counts': [str(int(c)) for c in counts]}
    return e


def case(name, a, request=None, v=None, tol=1e-13, fortran=False, **kw):
    path = f'{OUT}/{name}.npy'
    np.save(path, np.asfortranarray(a) if fortran else a)
    request = request or {}
    sel = a if v is None else v
    if 'slice' in request and v is None:
        sel = eval(request['slice'], {'a': a, 'np': np})
    cases[name] = {'file': path, 'request': request, 'expect': figures(sel, bins=request.get('bins', 64), **kw), 'tol': tol}


# ---- floats ----
x = rng.standard_normal(200_003).astype(np.float32)
x[rng.integers(0, x.size, 300)] = np.nan
x[17] = np.inf
x[4000] = -np.inf
case('f4_nan_inf', x)
case('f4_nan_inf_tuned', x, {'workers': 0, 'chunkBytes': 4096, 'keepBytes': 0})
y = rng.standard_normal(300_000).astype(np.float32)
y[rng.integers(0, y.size, 50)] = np.nan
case('f4_nan', y, {'chunkBytes': 65536})
case('f4_nan_reread', y, {'chunkBytes': 65536, 'keepBytes': 0, 'workers': 2})
case('f4_all_nan', np.full((40, 50), np.nan, np.float32))
case('f4_all_inf', np.array([np.inf, np.nan, np.inf], np.float32))
case('f4_empty', np.zeros((0, 3), np.float32))
case('f4_constant', np.full(10_000, 3.25, np.float32))
case('f4_single', np.array([-7.5], np.float32))
case('f4_zero_d', np.array(2.5, np.float32))
edges32 = np.array([np.finfo(np.float32).max, -np.finfo(np.float32).max / 3, np.finfo(np.float32).tiny, 1e-45, -1e-45, 0.0, -0.0, 1.0, np.nextafter(np.float32(1), np.float32(2))], np.float32)
case('f4_edges', np.concatenate([edges32, rng.standard_normal(1000).astype(np.float32)]))
h = rng.standard_normal(100_000).astype(np.float16)
h[::997] = np.nan
h[5] = np.inf
case('f2_random', h)
case('f2_edges', np.array([65504, -65504, 6e-8, -6e-8, 6.1e-5, 0, -0.0, 1, 1.001, np.inf, -np.inf, np.nan, 2.5, 3.5, -2], np.float16))
case('f2_small_range', np.array([1, 1.001, 1.002, 1.001], np.float16))
off = 1e8 + rng.standard_normal(1_000_000)
case('f8_large_offset', off, tol=2e-15)
case('f8_ties', np.round(rng.standard_normal(200_000), 1))
case('f8_ties_chunks', np.round(rng.standard_normal(50_000), 1), {'chunkBytes': 8000, 'workers': 2})
narrow = 1 + 1e-12 * rng.standard_normal(300_000)
case('f8_narrow_collect', narrow)
case('f8_narrow_digits', narrow, {'collectValues': 0})
f32big = (1e4 + rng.standard_normal(2_000_000)).astype(np.float32)
case('f4_offset_2M', f32big, tol=1e-14)
# Values on and beside the histogram edges numpy computes for them.
base = np.float32(-3.0) + np.arange(0, 65, dtype=np.float32) * np.float32(0.1)
lin = np.linspace(np.float32(-3), np.float32(3.4), 65, dtype=np.float32)
adv = np.concatenate([lin, np.nextafter(lin, np.float32(-np.inf)), np.nextafter(lin, np.float32(np.inf)), base]).astype(np.float32)
adv = adv[(adv >= -3) & (adv <= 3.4)]
case('f4_edges_adversarial', adv)
lin64 = np.linspace(-1.0, 2.0, 65)
adv64 = np.concatenate([lin64, np.nextafter(lin64, -np.inf), np.nextafter(lin64, np.inf), np.arange(-10, 21) / 10])
adv64 = adv64[(adv64 >= -1) & (adv64 <= 2)]
case('f8_edges_adversarial', adv64, {'bins': 30})
case('f8_tenths', np.arange(0, 641) / 10, {'bins': 64})
case('f8_bins_3', rng.standard_normal(1000), {'bins': 3})

# ---- integers, bool ----
for dt, lo, hi in [('i1', -128, 128), ('u1', 0, 256), ('i2', -32768, 32768), ('u2', 0, 65536), ('i4', -2**31, 2**31), ('u4', 0, 2**32)]:
    case(f'{dt}_random', rng.integers(lo, hi, size=(300, 201), dtype=dt))
case('i8_random', rng.integers(-10**12, 10**12, size=100_000, dtype=np.int64))
case('u8_random', rng.integers(0, 2**64 - 1, size=50_000, dtype=np.uint64, endpoint=True))
i8x = np.array([2**63 - 1] * 5 + [2**63 - 2, -2**63 + 3, 7, -2**63, 2**62], np.int64)
case('i8_extremes', i8x)
case('u8_extremes', np.array([2**64 - 1] * 6 + [0, 1, 2**63], np.uint64))
case('i4_overflow_sum', np.full(100_000, 2**31 - 1, np.int32))
case('i8_narrow', 2**40 + rng.integers(0, 1000, size=200_000, dtype=np.int64), {'collectValues': 0})
case('bool_random', rng.random((100, 77)) < 0.3)
case('u1_constant', np.full(1000, 7, np.uint8))

# ---- byte order, Fortran ----
case('be_f4', y[:50_000].astype('>f4'))
case('be_f8', rng.standard_normal(20_000).astype('>f8'))
case('be_i8', rng.integers(-10**15, 10**15, size=20_000).astype('>i8'))
case('be_u2', rng.integers(0, 65536, size=20_000).astype('>u2'))
ties3 = np.round(rng.standard_normal((20, 30, 40)) * 2).astype(np.float32)
case('fortran_f4_ties', ties3, fortran=True)
case('fortran_i2', rng.integers(-5, 5, size=(50, 60), dtype=np.int16), fortran=True)
case('fortran_f8_chunks', np.round(rng.standard_normal((64, 33)), 1), {'chunkBytes': 1000}, fortran=True)

# ---- complex ----
c = (rng.standard_normal(30_000) + 1j * rng.standard_normal(30_000)).astype(np.complex64)
c[3] = complex(np.nan, 1)
for part in ('real', 'imag', 'abs'):
    v = {'real': c.real, 'imag': c.imag, 'abs': np.abs(c)}[part]
    case(f'c8_{part}', c, {'part': part}, v=v)
c16 = rng.standard_normal(30_000) * np.exp(1j * rng.uniform(0, 6.3, 30_000)) * 10.0 ** rng.integers(-100, 100, 30_000)
case('c16_abs', c16, {'part': 'abs'}, v=np.abs(c16))
odd = np.zeros(20_000, dtype=[('flag', 'u1'), ('z', '<c16')])
odd['z'] = c16[:20_000]
case('c16_unaligned_field', odd, {'fields': ['z'], 'part': 'real'}, v=odd['z'].real)
case('c16_unaligned_abs', odd, {'fields': ['z']}, v=np.abs(odd['z']))

# ---- datetimes ----
d = (np.datetime64('2020-01-01T00:00:00') + rng.integers(-10**9, 10**9, 20_000).astype('m8[s]')).astype('M8[s]')
d[::101] = np.datetime64('NaT')
case('datetime_s', d)
td = rng.integers(-10**6, 10**6, 10_001).astype('m8[ms]')
td[7] = np.timedelta64('NaT')
case('timedelta_ms', td)

# ---- structured: every numeric field, or one ----
rec = np.zeros(5000, dtype=[('x', '<f4'), ('n', '>i2'), ('name', 'S3'), ('z', '<c8')])
rec['x'] = rng.standard_normal(5000)
rec['x'][10] = np.nan
rec['n'] = rng.integers(-100, 100, 5000)
rec['z'] = rng.standard_normal(5000) + 1j
np.save(f'{OUT}/struct.npy', rec)
cases['struct_all'] = {
    'file': f'{OUT}/struct.npy',
    'request': {},
    'expect': {'fields': {'x': figures(rec['x']), 'n': figures(rec['n']), 'z': figures(np.abs(rec['z']))}},
    'tol': 1e-13,
}
case('struct_field_n', rec, {'fields': ['n']}, v=rec['n'])
case('struct_slice', rec, {'fields': ['x'], 'slice': 'a[100:3000:7]'}, v=rec['x'][100:3000:7])

# ---- slices ----
a3 = rng.standard_normal((6, 50, 40)).astype(np.float32)
a3[2, 10, 4] = np.nan
case('slice_3d', a3, {'slice': 'a[2, :, ::2]'})
case('slice_column', a3, {'slice': 'a[1, :, 3]'})
case('slice_reversed_T', a3, {'slice': 'a[4, ::-1, 1:30].T'})
case('slice_cell', a3, {'slice': 'a[5, 7, 9]'})
case('slice_whole_2d', a3[0], {'slice': 'a[:, :]'})
case('slice_fortran', np.round(a3[1] * 3), {'slice': 'a[::3, 5:]'}, fortran=True)
case('slice_empty', a3, {'slice': 'a[0, 3:3, :]'})
case('slice_i8', rng.integers(-10**18, 10**18, size=(300, 7), dtype=np.int64), {'slice': 'a[::2, 4]'})

# ---- long double (x87 80-bit on x86-64) ----
if np.finfo(np.longdouble).nmant == 63:
    ld = (rng.standard_normal(10_001) * 1e3).astype(np.longdouble) + np.longdouble(1) / 3
    ld[50] = np.nan
    ld = np.concatenate([ld, [np.longdouble(1) / 7]])  # 10_001 non-NaN values: every percentile is an element
    case('longdouble', ld, tol=1e-12, hist=False)

with open(f'{OUT}/expected.json', 'w') as f:
    json.dump(cases, f)
