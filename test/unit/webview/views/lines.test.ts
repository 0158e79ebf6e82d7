// The line plot's extra-rows box and the heatmap's visible-region range: pure functions the views use.
import assert from 'assert';
import { hexColor, MAX_LINES, parseRows } from '../../../../webview/views/picture/lines';
import { visibleRange } from '../../../../webview/views/picture/visibleRange';
import type { Pic } from '../../../../webview/views/picture/picture';
import { emptyRange } from '../../../../src/picture/geometry';

describe('line plot: more rows', () => {
  it('reads comma or space separated rows, dropping duplicates and the first line', () => {
    assert.deepStrictEqual(parseRows('0, 3 7,3', 10, 0), [3, 7]);
    assert.deepStrictEqual(parseRows('  ', 10, 0), []);
  });

  it('refuses what is not a row of the view, and more than the lines allowed', () => {
    assert.strictEqual(parseRows('3, 10', 10, 0), null);
    assert.strictEqual(parseRows('-1', 10, 0), null);
    assert.strictEqual(parseRows('2.5', 10, 0), null);
    const rows = Array.from({ length: MAX_LINES }, (_, i) => i + 1);
    assert.strictEqual(parseRows(rows.join(','), 100, 0), null);
    assert.deepStrictEqual(parseRows(rows.slice(0, MAX_LINES - 1).join(','), 100, 0), rows.slice(0, MAX_LINES - 1));
  });

  it('theme colours: #rrggbb[aa], else the fallback', () => {
    assert.deepStrictEqual(hexColor(' #ff8000 ', [1, 2, 3, 4]), [255, 128, 0, 255]);
    assert.deepStrictEqual(hexColor('#ff800080', [1, 2, 3, 4]), [255, 128, 0, 128]);
    assert.deepStrictEqual(hexColor('red', [1, 2, 3, 4]), [1, 2, 3, 4]);
  });
});

describe('heatmap: the visible region range', () => {
  // A 6 × 8 picture of rows 10.. and columns 20.. at 2 elements per pixel: value = y·10 + x, NaN at (1, 1).
  const values = new Float64Array(6 * 8).map((_, i) => Math.floor(i / 8) * 10 + (i % 8));
  values[1 * 8 + 1] = NaN;
  const pic: Pic = { row0: 10, rows: 12, col0: 20, cols: 16, block: 2, width: 8, height: 6, channels: 1, values, level: 'exact', range: emptyRange() };

  it('takes the pixels that meet the region, NaN counted apart', () => {
    // Rows 13..16 → pixels y 1..3; columns 21..24 → pixels x 0..2.
    const r = visibleRange(pic, { row0: 13, rows: 4, col0: 21, cols: 4 });
    assert.deepStrictEqual([r.min, r.max, r.count, r.nan], [10, 32, 9, 1]);
  });

  it('clips a region wider than the picture', () => {
    const r = visibleRange(pic, { row0: 0, rows: 100, col0: 0, cols: 100 });
    assert.deepStrictEqual([r.min, r.max, r.count], [0, 57, 48]);
  });
});
