// Shared by the picture tests: arrays numpy writes, views of them by slice text, and numpy's answers as float64
// files (JSON cannot carry NaN and ±inf).
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { FileSource } from '../../../src/npy/io/fileSource';
import { openArray } from '../../../src/npy/open';
import { parseSlice } from '../../../src/npy/slice';
import { resolveView, type ResolvedView } from '../../../src/npy/view';
import type { ByteSource } from '../../../src/npy/io/byteSource';
import { numericDecoder } from '../../../src/picture/decode';
import type { PictureSource } from '../../../src/picture/geometry';
import { resolveImageView } from '../../../src/picture/image';

export function numpy(code: string, args: string[] = []): string {
  return execFileSync('python3', ['-c', `import sys, json\nimport numpy as np\n${code}`, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

export function readF8(path: string): Float64Array {
  const b = readFileSync(path);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Same numbers, NaN equal to NaN, ±0 equal. */
export function sameNumber(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

export interface Opened {
  source: ByteSource;
  src: PictureSource;
  view: ResolvedView;
  close(): Promise<void>;
}

/** Open `path` and make the PictureSource of `slice` (a 2-D view; channels from the caller). */
export async function openView(path: string, slice: string, view?: (v: ResolvedView) => ResolvedView, channels = 1, channelStride = 0n): Promise<Opened> {
  const source = await FileSource.open(path);
  const o = await openArray(source);
  const h = o.header;
  let v = resolveView(h.shape, h.fortranOrder, h.dtype, parseSlice(slice, h.shape));
  if (view) v = view(v);
  const src: PictureSource = {
    source,
    decoder: numericDecoder(h.dtype),
    dataOffset: h.dataOffset,
    availableCount: o.availableCount,
    view: v,
    channels,
    channelStride,
  };
  return { source, src, view: v, close: () => source.close() };
}

/** Block boundaries the naive way: floor(i·n/out). */
export function naiveStarts(n: number, out: number): number[] {
  const k = Math.min(n, out);
  return Array.from({ length: k + 1 }, (_, i) => Math.floor((i * n) / k));
}

/** Open a picture case: a 2-D view by slice, or an image view (channels from the last axis). */
export async function openCase(path: string, slice: string, image = false): Promise<Opened> {
  if (!image) return openView(path, slice);
  const source = await FileSource.open(path);
  const o = await openArray(source);
  const h = o.header;
  const img = resolveImageView(h.shape, h.fortranOrder, h.dtype, slice);
  const src: PictureSource = {
    source,
    decoder: numericDecoder(h.dtype),
    dataOffset: h.dataOffset,
    availableCount: o.availableCount,
    view: img.view,
    channels: img.channels,
    channelStride: img.channelStride,
  };
  return { source, src, view: img.view, close: () => source.close() };
}
