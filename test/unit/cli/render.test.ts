// `render` end to end: numpy writes the arrays, the CLI writes PNGs, PIL decodes them and matplotlib (its colormaps
// and norms) says what every pixel must be.
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../../src/cli';
import { mpl } from '../../support/matplotlib';

const dir = mkdtempSync(join(tmpdir(), 'npy-render-'));
after(() => rmSync(dir, { recursive: true, force: true }));

execFileSync(
  'python3',
  [
    '-c',
    `
import sys, numpy as np
d = sys.argv[1]
ramp = np.arange(20 * 30, dtype='<f8').reshape(20, 30)
np.save(d + '/ramp.npy', ramp)
np.save(d + '/rampF.npy', np.asfortranarray(ramp.astype('>f4')))
np.save(d + '/orient.npy', np.array([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], dtype='<i2'))
logv = 10.0 ** np.linspace(-2, 3, 64).reshape(8, 8); logv[0, 0] = 0; logv[1, 1] = -5
np.save(d + '/log.npy', logv)
sp = np.linspace(-1, 1, 48).reshape(6, 8); sp[2, 3] = np.nan; sp[4, 4] = np.inf; sp[5, 0] = -np.inf
np.save(d + '/specials.npy', sp)
peak = np.zeros((4000, 4000), dtype='<f4'); peak[1234, 2345] = 1.0
np.save(d + '/peak.npy', peak)
rgb = np.random.default_rng(5).integers(0, 256, (2, 30, 40, 3)).astype('u1')
np.save(d + '/rgb.npy', rgb)
np.save(d + '/rgba.npy', np.random.default_rng(6).integers(0, 256, (12, 9, 4)).astype('u1'))
np.save(d + '/grey.npy', np.random.default_rng(7).integers(0, 256, (10, 14)).astype('u1'))
np.save(d + '/rgbf.npy', np.random.default_rng(8).random((10, 12, 3)).astype('<f8') * 4 - 1)
np.save(d + '/six.npy', np.arange(36, dtype='<f8').reshape(6, 6))
np.save(d + '/small.npy', np.array([[1, 2, 3], [4, 5, 6]], dtype='<f8'))
line = np.zeros(100000); line[54321] = 5.0; line[77777] = -3.0
np.save(d + '/line.npy', line)
np.save(d + '/vec.npy', np.arange(10.0))
np.save(d + '/obj.npy', np.array([1, 'x', None], dtype=object), allow_pickle=True)
np.save(d + '/rec.npy', np.zeros((3, 4), dtype=[('x', '<f4'), ('y', '<i2')]))
np.save(d + '/text.npy', np.array([['a', 'b']]))
`,
    dir,
  ],
  { encoding: 'utf8' },
);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(['render', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

interface Check {
  name: string;
  args: string[];
  /** Python: the expected RGBA (H, W, 4) uint8 array, from `a` (the array), `cmap`, `colors`, `np`. */
  expect: string;
}

const f = (name: string): string => join(dir, `${name}.npy`);
const out = (name: string): string => join(dir, `${name}.png`);
// matplotlib's pixels: cmap(norm(v), bytes=True); NaN transparent (as matplotlib's bad colour); our ±inf colours.
const PIX = `
def pix(v, norm, name='viridis'):
    with np.errstate(all='ignore'):
        p = colormaps[name](norm(np.ma.masked_invalid(v) if False else v), bytes=True)
    p[np.isnan(v)] = (0, 0, 0, 0)
    p[np.isposinf(v)] = (255, 0, 255, 255)
    p[np.isneginf(v)] = (0, 255, 255, 255)
    return p
`;

const CHECKS: Check[] = [
  { name: 'ramp', args: [f('ramp'), '--width', '30', '--height', '20'], expect: `pix(a, colors.Normalize(0, 599))` },
  { name: 'ramp-fortran-bigendian', args: [f('rampF')], expect: `pix(a.astype('f8'), colors.Normalize(0, 599))` },
  { name: 'orientation', args: [f('orient'), '--colormap', 'gray'], expect: `pix(a.astype('f8'), colors.Normalize(0, 11), 'gray')` },
  {
    name: 'transposed-slice',
    args: [f('orient'), '--slice', 'a[::-1, 1:].T', '--colormap', 'magma'],
    expect: `pix(a[::-1, 1:].T.astype('f8'), colors.Normalize(1, 11), 'magma')`,
  },
  { name: 'domain', args: [f('ramp'), '--domain', '100,300', '--colormap', 'plasma'], expect: `pix(a, colors.Normalize(100, 300), 'plasma')` },
  { name: 'negative-domain-inverted', args: [f('ramp'), '--domain=-50,700', '--colormap', 'cividis_r'], expect: `pix(a, colors.Normalize(-50, 700), 'cividis_r')` },
  { name: 'log', args: [f('log'), '--scale', 'log', '--colormap', 'inferno'], expect: `pix(a, colors.LogNorm(a[a > 0].min(), a.max()), 'inferno')` },
  { name: 'symlog', args: [f('specials'), '--scale', 'symlog', '--linthresh', '0.1'], expect: `pix(a, colors.SymLogNorm(0.1, linscale=1, vmin=-1, vmax=1, base=10))` },
  { name: 'diverging-centre', args: [f('ramp'), '--colormap', 'RdBu', '--center', '150'], expect: `pix(a, colors.TwoSlopeNorm(150, 0, 599), 'RdBu')` },
  { name: 'nan-inf', args: [f('specials'), '--colormap', 'turbo'], expect: `pix(a, colors.Normalize(-1, 1), 'turbo')` },
  {
    name: 'peak-max',
    args: [f('peak'), '--width', '400', '--height', '400', '--reduce', 'max'],
    expect: `pix(a.reshape(400, 10, 400, 10).max(axis=(1, 3)).astype('f8'), colors.Normalize(0, 1))`,
  },
  {
    name: 'peak-sample',
    args: [f('peak'), '--width', '400', '--height', '400', '--reduce', 'sample'],
    // Even blocks give their last element, odd ones their first; the sampled elements are all zero (domain 0,0).
    expect: `pix(np.zeros((400, 400)), colors.Normalize(0, 0))`,
  },
  {
    name: 'mean',
    args: [f('six'), '--width', '3', '--height', '3', '--reduce', 'mean'],
    expect: `pix(a.reshape(3, 2, 3, 2).mean(axis=(1, 3)), colors.Normalize(0, 35))`,
  },
  { name: 'min', args: [f('six'), '--width', '2', '--height', '3', '--reduce', 'min'], expect: `pix(a.reshape(3, 2, 2, 3).min(axis=(1, 3)), colors.Normalize(0, 35))` },
  {
    name: 'upscale',
    args: [f('small'), '--width', '6', '--height', '4', '--colormap', 'gray'],
    expect: `pix(np.repeat(np.repeat(a, 2, axis=0), 2, axis=1), colors.Normalize(1, 6), 'gray')`,
  },
  { name: 'rgb-slice', args: [f('rgb'), '--view', 'image', '--slice', '1'], expect: `np.dstack([a[1], np.full(a.shape[1:3], 255, 'u1')])` },
  { name: 'bgr-slice', args: [f('rgb'), '--view', 'image', '--slice', 'a[0, :, :, ::-1]'], expect: `np.dstack([a[0, :, :, ::-1], np.full(a.shape[1:3], 255, 'u1')])` },
  { name: 'rgba', args: [f('rgba'), '--view', 'image'], expect: `a` },
  { name: 'grey-uint8', args: [f('grey'), '--view', 'image'], expect: `np.dstack([a, a, a, np.full(a.shape, 255, 'u1')])` },
  {
    name: 'rgb-float-domain',
    args: [f('rgbf'), '--view', 'image'],
    expect: `np.dstack([np.minimum(np.floor((a - a.min()) / (a.max() - a.min()) * 256), 255).astype('u1'), np.full(a.shape[:2], 255, 'u1')])`,
  },
];

describe('CLI render', () => {
  const results = new Map<string, { code: number; stdout: string; stderr: string }>();
  let verdict: Record<string, string>;

  before(async function () {
    this.timeout(60000);
    for (const c of CHECKS) results.set(c.name, await cli(...c.args, '--out', out(c.name)));
    const spec = CHECKS.map((c) => ({ name: c.name, npy: c.args[0], png: out(c.name), expect: c.expect }));
    writeFileSync(join(dir, 'checks.json'), JSON.stringify(spec));
    verdict = JSON.parse(
      mpl(
        `${PIX}
res = {}
for c in json.load(open(sys.argv[1])):
    try:
        a = np.load(c['npy'])
        want = np.asarray(eval(c['expect']), dtype=np.uint8)
        im = Image.open(c['png'])
        got = np.asarray(im.convert('RGBA'))
        if im.mode != 'RGBA': res[c['name']] = 'mode ' + im.mode; continue
        if got.shape != want.shape: res[c['name']] = f'shape {got.shape} vs {want.shape}'; continue
        bad = np.argwhere((got != want).any(axis=2))
        res[c['name']] = 'ok' if len(bad) == 0 else f'{len(bad)} pixels differ, first {bad[0].tolist()}: {got[tuple(bad[0])].tolist()} vs {want[tuple(bad[0])].tolist()}'
    except Exception as e:
        res[c['name']] = 'error: ' + repr(e)
print(json.dumps(res))
`,
        [join(dir, 'checks.json')],
      ),
    );
  });

  for (const c of CHECKS) {
    it(`${c.name}: every pixel is matplotlib's`, () => {
      const r = results.get(c.name)!;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^wrote .*\.png: \d+ × \d+ /);
      assert.equal(verdict[c.name], 'ok');
    });
  }

  it('says which data the default domain came from', () => {
    assert.match(results.get('peak-max')!.stdout, /domain 0,1 \(exact data\), exact, max/);
    assert.match(results.get('peak-sample')!.stdout, /domain 0,0 \(sampled data\), sampled, sample/);
  });

  it('draws a line plot that keeps one-element spikes (M4)', async () => {
    const png = out('line');
    const r = await cli(f('line'), '--view', 'line', '--width', '200', '--height', '50', '--out', png);
    assert.equal(r.code, 0, r.stderr);
    const cols = JSON.parse(
      mpl(
        `a = np.asarray(Image.open(sys.argv[1]).convert('RGBA')); ink = (a[:, :, :3] != 255).any(axis=2)
print(json.dumps({'top': np.nonzero(ink[0])[0].tolist(), 'bottom': np.nonzero(ink[-1])[0].tolist(), 'shape': list(a.shape)}))`,
        [png],
      ),
    );
    assert.deepEqual(cols.shape, [50, 200, 4]);
    // Element 54321 of 100000 falls in pixel column 108, element 77777 in column 155.
    assert.deepEqual(cols.top, [108]);
    assert.deepEqual(cols.bottom, [155]);
  });

  const errors: [string, string[], RegExp][] = [
    ['unknown colormap', [f('ramp'), '--colormap', 'jet'], /^error: unknown colormap 'jet'/],
    ['a heatmap of a 1-D view', [f('vec')], /^error: a heatmap needs a 2-D view/],
    ['a heatmap of a 1-D slice', [f('ramp'), '--slice', '3'], /^error: a heatmap needs a 2-D view/],
    ['an image of a 1-D array', [f('vec'), '--view', 'image'], /^error: an image needs a 2-D view, or a last axis of 3 or 4 channels/],
    ['an image with 2 channels selected', [f('rgb'), '--view', 'image', '--slice', '0, :, :, :2'], /^error: an image needs 3 or 4 channels/],
    ['object dtype', [f('obj')], /^error: .*pickled Python objects/],
    ['a structured array', [f('rec')], /^error: cannot draw a structured array/],
    ['strings', [f('text')], /^error: cannot draw a <U1 array \(strings\)/],
    ['a line of a 2-D view', [f('ramp'), '--view', 'line'], /^error: a line needs a 1-D view/],
    ['a bad domain', [f('ramp'), '--domain', '5'], /^error: --domain must be LO,HI/],
    ['a log domain through zero', [f('ramp'), '--scale', 'log', '--domain', '0,5'], /^error: a log scale needs a positive domain/],
    ['an unknown view', [f('ramp'), '--view', 'surface'], /^error: --view must be heatmap, image or line/],
    ['a member of a .npy', [f('ramp'), '--member', 'x'], /^error: this is a \.npy file, which holds one array/],
    ['a bad width', [f('ramp'), '--width', '0'], /^error: --width must be an integer/],
  ];
  for (const [what, args, re] of errors) {
    it(`refuses ${what}: exit 2, one error line, no file`, async () => {
      const png = join(dir, `err-${what.replace(/\W+/g, '-')}.png`);
      const r = await cli(...args, '--out', png);
      assert.equal(r.code, 2);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(existsSync(png), false);
    });
  }

  it('never overwrites without --force, and replaces atomically with it', async () => {
    const png = out('ramp');
    const before = await cli(f('small'), '--out', png);
    assert.equal(before.code, 2);
    assert.match(before.stderr, /already exists/);
    const forced = await cli(f('small'), '--out', png, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /3 × 2 heatmap/);
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });
});
