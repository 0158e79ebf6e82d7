// A small PNG writer: 8-bit RGBA, non-interlaced, one IDAT stream. Each row takes the filter (None, Sub, Up or
// Paeth) with the smallest sum of absolute differences, libpng's heuristic. No import: the caller passes a zlib
// deflate (Node's `zlib.deflateSync` in the CLI), so this module also bundles for the webview.

export type Deflate = (data: Uint8Array) => Uint8Array;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filtered scanlines: each row a filter byte then the filtered bytes. */
export function filterRows(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const stride = width * 4;
  const out = new Uint8Array(height * (stride + 1));
  const cand = [new Uint8Array(stride), new Uint8Array(stride), new Uint8Array(stride), new Uint8Array(stride)];
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prev = y > 0 ? row - stride : -1;
    const sums = [0, 0, 0, 0];
    for (let i = 0; i < stride; i++) {
      const x = rgba[row + i];
      const a = i >= 4 ? rgba[row + i - 4] : 0;
      const b = prev >= 0 ? rgba[prev + i] : 0;
      const c = prev >= 0 && i >= 4 ? rgba[prev + i - 4] : 0;
      const f0 = x;
      const f1 = (x - a) & 0xff;
      const f2 = (x - b) & 0xff;
      const f3 = (x - paeth(a, b, c)) & 0xff;
      cand[0][i] = f0;
      cand[1][i] = f1;
      cand[2][i] = f2;
      cand[3][i] = f3;
      // Bytes as signed values, as libpng sums them.
      sums[0] += f0 < 128 ? f0 : 256 - f0;
      sums[1] += f1 < 128 ? f1 : 256 - f1;
      sums[2] += f2 < 128 ? f2 : 256 - f2;
      sums[3] += f3 < 128 ? f3 : 256 - f3;
    }
    let best = 0;
    for (let f = 1; f < 4; f++) if (sums[f] < sums[best]) best = f;
    const at = y * (stride + 1);
    out[at] = best === 3 ? 4 : best;
    out.set(cand[best], at + 1);
  }
  return out;
}

/** PNG file bytes of an RGBA8 image (`rgba.length === width · height · 4`). */
export function encodePng(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray, deflate: Deflate): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new RangeError(`PNG size ${width} × ${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError(`RGBA data of ${rgba.length} bytes for ${width} × ${height}`);
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const idat = deflate(filterRows(width, height, rgba));
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  // IDAT chunks of at most 1 GiB (a chunk's length field is 31 bits).
  const MAX = 1 << 30;
  for (let at = 0; at < idat.length || at === 0; at += MAX) {
    parts.push(chunk('IDAT', idat.subarray(at, Math.min(idat.length, at + MAX))));
    if (idat.length === 0) break;
  }
  parts.push(chunk('IEND', new Uint8Array(0)));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
