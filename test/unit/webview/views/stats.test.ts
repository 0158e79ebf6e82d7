// The statistics view's pure parts: which dtypes it offers itself for, when the view is the whole array (one
// column), where an element of the array is in the table (argmin / argmax), and the histogram's bar heights.
import * as assert from 'assert';
import { coversArray } from '../../../../webview/views/stats';
import { viewShowingIndex } from '../../../../webview/views/stats/cellView';
import { barHeights } from '../../../../webview/views/stats/histogram';
import { hasComplex, hasNumbers } from '../../../../webview/views/stats/supports';
import type { Dtype } from '../../../../src/npy/types';
import type { ViewSpec } from '../../../../src/npy/view';

const scalar = (kind: string, itemsize = 8): Dtype => ({ type: 'scalar', kind: kind as 'f', byteOrder: '<', itemsize });
const range = (start: bigint, step: bigint, count: bigint) => ({ kind: 'range' as const, start, step, count });
const index = (i: bigint) => ({ kind: 'index' as const, index: i });

describe('webview statistics view', () => {
  it('offers itself for numbers, complex, datetimes and records with a numeric field; not for strings or objects', () => {
    for (const k of ['b', 'i', 'u', 'f', 'c', 'M', 'm']) assert.ok(hasNumbers(scalar(k)), k);
    for (const k of ['S', 'U', 'V', 'O']) assert.ok(!hasNumbers(scalar(k)), k);
    const rec: Dtype = {
      type: 'struct',
      itemsize: 12,
      fields: [
        { name: 'name', offset: 0, dtype: scalar('S', 4) },
        { name: 'v', offset: 4, dtype: { type: 'subarray', base: scalar('c', 8), shape: [1], itemsize: 8 } },
      ],
    };
    assert.ok(hasNumbers(rec));
    assert.ok(hasComplex(rec));
    assert.ok(!hasNumbers({ type: 'struct', itemsize: 4, fields: [{ name: 'name', offset: 0, dtype: scalar('U', 4) }] }));
    assert.ok(!hasComplex(scalar('f')));
  });

  it('a view that shows every axis whole is the whole array (transposed too); a fixed index of a longer axis is not', () => {
    const shape = [4n, 5n];
    assert.ok(coversArray({ axes: [range(0n, 1n, 4n), range(0n, 1n, 5n)], rowAxis: 1, colAxis: 0 }, shape));
    assert.ok(!coversArray({ axes: [range(0n, 1n, 4n), range(0n, 2n, 3n)], rowAxis: 0, colAxis: 1 }, shape));
    assert.ok(!coversArray({ axes: [index(0n), range(0n, 1n, 5n)], rowAxis: 1, colAxis: null }, shape));
    assert.ok(coversArray({ axes: [index(0n), range(0n, 1n, 5n)], rowAxis: 1, colAxis: null }, [1n, 5n]));
  });

  it('finds an element of the array in the table: the same view when it shows it, else fixed axes moved and stepped axes whole', () => {
    const shape = [6n, 400n, 30n];
    const v: ViewSpec = { axes: [index(0n), range(0n, 2n, 200n), range(29n, -1n, 30n)], rowAxis: 1, colAxis: 2 };
    // (0, 10, 4): row 5 of the ::2 rows, column 25 of the reversed columns; nothing changes.
    let at = viewShowingIndex(v, shape, [0n, 10n, 4n]);
    assert.deepStrictEqual(at.view, v);
    assert.strictEqual(at.row, 5n);
    assert.strictEqual(at.col, 25n);
    // (4, 301, 29): axis 0 goes to 4; row 301 is stepped over, so the rows become the whole axis.
    at = viewShowingIndex(v, shape, [4n, 301n, 29n]);
    assert.deepStrictEqual(at.view.axes, [index(4n), range(0n, 1n, 400n), v.axes[2]]);
    assert.strictEqual(at.row, 301n);
    assert.strictEqual(at.col, 0n);
    // Transposed views keep rows and columns where they are.
    at = viewShowingIndex({ axes: [range(0n, 1n, 3n), range(0n, 1n, 4n)], rowAxis: 1, colAxis: 0 }, [3n, 4n], [2n, 1n]);
    assert.strictEqual(at.row, 1n);
    assert.strictEqual(at.col, 2n);
    // 0-d: nothing to move.
    at = viewShowingIndex({ axes: [], rowAxis: null, colAxis: null }, [], []);
    assert.strictEqual(at.row, 0n);
    assert.strictEqual(at.col, null);
  });

  it('bar heights are relative to the tallest bin, or its log; empty bins stay empty', () => {
    assert.deepStrictEqual(barHeights([0n, 5n, 10n], false), [0, 0.5, 1]);
    const log = barHeights([0n, 9n, 99n], true);
    assert.strictEqual(log[0], 0);
    assert.strictEqual(log[2], 1);
    assert.ok(Math.abs(log[1] - 0.5) < 1e-12, String(log[1]));
    assert.deepStrictEqual(barHeights([0n, 0n], true), [0, 0]);
  });
});
