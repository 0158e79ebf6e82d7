// The pictures' pure math: viewport (fit, zoom about a point, pan, visible region, pixel size), ticks, domains.
import * as assert from 'assert';
import { elementAt, fitViewport, panBy, pixelSize, visibleRegion, zoomAt, clampViewport } from '../../../../webview/views/picture/viewport';
import { decadeTicks, niceTicks, tickText } from '../../../../webview/views/picture/ticks';
import { parseDomainText } from '../../../../webview/views/picture/widgets';
import { imageSpec } from '../../../../webview/views/picture/image';
import { lineDomain } from '../../../../webview/views/picture/line';
import { emptyRange } from '../../../../src/picture/geometry';
import { defaultView } from '../../../../src/npy/view';

describe('webview: picture math', () => {
  it('fits a view, keeps the element under the cursor when zooming, pans, and finds the visible region', () => {
    const vp = fitViewport(100, 200, 400, 400);
    assert.strictEqual(vp.scale, 2);
    assert.deepStrictEqual(visibleRegion(vp, 100, 200, 400, 400), { row0: 0, rows: 100, col0: 0, cols: 200 });
    const z = zoomAt(vp, 100, 150, 4, 0.1);
    assert.strictEqual(z.scale, 8);
    const before = elementAt(vp, 100, 150, 100, 200);
    assert.deepStrictEqual(elementAt(z, 100, 150, 100, 200), before);
    const r = visibleRegion(z, 100, 200, 400, 400)!;
    // 400 px at 8 px an element: 50 elements, 51 when the edges cut two of them.
    assert.ok(r.rows >= 50 && r.rows <= 51 && r.cols >= 50 && r.cols <= 51, `${r.rows} × ${r.cols}`);
    // One element per device pixel at most, however far in.
    assert.deepStrictEqual(pixelSize(r, z, 2), { width: r.cols, height: r.rows });
    assert.deepStrictEqual(pixelSize({ row0: 0, rows: 100000, col0: 0, cols: 100000 }, { scale: 0.004, x0: 0, y0: 0 }, 1), { width: 400, height: 400 });
    const huge = pixelSize({ row0: 0, rows: 1e6, col0: 0, cols: 1e6 }, { scale: 0.008, x0: 0, y0: 0 }, 2);
    assert.ok(huge.width * huge.height <= 1 << 23, `${huge.width} × ${huge.height}`);
    const p = panBy(z, 16, -8);
    assert.deepStrictEqual([p.x0, p.y0], [z.x0 - 2, z.y0 + 1]);
    // Panned far away: clamped so part of the view stays on the canvas.
    const far = clampViewport({ scale: 2, x0: 10000, y0: -10000 }, 100, 200, 400, 400);
    assert.ok(visibleRegion(far, 100, 200, 400, 400) !== null);
    assert.strictEqual(elementAt(vp, -1, 0, 100, 200), null);
  });

  it('makes nice ticks, decades and short labels; parses a typed domain', () => {
    assert.deepStrictEqual(niceTicks(0, 479.9), [0, 100, 200, 300, 400]);
    assert.deepStrictEqual(niceTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
    assert.deepStrictEqual(niceTicks(0.1, 0.35, 5), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    assert.deepStrictEqual(decadeTicks(0.05, 2000), [0.1, 1, 10, 100, 1000]);
    assert.deepStrictEqual([tickText(1234567), tickText(0.0001), tickText(0.25), tickText(0)], ['1.23e6', '1e-4', '0.25', '0']);
    assert.deepStrictEqual(parseDomainText(' -1, 2.5 '), [-1, 2.5]);
    assert.strictEqual(parseDomainText(''), null);
    assert.match(parseDomainText('2,1') as string, /above/);
    assert.match(parseDomainText('a,b') as string, /not lo,hi/);
  });

  it('moves an image off its channel axis and widens a one-value line domain', () => {
    const shape = [5n, 40n, 50n, 3n];
    const spec = imageSpec(defaultView(shape, false), shape);
    assert.deepStrictEqual([spec.rowAxis, spec.colAxis], [1, 2]);
    assert.deepStrictEqual(spec.axes[3], { kind: 'index', index: 0n });
    assert.deepStrictEqual(spec.axes[0], { kind: 'index', index: 0n });
    const r = { ...emptyRange(), min: 3, max: 3, positiveMin: 3 };
    assert.deepStrictEqual(lineDomain(r, false), [2.7, 3.3]);
    assert.deepStrictEqual(lineDomain(r, true), [0.3, 30]);
    assert.deepStrictEqual(lineDomain(emptyRange(), false), [0, 1]);
  });
});
