// `npy-studio stats` as a user runs it: the bundled CLI with its worker next to it, spawned like the other CLI
// tests, against numpy's figures (test/unit/stats/oracle.py).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bundledCli } from '../../support/cliBundle';

const dir = mkdtempSync(join(tmpdir(), 'npy-stats-cli-'));
let cli = '';
execFileSync('python3', [join(__dirname, 'oracle.py'), dir]);
const cases = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'stats', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npy-studio stats', function () {
  this.timeout(60000);
  before(async () => {
    cli = await bundledCli();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of ['f4_nan_inf', 'i8_extremes', 'c8_abs', 'datetime_s', 'slice_3d', 'f4_empty', 'f2_edges']) {
    it(`--json equals numpy: ${name}`, () => {
      const c = cases[name];
      const args = [c.file, '--json'];
      if (c.request.slice) args.push('--slice', c.request.slice);
      if (c.request.part) args.push('--part', c.request.part);
      const r = run(...args);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      const got = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(got), ['count', 'nan', 'posinf', 'neginf', 'min', 'max', 'argmin', 'argmax', 'mean', 'std', 'sum', 'percentiles', 'histogram']);
      for (const k of ['count', 'nan', 'posinf', 'neginf', 'min', 'max', 'argmin', 'argmax', 'percentiles', 'histogram'])
        assert.deepEqual(got[k], c.expect[k], `${name}: ${k}`);
      for (const k of ['mean', 'std', 'sum']) {
        if (c.expect[k] === null || !/^-?\d/.test(c.expect[k]) || /^-?\d+$/.test(c.expect[k])) assert.equal(got[k], c.expect[k], `${name}: ${k}`);
        else assert.ok(Math.abs(Number(got[k]) - Number(c.expect[k])) <= 1e-12 * Math.abs(Number(c.expect[k])), `${name}: ${k} ${got[k]} vs ${c.expect[k]}`);
      }
    });
  }

  it('--bins sets the histogram, numbers are strings', () => {
    const r = run(cases.u1_random.file, '--json', '--bins', '5');
    const got = JSON.parse(r.stdout);
    assert.equal(got.histogram.counts.length, 5);
    assert.equal(got.histogram.edges.length, 6);
    assert.ok([got.count, ...got.histogram.counts, ...got.argmin].every((x: unknown) => typeof x === 'string'));
  });

  it('gives every numeric field of a structured array, or the one asked', () => {
    const all = JSON.parse(run(cases.struct_all.file, '--json').stdout);
    assert.deepEqual(Object.keys(all.fields), ['x', 'n', 'z']);
    assert.equal(all.fields.n.sum, cases.struct_all.expect.fields.n.sum);
    const one = JSON.parse(run(cases.struct_all.file, '--json', '--field', 'n').stdout);
    assert.equal(one.sum, cases.struct_all.expect.fields.n.sum);
  });

  it('prints a readable table', () => {
    const r = run(cases.i4_random.file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^array: {2}int32 \(300, 201\)/);
    assert.match(r.stdout, new RegExp(`\\nsum +${cases.i4_random.expect.sum}\\n`));
    assert.match(r.stdout, /\np50 +\S+/);
    assert.match(r.stdout, /histogram of the finite values, 64 bins:/);
    const s = run(cases.slice_3d.file, '--slice', 'a[2, :, ::2]');
    assert.match(s.stdout, /slice a\[2, :, ::2\] → \(50, 20\)/);
    const w = run(cases.i8_extremes.file);
    assert.match(w.stdout, /numpy's sum would wrap around/);
  });

  it('refuses with one line and exit code 2', () => {
    const cases2: [string[], RegExp][] = [
      [[cases.f4_nan.file, '--part', 'abs'], /--part applies to complex data/],
      [[cases.c8_abs.file, '--part', 'phase'], /--part must be real, imag or abs/],
      [[cases.f4_nan.file, '--bins', '0'], /--bins must be an integer from 1/],
      [[cases.f4_nan.file, '--member', 'x'], /a \.npy file holds one array; there is no member 'x'/],
      [[cases.f4_nan.file, '--slice', 'a[400000]'], /index 400000 is out of bounds/],
      [[cases.struct_all.file, '--field', 'name'], /field 'name' has no numbers/],
      [[join(dir, 'missing.npy')], /no such file/],
    ];
    for (const [args, re] of cases2) {
      const r = run(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
