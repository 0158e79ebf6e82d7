// datetime64 / timedelta64 formatting compared element by element with numpy (python3) as the oracle.
import { runOracle } from '../../../support/formatOracle';

runOracle(
  'format: datetime64',
  `
units = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as']
edge = np.array([0, 1, -1, 2, -2, 59, 60, -60, 1000, -1000, 86399, 86400, -86400, 10**9, -10**9, 10**12, 10**15, 10**18,
                 -10**18, 2**31, -2**31, 2**32, -2**32, 2**53, -2**53, 2**53 + 1, 2**62, -2**62, 2**63 - 1, -2**63 + 1, -2**63], dtype=np.int64)
for u in units:
    for cnt in ['', '10', '7', '3', '25', '1000']:
        dt = np.dtype(f'M8[{cnt}{u}]')
        r = rng.integers(-2**63, 2**63, 2000, dtype=np.int64)
        small = rng.integers(-10**7, 10**7, 1000, dtype=np.int64)
        mid = rng.integers(-10**16, 10**16, 1000, dtype=np.int64)
        mid2 = (rng.integers(-2**40, 2**40, 1000, dtype=np.int64) * 1000003)
        both(f'M8[{cnt}{u}]', np.concatenate([edge, r, small, mid, mid2]).view(dt))
emit('generic NaT', np.array([-2**63], dtype=np.int64).view('M8'))
emit('near today ns', (np.datetime64('2024-02-29T12:34:56.123456789', 'ns') + rng.integers(-10**17, 10**17, 5000)).astype('M8[ns]'))
emit('leap days', np.arange(np.datetime64('1599-12-25'), np.datetime64('2401-03-05')).astype('M8[D]'))
emit('year wrap to NaT', np.array([2**63 - 1970, 2**63 - 1971, -2**63 + 5], dtype=np.int64).view('M8[Y]'))
`,
);

runOracle(
  'format: timedelta64',
  `
units = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as']
edge = np.array([0, 1, -1, 3, 2**53, -2**53, 2**53 + 1, 2**62, 2**63 - 1, -2**63 + 1, -2**63], dtype=np.int64)
for u in units:
    for cnt in ['', '10', '7']:
        dt = np.dtype(f'm8[{cnt}{u}]')
        both(f'm8[{cnt}{u}]', np.concatenate([edge, rng.integers(-2**63, 2**63, 500, dtype=np.int64), rng.integers(-1000, 1000, 200)]).view(dt))
both('generic', np.concatenate([edge, rng.integers(-1000, 1000, 200)]).view('m8'))
`,
);
