import * as assert from 'assert';
import { formatSlice, parseSlice } from '../../../src/npy/slice';
import { NpyError } from '../../../src/npy/types';
import type { AxisSelection, ViewSpec } from '../../../src/npy/view';
import { defaultView, resolveView } from '../../../src/npy/view';

const r = (start: bigint, step: bigint, count: bigint): AxisSelection => ({ kind: 'range', start, step, count });
const i = (index: bigint): AxisSelection => ({ kind: 'index', index });

/** Python: len(range(*slice(start, stop, step).indices(n))) and the elements, for a cross-check. */
function pyIndices(start: number | null, stop: number | null, step: number | null, n: number): number[] {
  const st = step ?? 1;
  let a: number;
  let b: number;
  if (st > 0) {
    a = start === null ? 0 : start < 0 ? Math.max(0, start + n) : Math.min(start, n);
    b = stop === null ? n : stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
  } else {
    a = start === null ? n - 1 : start < 0 ? Math.max(-1, start + n) : Math.min(start, n - 1);
    b = stop === null ? -1 : stop < 0 ? Math.max(-1, stop + n) : Math.min(stop, n - 1);
  }
  const out: number[] = [];
  for (let k = a; st > 0 ? k < b : k > b; k += st) out.push(k);
  return out;
}

function elements(sel: AxisSelection): bigint[] {
  if (sel.kind === 'index') return [sel.index];
  const out: bigint[] = [];
  for (let k = 0n; k < sel.count; k++) out.push(sel.start + k * sel.step);
  return out;
}

describe('slice: parseSlice', () => {
  const shape3 = [3n, 4n, 5n];

  it('parses a[3, :, ::2] style text with and without the name and brackets', () => {
    const want: ViewSpec = { axes: [i(2n), r(0n, 1n, 4n), r(0n, 2n, 3n)], rowAxis: 1, colAxis: 2 };
    assert.deepStrictEqual(parseSlice('a[2, :, ::2]', shape3), want);
    assert.deepStrictEqual(parseSlice('[2, :, ::2]', shape3), want);
    assert.deepStrictEqual(parseSlice('2, :, ::2', shape3), want);
    assert.deepStrictEqual(parseSlice('  arr [ 2 ,: , : :2 ] ', shape3), want);
  });

  it('expands an ellipsis and implied trailing axes', () => {
    assert.deepStrictEqual(parseSlice('a[..., 0]', shape3), { axes: [r(0n, 1n, 3n), r(0n, 1n, 4n), i(0n)], rowAxis: 0, colAxis: 1 });
    assert.deepStrictEqual(parseSlice('a[1]', shape3), { axes: [i(1n), r(0n, 1n, 4n), r(0n, 1n, 5n)], rowAxis: 1, colAxis: 2 });
    assert.deepStrictEqual(parseSlice('a[1, ...]', shape3), parseSlice('a[1]', shape3));
    assert.deepStrictEqual(parseSlice('a[0, ..., 1]', shape3), { axes: [i(0n), r(0n, 1n, 4n), i(1n)], rowAxis: 1, colAxis: null });
    assert.deepStrictEqual(parseSlice('a[1,]', shape3), parseSlice('a[1]', shape3));
  });

  it('one range axis → rows only; zero → a single cell', () => {
    assert.deepStrictEqual(parseSlice('a[:, 5]', [10n, 6n]), { axes: [r(0n, 1n, 10n), i(5n)], rowAxis: 0, colAxis: null });
    assert.deepStrictEqual(parseSlice('a[1, 2, 3]', shape3), { axes: [i(1n), i(2n), i(3n)], rowAxis: null, colAxis: null });
  });

  it('negative indices and steps like Python', () => {
    assert.deepStrictEqual(parseSlice('a[-1, ::-1, -2:]', shape3), { axes: [i(2n), r(3n, -1n, 4n), r(3n, 1n, 2n)], rowAxis: 1, colAxis: 2 });
    assert.deepStrictEqual(parseSlice('a[:, -1:0:-2]', [2n, 10n]), { axes: [r(0n, 1n, 2n), r(9n, -2n, 5n)], rowAxis: 0, colAxis: 1 });
  });

  it('agrees with Python slice.indices on many slices', () => {
    const vals = [null, -12, -5, -1, 0, 1, 3, 7, 12];
    const steps = [null, 1, 2, 3, -1, -2, -5];
    for (const n of [0, 1, 7]) {
      for (const a of vals)
        for (const b of vals)
          for (const s of steps) {
            const text = `${a ?? ''}:${b ?? ''}${s === null ? '' : `:${s}`}`;
            const v = parseSlice(`a[${text}]`, [BigInt(n)]);
            const got = elements(v.axes[0]).map(Number);
            assert.deepStrictEqual(got, pyIndices(a, b, s, n), `a[${text}] with n=${n}`);
          }
    }
  });

  it('.T swaps rows and columns', () => {
    assert.deepStrictEqual(parseSlice('a[0].T', shape3), { axes: [i(0n), r(0n, 1n, 4n), r(0n, 1n, 5n)], rowAxis: 2, colAxis: 1 });
    assert.deepStrictEqual(parseSlice('a.T', [2n, 3n]), { axes: [r(0n, 1n, 2n), r(0n, 1n, 3n)], rowAxis: 1, colAxis: 0 });
  });

  it('0-d arrays: a[()] and a[...]', () => {
    assert.deepStrictEqual(parseSlice('a[()]', []), { axes: [], rowAxis: null, colAxis: null });
    assert.deepStrictEqual(parseSlice('a[...]', []), { axes: [], rowAxis: null, colAxis: null });
    assert.deepStrictEqual(parseSlice('a', []), { axes: [], rowAxis: null, colAxis: null });
  });

  it('huge axes stay exact (BigInt)', () => {
    const v = parseSlice('a[-1:]', [1_000_000_000n]);
    assert.deepStrictEqual(v.axes[0], r(999_999_999n, 1n, 1n));
    const w = parseSlice('a[123456789012345678, :]', [200000000000000000n, 3n]);
    assert.deepStrictEqual(w.axes[0], i(123456789012345678n));
  });

  it('clear one-line errors', () => {
    const err = (text: string, shape: bigint[], re: RegExp, opts = {}): void => {
      assert.throws(
        () => parseSlice(text, shape, opts),
        (e: unknown) => e instanceof NpyError && re.test(e.message) && !e.message.includes('\n'),
      );
    };
    err('a[3]', [3n, 4n], /index 3 is out of bounds for axis 0 with size 3/);
    err('a[0, -5]', [3n, 4n], /index -5 is out of bounds for axis 1 with size 4/);
    err('a[0, 0, 0]', [3n, 4n], /too many indices for array: array is 2-dimensional, but 3 were indexed/);
    err('a[..., ...]', [3n, 4n], /single ellipsis/);
    err('a[::0]', [3n], /step cannot be zero/);
    err('a[:, :, :]', shape3, /3 axes are ranges.*only two axes/);
    err('a[:, :]', [3n, 4n], /structured array/, { structured: true });
    err('a[1.5]', [3n], /expected an integer/);
    err('a[x]', [3n], /expected an index/);
    err('a[1', [3n], /expected '\]'/);
    err('a[1] junk', [3n], /unexpected text/);
    err('a[0].T', [3n, 4n], /\.T needs two range axes/);
  });

  it('results always resolve', () => {
    const v = parseSlice('a[1, ::-2, 1:4]', shape3);
    const rv = resolveView(shape3, false, { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 8 }, v);
    assert.strictEqual(rv.rows, 2n);
    assert.strictEqual(rv.cols, 3n);
  });
});

describe('slice: formatSlice', () => {
  it('shows the default views', () => {
    assert.strictEqual(formatSlice(defaultView([3n, 4n, 5n], false), [3n, 4n, 5n]), 'a[0]');
    assert.strictEqual(formatSlice(defaultView([3n, 4n], false), [3n, 4n]), 'a[:]');
    assert.strictEqual(formatSlice(defaultView([], false), []), 'a[()]');
  });

  it('minimal numpy text', () => {
    const shape = [3n, 10n, 5n];
    assert.strictEqual(formatSlice({ axes: [i(2n), r(0n, 1n, 10n), r(0n, 2n, 3n)], rowAxis: 1, colAxis: 2 }, shape), 'a[2, :, ::2]');
    assert.strictEqual(formatSlice({ axes: [r(0n, 1n, 3n), r(9n, -1n, 10n), i(4n)], rowAxis: 0, colAxis: 1 }, shape), 'a[:, ::-1, 4]');
    assert.strictEqual(formatSlice({ axes: [r(1n, 1n, 2n), r(8n, -3n, 3n), i(0n)], rowAxis: 0, colAxis: 1 }, shape), 'a[1:, 8:-1:-3, 0]'.replace('8:-1:-3', '8::-3'));
    assert.strictEqual(formatSlice({ axes: [r(0n, 1n, 3n), r(2n, 1n, 3n), i(0n)], rowAxis: 0, colAxis: 1 }, shape), 'a[:, 2:5, 0]');
    assert.strictEqual(formatSlice({ axes: [i(0n), r(0n, 1n, 10n), r(0n, 1n, 5n)], rowAxis: 2, colAxis: 1 }, shape), 'a[0, :, :].T');
  });

  it('round-trips through parseSlice', () => {
    const shape = [4n, 9n, 6n];
    const texts = ['a[1]', 'a[:, 3]', 'a[-1, ::-1, 1:5:2]', 'a[..., 2]', 'a[0, 8:0:-3, :]', 'a[0, 2:2]', 'a[1, 2, 3]', 'a[0].T', 'a[:, :, 0].T'];
    for (const text of texts) {
      const v = parseSlice(text, shape);
      const back = parseSlice(formatSlice(v, shape), shape);
      assert.deepStrictEqual(back, v, `${text} → ${formatSlice(v, shape)}`);
    }
  });
});

describe('slice: an axis drawn whole (the channels of an image)', () => {
  const stack = [5n, 30n, 40n, 4n];
  const rgb = [30n, 40n, 3n];

  it('formatSlice writes the axis as `:` and keeps it at the end', () => {
    const v: ViewSpec = { axes: [i(2n), r(0n, 1n, 30n), r(0n, 1n, 40n), i(0n)], rowAxis: 1, colAxis: 2 };
    assert.strictEqual(formatSlice(v, stack), 'a[2, :, :, 0]');
    assert.strictEqual(formatSlice(v, stack, 'a', { whole: 3 }), 'a[2, :, :, :]');
    const w: ViewSpec = { axes: [r(0n, 1n, 30n), r(0n, 2n, 20n), i(0n)], rowAxis: 0, colAxis: 1 };
    assert.strictEqual(formatSlice(w, rgb, 'a', { whole: 2 }), 'a[:, ::2, :]');
    assert.strictEqual(formatSlice({ axes: [r(0n, 1n, 30n), r(0n, 1n, 40n), i(0n)], rowAxis: 0, colAxis: 1 }, rgb, 'a', { whole: 2 }), 'a[:, :, :]');
  });

  it('parseSlice takes `:` there (or nothing) as no row/column range and indexes it at 0', () => {
    const want: ViewSpec = { axes: [i(2n), r(0n, 1n, 30n), r(0n, 1n, 40n), i(0n)], rowAxis: 1, colAxis: 2 };
    for (const text of ['a[2, :, :, :]', 'a[2]', 'a[2, ...]', 'a[2, :, :, 0:4]', 'a[2, ..., :]']) {
      assert.deepStrictEqual(parseSlice(text, stack, { whole: 3 }), want, text);
    }
    // Without the option three ranges are too many, as before.
    assert.throws(() => parseSlice('a[2, :, :, :]', [5n, 30n, 40n, 6n]), /3 axes are ranges/);
    const v = parseSlice('a[::-1, 3:9]', rgb, { whole: 2 });
    assert.deepStrictEqual(v, { axes: [r(29n, -1n, 30n), r(3n, 1n, 6n), i(0n)], rowAxis: 0, colAxis: 1 });
    assert.deepStrictEqual(resolveView(rgb, false, { type: 'scalar', kind: 'u', byteOrder: '|', itemsize: 1 }, v).rows, 30n);
  });

  it('an index or part of the axis is refused in one line that says why', () => {
    for (const text of ['a[2, :, :, 0]', 'a[2, :, :, 1:3]', 'a[2, :, :, ::-1]', 'a[..., 1]']) {
      assert.throws(
        () => parseSlice(text, stack, { whole: 3 }),
        (e: unknown) => e instanceof NpyError && e.message === "slice: axis 3 is drawn whole (all 4 of it): write ':' there",
        text,
      );
    }
  });

  it('round-trips through formatSlice', () => {
    for (const text of ['a[0]', 'a[4, 1:20, ::3]', 'a[1, ::-1, :, :]']) {
      const v = parseSlice(text, stack, { whole: 3 });
      assert.deepStrictEqual(parseSlice(formatSlice(v, stack, 'a', { whole: 3 }), stack, { whole: 3 }), v, text);
    }
  });
});

describe('slice: found by the fuzzer (issue 12)', () => {
  it('an empty range keeps its step through formatSlice, so the text reads back to the same view', () => {
    for (const [text, shape] of [
      ['::2', [0n, 3n]],
      ['5:2', [10n]],
      ['2:5:-1, 0', [10n, 3n]],
      ['0:0:-7', [4n]],
    ] as const) {
      const v = parseSlice(text, shape);
      assert.deepStrictEqual(parseSlice(formatSlice(v, shape), shape), v, `${text} → ${formatSlice(v, shape)}`);
    }
  });

  it('the offending character is escaped in the message (a typed newline or U+2028 cannot start a new line)', () => {
    for (const [text, shown] of [
      ['0\nx', "'x'"],
      ['0,\u2028x', "'x'"],
      ['\u0085', "'\\x85'"],
      ['0 \u0085', "'\\x85'"],
      ['1 😀', "'😀'"],
    ] as const) {
      assert.throws(
        () => parseSlice(text, [3n, 4n]),
        (e: unknown) => e instanceof NpyError && e.message.includes(shown) && !/[\n\r\u0085\u2028\u2029]/.test(e.message),
        JSON.stringify(text),
      );
    }
  });
});
