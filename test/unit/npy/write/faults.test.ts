// Fault injection for the write commands: a full filesystem (a small tmpfs when mounting is permitted), a file-size
// limit (`ulimit -f`, works unprivileged: writes fail with EFBIG on demand), a read-only filesystem, cancellation,
// and SIGKILL mid-copy / mid-append. Originals must stay intact and no temp file may be left behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, statfsSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parseDtypeSpec } from '../../../../src/npy/dtype';
import { NpyError } from '../../../../src/npy/types';
import { attachHeader } from '../../../../src/npy/write/attach';
import { appendArrays } from '../../../../src/npy/write/append';
import { createNpy } from '../../../../src/npy/write/create';
import { planRepair } from '../../../../src/npy/write/repair';
import { sweepStaleTemps } from '../../../../src/npy/write/atomic';

const ROOT = resolve(__dirname, '../../../..');
/** node with the TypeScript loader in-process (the tsx wrapper would run node as a grandchild, out of SIGKILL's reach). */
const TS_NODE = [process.execPath, '--require', require.resolve('tsx/cjs')];
const f4 = parseDtypeSpec('<f4');

function py(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout.trim();
}

function randomFile(path: string, bytes: number): void {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4) b.writeUInt32LE((i * 2654435761) >>> 0, i);
  writeFileSync(path, b);
}

/**
 * Run with and without O_TMPFILE (named temp files are the fallback everywhere else), and with the kernel copy
 * (GNU cat → copy_file_range) or the user-space copy loop.
 */
const VARIANTS: Array<[string, Record<string, string>]> = [
  ['O_TMPFILE, kernel copy', {}],
  ['named temp, kernel copy', { NPY_STUDIO_NO_TMPFILE: '1' }],
  ['O_TMPFILE, user-space copy', { NPY_STUDIO_NO_KERNEL_COPY: '1' }],
  ['named temp, user-space copy', { NPY_STUDIO_NO_TMPFILE: '1', NPY_STUDIO_NO_KERNEL_COPY: '1' }],
];
const VARIANT_KEYS = ['NPY_STUDIO_NO_TMPFILE', 'NPY_STUDIO_NO_KERNEL_COPY'];
function withVariant(v: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  const old = VARIANT_KEYS.map((k) => process.env[k]);
  VARIANT_KEYS.forEach((k) => {
    if (v[k] === undefined) delete process.env[k];
    else process.env[k] = v[k];
  });
  return fn().finally(() =>
    VARIANT_KEYS.forEach((k, i) => {
      if (old[i] === undefined) delete process.env[k];
      else process.env[k] = old[i];
    }),
  );
}

describe('write: faults', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'npy-faults-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A small tmpfs at dir/mnt, or skip the test where mounting is not permitted. */
  function mountTmpfs(ctx: Mocha.Context, opts = 'size=4m'): string {
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt, { recursive: true });
    if (process.platform !== 'linux' || spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', mnt]).status !== 0) ctx.skip();
    return mnt;
  }
  function umount(mnt: string) {
    spawnSync('umount', [mnt]);
  }

  for (const [name, v] of VARIANTS) {
    it(`full filesystem during attach copy (${name}): error names ENOSPC, no temp, space given back`, async function () {
      const mnt = mountTmpfs(this);
      try {
        const raw = join(dir, 'raw.bin');
        randomFile(raw, 8 << 20);
        await withVariant(v, async () => {
          await assert.rejects(
            attachHeader(raw, join(mnt, 'out.npy'), { dtype: f4, shape: [-1n] }),
            (e: Error) => e instanceof NpyError && /no space left on device; nothing was changed/.test(e.message),
          );
        });
        assert.deepEqual(readdirSync(mnt), []);
        const st = statfsSync(mnt);
        assert.equal(st.bfree, st.blocks, 'all space given back');
      } finally {
        umount(mnt);
      }
    });

    it(`full filesystem during append (${name}): target restored byte for byte`, async function () {
      const mnt = mountTmpfs(this);
      try {
        py(`import numpy as np, sys; np.save(sys.argv[1], np.arange(256 * 1024, dtype='<f4'))`, join(mnt, 't.npy'));
        const before = readFileSync(join(mnt, 't.npy'));
        const src = join(dir, 'big.raw');
        randomFile(src, 6 << 20);
        await withVariant(v, async () => {
          await assert.rejects(appendArrays(join(mnt, 't.npy'), [src], { dtype: f4 }), /no space left on device; .*t\.npy is unchanged/);
        });
        assert.ok(readFileSync(join(mnt, 't.npy')).equals(before));
        assert.deepEqual(readdirSync(mnt), ['t.npy']);
      } finally {
        umount(mnt);
      }
    });

    it(`full filesystem during create (${name}): no file, no temp`, async function () {
      const mnt = mountTmpfs(this, 'size=64k');
      try {
        try {
          writeFileSync(join(mnt, 'filler'), Buffer.alloc(1 << 20));
        } catch {
          /* full now */
        }
        await withVariant(v, async () => {
          await assert.rejects(createNpy(join(mnt, 'a.npy'), { dtype: f4, shape: [10n] }), /no space left on device/);
        });
        assert.deepEqual(readdirSync(mnt), ['filler']);
      } finally {
        umount(mnt);
      }
    });

    it(`cancellation mid-copy (${name}): no output, no temp`, async () => {
      const raw = join(dir, 'raw.bin');
      randomFile(raw, 256 << 20);
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), 15);
      await withVariant(v, async () => {
        await assert.rejects(attachHeader(raw, join(dir, 'out.npy'), { dtype: f4, shape: [-1n], signal: ac.signal, onProgress: () => ac.abort() }), /cancelled/);
      });
      clearTimeout(timer);
      assert.deepEqual(readdirSync(dir), ['raw.bin']);
    });
  }

  it('read-only filesystem: one line, nothing left', async function () {
    const mnt = mountTmpfs(this, 'size=1m,ro');
    try {
      await assert.rejects(createNpy(join(mnt, 'a.npy'), { dtype: f4, shape: [3n] }), /read-only filesystem/);
      assert.deepEqual(readdirSync(mnt), []);
    } finally {
      umount(mnt);
    }
  });

  /** The CLI under `ulimit -f` (512-byte blocks): the kernel refuses writes past the limit with EFBIG. */
  function cliLimited(blocks: number, args: string[], env: Record<string, string> = {}) {
    return spawnSync('sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$@"`, ...TS_NODE, join(ROOT, 'src/cli.ts'), ...args], {
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, ...env },
    });
  }

  for (const [name, v] of VARIANTS) {
    it(`a writer that fails on demand (ulimit -f, ${name}): create and attach report it, leave nothing`, () => {
      const env = v;
      randomFile(join(dir, 'raw.bin'), 4 << 20);
      writeFileSync(join(dir, 'keep.npy'), 'keep');
      let r = cliLimited(2048, ['create', 'big.npy', '--dtype', 'f8', '--shape', '1000000'], env);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^error: .*big\.npy: file too large for this filesystem; nothing was changed\n$/);
      r = cliLimited(2048, ['attach-header', 'raw.bin', 'keep.npy', '--dtype', 'f4', '--shape', '-1', '--force'], env);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /file too large/);
      assert.equal(readFileSync(join(dir, 'keep.npy'), 'utf8'), 'keep');
      assert.deepEqual(readdirSync(dir).sort(), ['keep.npy', 'raw.bin']);
    });
  }

  /** Start a child that runs `body` (TypeScript, with `block()` available) and SIGKILL it when it prints "progress". */
  async function killMidway(body: string, env: Record<string, string> = {}): Promise<void> {
    const script = join(dir, 'child.ts');
    writeFileSync(
      script,
      `import { readdirSync, writeSync } from 'fs';
import { attachHeader } from ${JSON.stringify(join(ROOT, 'src/npy/write/attach'))};
import { appendArrays } from ${JSON.stringify(join(ROOT, 'src/npy/write/append'))};
import { parseDtypeSpec } from ${JSON.stringify(join(ROOT, 'src/npy/dtype'))};
let said = false;
function block() {
  if (said) return;
  said = true;
  writeSync(1, 'progress\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); // hang mid-copy until killed
}
void attachHeader; void appendArrays; void parseDtypeSpec;
// The kill lands mid-copy even when progress comes from the kernel-copy poll (or comes late): with a named temp,
// once the temp exists (a fixed delay could fire before it does on a busy machine); else after 30 ms.
const named = process.env.NPY_STUDIO_NO_TMPFILE === '1';
const tick = setInterval(() => {
  if (named && !readdirSync('.').some((n) => n.endsWith('.tmp'))) return;
  clearInterval(tick);
  block();
}, named ? 1 : 30);
(async () => { ${body} })();
`,
    );
    const child = spawn(TS_NODE[0], [...TS_NODE.slice(1), script], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d) => {
        if (String(d).includes('progress')) {
          child.kill('SIGKILL');
        }
      });
      child.on('close', (code, sig) => (sig === 'SIGKILL' ? res() : rej(new Error(`child ended ${code} ${sig}: ${err}`))));
    });
  }

  for (const [cname, cenv] of [
    ['kernel copy', {}],
    ['user-space copy', { NPY_STUDIO_NO_KERNEL_COPY: '1' }],
  ] as Array<[string, Record<string, string>]>) {
    it(`SIGKILL mid-copy with O_TMPFILE (${cname}): original intact, no temp file at all`, async function () {
      if (process.platform !== 'linux') this.skip();
      const raw = join(dir, 'raw.bin');
      randomFile(raw, 512 << 20);
      const before = readFileSync(raw);
      await killMidway(`await attachHeader('raw.bin', 'out.npy', { dtype: parseDtypeSpec('<f4'), shape: [-1n], onProgress: block });`, cenv);
      assert.deepEqual(readdirSync(dir).sort(), ['child.ts', 'raw.bin']);
      assert.ok(readFileSync(raw).equals(before));
    });

    it(`SIGKILL mid-copy with a named temp (${cname}): original intact; the stale temp is swept by the next write there`, async () => {
      const raw = join(dir, 'raw.bin');
      randomFile(raw, 512 << 20);
      writeFileSync(join(dir, 'out.npy'), 'old');
      await killMidway(`await attachHeader('raw.bin', 'out.npy', { dtype: parseDtypeSpec('<f4'), shape: [-1n], force: true, onProgress: block });`, {
        ...cenv,
        NPY_STUDIO_NO_TMPFILE: '1',
      });
      const left = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
      assert.equal(left.length, 1, 'SIGKILL cannot be caught: the named temp stays until swept');
      assert.equal(readFileSync(join(dir, 'out.npy'), 'utf8'), 'old');
      assert.deepEqual(await sweepStaleTemps(join(dir, 'out.npy')), left);
      assert.deepEqual(readdirSync(dir).sort(), ['child.ts', 'out.npy', 'raw.bin']);
    });
  }

  it('SIGKILL mid-append: the target still loads as the old array; repair adopts the whole rows written', async () => {
    py(`import numpy as np, sys; np.save(sys.argv[1], np.arange(12, dtype='<f4').reshape(3, 4))`, join(dir, 't.npy'));
    const before = readFileSync(join(dir, 't.npy'));
    randomFile(join(dir, 's.raw'), 32 << 20);
    await killMidway(`await appendArrays('t.npy', ['s.raw'], { dtype: parseDtypeSpec('<f4'), onProgress: block });`);
    const after = readFileSync(join(dir, 't.npy'));
    assert.ok(after.subarray(0, before.length).equals(before), 'header and old rows untouched');
    assert.equal(py(`import numpy as np, sys; a = np.load(sys.argv[1]); print(a.shape, a[-1].tolist())`, join(dir, 't.npy')), '(3, 4) [8.0, 9.0, 10.0, 11.0]');
    const plan = await planRepair(join(dir, 't.npy'));
    assert.equal(plan.needed, after.length > before.length);
    assert.deepEqual(readdirSync(dir).sort(), ['child.ts', 's.raw', 't.npy']);
  });
});
