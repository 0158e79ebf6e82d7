// Bytes, unicode, void, bool and integer formatting compared element by element with numpy (python3) as the oracle.
import { runOracle } from '../../../support/formatOracle';

runOracle(
  'format: bool and integers',
  String.raw`
emit('bool', np.array([True, False]))
emit('bool bytes', np.frombuffer(bytes([0, 1, 2, 255]), np.uint8).view(np.bool_))
for t in ['i1', 'u1']:
    emit(t, np.arange(256, dtype=np.uint8).view(t))
for t in ['i2', 'u2']:
    both(t, np.arange(65536, dtype=np.uint16).view(t))
for t in ['i4', 'u4', 'i8', 'u8']:
    size = int(t[1])
    r = rng.integers(0, 256, size * 20000, dtype=np.uint8).view(t)
    small = rng.integers(-2**21 if t[0] == 'i' else 0, 2**21, 1000).astype(t)
    ext = np.array([0, 1, 2**(8 * size - 1) - 1, 2**53, 2**53 + 1, 2**53 - 1] + ([-1, -2**(8 * size - 1), -2**53 - 1] if t[0] == 'i' else [2**(8 * size) - 1])).astype(t)
    both(t, np.concatenate([r, small, ext]))
`,
);

runOracle(
  'format: bytes (S)',
  String.raw`
vals = [b'', b'a', b'ab\x00c', b'ab\x00\x00', b"it's", b'"q"', b'\'"', b'\xff\x80\n\t\r\\', b'\x7f', b'\x00\x00\x00\x00\x00\x00', b'\x00x', b'hello wo']
emit('S8 cases', np.array(vals, dtype='S8'))
emit('S1', np.arange(256, dtype=np.uint8).view('S1'))
emit('S5 random', rng.integers(0, 256, 5 * 5000, dtype=np.uint8).view('S5'))
emit('S3 quotes', rng.choice(np.frombuffer(b'\'"\\ab\x00', np.uint8), 3 * 3000).view('S3'))
`,
);

runOracle(
  'format: unicode (U)',
  String.raw`
import unicodedata
vals = ['', 'héllo', "it's", 'a"b', '\'"', '\n\t\x00\\', 'emoji😀', '\x7f\x80\xa0\xad', '\u2028\u0378', 'ab\x00', '\ud800', '\udfff',
        'x\U0010ffff', '\U000e0001', 'Ωmega', '中文字符', '\r\x1b', ' ', '\u3000\u00a0', '\ufeff', '\U0001f600\U0001f3fd', '\x00a']
both('U8 cases', np.array(vals, dtype='U8'))
both('U1 latin-1', np.array([chr(i) for i in range(256)], dtype='U1'))
# Random code points assigned in Python's Unicode database (newer assignments differ between engines),
# plus surrogates, private use and some long-unassigned ones.
cps = rng.integers(0, 0x110000, 400000)
keep = [c for c in cps.tolist() if unicodedata.category(chr(c)) != 'Cn'][:40000]
keep += [0xD800, 0xDBFF, 0xDC00, 0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0x0378, 0xFFFF, 0xFFFE, 0x1FFFE, 0x10FFFF]
keep += [int(c) for c in rng.integers(0x80, 0x3000, 20000)]
keep = [c for c in keep if unicodedata.category(chr(c)) != 'Cn' or c in (0x0378, 0xFFFF, 0xFFFE, 0x1FFFE, 0x10FFFF)]
arr = np.array(keep, dtype=np.uint32)
arr = arr[: len(arr) // 4 * 4]
both('U4 random', arr.view('<U4'))
`,
);

runOracle(
  'format: void (V)',
  String.raw`
emit('V2', np.frombuffer(b'\x01\x02ab\x00\x00\\\\\'"', 'V2'))
emit('V1', np.arange(256, dtype=np.uint8).view('V1'))
emit('V7 random', rng.integers(0, 256, 7 * 300, dtype=np.uint8).view('V7'))
`,
);
