// Our PNG writer, decoded by PIL (an independent decoder): sizes, every filter's case, transparency.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { deflateSync, crc32 as zlibCrc } from 'zlib';
import { crc32, encodePng } from '../../../src/picture/png';
import { mpl } from '../../support/matplotlib';

const dir = mkdtempSync(join(tmpdir(), 'npy-png-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('PNG writer', () => {
  it('writes RGBA8 that PIL decodes to the same bytes (noise, gradients, flat areas, 1×1, wide, tall)', function () {
    this.timeout(30000);
    let s = 99;
    const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
    const images: { w: number; h: number; rgba: Uint8Array }[] = [];
    for (const [w, h, kind] of [
      [1, 1, 'noise'],
      [17, 5, 'noise'],
      [64, 48, 'gradient'],
      [300, 2, 'flat'],
      [3, 200, 'gradient'],
      [129, 77, 'mixed'],
    ] as const) {
      const rgba = new Uint8Array(w * h * 4);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const o = (y * w + x) * 4;
          const v =
            kind === 'noise'
              ? [rnd(), rnd(), rnd(), rnd()]
              : kind === 'gradient'
                ? [x * 4, y * 3, (x + y) & 255, 255]
                : kind === 'flat'
                  ? [10, 20, 30, x % 7 ? 255 : 0]
                  : [x & 255, rnd(), y & 255, (x * y) & 255];
          rgba.set(
            v.map((c) => c & 255),
            o,
          );
        }
      }
      images.push({ w, h, rgba });
    }
    const files = images.map((im, i) => {
      const f = join(dir, `${i}.png`);
      writeFileSync(
        f,
        encodePng(im.w, im.h, im.rgba, (d) => deflateSync(d)),
      );
      return f;
    });
    const out = JSON.parse(mpl(`print(json.dumps([np.asarray(Image.open(f).convert('RGBA')).tobytes().hex() + ':' + Image.open(f).mode for f in sys.argv[1:]]))`, files));
    images.forEach((im, i) => {
      const [hex, mode] = out[i].split(':');
      assert.equal(mode, 'RGBA');
      assert.equal(hex, Buffer.from(im.rgba).toString('hex'), `image ${i} (${im.w}×${im.h})`);
    });
  });

  it('computes the CRC-32 zlib does', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 255);
    if (typeof zlibCrc === 'function') assert.equal(crc32(bytes), zlibCrc(bytes));
    assert.equal(crc32(new TextEncoder().encode('IEND')), 0xae426082);
  });
});
