// Picture cases shared by the sample and refine tests: numpy writes the arrays and, per case, the view's values
// (float64, channels last) and numpy's nanmax / nanmin / nanmean over the blocks floor(i·n/out).
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { numpy, readF8 } from './fixtures';

export interface PictureCase {
  name: string;
  file: string;
  slice: string;
  /** Picture size asked for (each axis gets min(n, out) pixels). */
  width: number;
  height: number;
  /** Image cases: the last axis is the channels. */
  image?: boolean;
  /** Whether the SIMD worker path must take the view (true) or leave it to the JavaScript loops (false). */
  simd?: boolean;
}

const FILES = `
rng = np.random.default_rng(7)
def specials(a):
    a = a.copy()
    a.flat[5] = np.nan; a.flat[17] = np.inf; a.flat[40] = -np.inf; a.flat[41] = np.nan
    return a
x = specials(rng.standard_normal((7, 9, 11)))
np.save(d + '/f8C.npy', x)
np.save(d + '/f8F.npy', np.asfortranarray(x))
np.save(d + '/i2BE.npy', rng.integers(-30000, 30000, (13, 17)).astype('>i2'))
y = rng.standard_normal((40, 50)).astype('<f4')
y[10:16, 20:28] = np.nan
np.save(d + '/f4F.npy', np.asfortranarray(y))
np.save(d + '/u1.npy', rng.integers(0, 256, (23, 31)).astype('u1'))
np.save(d + '/f2.npy', rng.standard_normal((12, 10)).astype('<f2'))
img = rng.integers(0, 256, (5, 6, 7, 3)).astype('u1')
np.save(d + '/rgbC.npy', img)
np.save(d + '/rgbF.npy', np.asfortranarray(img))
np.save(d + '/rgbaf4.npy', rng.random((9, 13, 4)).astype('<f4'))
# The SIMD lines: NaN, ±inf, an all-NaN block (rows 29:, columns 38: at 5 × 7 pixels), +inf in the first row.
z = rng.standard_normal((37, 45)).astype('<f4')
z[3, 5] = np.nan; z[10, 20] = np.inf; z[11, 21] = -np.inf; z[29:, 38:] = np.nan; z[0, 0:3] = np.inf
np.save(d + '/f4C.npy', z)
np.save(d + '/f4BE.npy', z.astype('>f4'))
np.save(d + '/f4CF.npy', np.asfortranarray(z))
# float64: an all-NaN block and an all -inf block (at 4 × 6 pixels), scattered specials.
w = rng.standard_normal((29, 53))
w[2, 7] = np.nan; w[20, 50] = -np.inf; w[15, 1] = np.inf; w[0:7, 0:8] = np.nan; w[7:14, 8:17] = -np.inf
np.save(d + '/f8C2.npy', w)
`;

export const CASES: PictureCase[] = [
  { name: 'C f8 a[2] 4×5', file: 'f8C', slice: 'a[2]', width: 5, height: 4 },
  { name: 'C f8 strided, reversed columns', file: 'f8C', slice: 'a[2, 1:8:2, ::-1]', width: 4, height: 3, simd: false },
  { name: 'C f8 one pixel per element', file: 'f8C', slice: 'a[:, 3, :]', width: 11, height: 7 },
  { name: 'C f8 negative steps both ways', file: 'f8C', slice: 'a[::-2, 0, ::-3]', width: 2, height: 2 },
  { name: 'C f8 transposed', file: 'f8C', slice: 'a[:, :, 5].T', width: 3, height: 4 },
  { name: 'F f8 a[2] 4×5', file: 'f8F', slice: 'a[2]', width: 5, height: 4 },
  { name: 'F f8 strided, reversed columns', file: 'f8F', slice: 'a[2, 1:8:2, ::-1]', width: 4, height: 3 },
  { name: 'F f8 axis 0 × axis 2', file: 'f8F', slice: 'a[:, 4, :]', width: 6, height: 3 },
  { name: 'F f8 transposed', file: 'f8F', slice: 'a[1:, 2, :].T', width: 5, height: 5 },
  { name: 'big-endian i2', file: 'i2BE', slice: 'a', width: 6, height: 5 },
  { name: 'big-endian i2 reversed, rows 1:1', file: 'i2BE', slice: 'a[::-1, ::-1]', width: 4, height: 13 },
  { name: 'F f4 with an all-NaN region', file: 'f4F', slice: 'a', width: 9, height: 7 },
  { name: 'F f4 rows 1:1, reversed step-2 columns', file: 'f4F', slice: 'a[5:35, ::-2]', width: 7, height: 30 },
  { name: 'u1 transposed', file: 'u1', slice: 'a.T', width: 10, height: 10 },
  { name: 'f2', file: 'f2', slice: 'a', width: 5, height: 5 },
  { name: 'RGB C-order image', file: 'rgbC', slice: 'a[1]', width: 3, height: 4, image: true, simd: false },
  { name: 'RGB Fortran image', file: 'rgbF', slice: 'a[1]', width: 3, height: 4, image: true },
  { name: 'RGB C-order, BGR and steps', file: 'rgbC', slice: 'a[3, ::-1, 1:7:2, ::-1]', width: 2, height: 4, image: true },
  { name: 'RGBA float32 image', file: 'rgbaf4', slice: 'a', width: 4, height: 3, image: true },
  { name: 'C f4 lines: NaN, ±inf, an all-NaN block, odd blocks', file: 'f4C', slice: 'a', width: 7, height: 5, simd: true },
  { name: 'C f4 from column 3 (lines not 16-byte aligned)', file: 'f4C', slice: 'a[1:, 3:]', width: 6, height: 4, simd: true },
  { name: 'C f4 one pixel wide (one run per line)', file: 'f4C', slice: 'a[:, 1:44]', width: 1, height: 3, simd: true },
  { name: 'C f4 reversed rows', file: 'f4C', slice: 'a[::-1, 2:]', width: 5, height: 6, simd: true },
  { name: 'F f4 columns as lines', file: 'f4CF', slice: 'a', width: 7, height: 5, simd: true },
  { name: 'big-endian f4', file: 'f4BE', slice: 'a', width: 7, height: 5, simd: false },
  { name: 'C f8 lines: all-NaN and all −inf blocks', file: 'f8C2', slice: 'a', width: 6, height: 4, simd: true },
  { name: 'C f8 from column 1, odd widths', file: 'f8C2', slice: 'a[3:, 1:]', width: 5, height: 5, simd: true },
];

export interface CaseData {
  /** View values, (rows, cols[, channels]) C order. */
  view: Float64Array;
  rows: number;
  cols: number;
  channels: number;
  max: Float64Array;
  min: Float64Array;
  mean: Float64Array;
  /** Finite min and max per block (Infinity / −Infinity when it has none). */
  lo: Float64Array;
  hi: Float64Array;
  /** Finite min and max of the whole view. */
  finite: [number, number];
  /** NaN, +inf and −inf in the view. */
  specials: [number, number, number];
}

/** Write the arrays and numpy's answers; returns the folder and the data per case. */
export function makeCases(): { dir: string; data: CaseData[]; path(c: PictureCase): string } {
  const dir = mkdtempSync(join(tmpdir(), 'npy-picture-'));
  numpy(
    `
import warnings
warnings.simplefilter('ignore')
d = sys.argv[1]
${FILES}
cases = json.loads(sys.argv[2])
meta = []
for i, c in enumerate(cases):
    a = np.load(d + '/' + c['file'] + '.npy')
    v = np.asarray(eval(c['slice']), dtype=np.float64)
    if not c.get('image'):
        v = v[:, :, None]
    R, C, K = v.shape
    h, w = min(R, c['height']), min(C, c['width'])
    rs = [i * R // h for i in range(h + 1)]
    cs = [j * C // w for j in range(w + 1)]
    out = {k: np.empty((h, w, K)) for k in ('max', 'min', 'mean', 'lo', 'hi')}
    for y in range(h):
        for x in range(w):
            b = v[rs[y]:rs[y+1], cs[x]:cs[x+1], :].reshape(-1, K)
            out['max'][y, x] = np.nanmax(b, axis=0)
            out['min'][y, x] = np.nanmin(b, axis=0)
            out['mean'][y, x] = np.nanmean(b, axis=0)
            fin = np.where(np.isfinite(b), b, np.nan)
            out['lo'][y, x] = np.where(np.isfinite(b).any(axis=0), np.nanmin(fin, axis=0), np.inf)
            out['hi'][y, x] = np.where(np.isfinite(b).any(axis=0), np.nanmax(fin, axis=0), -np.inf)
    v.tofile(f'{d}/{i}_view.f8')
    for k, o in out.items(): o.tofile(f'{d}/{i}_{k}.f8')
    f = v[np.isfinite(v)]
    meta.append({'rows': R, 'cols': C, 'channels': K, 'finite': [float(f.min()), float(f.max())],
                 'specials': [int(np.isnan(v).sum()), int(np.isposinf(v).sum()), int(np.isneginf(v).sum())]})
json.dump(meta, open(d + '/meta.json', 'w'))
`,
    [dir, JSON.stringify(CASES)],
  );
  const meta: { rows: number; cols: number; channels: number; finite: [number, number]; specials: [number, number, number] }[] = JSON.parse(
    readFileSync(join(dir, 'meta.json'), 'utf8'),
  );
  const data = meta.map((m, i) => ({
    ...m,
    view: readF8(join(dir, `${i}_view.f8`)),
    max: readF8(join(dir, `${i}_max.f8`)),
    min: readF8(join(dir, `${i}_min.f8`)),
    mean: readF8(join(dir, `${i}_mean.f8`)),
    lo: readF8(join(dir, `${i}_lo.f8`)),
    hi: readF8(join(dir, `${i}_hi.f8`)),
  }));
  return { dir, data, path: (c) => join(dir, `${c.file}.npy`) };
}
