// The value under the cursor as numpy prints it: the element's bytes come from the host with the grid's own tile
// request and are formatted by the engine's numpy formatter (str()), so the text is exact for every dtype, which
// a picture's float64 values are not (int64 beyond 2^53, float32's shortest repr, long double …).
import { formatScalar } from '../../../src/npy/format';
import type { Dtype } from '../../../src/npy/types';
import type { ViewSpec } from '../../../src/npy/view';
import { viewToWire } from '../../../src/shared/protocol';
import type { RequestChannel } from '../../hostChannel';

/** The array index of logical cell (row, col) of a view, e.g. [3, 12, 7]; `skipLast` leaves out a channel axis. */
export function arrayIndex(spec: ViewSpec, row: number, col: number, skipLast = false): bigint[] {
  const n = spec.axes.length - (skipLast ? 1 : 0);
  const out: bigint[] = [];
  for (let a = 0; a < n; a++) {
    const s = spec.axes[a];
    if (s.kind === 'index') out.push(s.index);
    else if (a === spec.rowAxis) out.push(s.start + s.step * BigInt(row));
    else if (a === spec.colAxis) out.push(s.start + s.step * BigInt(col));
    else out.push(s.start);
  }
  return out;
}

export function indexText(index: readonly bigint[]): string {
  return `[${index.join(', ')}]`;
}

/**
 * numpy's str() of the elements at `index` (one per entry of the last axis when `lastAxis`, as numpy prints
 * a[r, c] of an RGB image: `[12 34 56]`), or `missing` text for elements past the end of a truncated file.
 */
export async function elementText(
  channel: RequestChannel,
  generation: number,
  dtype: Dtype,
  index: readonly bigint[],
  lastAxis: { size: bigint } | null,
  missingText: string,
): Promise<string> {
  if (dtype.type !== 'scalar') return '';
  const axes: ViewSpec['axes'] = index.map((i) => ({ kind: 'index', index: i }));
  let spec: ViewSpec;
  let count = 1;
  if (lastAxis) {
    axes.push({ kind: 'range', start: 0n, step: 1n, count: lastAxis.size });
    spec = { axes, rowAxis: axes.length - 1, colAxis: null };
    count = Number(lastAxis.size);
  } else {
    // A view of one element: its first axis as a one-row range.
    axes[0] = { kind: 'range', start: index[0], step: 1n, count: 1n };
    spec = { axes, rowAxis: 0, colAxis: null };
  }
  const reply = await channel.request({ type: 'tile', generation, view: viewToWire(spec), rect: { row0: '0', rows: count, col0: '0', cols: 1 } });
  const view = new DataView(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
  const parts: string[] = [];
  for (let k = 0; k < count; k++) {
    parts.push(reply.missing.includes(k) ? missingText : formatScalar(dtype, view, k * reply.cellSize, 'str'));
  }
  if (!lastAxis) return parts[0];
  // numpy pads the entries of an array to one width (right-aligned for numbers).
  const width = Math.max(...parts.map((p) => p.length));
  return `[${parts.map((p) => p.padStart(width)).join(' ')}]`;
}
