// The CLI against numpy as the oracle: every dtype and layout the reader supports, and hostile input.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { bundledCli } from '../../support/cliBundle';

const ROOT = resolve(__dirname, '../../..');
// Fixtures are made when the file loads, so each one can be its own test.
const dir = mkdtempSync(join(tmpdir(), 'npy-cli-'));
let cli = '';
execFileSync('python3', [join(ROOT, 'test/fixtures/make_cli_fixtures.py'), dir]);
const expected: Record<string, { info: Record<string, unknown>; str: unknown[] | null; repr: unknown[] | null }> = JSON.parse(
  readFileSync(join(dir, 'expected.json'), 'utf8'),
);

function runCli(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A .npy with a hand-written header (padded like numpy), for hostile and odd cases. */
function npyWithHeader(name: string, header: string, data = new Uint8Array(0), version = 1): string {
  const prefix = version === 1 ? 10 : 12;
  let text = header;
  const total = prefix + Buffer.byteLength(text, 'latin1') + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const len = Buffer.byteLength(text, 'latin1');
  const pre = Buffer.alloc(prefix);
  Buffer.from('\x93NUMPY', 'latin1').copy(pre);
  pre[6] = version;
  pre[7] = 0;
  if (version === 1) pre.writeUInt16LE(len, 8);
  else pre.writeUInt32LE(len, 8);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([pre, Buffer.from(text, 'latin1'), data]));
  return path;
}

describe('npy-studio CLI', () => {
  before(async function () {
    this.timeout(120000);
    cli = await bundledCli();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('CLI agrees with numpy', () => {
    it('has fixtures for every case', () => {
      assert.ok(Object.keys(expected).length > 70);
    });

    for (const name of Object.keys(expected)) {
      if (name === 'pickled') continue;
      it(`${name}: info --json and values (str, repr)`, () => {
        const file = join(dir, `${name}.npy`);
        const info = runCli('info', file, '--json');
        assert.equal(info.status, 0, info.stderr);
        const got = JSON.parse(info.stdout);
        for (const [k, v] of Object.entries(expected[name].info)) assert.deepEqual(got[k], v, `${name}: ${k}`);
        assert.deepEqual(got.warnings, []);
        for (const style of ['str', 'repr'] as const) {
          const r = runCli('values', file, '--count', '60', '--format', style, '--json');
          assert.equal(r.status, 0, r.stderr);
          assert.deepEqual(JSON.parse(r.stdout), expected[name][style], `${name} ${style}`);
        }
      });
    }

    it('reads from a flat start index in C order, also for Fortran order', () => {
      const r = runCli('values', join(dir, 'f_order_3d.npy'), '--start', '17', '--count', '5', '--json');
      assert.deepEqual(JSON.parse(r.stdout), ['17', '18', '19', '20', '21']);
    });

    it('prints shapes beyond 2^53 exactly', () => {
      const big = 2n ** 60n;
      const file = npyWithHeader('huge.npy', `{'descr': '|u1', 'fortran_order': False, 'shape': (${big}, 2), }`);
      const r = runCli('info', file, '--json');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`"shape":\\[${big},2\\]`));
      assert.match(JSON.parse(r.stdout).warnings.join(' '), /truncated/);
    });
  });

  describe('CLI refuses bad input with exit 2 and one line', () => {
    const refuse =
      (path: () => string, pattern: RegExp, ...extra: string[]) =>
      () => {
        for (const cmd of [['info'], ['values']]) {
          const r = runCli(...cmd, path(), ...extra);
          assert.equal(r.status, 2, `${cmd}: ${r.stdout}${r.stderr}`);
          assert.match(r.stderr, /^error: .+\n$/);
          assert.match(r.stderr, pattern);
          assert.doesNotMatch(r.stderr, /\n\s+at /);
        }
      };
    it(
      'a missing file',
      refuse(() => join(dir, 'nope.npy'), /no such file/),
    );
    it(
      'bad magic',
      refuse(() => {
        const p = join(dir, 'bad-magic.npy');
        writeFileSync(p, 'GIF89a not numpy at all');
        return p;
      }, /magic|not a .npy|NPY/i),
    );
    // Zip magic opens as an archive (whatever the name says); a broken one is refused as an archive.
    it(
      'zip magic that is no archive',
      refuse(() => {
        const p = join(dir, 'bad-zip.npy');
        writeFileSync(p, 'PK\x03\x04 not numpy at all');
        return p;
      }, /zip|archive/i),
    );
    it(
      'bad version',
      refuse(() => npyWithHeader('v9.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }`, new Uint8Array(8), 9), /version/),
    );
    it(
      'header length past the end of the file',
      refuse(() => {
        const p = join(dir, 'short-header.npy');
        writeFileSync(p, Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), Buffer.from([0xff, 0x0f]), Buffer.from("{'descr'")]));
        return p;
      }, /header/i),
    );
    it(
      'code injection in the header',
      refuse(
        () => npyWithHeader('inject.npy', `{'descr': __import__('os').system('touch ${join(dir, 'pwned')}'), 'fortran_order': False, 'shape': (1,), }`),
        /header|descr|unexpected|invalid/i,
      ),
    );
    it(
      '__proto__ keys',
      refuse(() => npyWithHeader('proto.npy', `{'__proto__': {'polluted': True}, 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }`), /key|__proto__/i),
    );
    it(
      'missing keys',
      refuse(() => npyWithHeader('missing.npy', `{'descr': '<f8', 'shape': (1,), }`), /fortran_order|missing/i),
    );
    it(
      'extra keys',
      refuse(() => npyWithHeader('extra.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'evil': 1, }`), /evil|extra|unexpected/i),
    );
    it(
      'negative dimensions',
      refuse(() => npyWithHeader('neg.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 3), }`), /negative|dimension|shape/i),
    );
    it(
      'non-integer dimensions',
      refuse(() => npyWithHeader('float-dim.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,), }`), /shape|dimension|integer|unexpected|float/i),
    );
    it(
      'shapes whose byte size overflows 64 bits',
      refuse(() => npyWithHeader('overflow.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (${2n ** 62n}, 4), }`), /overflow|too (large|big)|does not fit/i),
    );
    it(
      'deep nesting',
      refuse(() => npyWithHeader('deep.npy', `{'descr': ${'['.repeat(500)}${']'.repeat(500)}, 'fortran_order': False, 'shape': (1,), }`), /deep|nest/i),
    );
    it(
      'headers larger than the cap',
      refuse(
        () => npyWithHeader('big-header.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }` + ' '.repeat((1 << 20) + 10), new Uint8Array(8), 2),
        /header.*over the limit of 1048576 characters.*--max-header-size/i,
      ),
    );
    it(
      'an unknown dtype',
      refuse(() => npyWithHeader('unknown-dtype.npy', `{'descr': '<q9', 'fortran_order': False, 'shape': (1,), }`, new Uint8Array(8)), /dtype|descr|q9/i),
    );

    it('reads the header of pickled object arrays but refuses their data', () => {
      const file = join(dir, 'pickled.npy');
      const info = runCli('info', file, '--json');
      assert.equal(info.status, 0, info.stderr);
      assert.equal(JSON.parse(info.stdout).descr, '|O');
      // Said once, as the data error; no warning repeats it and no size warning is made up for pickled data.
      assert.deepEqual(JSON.parse(info.stdout).warnings, []);
      assert.match(JSON.parse(info.stdout).data_error, /pickled/);
      const human = runCli('info', file);
      assert.equal(human.stdout.match(/pickled Python/g)?.length, 1, human.stdout);
      assert.doesNotMatch(human.stdout, /trailing|truncated/);
      const r = runCli('values', file);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^error: .*pickled.*\n$/);
    });

    it("opens headers over numpy's 10,000 without a flag (with a warning naming numpy's max_header_size), refuses them under an explicit cap", () => {
      const file = npyWithHeader('big-header-ok.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }` + ' '.repeat(20000), new Uint8Array(8), 2);
      const r = runCli('info', file, '--json');
      assert.equal(r.status, 0, r.stderr);
      const info = JSON.parse(r.stdout);
      assert.deepEqual(info.warning_codes, ['headerOverNumpyLimit']);
      assert.match(info.warnings[0], /np\.load\(\.\.\., max_header_size=\d+\)/);
      const capped = runCli('info', file, '--json', '--max-header-size', '10000');
      assert.equal(capped.status, 2);
      assert.match(capped.stderr, /^error: header is \d+ (bytes|characters), over the limit of 10000 characters/);
      assert.equal(runCli('values', file, '--max-header-size', '10000').status, 2);
    });

    it('reads a truncated file up to where its data ends, with a warning', () => {
      const data = new Uint8Array(8 * 3);
      new DataView(data.buffer).setFloat64(16, 2.5, true);
      const file = npyWithHeader('truncated.npy', `{'descr': '<f8', 'fortran_order': False, 'shape': (10,), }`, data);
      const info = JSON.parse(runCli('info', file, '--json').stdout);
      assert.match(info.warnings.join(' '), /truncated/);
      const ok = runCli('values', file, '--count', '3', '--json');
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(JSON.parse(ok.stdout), ['0.0', '0.0', '2.5']);
      // Asking past the end prints what exists and says where the data ends (issue 11, item 11).
      const past = runCli('values', file, '--count', '5');
      assert.equal(past.status, 0);
      assert.equal(past.stdout, '0.0\n0.0\n2.5\n');
      assert.match(
        past.stderr,
        /^warning: file is truncated: element 3 is past the end of the data; printed 3 of the 5 elements asked for \(the file holds 3 of 10\)\n$/,
      );
      const none = runCli('values', file, '--start', '4');
      assert.equal(none.status, 2);
      assert.match(none.stderr, /^error: file is truncated: element 4 is past the end of the data\n$/);
    });

    it("opens the 74 KB header np.save writes for a 300-field record without a flag; descr and values equal numpy's", () => {
      const file = join(dir, 'wide300.npy');
      const want = JSON.parse(
        execFileSync(
          'python3',
          [
            '-c',
            `import json, sys, numpy as np
dt = np.dtype([(f'field_{i:03d}_' + 'long_descriptive_name_' * 10, '<f8') for i in range(300)])
a = np.zeros(3, dtype=dt); a[dt.names[7]] = [1.5, -2.0, 3.25]
np.save(sys.argv[1], a)
raw = open(sys.argv[1], 'rb').read()
print(json.dumps({'hlen': int.from_bytes(raw[8:12], 'little'), 'descr': [list(d) for d in np.lib.format.dtype_to_descr(dt)], 'v': [str(x) for x in a[dt.names[7]]]}))`,
            file,
          ],
          { encoding: 'utf8' },
        ),
      );
      assert.ok(want.hlen > 70_000, `numpy wrote a ${want.hlen}-byte header`);
      const r = runCli('info', file, '--json');
      assert.equal(r.status, 0, r.stderr);
      const info = JSON.parse(r.stdout);
      assert.deepEqual(info.descr, want.descr);
      assert.deepEqual(info.warning_codes, ['headerOverNumpyLimit']);
      const v = runCli('values', file, '--json');
      assert.equal(v.status, 0, v.stderr);
      assert.deepEqual(
        JSON.parse(v.stdout).map((rec: string[]) => rec[7]),
        want.v,
      );
    });

    it('reads a 2 GiB element as a bounded prefix (a record whose field is a u1 sub-array of 2^31 - 1 elements)', () => {
      const file = join(dir, 'record2g.npy');
      execFileSync('python3', [
        '-c',
        "import numpy as np, sys\nm = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype=[('a', 'u1', (2147483647,))], shape=(1,))\nm['a'][0, :2] = [3, 4]; m.flush()",
        file,
      ]);
      const r = runCli('values', file, '--count', '1');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '([3, 4, 0, ...],)\n');
    });

    it('an element claimed larger than the file is refused in one line, without allocating its size', () => {
      const file = npyWithHeader('huge-string.npy', `{'descr': '|S2147483647', 'fortran_order': False, 'shape': (4,), }`, new Uint8Array(900));
      const r = runCli('values', file, '--count', '4');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^error: file is truncated: element 0 is past the end of the data\n$/);
    });

    it('reports trailing bytes', () => {
      const file = npyWithHeader('trailing.npy', `{'descr': '<u1', 'fortran_order': False, 'shape': (2,), }`, new Uint8Array(5));
      const info = JSON.parse(runCli('info', file, '--json').stdout);
      assert.deepEqual(info.warnings, ['3 B of trailing bytes after the data are ignored']);
    });
  });

  describe('issue 11 item 11: values and info as a new user meets them', () => {
    const py = (code: string, ...args: string[]) => execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8' });

    it('values --start takes negative indices as numpy does (a.flat[-k]) and refuses out-of-range ones in one line', () => {
      const file = join(dir, 'neg.npy');
      py('import numpy as np, sys; np.save(sys.argv[1], np.arange(10) * 3)', file);
      assert.deepEqual(JSON.parse(runCli('values', file, '--start', '-1', '--json').stdout), ['27']);
      assert.deepEqual(JSON.parse(runCli('values', file, '--start', '-3', '--count', '2', '--json').stdout), ['21', '24']);
      assert.equal(runCli('values', file, '--start=-10', '--count', '1').stdout, '0\n');
      const r = runCli('values', file, '--start', '-11');
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'error: --start -11 is out of bounds for an array of 10 elements\n');
    });

    it('values over a truncated end prints the elements that exist, then one warning line', () => {
      const file = join(dir, 'cut.npy');
      py('import numpy as np, sys; np.save(sys.argv[1], np.arange(10, dtype="<i4")); b = open(sys.argv[1], "rb").read(); open(sys.argv[1], "wb").write(b[:-12])', file);
      const r = runCli('values', file, '--start', '5', '--json');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), ['5', '6']);
      assert.equal(r.stderr, 'warning: file is truncated: element 7 is past the end of the data; printed 2 of the 5 elements asked for (the file holds 7 of 10)\n');
    });

    it('info on a 5,000-field dtype summarises the human form; --json keeps the whole descr', () => {
      const file = join(dir, 'wide.npy');
      py("import numpy as np, sys; np.save(sys.argv[1], np.zeros(2, [('f%d' % i, '<f4') for i in range(5000)]))", file);
      const r = runCli('info', file);
      assert.equal(r.status, 0, r.stderr);
      const dtypeLine = r.stdout.split('\n').find((l) => l.startsWith('dtype:'))!;
      assert.equal(
        dtypeLine,
        "dtype:    [('f0', '<f4'), ('f1', '<f4'), ('f2', '<f4'), ('f3', '<f4'), … 4996 more fields]  (5000 fields, itemsize 20000; --json prints the whole descr)",
      );
      assert.ok(r.stdout.split('\n').every((l) => l.length < 400));
      assert.equal(JSON.parse(runCli('info', file, '--json').stdout).descr.length, 5000);
    });

    it('info shows a path with a line break escaped, on one line', () => {
      const file = join(dir, 'a\nb.npy');
      py('import numpy as np, sys; np.save(sys.argv[1], np.arange(3))', file);
      const first = runCli('info', file).stdout.split('\n')[0];
      assert.ok(first.startsWith("file:     '") && first.includes('a\\nb.npy'), first);
    });
  });
});
