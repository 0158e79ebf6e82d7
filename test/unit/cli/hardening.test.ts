// Issue 12 defects through the real CLI entry, each a named regression: forged output lines (8), raw separators in
// an error (4), FIFOs that blocked (5), append/repair through a symlink (6), headers over numpy's limit written
// silently (7), `create newdir/` (9), and the CLI's remedy for coded engine errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bundledCli } from '../../support/cliBundle';

function py(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Every character a terminal, a log, JS source or a notification may take as the end of a line. */
const LINE_BREAK = /[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;

describe('CLI hardening (issue 12)', function () {
  this.timeout(120000);
  let dir: string;
  let bundle: string;
  before(async () => (bundle = await bundledCli()));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-hard-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { cwd: dir, encoding: 'utf8', timeout: 30000 });
  const f = (n: string) => join(dir, n);

  /** Exit 2 with exactly one `error:` line that holds no line break or separator, matching `re`. */
  function oneErrorLine(r: ReturnType<typeof cli>, re: RegExp) {
    assert.equal(r.error, undefined, 'the CLI finished (no timeout)');
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.ok(r.stderr.endsWith('\n'));
    const body = r.stderr.slice(0, -1);
    assert.ok(!LINE_BREAK.test(body), `one line: ${JSON.stringify(r.stderr)}`);
    assert.match(body, /^error: /);
    assert.match(body, re);
  }

  describe('item 8: user text cannot forge output lines', () => {
    const forged = ['a\nerror: forged line', 'a\rerror: forged line', 'a\u2028error: forged line', 'a\u0085error: forged line', 'a\u2029\u202eerror'];
    for (const text of forged) {
      it(`through a path, --shape, --skip, --format, --mode, --start, --max-header-size, a command name: ${JSON.stringify(text)}`, () => {
        writeFileSync(f('raw.bin'), Buffer.alloc(16));
        oneErrorLine(cli('info', text), /no such file/);
        oneErrorLine(cli('values', text), /no such file/);
        oneErrorLine(cli('create', 'x.npy', '--dtype', 'f4', '--shape', text), /shape '.*' is not a list/);
        oneErrorLine(cli('attach-header', 'raw.bin', 'o.npy', '--dtype', 'u1', '--shape', '-1', '--skip', text), /--skip must be a byte count/);
        oneErrorLine(cli('attach-header', 'raw.bin', 'o.npy', '--dtype', 'u1', '--shape', '-1', '--mode', text), /--mode must be copy, reserved or insert, got '/);
        oneErrorLine(cli('create', 'x.npy', '--dtype', text, '--shape', '3'), /not understood|name|unexpected/);
        oneErrorLine(cli('values', 'raw.bin', '--start', text), /--start must be an integer \(negative counts from the end, as in numpy\), got '/);
        oneErrorLine(cli('info', 'raw.bin', '--max-header-size', text), /--max-header-size must be a positive integer/);
        oneErrorLine(cli('info', 'raw.bin', `--${text}`), /nknown option/);
        oneErrorLine(cli('values', 'raw.bin', '--format', text), /--format must be str or repr/);
        oneErrorLine(cli('stats', 'raw.bin', '--part', text), /--part must be real, imag or abs, got '/);
        oneErrorLine(cli('stats', 'raw.bin', '--bins', text), /--bins must be an integer from 1 to 1000000, got '/);
        oneErrorLine(cli('render', 'raw.bin', '--out', 'o.png', '--view', text), /--view must be heatmap, image or line, got '/);
        oneErrorLine(cli('render', 'raw.bin', '--out', 'o.png', '--reduce', text), /--reduce must be sample, mean, max or min, got '/);
        oneErrorLine(cli('render', 'raw.bin', '--out', 'o.png', '--width', text), /--width must be an integer from 1 to \d+, got '/);
        const unknown = cli(text);
        assert.equal(unknown.status, 2);
        assert.ok(!LINE_BREAK.test(unknown.stderr.split('\n')[0]), JSON.stringify(unknown.stderr));
        assert.match(unknown.stderr, /^error: unknown command '/);
      });
    }
  });

  it('item 4: a raw U+0085 / U+2028 in a header gives one escaped error line', () => {
    const header = (dict: Buffer) => {
      const body = Buffer.concat([dict, Buffer.from(' '.repeat(117 - dict.length) + '\n', 'latin1')]);
      return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, body.length, 0]), body]);
    };
    // Version 1.0 is latin-1: byte 0x85 is U+0085 (NEL), right before a string: the "string prefix" path.
    writeFileSync(f('nel.npy'), header(Buffer.from("{'descr': \x85'<f8', 'fortran_order': False, 'shape': (1,), }", 'latin1')));
    oneErrorLine(cli('info', 'nel.npy'), /string prefix "\\x85" is not allowed/);
    // Version 3.0 is UTF-8: U+2028 and a bidi override.
    const dict = Buffer.from("{'descr': \u2028\u202e'<f8', 'fortran_order': False, 'shape': (1,), }", 'utf8');
    const body = Buffer.concat([dict, Buffer.from(' '.repeat(115 - dict.length) + '\n')]);
    const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 3, 0, 0, 0, 0, 0]);
    pre.writeUInt32LE(body.length, 8);
    writeFileSync(f('ls.npy'), Buffer.concat([pre, body]));
    oneErrorLine(cli('info', 'ls.npy'), /string prefix "\\u2028\\u202e" is not allowed/);
  });

  it('item 5: a FIFO is refused at once by info, values, repair and append (no writer needed)', function () {
    if (spawnSync('mkfifo', [f('pipe.npy')]).status !== 0) this.skip();
    py(`import numpy as np, sys; np.save(sys.argv[1], np.arange(3.0))`, f('t.npy'));
    for (const args of [
      ['info', 'pipe.npy'],
      ['values', 'pipe.npy'],
      ['repair', 'pipe.npy'],
      ['append', 'pipe.npy', 't.npy'],
      ['append', 't.npy', 'pipe.npy'],
    ]) {
      const t0 = Date.now();
      const r = cli(...args);
      oneErrorLine(r, /pipe\.npy is (a named pipe \(FIFO\), not a regular file|not a regular file)/);
      assert.ok(Date.now() - t0 < 20000, `${args.join(' ')} took ${Date.now() - t0} ms`);
    }
    oneErrorLine(cli('attach-header', 'pipe.npy', 'o.npy', '--dtype', 'u1', '--shape', '-1'), /not a regular file/);
    mkdirSync(f('folder.npy'));
    oneErrorLine(cli('info', 'folder.npy'), /folder\.npy is a folder, not a regular file|is a directory/);
  });

  describe('item 6: append and repair through a symlink write the real file, and the link stays a link', () => {
    /** A .npy whose header has no spare room (no growth padding, no alignment): appending must rewrite the file. */
    function tightNpy(path: string, n: number) {
      const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${n},), }\n`;
      const data = Buffer.alloc(8 * n);
      for (let i = 0; i < n; i++) data.writeDoubleLE(i, i * 8);
      const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length, 0]);
      writeFileSync(path, Buffer.concat([pre, Buffer.from(dict, 'latin1'), data]));
    }
    const check = (expect: string) => {
      assert.ok(lstatSync(f('link.npy')).isSymbolicLink(), 'link.npy is still a symlink');
      assert.equal(readlinkSync(f('link.npy')), 'real.npy');
      assert.equal(
        py(`import numpy as np, sys; a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); print(a.shape, b.shape, float(a.sum()))`, f('link.npy'), f('real.npy')),
        expect,
      );
    };

    it('append, in place (np.save header with room) and rewritten (header without room)', () => {
      py(`import numpy as np, sys; np.save(sys.argv[1], np.arange(9.0)); np.save(sys.argv[2], np.arange(1000.0))`, f('real.npy'), f('more.npy'));
      symlinkSync('real.npy', f('link.npy'));
      let r = cli('append', 'link.npy', 'more.npy');
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /rewritten/);
      check('(1009,) (1009,) 499536.0');
      tightNpy(f('real.npy'), 9);
      r = cli('append', 'link.npy', 'more.npy');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /rewritten/);
      check('(1009,) (1009,) 499536.0');
      assert.deepEqual(readdirSync(dir).sort(), ['link.npy', 'more.npy', 'real.npy']);
    });

    it('repair, rewritten (the new shape does not fit the header)', () => {
      tightNpy(f('real.npy'), 9);
      writeFileSync(f('real.npy'), Buffer.concat([readFileSync(f('real.npy')), Buffer.alloc(8 * 1000)]));
      symlinkSync('real.npy', f('link.npy'));
      const r = cli('repair', 'link.npy', '--yes');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /the file is rewritten[\s\S]*repaired/);
      check('(1009,) (1009,) 36.0');
    });
  });

  describe("item 7: headers over numpy's 10,000 characters are written with a warning naming max_header_size", () => {
    const wide = '[' + Array.from({ length: 1000 }, (_, i) => `('field_${i}', '<f4')`).join(', ') + ']';
    const numpyLoads = (path: string) =>
      py(
        `import numpy as np, sys
try:
    np.load(sys.argv[1]); print('plain')
except ValueError:
    print('refused', np.load(sys.argv[1], max_header_size=int(sys.argv[2])).shape)`,
        path,
        '1000000',
      );

    it('create', () => {
      const r = cli('create', 'wide.npy', '--dtype', wide, '--shape', '2');
      assert.equal(r.status, 0, r.stderr);
      const m =
        /^warning: the header is (\d+) characters, over numpy.s default limit of 10000: numpy loads it only with np\.load\(\.\.\., max_header_size=(\d+)\)$/m.exec(
          r.stderr,
        );
      assert.ok(m, r.stderr);
      assert.equal(m[1], m[2]);
      assert.equal(numpyLoads(f('wide.npy')), 'refused (2,)');
      assert.equal(py(`import numpy as np, sys; np.load(sys.argv[1], max_header_size=int(sys.argv[2])); print('ok')`, f('wide.npy'), m[1]), 'ok');
      // Our reader opens it (the default cap is far above numpy's), and says the same.
      const info = cli('info', 'wide.npy', '--json');
      assert.equal(info.status, 0, info.stderr);
      assert.deepEqual(JSON.parse(info.stdout).warning_codes, ['headerOverNumpyLimit']);
      // A narrow one has no warning.
      const plain = cli('create', 'narrow.npy', '--dtype', 'f4', '--shape', '2');
      assert.equal(plain.stderr, '');
    });

    it('attach-header --mode copy', () => {
      writeFileSync(f('raw.bin'), Buffer.alloc(4000 * 2));
      const r = cli('attach-header', 'raw.bin', 'wide.npy', '--dtype', wide, '--shape', '-1');
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stderr,
        /^warning: the header is \d+ characters, over numpy.s default limit of 10000: numpy loads it only with np\.load\(\.\.\., max_header_size=\d+\)$/m,
      );
      assert.equal(numpyLoads(f('wide.npy')), 'refused (2,)');
    });
  });

  it('item 9: create refuses a path ending in a separator, an existing folder, and a link to one; nothing is created', () => {
    oneErrorLine(cli('create', 'newdir/', '--dtype', 'f4', '--shape', '3'), /newdir\/ names a folder \(it ends with a path separator\); give a file name/);
    assert.deepEqual(readdirSync(dir), []);
    mkdirSync(f('folder'));
    oneErrorLine(cli('create', 'folder', '--dtype', 'f4', '--shape', '3'), /folder is a folder; give a file name/);
    oneErrorLine(cli('create', 'folder', '--dtype', 'f4', '--shape', '3', '--force'), /folder is a folder/);
    symlinkSync('folder', f('dirlink'));
    oneErrorLine(cli('create', 'dirlink', '--dtype', 'f4', '--shape', '3', '--force'), /dirlink is a folder/);
    assert.ok(lstatSync(f('dirlink')).isSymbolicLink());
    writeFileSync(f('raw.bin'), Buffer.alloc(8));
    oneErrorLine(cli('attach-header', 'raw.bin', 'out/', '--dtype', 'u1', '--shape', '-1'), /out\/ names a folder/);
    assert.ok(!existsSync(f('out')));
    assert.deepEqual(readdirSync(dir).sort(), ['dirlink', 'folder', 'raw.bin']);
  });
});
