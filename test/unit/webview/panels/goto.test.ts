// The go-to box's text: the shared index-text parser plus the webview's own extras.
import * as assert from 'assert';
import { parseGoto } from '../../../../webview/panels/goto';
import { parseIndexText } from '../../../../src/shared/indexText';

describe('go-to text', () => {
  it('row, or row and column; negative from the end', () => {
    assert.deepStrictEqual(parseGoto('999999999'), { row: 999_999_999n, col: null });
    assert.deepStrictEqual(parseGoto(' 5, -1 '), { row: 5n, col: -1n });
    assert.deepStrictEqual(parseGoto('[3 4]'), { row: 3n, col: 4n });
    assert.deepStrictEqual(parseGoto('1_000, 2'), { row: 1000n, col: 2n });
    assert.strictEqual(parseGoto(''), null);
    assert.strictEqual(parseGoto('x'), null);
    assert.strictEqual(parseGoto('1, 2, 3'), null);
  });

  it("accepts what the host's Go to Index accepts", () => {
    for (const text of ['5', '(5, -2)', '[12][3]', '  7 ,  8 ']) {
      const shared = parseIndexText(text)!;
      const g = parseGoto(text)!;
      assert.deepStrictEqual([g.row, g.col].filter((x) => x !== null).map(String), shared, text);
    }
  });

  it('`_` or `*` keeps the current row or column; `;` separates; digits group with `_`', () => {
    assert.deepStrictEqual(parseGoto('_, 5'), { row: null, col: 5n });
    assert.deepStrictEqual(parseGoto('7 *'), { row: 7n, col: null });
    assert.deepStrictEqual(parseGoto('3; 4'), { row: 3n, col: 4n });
    assert.deepStrictEqual(parseGoto('+3, -1_000_000'), { row: 3n, col: -1_000_000n });
    assert.strictEqual(parseGoto('1__0'), null);
    assert.strictEqual(parseGoto('1.5'), null);
    assert.strictEqual(parseGoto('--1'), null);
  });
});
