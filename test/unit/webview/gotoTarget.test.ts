// Go to index: one integer per array axis or per shown axis, numpy's negative indices, out-of-range refused.
import * as assert from 'assert';
import type { ViewSpec } from '../../../src/npy/view';
import { gotoTarget } from '../../../webview/gotoTarget';

const shape = [4n, 5n, 6n];
// a[0, :, :]: rows = axis 1, columns = axis 2.
const view: ViewSpec = {
  axes: [
    { kind: 'index', index: 0n },
    { kind: 'range', start: 0n, step: 1n, count: 5n },
    { kind: 'range', start: 0n, step: 1n, count: 6n },
  ],
  rowAxis: 1,
  colAxis: 2,
};

describe('go to index: target', () => {
  it('one integer per array axis sets the other axes and gives the cell', () => {
    const g = gotoTarget([2n, 3n, 4n], shape, view, null);
    assert.ok(g.ok);
    assert.deepStrictEqual(g.view?.axes[0], { kind: 'index', index: 2n });
    assert.deepStrictEqual([g.row, g.col], [3n, 4n]);
  });

  it('negative indices count from the end, as numpy does', () => {
    const g = gotoTarget([-1n, -1n, -2n], shape, view, null);
    assert.ok(g.ok);
    assert.deepStrictEqual(g.view?.axes[0], { kind: 'index', index: 3n });
    assert.deepStrictEqual([g.row, g.col], [4n, 4n]);
  });

  it('an index out of range is refused in numpy words, never clamped', () => {
    assert.deepStrictEqual(gotoTarget([1n, 7n, 0n], shape, view, null), { ok: false, message: 'index 7 is out of bounds for axis 1 with size 5' });
    assert.deepStrictEqual(gotoTarget([-5n, 0n, 0n], shape, view, null), { ok: false, message: 'index -5 is out of bounds for axis 0 with size 4' });
    assert.deepStrictEqual(gotoTarget([9n], shape, view, null), { ok: false, message: 'index 9 is out of bounds for axis 1 with size 5' });
  });

  it('the shown axes alone keep the other indices; `_` keeps an index', () => {
    const g = gotoTarget([2n, -1n], shape, view, null);
    assert.deepStrictEqual(g, { ok: true, view: null, row: 2n, col: 5n });
    const k = gotoTarget([null, 1n, null], shape, view, null);
    assert.deepStrictEqual(k, { ok: true, view: null, row: 1n, col: null });
  });

  it('an index the slice leaves out shows the whole axis', () => {
    const stepped: ViewSpec = { ...view, axes: [view.axes[0], { kind: 'range', start: 0n, step: 2n, count: 3n }, view.axes[2]] };
    const g = gotoTarget([3n, 0n], shape, stepped, null);
    assert.ok(g.ok);
    assert.deepStrictEqual(g.view?.axes[1], { kind: 'range', start: 0n, step: 1n, count: 5n });
    assert.strictEqual(g.row, 3n);
  });

  it('records: the column is a field', () => {
    const rec: ViewSpec = { axes: [{ kind: 'range', start: 0n, step: 1n, count: 10n }], rowAxis: 0, colAxis: null };
    assert.deepStrictEqual(gotoTarget([4n, -1n], [10n], rec, 3n), { ok: true, view: null, row: 4n, col: 2n });
    assert.strictEqual(gotoTarget([4n, 3n], [10n], rec, 3n).ok, false);
  });
});
