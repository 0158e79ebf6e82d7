// Host logic that runs without VS Code: text formatting, the hover's string finder, the request queue, copying,
// the webview HTML, the idle file source and the header-summary cache.
import { DEFAULT_STRINGS } from '../../../src/shared/webviewStrings';
import { strict as assert } from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MemorySource } from '../../../src/npy/io/byteSource';
import { openArray } from '../../../src/npy/open';
import { NpyError } from '../../../src/npy/types';
import { dtypeName, typeStr } from '../../../src/npy/dtype';
import { pyStrRepr } from '../../../src/npy/literal';
import { formatScalar } from '../../../src/npy/format';
import { spawnSync } from 'child_process';
import type { ViewSpec } from '../../../src/npy/view';
import { byteSizeText, oneLineError, shapeText, summaryText, ellipsize } from '../../../src/host/platform/errors';
import { candidatePaths, npyPathAt, stringLiteralAt } from '../../../src/host/info/pyString';
import { RequestQueue } from '../../../src/host/viewer/requestQueue';
import { copyExtent, copyText, numpyLiteral, pyNumberLiteral, quoteField, type CellFormatter } from '../../../src/host/viewer/handlers/copy';
import { csp, errorHtml, makeNonce, viewerHtml } from '../../../src/host/viewer/html';
import { hostRemedy } from '../../../src/shared/errorCodes';
import { IdleFileSource } from '../../../src/npy/io/idleFileSource';
import { HeaderSummaryCache, readHeaderSummary, summaryLine } from '../../../src/host/info/headerSummary';
import { buildArrayInfo, initialView } from '../../../src/host/viewer/arrayInfo';
import { parseIndexText } from '../../../src/shared/indexText';

/** A v1.0 .npy: header dict padded to 64 bytes, then `data`. */
function npyBytes(descr: string, shape: number[], data: Uint8Array, fortran = false): Uint8Array {
  const shapeTxt = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': ${descr}, 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeTxt}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict + ' '.repeat(total - 10 - dict.length - 1) + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 0xff, dict.length >> 8]);
  out.set(new TextEncoder().encode(dict), 10);
  out.set(data, total);
  return out;
}

function f32(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** A stand-in for the engine formatter: enough kinds for these tests. */
const fakeFormat: CellFormatter = (d, dv, off, style) => {
  const le = d.byteOrder !== '>';
  let v: string;
  if (d.kind === 'f' && d.itemsize === 4) v = fmtFloat(dv.getFloat32(off, le));
  else if (d.kind === 'f' && d.itemsize === 8) v = fmtFloat(dv.getFloat64(off, le));
  else if (d.kind === 'i' && d.itemsize === 4) v = String(dv.getInt32(off, le));
  else if (d.kind === 'i' && d.itemsize === 2) v = String(dv.getInt16(off, le));
  else if (d.kind === 'S') {
    let s = '';
    for (let i = 0; i < d.itemsize && dv.getUint8(off + i); i++) s += String.fromCharCode(dv.getUint8(off + i));
    return style === 'repr' ? `b'${s}'` : s;
  } else v = '?';
  return v;
};
function fmtFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Number.isInteger(x) ? `${x}.` : String(x);
}

const names = { dtypeName, typeStr, pyStr: pyStrRepr };

async function open(bytes: Uint8Array) {
  const source = new MemorySource(bytes);
  const opened = await openArray(source);
  return { source, opened, src: { source, header: opened.header, availableCount: opened.availableCount } };
}

function range(start: number, count: number) {
  return { kind: 'range' as const, start: BigInt(start), step: 1n, count: BigInt(count) };
}

describe('host: text', () => {
  it('shapes as numpy tuples', () => {
    assert.equal(shapeText([]), '()');
    assert.equal(shapeText([5n]), '(5,)');
    assert.equal(shapeText([1000n, 3n, 224n]), '(1000, 3, 224)');
    assert.equal(shapeText(['7', '2']), '(7, 2)');
  });
  it('sizes in binary units', () => {
    assert.equal(byteSizeText(0n), '0 B');
    assert.equal(byteSizeText(1023n), '1023 B');
    assert.equal(byteSizeText(1024n), '1 KiB');
    assert.equal(byteSizeText(1536n), '1.5 KiB');
    assert.equal(byteSizeText(2684354560n), '2.5 GiB');
    assert.equal(byteSizeText(1n << 40n), '1 TiB');
    assert.equal(byteSizeText(123n * 1024n * 1024n), '123 MiB');
    assert.equal(byteSizeText(2n ** 70n), '1 ZiB');
  });
  it('summary line', () => {
    assert.equal(summaryText('float32', [1000n, 3n, 224n], 2684354560n), 'float32 (1000, 3, 224) · 2.5 GiB');
    assert.equal(ellipsize('abcdef', 4), 'abc…');
  });
  it('errors as one line without stack', () => {
    assert.equal(oneLineError(new NpyError('bad header')), 'bad header');
    assert.equal(oneLineError(Object.assign(new Error('ENOENT: no such file, open /x'), { code: 'ENOENT' })), 'file not found');
    assert.equal(oneLineError(new Error('first\n    at foo (x.js:1:1)')), 'first');
    assert.equal(oneLineError('plain'), 'plain');
    assert.equal(oneLineError(undefined), 'undefined');
  });
});

describe('host: string literal under the cursor', () => {
  it('finds single, double and prefixed strings', () => {
    const line = `x = np.load("data/a.npy") + np.load(r'C:\\d\\b.npy')`;
    assert.equal(npyPathAt(line, line.indexOf('a.npy'))?.value, 'data/a.npy');
    assert.equal(npyPathAt(line, line.indexOf('b.npy'))?.value, 'C:\\d\\b.npy');
    const hit = npyPathAt(line, line.indexOf('"data'))!;
    assert.equal(line.slice(hit.start, hit.end), '"data/a.npy"');
  });
  it('decodes escapes unless raw', () => {
    assert.equal(stringLiteralAt(`p = 'a\\\\b.npy'`, 7)?.value, 'a\\b.npy');
    assert.equal(stringLiteralAt(`p = 'it\\'s.npy'`, 7)?.value, "it's.npy");
    assert.equal(stringLiteralAt(`p = rb"x\\y.npy"`, 8)?.value, 'x\\y.npy');
    assert.equal(stringLiteralAt(`p = f"{d}/x.npy"`, 8)?.value, '{d}/x.npy');
  });
  it('ignores the cursor outside strings, comments and non-.npy strings', () => {
    const line = `np.load('a.npy')  # 'b.npy'`;
    assert.equal(npyPathAt(line, 2), undefined);
    assert.equal(npyPathAt(line, line.indexOf('b.npy')), undefined);
    assert.equal(npyPathAt(`open('a.txt')`, 7), undefined);
    assert.equal(npyPathAt(`s = "# not a comment.npy"`, 8)?.value, '# not a comment.npy');
  });
  it('handles triple quotes, unterminated strings and two strings on a line', () => {
    assert.equal(npyPathAt(`x = """t.npy"""`, 8)?.value, 't.npy');
    assert.equal(npyPathAt(`x = 'u.npy`, 7)?.value, 'u.npy');
    const line = `'a.npy', 'b.npy'`;
    assert.equal(npyPathAt(line, 11)?.value, 'b.npy');
    assert.equal(npyPathAt(line, 7), undefined);
  });
  it('resolves relative to the bases in order', () => {
    assert.deepEqual(candidatePaths('x.npy', ['/a', '/b', '/a'], path.posix), ['/a/x.npy', '/b/x.npy']);
    assert.deepEqual(candidatePaths('/abs/x.npy', ['/a'], path.posix), ['/abs/x.npy']);
    assert.deepEqual(candidatePaths('~/x.npy', ['/a'], path.posix, '/home/u'), ['/home/u/x.npy']);
  });
  it('parses go-to-index text', () => {
    assert.deepEqual(parseIndexText('5'), ['5']);
    assert.deepEqual(parseIndexText('(5, -2)'), ['5', '-2']);
    assert.deepEqual(parseIndexText('[12][3]'), ['12', '3']);
    assert.equal(parseIndexText('a'), undefined);
    assert.deepEqual(parseIndexText('1,2,3'), ['1', '2', '3']);
    assert.equal(parseIndexText(Array(65).fill('0').join(',')), undefined);
  });
});

describe('host: request queue', () => {
  it('runs in order and never runs cancelled pending requests', async () => {
    const q = new RequestQueue(1);
    const ran: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.push(1, async () => {
      await gate;
      ran.push(1);
    });
    for (const id of [2, 3, 4]) q.push(id, async () => void ran.push(id));
    q.cancel([2, 4]);
    assert.equal(q.pendingCount, 1);
    release();
    await q.idle();
    assert.deepEqual(ran, [1, 3]);
  });
  it('flags running requests as cancelled and clears on reload', async () => {
    const q = new RequestQueue(1);
    let seen: boolean | undefined;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.push(7, async (token) => {
      await gate;
      seen = token.cancelled;
    });
    let ran8 = false;
    q.push(8, async () => void (ran8 = true));
    q.clear();
    release();
    await q.idle();
    assert.equal(seen, true);
    assert.equal(ran8, false);
  });
  it('reports task errors and keeps going', async () => {
    const q = new RequestQueue(2);
    const errors: number[] = [];
    q.onError = (_e, id) => errors.push(id);
    let ok = false;
    q.push(1, async () => {
      throw new Error('x');
    });
    q.push(2, async () => void (ok = true));
    await q.idle();
    assert.deepEqual(errors, [1]);
    assert.ok(ok);
  });
  it('replaces a pending request with the same id', async () => {
    const q = new RequestQueue(1);
    const ran: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.push(1, async () => void (await gate));
    q.push(2, async () => void ran.push('old'));
    q.push(2, async () => void ran.push('new'));
    release();
    await q.idle();
    assert.deepEqual(ran, ['new']);
  });
});

describe('host: copy', () => {
  const grid = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]; // 3 x 4
  const view2d: ViewSpec = { axes: [range(0, 3), range(0, 4)], rowAxis: 0, colAxis: 1 };

  it('TSV and CSV of a rectangle', async () => {
    const { src } = await open(npyBytes(`'<f4'`, [3, 4], f32(grid)));
    const ext = copyExtent(src.header, view2d, { row0: 1n, rows: 2n, col0: 1n, cols: 2n });
    assert.equal(ext.cells, 4n);
    assert.equal(await copyText(src, ext, { format: 'tsv', formatCell: fakeFormat }), '5.\t6.\n9.\t10.\n');
    assert.equal(await copyText(src, ext, { format: 'csv', formatCell: fakeFormat }), '5.,6.\n9.,10.\n');
  });
  it('clips to the view and refuses an empty selection', async () => {
    const { src } = await open(npyBytes(`'<f4'`, [3, 4], f32(grid)));
    const ext = copyExtent(src.header, view2d, { row0: 2n, rows: 10n, col0: 3n, cols: 10n });
    assert.equal(ext.cells, 1n);
    assert.throws(() => copyExtent(src.header, view2d, { row0: 5n, rows: 1n, col0: 0n, cols: 1n }), /empty/);
  });
  it('numpy literal, 2-D, 1-D and single cell', async () => {
    const { src } = await open(npyBytes(`'<f4'`, [3, 4], f32(grid)));
    const ext = copyExtent(src.header, view2d, { row0: 0n, rows: 2n, col0: 0n, cols: 3n });
    assert.equal(await copyText(src, ext, { format: 'numpy', formatCell: fakeFormat, names }), "np.array([[0., 1., 2.],\n          [4., 5., 6.]], dtype='float32')\n");
    const row: ViewSpec = { axes: [{ kind: 'index', index: 1n }, range(0, 4)], rowAxis: null, colAxis: 1 };
    const e1 = copyExtent(src.header, row, { row0: 0n, rows: 1n, col0: 0n, cols: 4n });
    assert.equal(await copyText(src, e1, { format: 'numpy', formatCell: fakeFormat, names }), "np.array([4., 5., 6., 7.], dtype='float32')\n");
    const col: ViewSpec = { axes: [range(0, 3), { kind: 'index', index: 2n }], rowAxis: 0, colAxis: null };
    const e2 = copyExtent(src.header, col, { row0: 0n, rows: 3n, col0: 0n, cols: 1n });
    assert.equal(await copyText(src, e2, { format: 'numpy', formatCell: fakeFormat, names }), "np.array([2.,\n          6.,\n          10.], dtype='float32')\n");
    const cell: ViewSpec = {
      axes: [
        { kind: 'index', index: 2n },
        { kind: 'index', index: 3n },
      ],
      rowAxis: null,
      colAxis: null,
    };
    const e3 = copyExtent(src.header, cell, { row0: 0n, rows: 1n, col0: 0n, cols: 1n });
    assert.equal(await copyText(src, e3, { format: 'numpy', formatCell: fakeFormat, names }), "np.array(11., dtype='float32')\n");
  });
  it('Fortran order, steps and small chunks give the same text', async () => {
    // Fortran-ordered (3, 4): element (r, c) stored at c*3 + r.
    const fdata: number[] = [];
    for (let c = 0; c < 4; c++) for (let r = 0; r < 3; r++) fdata.push(r * 4 + c);
    const { src } = await open(npyBytes(`'<f4'`, [3, 4], f32(fdata), true));
    const { src: csrc } = await open(npyBytes(`'<f4'`, [3, 4], f32(grid)));
    const v: ViewSpec = {
      axes: [
        { kind: 'range', start: 2n, step: -1n, count: 3n },
        { kind: 'range', start: 0n, step: 2n, count: 2n },
      ],
      rowAxis: 0,
      colAxis: 1,
    };
    const r = { row0: 0n, rows: 3n, col0: 0n, cols: 2n };
    const a = await copyText(src, copyExtent(src.header, v, r), { format: 'tsv', formatCell: fakeFormat, chunkCells: 1 });
    const b = await copyText(csrc, copyExtent(csrc.header, v, r), { format: 'tsv', formatCell: fakeFormat });
    assert.equal(a, '8.\t10.\n4.\t6.\n0.\t2.\n');
    assert.equal(a, b);
  });
  it('truncated data: empty TSV cells, refused as a numpy literal', async () => {
    const full = npyBytes(`'<f4'`, [3, 4], f32(grid));
    const { src } = await open(full.subarray(0, full.length - 8)); // last two elements missing
    const ext = copyExtent(src.header, view2d, { row0: 2n, rows: 1n, col0: 0n, cols: 4n });
    assert.equal(await copyText(src, ext, { format: 'tsv', formatCell: fakeFormat }), '8.\t9.\t\t\n');
    await assert.rejects(copyText(src, ext, { format: 'numpy', formatCell: fakeFormat, names }), /truncated/);
  });
  it('structured arrays copy leaf fields as columns', async () => {
    const rec = new Uint8Array(3 * 8);
    const dv = new DataView(rec.buffer);
    for (let i = 0; i < 3; i++) {
      dv.setInt32(i * 8, i * 10, true);
      rec.set(new TextEncoder().encode(`n${i}`), i * 8 + 4);
    }
    const { src, opened } = await open(npyBytes(`[('id', '<i4'), ('name', '|S4')]`, [3], rec));
    const view = initialView(opened);
    const ext = copyExtent(src.header, view, { row0: 0n, rows: 3n, col0: 0n, cols: 2n });
    assert.equal(await copyText(src, ext, { format: 'csv', formatCell: fakeFormat }), '0,n0\n10,n1\n20,n2\n');
    const one = copyExtent(src.header, view, { row0: 1n, rows: 2n, col0: 1n, cols: 1n });
    assert.equal(await copyText(src, one, { format: 'numpy', formatCell: fakeFormat, names }), "np.array([(b'n1',),\n          (b'n2',)], dtype=[('name', '|S4')])\n");
  });
  it('nan and inf become evaluable', async () => {
    assert.equal(pyNumberLiteral('nan'), 'np.nan');
    assert.equal(pyNumberLiteral('-inf'), '-np.inf');
    assert.equal(pyNumberLiteral('1.5'), '1.5');
    const { src } = await open(npyBytes(`'<f8'`, [2], new Uint8Array(Float64Array.from([NaN, -Infinity]).buffer)));
    const v: ViewSpec = { axes: [range(0, 2)], rowAxis: 0, colAxis: null };
    const ext = copyExtent(src.header, v, { row0: 0n, rows: 2n, col0: 0n, cols: 1n });
    assert.equal(await copyText(src, ext, { format: 'numpy', formatCell: fakeFormat, names }), "np.array([np.nan,\n          -np.inf], dtype='float64')\n");
  });
  it('quotes fields', () => {
    assert.equal(quoteField('a,b', ','), '"a,b"');
    assert.equal(quoteField('say "hi"', '\t'), '"say ""hi"""');
    assert.equal(quoteField('a\tb', '\t'), '"a\tb"');
    assert.equal(quoteField('plain', ','), 'plain');
    assert.equal(numpyLiteral([['1']], { rowsAxis: false, colsAxis: false, record: false, dtypeArg: "'int8'" }), "np.array(1, dtype='int8')\n");
  });
  it('stops when cancelled', async () => {
    const { src } = await open(npyBytes(`'<f4'`, [3, 4], f32(grid)));
    const ext = copyExtent(src.header, view2d, { row0: 0n, rows: 3n, col0: 0n, cols: 4n });
    await assert.rejects(copyText(src, ext, { format: 'tsv', formatCell: fakeFormat, signal: AbortSignal.abort() }), /cancelled/);
  });
});

describe('host: array info', () => {
  it('builds the init info with truncation and trailing warnings', async () => {
    const full = npyBytes(`'<f4'`, [3, 4], f32(grid12()));
    const { opened } = await open(full.subarray(0, full.length - 4));
    const info = buildArrayInfo('a.npy', opened);
    assert.equal(info.dtypeName, 'float32');
    assert.deepEqual(info.shape, ['3', '4']);
    assert.equal(info.availableCount, '11');
    assert.deepEqual(info.warnings, [{ code: 'truncated', text: 'file is truncated: 11 of 12 elements present; the rest show as missing' }]);
    const longer = new Uint8Array(full.length + 10);
    longer.set(full);
    const { opened: o2 } = await open(longer);
    assert.deepEqual(buildArrayInfo('b.npy', o2).warnings, [{ code: 'trailingBytes', text: '10 B of trailing bytes after the data are ignored' }]);
    // Warnings are localized by the function the host passes (vscode.l10n.t there), with the engine's arguments.
    const localized = buildArrayInfo('b.npy', o2, { localize: (t, a) => `[${t}|${a.bytes}]` }).warnings;
    assert.deepEqual(localized, [{ code: 'trailingBytes', text: '[{bytes} of trailing bytes after the data are ignored|10 B]' }]);
  });
});

function grid12(): number[] {
  return [...Array(12).keys()];
}

describe('host: webview html', () => {
  it('has a strict CSP with the nonce and no inline allowances', async () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
    const html = viewerHtml({
      cspSource: 'https://x.vscode-cdn.net',
      nonce,
      scriptUri: 'https://x/dist/webview.js',
      styleUris: ['https://x/media/viewer.css'],
      title: 'a<b>.npy',
    });
    assert.ok(html.includes(csp('https://x.vscode-cdn.net', nonce)));
    assert.ok(html.includes(`default-src 'none'; script-src 'nonce-${nonce}'`));
    assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval'));
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/dist/webview.js">`));
    assert.ok(html.includes('a&lt;b&gt;.npy') && !html.includes('a<b>.npy'));
    const err = errorHtml({ cspSource: 'c', nonce, styleUris: [], title: 't', heading: 'Cannot open', message: '<script>x</script>' });
    assert.ok(!err.includes('<script>') && err.includes('&lt;script&gt;'));
    assert.ok(!err.includes('command:'));
    // A header over the cap: the error names the real setting and offers a link that opens it.
    const remedy = hostRemedy('headerTooLarge');
    assert.deepEqual(remedy, { setting: 'npyStudio.maxHeaderBytes' });
    const pkg = JSON.parse(await fs.readFile(path.join(__dirname, '../../../package.json'), 'utf8'));
    assert.ok(pkg.contributes.configuration.properties[remedy!.setting!], 'the remedy names a setting that exists');
    const withAction = errorHtml({
      cspSource: 'c',
      nonce,
      styleUris: [],
      title: 't',
      heading: 'Cannot open',
      message: 'header is 2000000 bytes, over the limit of 1048576 characters',
      action: {
        label: 'Open the setting npyStudio.maxHeaderBytes',
        commandUri: `command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify(['npyStudio.maxHeaderBytes']))}`,
      },
    });
    assert.match(
      withAction,
      /<a class="npy-error-action" href="command:workbench\.action\.openSettings\?%5B%22npyStudio\.maxHeaderBytes%22%5D">Open the setting npyStudio\.maxHeaderBytes<\/a>/,
    );
  });
});

describe('host: files on disk', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npy-host-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('IdleFileSource closes when idle and sees a replaced file after reset', async () => {
    const p = path.join(dir, 'a.bin');
    await fs.writeFile(p, Buffer.from('hello'));
    const s = new IdleFileSource(p, 20);
    const buf = new Uint8Array(5);
    assert.equal(await s.read(0n, buf), 5);
    assert.equal(Buffer.from(buf).toString(), 'hello');
    assert.ok(s.isOpen);
    await new Promise((r) => setTimeout(r, 80));
    assert.ok(!s.isOpen, 'closed after idle');
    const held = new IdleFileSource(p, 0);
    await held.read(0n, buf);
    await fs.writeFile(path.join(dir, 'b.bin'), Buffer.from('world!'));
    await fs.rename(path.join(dir, 'b.bin'), p);
    assert.equal(await held.size(), 5n, 'old handle still sees the old inode');
    await held.reset();
    assert.equal(await held.size(), 6n);
    await held.close();
    await s.close();
    await assert.rejects(s.read(0n, buf));
  });

  it('header summaries read only the header and are cached by size/mtime', async () => {
    const p = path.join(dir, 'x.npy');
    await fs.writeFile(p, npyBytes(`'<f4'`, [3, 4], f32(grid12())));
    const s = await readHeaderSummary(p);
    assert.equal(summaryLine(s), 'float32 (3, 4) · 176 B');
    let calls = 0;
    const cache = new HeaderSummaryCache(8, 2, async (q) => {
      calls++;
      return readHeaderSummary(q);
    });
    await cache.get(p);
    await cache.get(p);
    assert.equal(calls, 1);
    await fs.writeFile(p, npyBytes(`'<i2'`, [5], new Uint8Array(10)));
    const t = new Date(Date.now() + 5000);
    await fs.utimes(p, t, t);
    const s2 = await cache.get(p);
    assert.equal(calls, 2);
    assert.equal(s2?.dtypeName, 'int16');
    assert.equal(await cache.get(path.join(dir, 'missing.npy')), undefined);
    const bad = path.join(dir, 'bad.npy');
    await fs.writeFile(bad, 'not numpy at all');
    const sb = await readHeaderSummary(bad);
    assert.ok(sb.error && !sb.error.includes('\n'));
    assert.match(summaryLine(sb), /· 16 B$/);
  });
});

describe('host: localization', () => {
  const root = path.resolve(__dirname, '../../..');
  const walk = async (d: string): Promise<string[]> =>
    (await fs.readdir(d, { withFileTypes: true }))
      .flatMap((e) => (e.isDirectory() ? [] : [path.join(d, e.name)]))
      .concat(...(await Promise.all((await fs.readdir(d, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => walk(path.join(d, e.name))))));
  it('every vscode.l10n.t string of the host is in l10n/bundle.l10n.json', async () => {
    const bundle = JSON.parse(await fs.readFile(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const files = [
      ...(await walk(path.join(root, 'src/host'))).filter((f) => f.endsWith('.ts') && !f.includes(`${path.sep}commands${path.sep}`)),
      path.join(root, 'src/extension.ts'),
    ];
    const missing: string[] = [];
    for (const f of files) {
      const text = await fs.readFile(f, 'utf8');
      for (const m of text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) {
        const key = m[1].replace(/\\'/g, "'").replace(/\\\\/g, '\\');
        if (!(key in bundle)) missing.push(`${path.relative(root, f)}: ${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });
  it('every webview string (DEFAULT_STRINGS, translated by the host) is in l10n/bundle.l10n.json', async () => {
    const bundle = JSON.parse(await fs.readFile(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(
      Object.values(DEFAULT_STRINGS as Record<string, string>).filter((text) => !(text in bundle)),
      [],
    );
  });
  it('package.json names no key twice in one object (JSON.parse would keep only the last: a menu lost)', async () => {
    const text = await fs.readFile(path.join(root, 'package.json'), 'utf8');
    // A small scanner: a stack of the keys seen per open object; a string followed by ':' is a key.
    const stack: Set<string>[] = [];
    const dups: string[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '{') stack.push(new Set());
      else if (c === '}') stack.pop();
      else if (c === '"') {
        let j = i + 1;
        while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        const key = text.slice(i + 1, j);
        i = j;
        if (/^\s*:/.test(text.slice(j + 1, j + 4)) && stack.length) {
          const seen = stack[stack.length - 1];
          if (seen.has(key)) dups.push(key);
          seen.add(key);
        }
      }
    }
    assert.deepEqual(dups, []);
  });
  it('every %key% of package.json is in package.nls.json', async () => {
    const pkg = await fs.readFile(path.join(root, 'package.json'), 'utf8');
    const nls = JSON.parse(await fs.readFile(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const keys = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 5);
    assert.deepEqual(
      keys.filter((k) => !(k in nls)),
      [],
    );
  });
  it('package.json activates where hover and tooltips are needed: Python, notebooks, workspaces with arrays, after startup', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.activationEvents, [
      'onLanguage:python',
      'onNotebook:jupyter-notebook',
      'onNotebook:interactive',
      'workspaceContains:**/*.npy',
      'workspaceContains:**/*.npz',
      'onStartupFinished',
    ]);
    assert.equal(pkg.repository, undefined, 'no placeholder repository URL');
    assert.deepEqual(pkg.extensionKind, ['workspace']);
  });
});

describe('host: copy with the engine formatter', () => {
  it('numpy literals evaluate in Python to the same array', async function () {
    const py = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
    if (py.status !== 0) this.skip();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npy-copy-'));
    try {
      const cases = [
        `np.array([[1.5, np.nan], [-np.inf, 1e-300]], dtype='<f8')`,
        `np.array([[1, 2], [3, -4]], dtype='>i8')`,
        `np.array([[1+2j, complex(np.nan, np.inf)]], dtype='c8')`,
        `np.array([['2020-01-01', 'NaT']], dtype='datetime64[D]')`,
        `np.array([[3, -7]], dtype='timedelta64[s]')`,
        `np.array([[b"a'b", b'x\\x00y']], dtype='S4')`,
        `np.array([['héllo', "it's"]], dtype='<U6')`,
        `np.array([[True, False]])`,
        `np.array([(1, 2.5, b'ab'), (3, np.nan, b'')], dtype=[('i', '<i2'), ('f', '>f4'), ('s', 'S2')])`,
      ];
      for (const [i, expr] of cases.entries()) {
        const file = path.join(dir, `c${i}.npy`);
        const made = spawnSync('python3', ['-c', `import numpy as np, sys; np.save(sys.argv[1], ${expr})`, file], { encoding: 'utf8' });
        assert.equal(made.status, 0, made.stderr);
        const { src, opened } = await open(new Uint8Array(await fs.readFile(file)));
        const view = initialView(opened);
        const ext = copyExtent(src.header, view, { row0: 0n, rows: 1000n, col0: 0n, cols: 1000n });
        const text = await copyText(src, ext, { format: 'numpy', formatCell: formatScalar, names });
        const check = spawnSync(
          'python3',
          [
            '-c',
            'import numpy as np, sys; a = np.load(sys.argv[1]); b = eval(sys.stdin.read()); a = a if a.dtype.names else a.reshape(b.shape); assert a.dtype == b.dtype or a.dtype.newbyteorder("=") == b.dtype.newbyteorder("="), (a.dtype, b.dtype); assert a.tobytes() == b.astype(a.dtype).tobytes() or np.array_equal(a, b, equal_nan=True), (a, b)',
            file,
          ],
          { input: text, encoding: 'utf8' },
        );
        assert.equal(check.status, 0, `${expr}\n${text}\n${check.stderr}`);
        const tsv = await copyText(src, ext, { format: 'tsv', formatCell: formatScalar, names });
        assert.ok(tsv.endsWith('\n') && !tsv.includes('undefined'));
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
