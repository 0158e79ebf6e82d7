// The write subcommands through the real CLI entry: exit codes, one-line errors, and numpy reading the results.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bundledCli } from '../../support/cliBundle';

function py(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

describe('write: CLI', function () {
  this.timeout(60000);
  let dir: string;
  let bundle: string;
  before(async () => (bundle = await bundledCli()));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { cwd: dir, encoding: 'utf8' });
  const f = (n: string) => join(dir, n);

  function oneLineError(r: ReturnType<typeof cli>, re: RegExp) {
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^error: [^\n]+\n$/);
    assert.match(r.stderr, re);
  }

  it('create: shapes 3,4 / () / 3,0,2 / (5,), Fortran; refuses to overwrite without --force', () => {
    const r = cli('create', 'a.npy', '--dtype', 'float32', '--shape', '3,4');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /created a\.npy: float32 \(3, 4\), 176 bytes/);
    assert.equal(cli('create', 'z.npy', '--dtype', 'M8[ns]', '--shape', '()').status, 0);
    assert.equal(cli('create', 'e.npy', '--dtype', '>i2', '--shape', '3,0,2').status, 0);
    assert.equal(cli('create', 'p.npy', '--dtype', "[('x','<f4'),('id','<u8')]", '--shape', '(5,)').status, 0);
    assert.equal(cli('create', 'F.npy', '--dtype', 'f8', '--shape', '2,3', '--fortran').status, 0);
    const out = py(
      `import numpy as np, sys
for n in sys.argv[1:]:
    a = np.load(n, mmap_mode='r+'); print(n, a.shape, a.dtype.str, np.isfortran(a))`,
      ...['a.npy', 'z.npy', 'e.npy', 'p.npy', 'F.npy'].map(f),
    );
    assert.match(out, /a\.npy \(3, 4\) <f4 False/);
    assert.match(out, /z\.npy \(\) <M8\[ns\] False/);
    assert.match(out, /e\.npy \(3, 0, 2\) >i2 False/);
    assert.match(out, /p\.npy \(5,\) \|V12 False/);
    assert.match(out, /F\.npy \(2, 3\) <f8 True/);
    oneLineError(cli('create', 'a.npy', '--dtype', 'f4', '--shape', '3'), /a\.npy already exists; pass --force to overwrite$/m);
    assert.equal(cli('create', 'a.npy', '--dtype', 'f4', '--shape', '3', '--force').status, 0);
  });

  it('create: user errors are one line, exit 2', () => {
    oneLineError(cli('create', 'a.npy', '--shape', '3'), /--dtype is required/);
    oneLineError(cli('create', 'a.npy', '--dtype', 'f4', '--shape', 'a,b'), /shape 'a,b'/);
    oneLineError(cli('create', 'a.npy', '--dtype', 'f4', '--shape', '-1'), /shape/);
    oneLineError(cli('create', 'a.npy', '--dtype', 'float99', '--shape', '3'), /float99/);
    oneLineError(cli('create', 'a.npy', '--dtype', 'O', '--shape', '3'), /pickled/);
    oneLineError(cli('create', 'no/such/dir/a.npy', '--dtype', 'f4', '--shape', '3'), /does not exist/);
    oneLineError(cli('create', 'a.npy', '--dtype', 'f4', '--shape', '3', '--bogus'), /bogus/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('attach-header: copy with -1 and --skip, reserved, insert; bad mode', () => {
    py(
      `import numpy as np, sys
a = np.arange(24, dtype='<i4').reshape(6, 4)
open(sys.argv[1], 'wb').write(b'H' * 200 + a.tobytes())
open(sys.argv[2], 'wb').write(b'H' * 200 + a.tobytes())
a.tofile(sys.argv[3])`,
      f('dump.bin'),
      f('res.bin'),
      f('ins.bin'),
    );
    let r = cli('attach-header', 'dump.bin', '--dtype', '<i4', '--shape', '-1,4', '--skip', '200');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /dump\.npy: int32 \(6, 4\), data at byte 128 \(copied\)/);
    r = cli('attach-header', 'res.bin', 'res.npy', '--dtype', '<i4', '--shape', '6,-1', '--skip', '200', '--mode', 'reserved');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /data at byte 200/);
    r = cli('attach-header', 'ins.bin', 'ins.npy', '--dtype', '<i4', '--shape', '-1,4', '--mode', 'insert');
    if (r.status === 0) assert.match(r.stdout, /inserted \d+ bytes in place/);
    else oneLineError(r, /use copy mode/);
    const loaded = py(
      `import numpy as np, sys
for n in sys.argv[1:]:
    a = np.load(n, mmap_mode='r'); print(a.shape, int(a.sum()))`,
      ...['dump.npy', 'res.npy', ...(r.status === 0 ? ['ins.npy'] : [])].map(f),
    );
    for (const line of loaded.split('\n')) assert.equal(line, '(6, 4) 276');
    oneLineError(cli('attach-header', 'dump.bin', 'x.npy', '--dtype', '<i4', '--shape', '-1', '--mode', 'fast'), /--mode must be copy, reserved or insert/);
    oneLineError(
      cli('attach-header', 'dump.bin', 'x.npy', '--dtype', '<i4', '--shape', '-1,5', '--skip', '200'),
      /not a multiple of 20.*left over; pass --allow-trailing to ignore them$/m,
    );
    oneLineError(cli('attach-header', 'dump.bin', 'x.npy', '--dtype', '<i4', '--shape', '-1', '--skip', 'lots'), /--skip must be a byte count/);
  });

  it('append and repair, plan first', () => {
    py(
      `import numpy as np, sys
np.save(sys.argv[1], np.arange(6, dtype='<f8').reshape(3, 2))
np.save(sys.argv[2], np.arange(6, 10, dtype='<f8').reshape(2, 2))
np.arange(10, 12, dtype='<f8').tofile(sys.argv[3])`,
      f('t.npy'),
      f('s.npy'),
      f('s.raw'),
    );
    let r = cli('append', 't.npy', 's.npy', 's.raw', '--dtype', 'float64');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /shape \(3, 2\) → \(6, 2\), 48 bytes appended/);
    oneLineError(cli('append', 't.npy', 's.raw'), /s\.raw is not a \.npy file, and no dtype was given .*; pass --dtype DESCR to append it as raw data$/m);
    appendFileSync(f('t.npy'), Buffer.from(new Float64Array([12, 13, 14]).buffer));
    const before = readFileSync(f('t.npy'));
    r = cli('repair', 't.npy');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /shape \(6, 2\) → \(7, 2\)[\s\S]*drop the last 8 bytes[\s\S]*run again with --yes/);
    assert.ok(readFileSync(f('t.npy')).equals(before), 'the plan changes nothing');
    r = cli('repair', 't.npy', '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /repaired/);
    assert.equal(py(`import numpy as np, sys; print(np.load(sys.argv[1]).ravel().tolist() == list(range(14)))`, f('t.npy')), 'True');
    assert.match(cli('repair', 't.npy').stdout, /nothing to repair/);
  });
});
