// Colour mapping against matplotlib: the tables, and Normalize / LogNorm / SymLogNorm / PowerNorm / TwoSlopeNorm
// + Colormap(bytes=True) over values that include bin edges, values outside the domain, NaN and ±inf.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  COLORMAP_NAMES,
  colorize,
  colormapTable,
  colorbarValue,
  makeColorIndex,
  parseColormap,
  NEG_INF_COLOR,
  POS_INF_COLOR,
  type ColorMapping,
} from '../../../src/picture/color';
import { mpl } from '../../support/matplotlib';

const dir = mkdtempSync(join(tmpdir(), 'npy-color-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic values: a normal-ish spread, exact bin edges of [lo, hi], the ends, outside, NaN, ±inf. */
function valuesFor(lo: number, hi: number, n = 3000): Float64Array {
  const out: number[] = [];
  let s = 12345;
  const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < n; i++) out.push(lo + (hi - lo) * (rnd() * 1.4 - 0.2));
  for (let i = 0; i <= 256; i++) out.push(lo + ((hi - lo) * i) / 256);
  out.push(lo, hi, lo - 1, hi + 1, 0, -0, NaN, Infinity, -Infinity, 1e300, -1e300, 5e-324);
  return Float64Array.from(out);
}

interface Case {
  name: string;
  mapping: ColorMapping;
  /** matplotlib's norm, as Python text (the oracle). */
  norm: string;
  /** The norm is a different formula, equal up to rounding: exact bin edges may land one bin apart. */
  edgeTolerance?: boolean;
}

const cases: Case[] = [];
for (const cm of COLORMAP_NAMES) {
  cases.push({ name: `${cm} linear`, mapping: { colormap: cm, scale: 'linear', domain: [-3, 7] }, norm: 'colors.Normalize(-3, 7)' });
}
cases.push(
  { name: 'viridis inverted', mapping: { colormap: 'viridis', invert: true, scale: 'linear', domain: [-3, 7] }, norm: 'colors.Normalize(-3, 7)' },
  { name: 'magma tiny domain', mapping: { colormap: 'magma', scale: 'linear', domain: [1e-7, 1.5e-7] }, norm: 'colors.Normalize(1e-7, 1.5e-7)' },
  { name: 'plasma one-point domain', mapping: { colormap: 'plasma', scale: 'linear', domain: [2, 2] }, norm: 'colors.Normalize(2, 2)' },
  { name: 'inferno log', mapping: { colormap: 'inferno', scale: 'log', domain: [0.01, 1000] }, norm: 'colors.LogNorm(0.01, 1000)' },
  {
    name: 'viridis symlog',
    mapping: { colormap: 'viridis', scale: 'symlog', linthresh: 0.5, domain: [-100, 1000] },
    norm: 'colors.SymLogNorm(0.5, linscale=1, vmin=-100, vmax=1000, base=10)',
  },
  {
    name: 'cividis symlog default linthresh',
    mapping: { colormap: 'cividis', scale: 'symlog', domain: [-5, 5] },
    norm: 'colors.SymLogNorm(1, linscale=1, vmin=-5, vmax=5, base=10)',
  },
  { name: 'gray sqrt from 0', mapping: { colormap: 'gray', scale: 'sqrt', domain: [0, 50] }, norm: 'colors.PowerNorm(0.5, 0, 50)', edgeTolerance: true },
  { name: 'RdBu centred', mapping: { colormap: 'RdBu', scale: 'linear', domain: [-2, 10], center: 0 }, norm: 'colors.TwoSlopeNorm(0, -2, 10)' },
  { name: 'coolwarm centred', mapping: { colormap: 'coolwarm', scale: 'linear', domain: [-10, 1], center: 0.25 }, norm: 'colors.TwoSlopeNorm(0.25, -10, 1)' },
);
// sqrt with lo ≠ 0 is sign(v)·√|v| then linear: numpy's formula is the oracle (matplotlib has no such norm).
const sqrtCase = { name: 'turbo sqrt, negative low end', mapping: { colormap: 'turbo', scale: 'sqrt', domain: [-4, 9] } as ColorMapping };

describe('picture colour mapping', () => {
  let expected: { tables: Record<string, number[]>; cases: Record<string, number[]>; sqrt: number[] };
  const domainsOf = (m: ColorMapping): [number, number] => [m.domain[0], m.domain[1]];

  before(function () {
    this.timeout(60000);
    const spec = cases.map((c, i) => {
      const file = join(dir, `v${i}.f8`);
      writeFileSync(file, valuesFor(...domainsOf(c.mapping)));
      return { name: c.name, file, cmap: c.mapping.colormap + (c.mapping.invert ? '_r' : ''), norm: c.norm };
    });
    const sqrtFile = join(dir, 'sqrt.f8');
    writeFileSync(sqrtFile, valuesFor(-4, 9));
    const out = mpl(
      `
spec = json.loads(sys.argv[1])
res = {'tables': {}, 'cases': {}}
for name in ${JSON.stringify([...COLORMAP_NAMES])}:
    res['tables'][name] = colormaps[name](np.arange(256), bytes=True)[:, :3].ravel().tolist()
import warnings
warnings.simplefilter('ignore')
for c in spec:
    v = np.fromfile(c['file'], dtype='<f8')
    norm = eval(c['norm'], {'colors': colors})
    rgba = colormaps[c['cmap']](norm(v), bytes=True)
    res['cases'][c['name']] = rgba.ravel().tolist()
v = np.fromfile(sys.argv[2], dtype='<f8')
f = lambda x: np.sign(x) * np.sqrt(np.abs(x))
with np.errstate(all='ignore'):
    t = np.clip((f(v) - f(-4.0)) / (f(9.0) - f(-4.0)), 0, 1)
    idx = np.minimum(np.floor(t * 256), 255)
idx = np.where(np.isfinite(v), idx, 0).astype(int)
res['sqrt'] = colormaps['turbo'](idx, bytes=True).ravel().tolist()
print(json.dumps(res))
`,
      [JSON.stringify(spec), sqrtFile],
    );
    expected = JSON.parse(out);
  });

  it('ships matplotlib’s 256-entry tables (cmap(i, bytes=True))', () => {
    for (const name of COLORMAP_NAMES) assert.deepEqual(Array.from(colormapTable(name)), expected.tables[name], name);
  });

  for (const c of cases) {
    it(`${c.name}: the pixels of matplotlib's ${c.norm.split('(')[0]} + colormap`, () => {
      const values = valuesFor(...domainsOf(c.mapping));
      const got = colorize(values, c.mapping);
      const want = expected.cases[c.name];
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        const g = Array.from(got.subarray(4 * i, 4 * i + 4));
        // ±inf have colours of their own (matplotlib paints them with the end colours).
        const w = want.slice(4 * i, 4 * i + 4);
        if (v === Infinity) assert.deepEqual(g, [...POS_INF_COLOR]);
        else if (v === -Infinity) assert.deepEqual(g, [...NEG_INF_COLOR]);
        // matplotlib's Normalize with vmin = vmax paints NaN too with the first colour; we keep NaN transparent.
        else if (v !== v && c.mapping.domain[0] === c.mapping.domain[1]) assert.deepEqual(g, [0, 0, 0, 0]);
        else if (c.edgeTolerance && g.join() !== w.join()) {
          const t = Math.sqrt(v / c.mapping.domain[1]) * 256;
          assert.ok(Math.abs(t - Math.round(t)) < 1e-9, `value ${v} (#${i}) is not on a bin edge: ${g} vs ${w}`);
        } else assert.deepEqual(g, w, `value ${v} (#${i})`);
      }
    });
  }

  it('sqrt with a negative low end follows sign(v)·√|v| (numpy)', () => {
    const values = valuesFor(-4, 9);
    const got = colorize(values, sqrtCase.mapping);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) continue;
      assert.deepEqual(Array.from(got.subarray(4 * i, 4 * i + 4)), expected.sqrt.slice(4 * i, 4 * i + 4), `value ${values[i]}`);
    }
  });

  it('index = min(floor(t·256), 255); NaN, +inf, −inf and log of v ≤ 0 are distinct specials', () => {
    const idx = makeColorIndex({ colormap: 'viridis', scale: 'linear', domain: [0, 256] });
    assert.deepEqual([0, 0.999, 1, 128, 255.999, 256, 300, -5].map(idx), [0, 0, 1, 128, 255, 255, 255, 0]);
    assert.deepEqual([NaN, Infinity, -Infinity].map(idx), [-1, -2, -3]);
    const log = makeColorIndex({ colormap: 'viridis', scale: 'log', domain: [1, 100] });
    assert.deepEqual([0, -1, 1, 10, 100].map(log), [-1, -1, 0, 128, 255]);
    const nan = colorize([NaN], { colormap: 'gray', scale: 'linear', domain: [0, 1] });
    assert.deepEqual(Array.from(nan), [0, 0, 0, 0], 'NaN is fully transparent');
  });

  it('rejects domains a scale cannot use, and unknown names', () => {
    assert.throws(() => makeColorIndex({ colormap: 'viridis', scale: 'log', domain: [0, 1] }), /positive domain/);
    assert.throws(() => makeColorIndex({ colormap: 'viridis', scale: 'linear', domain: [2, 1] }), /above/);
    assert.throws(() => makeColorIndex({ colormap: 'RdBu', scale: 'linear', domain: [0, 1], center: 1 }), /inside the domain/);
    assert.throws(() => parseColormap('jet'), /unknown colormap 'jet'/);
    assert.deepEqual(parseColormap('rdbu_r'), { name: 'RdBu', invert: true });
  });

  it('colourbar positions invert the scale', () => {
    const near = (a: number, b: number): void => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
    near(colorbarValue(0.5, { scale: 'log', domain: [1, 100] }), 10);
    near(colorbarValue(1, { scale: 'sqrt', domain: [0, 16] }), 16);
    near(colorbarValue(0.25, { scale: 'sqrt', domain: [0, 16] }), 1);
    for (const t of [0, 0.1, 0.5, 0.77, 1]) {
      const m: ColorMapping = { colormap: 'viridis', scale: 'symlog', linthresh: 2, domain: [-50, 300] };
      const v = colorbarValue(t, m);
      const i = makeColorIndex(m)(v);
      assert.ok(Math.abs(i - Math.min(255, Math.floor(t * 256))) <= 1, `t=${t}: v=${v} index ${i}`);
    }
  });
});
