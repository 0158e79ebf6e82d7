// CRC-32 as zip uses it (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320 reflected, init and final XOR 0xFFFFFFFF):
// the checksum a zip's directory gives for each member's uncompressed bytes.
import * as zlib from 'zlib';

type CrcFn = (data: Uint8Array, value?: number) => number;

/** zlib.crc32 exists from Node 20.15 / 22.2; VS Code's Electron may run an older Node, so a table fallback. */
const native: CrcFn | undefined = typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (zlib.crc32 as CrcFn) : undefined;

/** Slicing-by-8 tables: TABLES[k][b] is the CRC of byte b followed by k zero bytes. */
const TABLES: Uint32Array[] = [];
function tables(): Uint32Array[] {
  if (TABLES.length) return TABLES;
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  TABLES.push(t0);
  for (let k = 1; k < 8; k++) {
    const prev = TABLES[k - 1];
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (prev[n] >>> 8) ^ t0[prev[n] & 0xff];
    TABLES.push(t);
  }
  return TABLES;
}

/** The portable implementation (exported for tests: it must agree with zlib's). */
export function crc32Js(data: Uint8Array, value = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = tables();
  let c = ~value >>> 0;
  let i = 0;
  const n8 = data.length - (data.length % 8);
  for (; i < n8; i += 8) {
    const a = (c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
    c = t7[a & 0xff] ^ t6[(a >>> 8) & 0xff] ^ t5[(a >>> 16) & 0xff] ^ t4[a >>> 24] ^ t3[data[i + 4]] ^ t2[data[i + 5]] ^ t1[data[i + 6]] ^ t0[data[i + 7]];
  }
  for (; i < data.length; i++) c = t0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of `data`, continuing from `value` (the CRC of the bytes before it; 0 to start). */
export function crc32(data: Uint8Array, value = 0): number {
  return native ? native(data, value) >>> 0 : crc32Js(data, value);
}

export function crcHex(crc: number): string {
  return crc.toString(16).padStart(8, '0');
}
