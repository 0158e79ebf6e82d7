// The JS inflater against zlib: every block type, every way of feeding it, resuming at block boundaries, and
// damaged streams (what zlib refuses it refuses; what zlib accepts it decodes the same).
import assert from 'node:assert/strict';
import * as zlib from 'zlib';
import { crc32, crc32Js } from '../../../src/npz/crc32';
import { Inflater, NEED_INPUT, OUTPUT_FULL, STREAM_END, WINDOW_SIZE } from '../../../src/npz/inflate/inflater';
import { expectNpyError, jsInflate, jsInflateFrom, rng } from './helpers';

/** Data of several characters: random, runs, text-like, float-like; each compresses to different blocks. */
function sampleData(seed: number, n: number): Buffer {
  const r = rng(seed);
  const b = Buffer.alloc(n);
  let i = 0;
  while (i < n) {
    const kind = Math.floor(r() * 4);
    const len = Math.min(n - i, 1 + Math.floor(r() * 5000));
    if (kind === 0) for (let k = 0; k < len; k++) b[i + k] = Math.floor(r() * 256);
    else if (kind === 1) b.fill(Math.floor(r() * 256), i, i + len);
    else if (kind === 2) for (let k = 0; k < len; k++) b[i + k] = 97 + Math.floor(r() * r() * 26);
    else {
      const f = new Float64Array(Math.ceil(len / 8)).map((_, k) => Math.round(Math.sin((i + k) / 300) * 100) / 4);
      Buffer.from(f.buffer).copy(b, i, 0, len);
    }
    i += len;
  }
  return b;
}

const STRATEGIES: [string, zlib.ZlibOptions][] = [
  ['stored blocks (level 0)', { level: 0 }],
  ['level 1', { level: 1 }],
  ['level 6', { level: 6 }],
  ['level 9', { level: 9, memLevel: 9 }],
  ['fixed codes only', { strategy: zlib.constants.Z_FIXED }],
  ['Huffman only', { strategy: zlib.constants.Z_HUFFMAN_ONLY }],
  ['run-length', { strategy: zlib.constants.Z_RLE }],
  ['small window', { windowBits: 9, memLevel: 1 }],
];

describe('npz: JS inflater', function () {
  this.timeout(60000);

  it('decodes what zlib encodes, with every strategy (stored, fixed, dynamic blocks) and input chunking', () => {
    const data = sampleData(7, 400_000);
    for (const [label, opts] of STRATEGIES) {
      const c = zlib.deflateRawSync(data, opts);
      for (const chunk of [1, 7, 1000, 65536]) {
        const { out } = jsInflate(c, chunk, chunk === 1 ? 300 : 1 << 16);
        assert.ok(Buffer.from(out).equals(data), `${label}, chunk ${chunk}`);
      }
    }
  });

  it('decodes random sizes and contents, including empty input and long runs', () => {
    const r = rng(99);
    for (let t = 0; t < 60; t++) {
      const n = t === 0 ? 0 : Math.floor(r() ** 3 * 300_000);
      const data = sampleData(t + 1, n);
      const [, opts] = STRATEGIES[t % STRATEGIES.length];
      const c = zlib.deflateRawSync(data, opts);
      assert.ok(Buffer.from(jsInflate(c, 1 + Math.floor(r() * 70000)).out).equals(data), `case ${t} (${n} bytes)`);
    }
    const zeros = Buffer.alloc(5_000_000);
    assert.ok(Buffer.from(jsInflate(zlib.deflateRawSync(zeros)).out).equals(zeros));
  });

  it('decodes a real numpy-like float array the same as zlib', () => {
    const f = new Float64Array(500_000).map((_, i) => Math.round(Math.sin(i / 1000) * 1e4) / 64 + (i % 17));
    const data = Buffer.from(f.buffer);
    const c = zlib.deflateRawSync(data);
    assert.ok(Buffer.from(jsInflate(c).out).equals(zlib.inflateRawSync(c)));
  });

  it('resumes at any block boundary from its bit offset and the 32 KiB window before it', () => {
    const data = sampleData(3, 1_500_000);
    for (const [label, opts] of STRATEGIES) {
      const c = zlib.deflateRawSync(data, opts);
      const { boundaries } = jsInflate(c);
      assert.ok(boundaries.length > 3, `${label}: ${boundaries.length} blocks`);
      const bitAligned = boundaries.filter((b) => b.bit % 8 !== 0).length;
      if (label !== 'stored blocks (level 0)') assert.ok(bitAligned > 0, `${label}: some boundaries are not byte-aligned`);
      for (const b of boundaries.filter((_, i) => i % Math.ceil(boundaries.length / 12) === 0)) {
        const window = data.subarray(Math.max(0, b.out - WINDOW_SIZE), b.out);
        const got = jsInflateFrom(c, b.bit, b.out, window, 100_000);
        assert.ok(Buffer.from(got).equals(data.subarray(b.out, b.out + 100_000)), `${label}: resume at bit ${b.bit}`);
      }
    }
  });

  it('refuses or agrees with zlib on damaged streams (bit flips, truncation, garbage)', async () => {
    const r = rng(2024);
    let refused = 0;
    for (let t = 0; t < 400; t++) {
      const data = sampleData(t + 100, 2000 + Math.floor(r() * 30000));
      const [, opts] = STRATEGIES[t % STRATEGIES.length];
      let c: Buffer = Buffer.from(zlib.deflateRawSync(data, opts));
      if (t % 10 === 9) c = c.subarray(0, Math.floor(r() * c.length));
      else if (t % 10 === 8) c = Buffer.from(Array.from({ length: 200 + Math.floor(r() * 2000) }, () => Math.floor(r() * 256)));
      else {
        const flips = 1 + Math.floor(r() * 3);
        for (let k = 0; k < flips; k++) c[Math.floor(r() * Math.min(c.length, 400))] ^= 1 << Math.floor(r() * 8);
      }
      let want: Buffer | undefined;
      try {
        want = zlib.inflateRawSync(c, { maxOutputLength: 1 << 24 });
      } catch {
        want = undefined;
      }
      if (want === undefined) {
        refused++;
        await expectNpyError(() => jsInflate(c), /deflate data is (corrupt|cut off)/);
      } else {
        assert.ok(Buffer.from(jsInflate(c).out).equals(want), `case ${t}: zlib accepted, outputs differ`);
      }
    }
    assert.ok(refused > 100, `${refused} of 400 damaged streams refused`);
  });

  it('names the problem: bad block type, stored length check, distance too far back', async () => {
    await expectNpyError(() => jsInflate(Uint8Array.of(0x07, 0, 0)), /invalid block type/);
    await expectNpyError(() => jsInflate(Uint8Array.of(0x01, 5, 0, 5, 0, 1, 2, 3, 4, 5)), /invalid stored block lengths/);
    // Fixed block: a match of length 3 at distance 1 before any output.
    await expectNpyError(() => jsInflate(zlibFixedMatchFirst()), /too far back/);
    await expectNpyError(() => jsInflate(Uint8Array.of(0x01, 5, 0, 0xfa, 0xff, 1, 2)), /cut off/);
  });

  it('stops with its output buffer full and after the final block, leaving trailing input', () => {
    const data = sampleData(5, 200_000);
    const c = Buffer.concat([zlib.deflateRawSync(data), Buffer.from('trailing junk')]);
    const inf = new Inflater(1000);
    inf.start(0, 0);
    inf.setInput(c, 0, c.length, 0, true);
    let outputs = 0;
    let s;
    while ((s = inf.run()) === OUTPUT_FULL) {
      outputs++;
      inf.slide();
    }
    assert.equal(s, STREAM_END);
    assert.ok(outputs > 100);
    assert.equal(inf.outOffset, data.length);
    assert.ok(inf.nextInputOffset <= c.length - 'trailing junk'.length + 4);
  });

  it('asks for input instead of reading past a non-final buffer', () => {
    const c = zlib.deflateRawSync(sampleData(1, 50_000));
    const inf = new Inflater(1 << 20);
    inf.start(0, 0);
    inf.setInput(c, 0, 2000, 0, false);
    let s;
    while ((s = inf.run()) !== NEED_INPUT) assert.notEqual(s, STREAM_END);
    assert.ok(inf.inputLeft < 1024);
  });
});

/** A fixed-Huffman block whose first symbol is a match (length 3, distance 1): invalid, nothing precedes it. */
function zlibFixedMatchFirst(): Uint8Array {
  // BFINAL=1, BTYPE=01, then length code 257 (7 bits 0000001), distance code 0 (5 bits 00000), then EOB (0000000).
  const bits: number[] = [1, 1, 0];
  const pushCode = (code: number, len: number) => {
    for (let i = len - 1; i >= 0; i--) bits.push((code >> i) & 1);
  };
  pushCode(1, 7);
  pushCode(0, 5);
  pushCode(0, 7);
  const out = new Uint8Array(Math.ceil(bits.length / 8) + 2);
  bits.forEach((b, i) => (out[i >> 3] |= b << (i & 7)));
  return out;
}

describe('npz: CRC-32', () => {
  it('the portable CRC agrees with zlib on every length and continuation', () => {
    const data = sampleData(11, 100_000);
    for (const n of [0, 1, 7, 8, 9, 63, 1000, 100_000]) assert.equal(crc32Js(data.subarray(0, n)), zlib.crc32(data.subarray(0, n)) >>> 0);
    assert.equal(crc32Js(data.subarray(5000), crc32Js(data.subarray(0, 5000))), crc32(data));
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });
});
