// The histogram view's layout (bars, the bin under a point, ticks) and the heatmap viewport's fill aspect and box
// zoom: pure math the views and their tests share.
import assert from 'assert';
import { barSpan, binAt, countTicks, plotArea } from '../../../../webview/views/histogram/layout';
import { binText } from '../../../../webview/views/histogram';
import { boxViewport, elementAt, fitViewport, rowScale, visibleRegion, zoomAt } from '../../../../webview/views/picture/viewport';

describe('histogram layout', () => {
  const p = plotArea(576, 334);

  it('bars tile the plot evenly and the bin under a point is the bar drawn there', () => {
    assert.deepStrictEqual(p, { left: 64, top: 10, width: 500, height: 300 });
    assert.deepStrictEqual(barSpan(p, 0, 10), [64, 114]);
    assert.deepStrictEqual(barSpan(p, 9, 10), [514, 564]);
    for (let i = 0; i < 7; i++) {
      const [x0, x1] = barSpan(p, i, 7);
      assert.strictEqual(binAt(p, 7, x0, 100), i);
      assert.strictEqual(binAt(p, 7, (x0 + x1) / 2, 309), i);
      assert.strictEqual(binAt(p, 7, x1 - 1e-9, 11), i);
    }
    assert.strictEqual(binAt(p, 7, 63.9, 100), -1, 'left of the plot');
    assert.strictEqual(binAt(p, 7, 564, 100), -1, 'right of the plot');
    assert.strictEqual(binAt(p, 7, 100, 311), -1, 'below the axis');
  });

  it("counts' ticks: nice integers from 0, decades on the log axis", () => {
    assert.deepStrictEqual(
      countTicks(1600, false).map((t) => t.value),
      [0, 500, 1000, 1500],
    );
    const log = countTicks(12987, true);
    assert.deepStrictEqual(
      log.map((t) => t.value),
      [0, 1, 10, 100, 1000, 10000],
    );
    assert.strictEqual(log[0].t, 0);
    assert.ok(log.every((t, i) => i === 0 || t.t > log[i - 1].t));
    assert.deepStrictEqual(countTicks(0, false), [{ value: 0, t: 0 }]);
  });

  it("a bin's text is numpy's edges, half-open but the last, and its count", () => {
    const h = { edges: ['0.0', '0.5', '1.0'], edgeValues: [0, 0.5, 1], counts: ['3', '4'], widened: false };
    assert.strictEqual(binText(h, 0), '[0.0, 0.5) 3');
    assert.strictEqual(binText(h, 1), '[0.5, 1.0] 4');
  });
});

describe('picture viewport: fill aspect and box zoom', () => {
  it('fill spans the canvas both ways; zoom and the element under a point keep the stretch', () => {
    const vp = fitViewport(200, 100, 800, 400, true);
    assert.strictEqual(vp.scale, 8);
    assert.strictEqual(rowScale(vp), 2);
    assert.deepStrictEqual(visibleRegion(vp, 200, 100, 800, 400), { row0: 0, rows: 200, col0: 0, cols: 100 });
    assert.deepStrictEqual(elementAt(vp, 799, 399, 200, 100), { row: 199, col: 99 });
    const z = zoomAt(vp, 400, 200, 2, 0.1);
    assert.strictEqual(rowScale(z), 4);
    assert.deepStrictEqual(elementAt(z, 400, 200, 200, 100), elementAt(vp, 400, 200, 200, 100), 'the element under the cursor stays');
  });

  it('a box zooms so its elements fill the canvas, centred (square elements, or stretched for fill)', () => {
    const vp = { scale: 2, x0: 0, y0: 0 };
    // Canvas points (20, 40)–(60, 60): columns 10..30, rows 20..30.
    const eq = boxViewport(vp, 60, 60, 20, 40, 400, 400, false);
    assert.strictEqual(eq.scale, 20);
    assert.deepStrictEqual(visibleRegion(eq, 1000, 1000, 400, 400), { row0: 15, rows: 20, col0: 10, cols: 20 });
    const fill = boxViewport({ ...vp, stretch: 1 }, 20, 40, 60, 60, 400, 400, true);
    assert.strictEqual(fill.scale, 20);
    assert.strictEqual(rowScale(fill), 40);
    assert.deepStrictEqual(visibleRegion(fill, 1000, 1000, 400, 400), { row0: 20, rows: 10, col0: 10, cols: 20 });
  });
});
