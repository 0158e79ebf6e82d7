"""Seeds for the fuzzer, written by numpy at run time (so they are what numpy really writes, today).

Prints JSON: {"headers": [hex of preamble + header + a little data], "dtypes": [text], "slices": [[text, shape]],
"indexTexts": [text]}.
"""
import io
import json
import sys

import numpy as np
from numpy.lib import format as fmt
from numpy.lib import _format_impl as fimpl

DTYPES = [
    '<f8', '>f4', '<f2', '<f16', '<c8', '>c16', '<c32', '|b1', '|i1', '<i2', '>i4', '<i8', '|u1', '<u2', '>u4', '<u8',
    '<M8[ns]', '>M8[D]', '<m8[10ms]', '<M8', '|S5', '|S0', '<U3', '>U1', '|V4', '|V0',
    [('x', '<f4'), ('id', '<u8')],
    [('pos', '<f8', (2, 3)), ('n', '>i2', (4,)), ('k', 'u1', 3)],
    [(('title', 'a'), '<i4'), ('b', '|S3')],
    [('rec', [('a', '<i4'), ('b', [('c', '>f8', (2, 2)), ('d', '|S3')])]), ('z', '?')],
    [('x', ('<f8', (5,)), (2,))],
    [('x', ([('a', '<i4'), ('b', ('<f4', (2,)))], (3,)), (2,))],
    [('t', '<M8[us]'), ('u', '<U2'), ('v', '|V3')],
    [('e', [])],
    [('a', [], (4,))],
    {'names': ['a', 'b'], 'formats': ['<i4', '<f8'], 'offsets': [0, 8], 'itemsize': 24},
    [('nonascii é', '<f4'), ('quote\'s', '<i2')],
]
SHAPES = [(), (0,), (1,), (3,), (2, 3), (3, 0, 2), (2, 1, 2, 1), (7,) * 5]


def save(arr, version=None):
    b = io.BytesIO()
    fmt.write_array(b, arr, version=version, allow_pickle=False)
    return b.getvalue()


def header_only(d, version):
    b = io.BytesIO()
    fimpl._write_array_header(b, d, version)
    return b.getvalue()


headers = []
for i, dt in enumerate(DTYPES):
    dt = np.dtype(dt)
    for j, shape in enumerate(SHAPES[: 3 + (i % 5)]):
        order = 'F' if (i + j) % 3 == 0 and len(shape) > 1 else 'C'
        arr = np.zeros(shape, dtype=dt, order=order)
        raw = save(arr)
        headers.append(raw[: min(len(raw), 4096)].hex())
# Huge claimed shapes (header only: no data), every version, unicode names for 3.0.
for d, v in [
    ({'descr': '<f8', 'fortran_order': False, 'shape': (2**40,)}, (1, 0)),
    ({'descr': '|u1', 'fortran_order': True, 'shape': (2**31, 2**31)}, (2, 0)),
    ({'descr': [('a', '|u1', (2147483647,))], 'fortran_order': False, 'shape': (1,)}, (1, 0)),
    ({'descr': [('a', [], (2147483647,))], 'fortran_order': False, 'shape': (1,)}, (1, 0)),
    ({'descr': '|S2147483647', 'fortran_order': False, 'shape': (4,)}, (1, 0)),
    ({'descr': [('ünï', '<f4'), ('日本', '<i8')], 'fortran_order': False, 'shape': (3, 4)}, (3, 0)),
    ({'descr': [(f'f{i}', '<f4') for i in range(300)], 'fortran_order': False, 'shape': (2,)}, (1, 0)),
]:
    headers.append((header_only(d, v) + bytes(64)).hex())

dtype_texts = [repr(np.lib.format.dtype_to_descr(np.dtype(d))) for d in DTYPES] + [
    'float32', 'int64', 'U10', 'M8[ns]', 'datetime64[ms]', 'i4,f8', '<i2,>f4,S3', "[('x','<f4'),('id','<u8')]",
    "('<f4', (2, 3))", "[('a', ('<f4', (2,)), (3,))]", "[('a', 'S', 5)]", 'complex256', 'float128', 'O', 'b1',
]

slices = []
for shape in [(10,), (3, 4), (2, 3, 4), (5, 1, 6, 2), (), (0, 3), (2**40, 7)]:
    for text in ['', ':', '0', '-1', '::-1', '1:3', ':, 0', '..., 0', '0, ...', 'a[1:, ::2]', '[:, :].T', '[2]', '(1, 2)',
                 '-1, ::-1', ':, :, 0', '5::-2', '1_0', '+1', '  0 , : ']:
        slices.append([text, list(shape)])

index_texts = ['5', '5, 2', '(5, 2)', '[5][2]', '-1', '0', '12345678901234567890', '1 2', '(1,)', '[-3]']

json.dump({'headers': headers, 'dtypes': dtype_texts, 'slices': slices, 'indexTexts': index_texts}, sys.stdout)
