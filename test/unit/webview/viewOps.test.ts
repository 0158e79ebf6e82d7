// Pure edits of a ViewSpec (the shared N-D controls) and carrying a view over to a new shape (reload).
import * as assert from 'assert';
import { adaptView, logicalFromAxisIndex, setColAxis, setIndex, setRowAxis } from '../../../webview/viewOps';
import { defaultView } from '../../../src/npy/view';

const BILLION = 1_000_000_000n;

describe('grid: view edits', () => {
  const shape = [3n, 4n, 5n];
  const v0 = defaultView(shape, false);

  it('picks rows and columns, swapping when they collide', () => {
    const a = setRowAxis(v0, shape, 0);
    assert.strictEqual(a.rowAxis, 0);
    assert.strictEqual(a.colAxis, 2);
    assert.deepStrictEqual(a.axes[1], { kind: 'index', index: 0n });
    assert.deepStrictEqual(a.axes[0], { kind: 'range', start: 0n, step: 1n, count: 3n });
    const b = setRowAxis(v0, shape, 2);
    assert.strictEqual(b.rowAxis, 2);
    assert.strictEqual(b.colAxis, 1);
    const c = setColAxis(v0, shape, null);
    assert.strictEqual(c.colAxis, null);
    assert.deepStrictEqual(c.axes[2], { kind: 'index', index: 0n });
    const d = setColAxis(v0, shape, 0);
    assert.strictEqual(d.colAxis, 0);
    assert.deepStrictEqual(d.axes[2], { kind: 'index', index: 0n });
  });

  it('index steps clamp and wrap negatives', () => {
    assert.deepStrictEqual(setIndex(v0, shape, 0, 7n).axes[0], { kind: 'index', index: 2n });
    assert.deepStrictEqual(setIndex(v0, shape, 0, -1n).axes[0], { kind: 'index', index: 2n });
    assert.deepStrictEqual(setIndex(v0, shape, 0, -9n).axes[0], { kind: 'index', index: 0n });
  });

  it('axis index → logical row', () => {
    const sel = { kind: 'range' as const, start: 10n, step: 2n, count: 20n };
    assert.strictEqual(logicalFromAxisIndex(sel, 100n, 14n), 2n);
    assert.strictEqual(logicalFromAxisIndex(sel, 100n, 15n), 2n);
    assert.strictEqual(logicalFromAxisIndex(sel, 100n, 0n), 0n);
    assert.strictEqual(logicalFromAxisIndex(sel, 100n, -1n), 19n);
    const full = { kind: 'range' as const, start: 0n, step: 1n, count: BILLION };
    assert.strictEqual(logicalFromAxisIndex(full, BILLION, -1n), BILLION - 1n);
    const rev = { kind: 'range' as const, start: 9n, step: -1n, count: 10n };
    assert.strictEqual(logicalFromAxisIndex(rev, 10n, 0n), 9n);
  });
});

describe('view after the file changes shape', () => {
  const r = (start: bigint, step: bigint, count: bigint) => ({ kind: 'range' as const, start, step, count });
  it('keeps whole axes whole, so appended rows and columns appear', () => {
    const v = { axes: [r(0n, 1n, 3n), r(0n, 1n, 4n)], rowAxis: 0, colAxis: 1 };
    assert.deepEqual(adaptView(v, [3n, 4n], [4n, 5n]), { axes: [r(0n, 1n, 4n), r(0n, 1n, 5n)], rowAxis: 0, colAxis: 1 });
  });
  it('keeps partial slices that still fit and trims those that do not', () => {
    const v = { axes: [r(1n, 2n, 4n), { kind: 'index' as const, index: 7n }, r(0n, 1n, 5n)], rowAxis: 0, colAxis: 2 };
    const got = adaptView(v, [10n, 8n, 5n], [6n, 3n, 5n])!;
    assert.deepEqual(got.axes[0], r(1n, 2n, 3n));
    assert.deepEqual(got.axes[1], { kind: 'index', index: 2n });
    assert.deepEqual(got.axes[2], r(0n, 1n, 5n));
  });
  it('gives up when the number of axes changed', () => {
    assert.equal(adaptView({ axes: [r(0n, 1n, 3n)], rowAxis: 0, colAxis: null }, [3n], [3n, 2n]), null);
  });
});
