import assert from 'node:assert/strict';
import { MemorySource } from '../../../../src/npy/io/byteSource';
import { planTile, planElements, readTile, DEFAULT_MERGE_GAP } from '../../../../src/npy/read/planner';
import { resolveView, defaultView, elementStrides, type ViewSpec } from '../../../../src/npy/view';
import type { ScalarDtype, StructDtype } from '../../../../src/npy/types';
import { FileSource } from '../../../../src/npy/io/fileSource';
import { mkdtempSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tmpdir } from 'os';

const i4: ScalarDtype = { type: 'scalar', kind: 'i', byteOrder: '<', itemsize: 4 };

/** A fake file whose element at file position p holds the int32 p, after a 16-byte preamble. */
function arangeFile(count: number, dataOffset = 16): MemorySource {
  const bytes = new Uint8Array(dataOffset + count * 4);
  const dv = new DataView(bytes.buffer);
  for (let p = 0; p < count; p++) dv.setInt32(dataOffset + p * 4, p, true);
  return new MemorySource(bytes);
}

/** Logical multi-index → file position for a C or Fortran array. */
function filePos(shape: number[], fortran: boolean, idx: number[]): number {
  const strides = elementStrides(shape.map(BigInt), fortran).map(Number);
  return idx.reduce((acc, i, k) => acc + i * strides[k], 0);
}

async function tileValues(shape: number[], fortran: boolean, view: ViewSpec, rect: { row0: number; rows: number; col0: number; cols: number }, available?: number) {
  const count = shape.reduce((a, b) => a * b, 1);
  const source = arangeFile(count);
  const resolved = resolveView(shape.map(BigInt), fortran, i4, view);
  const plan = planTile(
    { view: resolved, itemsize: 4, dataOffset: 16n, availableCount: BigInt(available ?? count) },
    { row0: BigInt(rect.row0), rows: rect.rows, col0: BigInt(rect.col0), cols: rect.cols },
  );
  const tile = await readTile(source, plan);
  const dv = new DataView(tile.bytes.buffer);
  const out: (number | null)[][] = [];
  for (let r = 0; r < tile.rows; r++) {
    const row: (number | null)[] = [];
    for (let c = 0; c < tile.cellsPerRow; c++) {
      const i = r * tile.cellsPerRow + c;
      row.push(tile.missing.includes(i) ? null : dv.getInt32(i * 4, true));
    }
    out.push(row);
  }
  return { out, plan };
}

const range = (start: number, step: number, count: number) => ({ kind: 'range' as const, start: BigInt(start), step: BigInt(step), count: BigInt(count) });
const index = (i: number) => ({ kind: 'index' as const, index: BigInt(i) });

describe('tile planner', () => {
  for (const fortran of [false, true]) {
    it(`reads a 2-D tile of a 3-D ${fortran ? 'Fortran' : 'C'} array with a fixed axis`, async () => {
      const shape = [4, 5, 6];
      const view: ViewSpec = { axes: [index(2), range(0, 1, 5), range(0, 1, 6)], rowAxis: 1, colAxis: 2 };
      const { out } = await tileValues(shape, fortran, view, { row0: 1, rows: 3, col0: 2, cols: 4 });
      const expected = [1, 2, 3].map((r) => [2, 3, 4, 5].map((c) => filePos(shape, fortran, [2, r, c])));
      assert.deepEqual(out, expected);
    });

    it(`handles swapped axes, steps and negative steps (${fortran ? 'F' : 'C'})`, async () => {
      const shape = [4, 5, 6];
      // a[::-1, 3, ::2] shown with columns = axis 0, rows = axis 2
      const view: ViewSpec = { axes: [range(3, -1, 4), index(3), range(0, 2, 3)], rowAxis: 2, colAxis: 0 };
      const { out } = await tileValues(shape, fortran, view, { row0: 0, rows: 3, col0: 0, cols: 4 });
      const expected = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => filePos(shape, fortran, [3 - c, 3, 2 * r])));
      assert.deepEqual(out, expected);
    });
  }

  it('clips rectangles that run past the view', async () => {
    const view = defaultView([3n, 4n], false);
    const { out } = await tileValues([3, 4], false, view, { row0: 2, rows: 10, col0: 3, cols: 10 });
    assert.deepEqual(out, [[11]]);
  });

  it('merges near-adjacent cells into one read and splits far ones', () => {
    const resolved = resolveView([1000n, 1000n], false, i4, defaultView([1000n, 1000n], false));
    const plan = planTile({ view: resolved, itemsize: 4, dataOffset: 128n, availableCount: 1000000n }, { row0: 0n, rows: 4, col0: 0n, cols: 64 });
    // Row gap is (1000 - 64) * 4 bytes < 4096: the four rows are read in one segment.
    assert.equal(plan.segments.length, 1);
    assert.equal(plan.segments[0].position, 128n);
    const far = resolveView([10n, 100000n], false, i4, defaultView([10n, 100000n], false));
    const split = planTile({ view: far, itemsize: 4, dataOffset: 128n, availableCount: 1000000n }, { row0: 0n, rows: 4, col0: 0n, cols: 64 });
    assert.equal(split.segments.length, 4);
    assert.ok(split.bufferLength === 4 * 64 * 4);
    assert.ok(DEFAULT_MERGE_GAP > 0);
  });

  it('never reads more than the cells plus bounded gaps', () => {
    const shape = [1000n, 1000n];
    const resolved = resolveView(shape, true, i4, defaultView(shape, false));
    const plan = planTile({ view: resolved, itemsize: 4, dataOffset: 128n, availableCount: 1000000n }, { row0: 0n, rows: 256, col0: 0n, cols: 64 });
    assert.ok(plan.bufferLength <= 256 * 64 * 4 + 64 * DEFAULT_MERGE_GAP);
  });

  it('marks cells past the end of a truncated file as missing', async () => {
    const view = defaultView([3n, 4n], false);
    const { out } = await tileValues([3, 4], false, view, { row0: 0, rows: 3, col0: 0, cols: 4 }, 6);
    assert.deepEqual(out, [
      [0, 1, 2, 3],
      [4, 5, null, null],
      [null, null, null, null],
    ]);
  });

  it('addresses elements of a 10^9-row array without loss', () => {
    const shape = [1000000000n, 3n];
    const resolved = resolveView(shape, false, i4, defaultView(shape, false));
    const plan = planTile({ view: resolved, itemsize: 4, dataOffset: 128n, availableCount: 3000000000n }, { row0: 999999999n, rows: 1, col0: 0n, cols: 3 });
    assert.equal(plan.segments[0].position, 128n + 999999999n * 12n);
  });

  it('gives structured arrays whole records, one per row', () => {
    const rec: StructDtype = {
      type: 'struct',
      itemsize: 12,
      fields: [
        { name: 'x', offset: 0, dtype: { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 4 } },
        { name: 'id', offset: 4, dtype: { type: 'scalar', kind: 'u', byteOrder: '<', itemsize: 8 } },
      ],
    };
    const resolved = resolveView([10n], false, rec, defaultView([10n], true));
    assert.equal(resolved.cols, 2n);
    assert.deepEqual(
      resolved.leaves!.slice(0n, resolved.leaves!.count).map((l) => [l.label, l.offset]),
      [
        ['x', 0],
        ['id', 4],
      ],
    );
    const plan = planTile({ view: resolved, itemsize: 12, dataOffset: 64n, availableCount: 10n }, { row0: 2n, rows: 3, col0: 0n, cols: 2 });
    assert.equal(plan.cellsPerRow, 1);
    assert.equal(plan.segments[0].position, 64n + 24n);
    assert.equal(plan.bufferLength, 36);
  });

  it('reads only the bytes of the visible fields of a 2 GiB record (a u1 sub-array of 2^31 - 1 elements)', () => {
    const rec: StructDtype = {
      type: 'struct',
      itemsize: 2147483647,
      fields: [
        {
          name: 'a',
          offset: 0,
          dtype: { type: 'subarray', base: { type: 'scalar', kind: 'u', byteOrder: '|', itemsize: 1 }, shape: [2147483647], itemsize: 2147483647 },
        },
      ],
    };
    const resolved = resolveView([1n], false, rec, defaultView([1n], true));
    assert.equal(resolved.cols, 2147483647n);
    assert.deepEqual(resolved.leaves!.at(2147483646n), { label: 'a[2147483646]', offset: 2147483646, dtype: { type: 'scalar', kind: 'u', byteOrder: '|', itemsize: 1 } });
    const plan = planTile({ view: resolved, itemsize: 2147483647, dataOffset: 128n, availableCount: 1n }, { row0: 0n, rows: 1, col0: 2147483600n, cols: 40 });
    assert.equal(plan.cellSize, 40);
    assert.equal(plan.cellOffset, 2147483600);
    assert.deepEqual(plan.segments, [{ position: 128n + 2147483600n, length: 40, bufferOffset: 0 }]);
  });

  it('counts and labels nested records and sub-arrays without listing them', () => {
    const f4 = { type: 'scalar' as const, kind: 'f' as const, byteOrder: '<' as const, itemsize: 4 };
    const inner: StructDtype = {
      type: 'struct',
      itemsize: 8,
      fields: [
        { name: 'u', offset: 0, dtype: f4 },
        { name: 'v', offset: 4, dtype: f4 },
      ],
    };
    const rec: StructDtype = {
      type: 'struct',
      itemsize: 4 + 3 * 2 * 8,
      fields: [
        { name: 'x', offset: 0, dtype: f4 },
        { name: 'p', offset: 4, dtype: { type: 'subarray', base: inner, shape: [3, 2], itemsize: 48 } },
      ],
    };
    const leaves = resolveView([2n], false, rec, defaultView([2n], true)).leaves!;
    assert.equal(leaves.count, 13n);
    assert.deepEqual(
      leaves.slice(0n, 13n).map((l) => [l.label, l.offset]),
      [
        ['x', 0],
        ['p[0,0].u', 4],
        ['p[0,0].v', 8],
        ['p[0,1].u', 12],
        ['p[0,1].v', 16],
        ['p[1,0].u', 20],
        ['p[1,0].v', 24],
        ['p[1,1].u', 28],
        ['p[1,1].v', 32],
        ['p[2,0].u', 36],
        ['p[2,0].v', 40],
        ['p[2,1].u', 44],
        ['p[2,1].v', 48],
      ],
    );
    assert.deepEqual(leaves.span(3n, 4), { start: 12, end: 28 });
  });

  it('plans arbitrary element lists in the order given', async () => {
    const source = arangeFile(100);
    const plan = planElements({ itemsize: 4, dataOffset: 16n, availableCount: 100n }, [50n, 3n, 99n, 4n]);
    const tile = await readTile(source, plan);
    const dv = new DataView(tile.bytes.buffer);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => dv.getInt32(i * 4, true)),
      [50, 3, 99, 4],
    );
  });

  it('reads interleaved strides (overlapping lines) through the sorting path', async () => {
    const source = arangeFile(100);
    // Hand-made view: rows step 2 elements, columns step 3 — lines overlap in the file.
    const view = { rows: 4n, cols: 3n, base: 5n, rowStride: 2n, colStride: 3n, leaves: null };
    const plan = planTile({ view, itemsize: 4, dataOffset: 16n, availableCount: 100n }, { row0: 0n, rows: 4, col0: 0n, cols: 3 });
    const tile = await readTile(source, plan);
    const dv = new DataView(tile.bytes.buffer);
    const got = Array.from({ length: 12 }, (_, i) => dv.getInt32(i * 4, true));
    assert.deepEqual(got, [5, 8, 11, 7, 10, 13, 9, 12, 15, 11, 14, 17]);
  });

  it('reads a tile through the worker batch reader of a real file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'npy-plan-')), 'a.bin');
    const bytes = new Uint8Array(16 + 1000 * 4);
    const dv = new DataView(bytes.buffer);
    for (let p = 0; p < 1000; p++) dv.setInt32(16 + p * 4, p, true);
    writeFileSync(path, bytes);
    const source = await FileSource.open(path);
    try {
      const shape = [10n, 100n];
      const resolved = resolveView(shape, false, i4, defaultView(shape, false));
      const plan = planTile({ view: resolved, itemsize: 4, dataOffset: 16n, availableCount: 1000n }, { row0: 8n, rows: 5, col0: 98n, cols: 5 }, 0);
      assert.equal(plan.segments.length, 2);
      const tile = await readTile(source, plan);
      const tv = new DataView(tile.bytes.buffer);
      assert.deepEqual(
        Array.from({ length: 4 }, (_, i) => tv.getInt32(i * 4, true)),
        [898, 899, 998, 999],
      );
    } finally {
      await source.close();
    }
  });

  it('rejects views outside the shape', () => {
    assert.throws(() => resolveView([3n, 4n], false, i4, { axes: [range(0, 1, 3), range(0, 1, 5)], rowAxis: 0, colAxis: 1 }), /outside/);
    assert.throws(() => resolveView([3n, 4n, 5n], false, i4, { axes: [index(3), range(0, 1, 4), range(0, 1, 5)], rowAxis: 1, colAxis: 2 }), /out of bounds/);
    assert.throws(() => resolveView([3n, 4n], false, i4, { axes: [range(0, 0, 3), range(0, 1, 4)], rowAxis: 0, colAxis: 1 }), /zero/);
  });
});
