// A small PNG reader for tests: 8-bit greyscale, grey+alpha, RGB and RGBA, non-interlaced (what browsers and our
// writer produce), every filter. Returns RGBA bytes, so pictures from any of these encoders compare pixel for pixel.
import { inflateSync } from 'zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function isPng(bytes) {
  return bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** { width, height, rgba } of a PNG, or an Error thrown that says what it is not. */
export function readPng(bytes) {
  const buf = Buffer.from(bytes);
  if (!isPng(buf)) throw new Error('not a PNG (no signature)');
  let at = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat = [];
  while (at + 8 <= buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colorType = data[9];
      if (depth !== 8 || !(colorType in CHANNELS) || data[12] !== 0)
        throw new Error(`PNG of depth ${depth}, colour type ${colorType}, interlace ${data[12]}: not read here`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + len;
  }
  const n = CHANNELS[colorType];
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * n;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = px.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? px.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= n ? row[i - n] : 0;
      const b = up[i];
      const c = i >= n ? up[i - n] : 0;
      let p = 0;
      if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const q = a + b - c;
        const pa = Math.abs(q - a);
        const pb = Math.abs(q - b);
        const pc = Math.abs(q - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (f !== 0) throw new Error(`PNG row ${y} has filter ${f}`);
      row[i] = (src[i] + p) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = px.subarray(i * n, i * n + n);
    const [r, g, b, al] = n === 1 ? [s[0], s[0], s[0], 255] : n === 2 ? [s[0], s[0], s[0], s[1]] : n === 3 ? [s[0], s[1], s[2], 255] : s;
    rgba.set([r, g, b, al], i * 4);
  }
  return { width, height, rgba };
}
