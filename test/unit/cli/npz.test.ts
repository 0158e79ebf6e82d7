// The CLI on .npz archives, numpy and zipfile as the oracle: info / values / verify / extract on np.savez and
// np.savez_compressed archives, hostile archives (exit 2, one `error:` line), extract's atomic publishing, and
// the inflate-index cache of a large deflated member.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { bundledCli } from '../../support/cliBundle';
import * as zlib from 'zlib';
import { buildZip, npyBytes, type BuildMember, type BuildOptions } from '../../fixtures/npz/zipBuilder';
import { MemorySource } from '../../../src/npy/io/byteSource';
import { openNpzContainer, IndexStore } from '../../../src/npz';

const ROOT = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'npy-cli-npz-'));
let cli = '';
const cache = join(dir, 'cache');
execFileSync('python3', [join(ROOT, 'test/fixtures/npz/make_cli_npz.py'), dir, '--big']);

interface MemberCase {
  key: string;
  name: string;
  compression: string;
  compressed_size: number;
  size: number;
  crc32: number;
  array: Record<string, unknown>;
  str: unknown[];
  repr: unknown[];
}
interface ArchiveCase {
  file_size: number;
  keys: string[];
  members: MemberCase[];
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, ArchiveCase> & {
  big: { last: string[]; count: number };
};

function runCli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NPY_STUDIO_CACHE: cache, ...env }, cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 and exactly one line on stderr, `error: …` matching `re`. */
function oneError(r: ReturnType<typeof runCli>, re: RegExp): void {
  assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
  assert.match(r.stderr, /^error: [^\n]+\n$/, `not one error line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, re);
  assert.ok(!/\n\s+at /.test(r.stderr), 'stack trace');
}

function python(code: string, ...args: string[]): string {
  return execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
}

let hostileCount = 0;
function hostile(members: BuildMember[], opts: BuildOptions = {}): string {
  const p = join(dir, `hostile-${hostileCount++}.npz`);
  writeFileSync(p, buildZip(members, opts).bytes);
  return p;
}

const good = (name = 'good.npy'): BuildMember => ({ name, data: npyBytes('<f8', [4], new Uint8Array(Float64Array.of(1, 2, 3, 4.5).buffer)) });

describe('npy-studio CLI on .npz archives', () => {
  before(async function () {
    this.timeout(120000);
    cli = await bundledCli();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const archive of ['savez', 'compressed'] as const) {
    describe(`np.${archive === 'savez' ? 'savez' : 'savez_compressed'} archive`, () => {
      const file = join(dir, `${archive}.npz`);
      const want = () => expected[archive];

      it('info --json: the directory and every member header as numpy and zipfile see them', () => {
        const r = runCli(['info', file, '--json']);
        assert.equal(r.status, 0, r.stderr);
        const got = JSON.parse(r.stdout);
        assert.equal(got.kind, 'npz');
        assert.equal(got.file_size, want().file_size);
        assert.deepEqual(
          got.members.map((m: { key: string }) => m.key),
          want().keys,
        );
        assert.equal(got.members.length, want().members.length);
        for (const [i, m] of want().members.entries()) {
          const g = got.members[i];
          for (const k of ['key', 'name', 'compression', 'compressed_size', 'size', 'crc32'] as const) assert.deepEqual(g[k], m[k], `${m.key}: ${k}`);
          for (const [k, v] of Object.entries(m.array)) assert.deepEqual(g.array[k], v, `${m.key}: array.${k}`);
          assert.deepEqual(g.array.warnings, []);
          assert.equal(g.error, null);
        }
        assert.ok(want().members.some((m) => m.compression === (archive === 'savez' ? 'stored' : 'deflated')));
      });

      it('info: one line per member', () => {
        const r = runCli(['info', file]);
        assert.equal(r.status, 0, r.stderr);
        const lines = r.stdout.trimEnd().split('\n');
        assert.equal(lines.length, 1 + want().members.length);
        assert.match(lines[0], /archive of 16 members/);
        assert.match(
          lines.find((l) => l.includes('dir/sub/u2'))!,
          /uint16 \(7,\)/,
        );
        assert.match(
          lines.find((l) => l.includes('f8_fortran'))!,
          /float64 \(3, 4\) Fortran order/,
        );
      });

      it('values --member KEY agrees with numpy str() and repr() for every member (keys with /, spaces, unicode, .npy)', () => {
        for (const m of want().members) {
          for (const style of ['str', 'repr'] as const) {
            const r = runCli(['values', file, '--member', m.key, '--count', '60', '--format', style, '--json']);
            assert.equal(r.status, 0, `${m.key}: ${r.stderr}`);
            assert.deepEqual(JSON.parse(r.stdout), m[style], `${m.key} ${style}`);
          }
        }
      });

      it('values takes the member name too, and --start in C order', () => {
        const r = runCli(['values', file, '--member', 'cube.npy', '--start', '57', '--json']);
        assert.deepEqual(JSON.parse(r.stdout), ['57', '58', '59']);
        const f = runCli(['values', file, '--member', 'f8_fortran', '--start', '4', '--count', '2', '--json']);
        assert.deepEqual(
          JSON.parse(f.stdout),
          want()
            .members.find((m) => m.key === 'f8_fortran')!
            .str.slice(4, 6),
        );
      });

      it('verify: ok', () => {
        const r = runCli(['verify', file]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, 'ok\n');
      });

      it('extract: a standalone .npy that np.load reads equal to the member', () => {
        for (const key of ['rec', 'dir/sub/u2', 'ünïcödé', 'x.npy', 'f8_fortran', 'scalar', 'empty']) {
          const out = join(dir, `${archive}-out-${Buffer.from(key).toString('hex')}.npy`);
          const r = runCli(['extract', file, '--member', key, out]);
          assert.equal(r.status, 0, r.stderr);
          assert.match(r.stdout, /^extracted .* CRC-32 [0-9a-f]{8} ok\n$/);
          const same = python(
            'import numpy as np, sys; a = np.load(sys.argv[1]); b = np.load(sys.argv[2])[sys.argv[3]]; ' +
              'print(a.dtype == b.dtype and a.shape == b.shape and np.isfortran(a) == np.isfortran(b) and a.tobytes() == b.tobytes())',
            out,
            file,
            key,
          );
          assert.equal(same.trim(), 'True', key);
        }
      });
    });
  }

  describe('choosing the member', () => {
    it('an archive of several arrays needs --member (the error lists keys); one of one array does not', () => {
      oneError(runCli(['values', join(dir, 'savez.npz')]), /holds 16 arrays; choose one with --member KEY: 'ints', 'dir\/sub\/u2', .*\(16 in all\)/);
      const r = runCli(['values', join(dir, 'single.npz'), '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), expected.single.members[0].str);
    });

    it('an unknown key, an empty archive, and --member on a .npy are clear errors', () => {
      oneError(runCli(['values', join(dir, 'savez.npz'), '--member', 'nope']), /no array 'nope'; its keys: 'ints'/);
      oneError(runCli(['values', join(dir, 'empty.npz')]), /holds no arrays/);
      const npy = join(dir, 'plain.npy');
      python('import numpy as np, sys; np.save(sys.argv[1], np.arange(3))', npy);
      oneError(runCli(['values', npy, '--member', 'x']), /\.npy file, which holds one array; --member applies to \.npz/);
      oneError(runCli(['extract', npy, join(dir, 'o.npy')]), /not an \.npz archive/);
      const info = JSON.parse(runCli(['info', npy, '--json']).stdout);
      assert.equal(info.kind, 'npy');
      for (const k of ['version', 'shape', 'fortran_order', 'descr', 'itemsize', 'data_offset', 'count', 'file_size', 'warnings', 'warning_codes'])
        assert.ok(k in info, k);
    });

    it('an empty archive lists no members and verifies', () => {
      const r = runCli(['info', join(dir, 'empty.npz'), '--json']);
      assert.deepEqual(JSON.parse(r.stdout), { kind: 'npz', file_size: 22, members: [] });
      assert.equal(runCli(['verify', join(dir, 'empty.npz')]).stdout, 'ok\n');
    });

    it('object members are listed with their data error, never unpickled', () => {
      const file = join(dir, 'objects.npz');
      const info = JSON.parse(runCli(['info', file, '--json']).stdout);
      const objs = info.members.find((m: { key: string }) => m.key === 'objs');
      assert.equal(objs.array.descr, '|O');
      assert.match(objs.array.data_error, /object|pickle/i);
      oneError(runCli(['values', file, '--member', 'objs']), /object|pickle/i);
      assert.equal(runCli(['values', file, '--member', 'good', '--json']).stdout, '["0","1","2"]\n');
    });
  });

  describe('extract publishes atomically', () => {
    const file = join(dir, 'savez.npz');

    it('refuses to overwrite without --force, replaces with it', () => {
      const out = join(dir, 'exists.npy');
      writeFileSync(out, 'keep me');
      oneError(runCli(['extract', file, '--member', 'cube', out]), /exists\.npy already exists; pass --force to overwrite/);
      assert.equal(readFileSync(out, 'utf8'), 'keep me');
      const r = runCli(['extract', file, '--member', 'cube', out, '--force']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(python('import numpy as np, sys; print(np.load(sys.argv[1]).sum())', out).trim(), String((59 * 60) / 2));
    });

    it('a member with a bad CRC-32 or cut-off deflate data leaves no file and no temp file behind', () => {
      const sub = join(dir, 'extract-bad');
      mkdirSync(sub);
      const data = npyBytes('<i8', [1000], 8000);
      const bad = hostile([{ name: 'crc.npy', data, crc: 1234 }, { name: 'cut.npy', data, method: 8, payload: zlib.deflateRawSync(data).subarray(0, 40) }, good()]);
      oneError(runCli(['extract', bad, '--member', 'crc', join(sub, 'a.npy')]), /member 'crc\.npy': CRC-32 mismatch/);
      oneError(runCli(['extract', bad, '--member', 'cut', join(sub, 'b.npy')]), /member 'cut\.npy'.*(deflate|cut off|inflates)/);
      assert.deepEqual(readdirSync(sub), []);
      assert.equal(runCli(['extract', bad, '--member', 'good', join(sub, 'g.npy')]).status, 0);
      assert.deepEqual(readdirSync(sub), ['g.npy']);
    });
  });

  describe('hostile archives: exit 2, one error line', () => {
    it('no end record, a directory outside the file, overlapping members', () => {
      const junk = join(dir, 'junk.npz');
      const bytes = new Uint8Array(5000).map((_, i) => (i * 7919) & 0xff);
      bytes.set([0x50, 0x4b, 3, 4]);
      writeFileSync(junk, bytes);
      for (const cmd of [['info'], ['values'], ['verify']]) oneError(runCli([...cmd, junk]), /no end-of-central-directory record/);
      oneError(runCli(['info', hostile([good()], { eocd: { cdOffset: 1 << 30 } })]), /lies outside/);
      oneError(runCli(['verify', hostile([good('a.npy'), { ...good('b.npy'), localOffset: 0n }])]), /overlap/);
    });

    it('per member: unsupported methods, encryption, a lying local header, a zip bomb, a non-.npy member', () => {
      const data = npyBytes('<u1', [100000], 100000);
      const file = hostile([
        { ...good('bz.npy'), method: 12, payload: new Uint8Array(20) },
        { ...good('enc.npy'), flags: 1 },
        { ...good('liar.npy'), local: { nameBytes: new TextEncoder().encode('evil.npy') } },
        { name: 'bomb.npy', data, method: 8, size: 10n ** 12n },
        { name: 'text.npy', data: new TextEncoder().encode('hello, not an array') },
        good(),
      ]);
      // info lists every member, each with its own error; the good one is usable.
      const info = runCli(['info', file, '--json']);
      assert.equal(info.status, 0, info.stderr);
      const members = JSON.parse(info.stdout).members as { key: string; error: string | null; array: unknown }[];
      const err = (k: string) => members.find((m) => m.key === k)!.error ?? '';
      assert.match(err('bz'), /method 12 \(bzip2\)/);
      assert.match(err('enc'), /encrypted/);
      assert.match(err('liar'), /local header names another member/);
      assert.match(err('bomb'), /ratio|compression/);
      assert.match(err('text'), /not a \.npy|magic/i);
      assert.equal(err('good'), '');
      assert.ok(members.find((m) => m.key === 'good')!.array);
      oneError(runCli(['values', file, '--member', 'bz']), /member 'bz\.npy': it uses compression method 12/);
      oneError(runCli(['values', file, '--member', 'enc']), /encrypted/);
      oneError(runCli(['values', file, '--member', 'liar']), /member 'liar\.npy': .*local header names another member/);
      oneError(runCli(['values', file, '--member', 'bomb']), /member 'bomb\.npy'/);
      oneError(runCli(['values', file, '--member', 'text']), /member 'text\.npy'/);
      assert.equal(runCli(['values', file, '--member', 'good', '--json']).stdout, '["1.0","2.0","3.0","4.5"]\n');
      // verify names the first member at fault, and counts the others.
      oneError(runCli(['verify', file]), /^error: member 'bz\.npy': .*; 4 more members fail: 'enc\.npy', 'liar\.npy', 'bomb\.npy', …\n$/);
    });

    it('verify: a bad CRC-32, a member cut short of its header, a truncated .npy', () => {
      const data = npyBytes('<i8', [1000], 8000);
      oneError(runCli(['verify', hostile([good(), { name: 'crc.npy', data, method: 8, crc: 99 }])]), /member 'crc\.npy': CRC-32 mismatch/);
      const short = npyBytes('<i8', [1000], 800);
      oneError(runCli(['verify', hostile([good(), { name: 'short.npy', data: short }])]), /member 'short\.npy': its data is cut off: 100 of 1000 elements/);
      const npy = join(dir, 'truncated.npy');
      writeFileSync(npy, npyBytes('<f4', [10], 12));
      oneError(runCli(['verify', npy]), /^error: its data is cut off: 3 of 10 elements present/);
      const whole = join(dir, 'whole.npy');
      writeFileSync(whole, npyBytes('<f4', [10], 40));
      assert.equal(runCli(['verify', whole]).stdout, 'ok\n');
    });
  });

  describe('a large deflated member: inflate index, cached between runs', () => {
    const file = join(dir, 'big.npz');
    const indexDir = join(cache, 'npz-index');

    it('values at the end of a 72 MB deflated member: indexed once, the index kept and reused', function () {
      this.timeout(120000);
      rmSync(cache, { recursive: true, force: true });
      const start = String(expected.big.count - 5);
      const r = runCli(['values', file, '--member', 'big', '--start', start, '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), expected.big.last);
      const files = readdirSync(indexDir).filter((f) => f.endsWith('.npzidx'));
      assert.equal(files.length, 1);
      // Mark it old: a run that uses it touches it (least recently used goes first).
      const idx = join(indexDir, files[0]);
      const old = new Date(Date.now() - 3600_000);
      utimesSync(idx, old, old);
      const again = runCli(['values', file, '--member', 'big', '--start', start, '--json']);
      assert.deepEqual(JSON.parse(again.stdout), expected.big.last);
      assert.ok(statSync(idx).mtimeMs > old.getTime() + 1000, 'the cached index was not used');
      assert.deepEqual(
        readdirSync(indexDir).filter((f) => f.endsWith('.npzidx')),
        files,
      );
      // A damaged index is dropped and made again; the answer stays right.
      writeFileSync(idx, 'garbage');
      const third = runCli(['values', file, '--member', 'big', '--start', start, '--json']);
      assert.deepEqual(JSON.parse(third.stdout), expected.big.last);
      assert.ok(statSync(idx).size > 1000);
    });

    it('reads near the start need no index pass; the cache folder follows XDG_CACHE_HOME', () => {
      const xdg = join(dir, 'xdg');
      const r = runCli(['values', file, '--member', 'big', '--count', '3', '--json'], { NPY_STUDIO_CACHE: '', XDG_CACHE_HOME: xdg });
      assert.deepEqual(JSON.parse(r.stdout), ['0', '1', '2']);
      assert.equal(existsSync(join(xdg, 'npy-studio')), false);
      const end = runCli(['values', file, '--member', 'big', '--start', String(expected.big.count - 1), '--json'], { NPY_STUDIO_CACHE: '', XDG_CACHE_HOME: xdg });
      assert.deepEqual(JSON.parse(end.stdout), expected.big.last.slice(-1));
      assert.equal(readdirSync(join(xdg, 'npy-studio', 'npz-index')).filter((f) => f.endsWith('.npzidx')).length, 1);
    });

    it('verify and extract of the large member', function () {
      this.timeout(60000);
      assert.equal(runCli(['verify', file]).stdout, 'ok\n');
      const out = join(dir, 'big-out.npy');
      assert.equal(runCli(['extract', file, '--member', 'big', out]).status, 0);
      assert.equal(python('import numpy as np, sys; a = np.load(sys.argv[1]); print(a.size, a[-1])', out).trim(), `${expected.big.count} ${expected.big.count - 1}`);
    });
  });

  describe('the index store', () => {
    it('keeps indexes atomically, bounded in total size (least recently used removed first)', async () => {
      // Three members indexed for real (an in-memory limit of 0 makes every deflated member "large").
      const members: BuildMember[] = ['a', 'b', 'c'].map((k, i) => ({
        name: `${k}.npy`,
        method: 8,
        data: npyBytes('<f8', [200000], new Uint8Array(new Float64Array(200000).map((_, j) => Math.sin(j / (50 + i))).buffer)),
      }));
      const container = await openNpzContainer(new MemorySource(buildZip(members).bytes), { inMemoryLimit: 0, spacing: 64 * 1024 });
      const never = new AbortController().signal;
      const keys = [];
      const sizes = [];
      const store0 = new IndexStore(join(dir, 'store'), 1 << 30);
      for (const k of ['a', 'b', 'c']) {
        const index = (await container.indexJob(k)(never, () => undefined))!;
        assert.ok(index.complete);
        const key = container.indexKey(k, { path: '/x/arch.npz', size: 123n, mtimeMs: 1.5 });
        keys.push({ key, index });
        assert.ok(await store0.save(key, index));
        sizes.push(statSync(store0.fileFor(key)).size);
      }
      // Back to the start with a bound that holds two of the three.
      rmSync(join(dir, 'store'), { recursive: true, force: true });
      const store = new IndexStore(join(dir, 'store'), sizes[0] + sizes[1] + sizes[2] - 1);
      await store.save(keys[0].key, keys[0].index);
      utimesSync(store.fileFor(keys[0].key), new Date(1e12), new Date(1e12));
      await store.save(keys[1].key, keys[1].index);
      utimesSync(store.fileFor(keys[1].key), new Date(1.1e12), new Date(1.1e12));
      // Loading a touches it: now b is the least recently used.
      const loaded = await store.load(keys[0].key);
      assert.equal(loaded?.checkpoints.length, keys[0].index.checkpoints.length);
      await store.save(keys[2].key, keys[2].index);
      assert.ok(existsSync(store.fileFor(keys[0].key)));
      assert.ok(!existsSync(store.fileFor(keys[1].key)));
      assert.ok(existsSync(store.fileFor(keys[2].key)));
      // No temp files left; a stale key misses.
      assert.deepEqual(
        readdirSync(join(dir, 'store')).filter((f) => !f.endsWith('.npzidx')),
        [],
      );
      assert.equal(await store.load({ ...keys[0].key, mtimeMs: 2 }), undefined);
      await container.close();
    });
  });
});
