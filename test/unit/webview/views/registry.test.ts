// The view registry: which views support an array, in order; the preferred view when it can show the array.
import * as assert from 'assert';
import { ViewRegistry, type ViewDescriptor } from '../../../../webview/views/registry';
import { gridView } from '../../../../webview/views/grid';
import { builtinViews } from '../../../../webview/views';
import { dtypeFromDescrJson } from '../../../../webview/descr';
import type { ArrayInfo } from '../../../../src/shared/protocol';

function info(shape: string[], descr: ArrayInfo['descr'] = '<f8'): ArrayInfo {
  return {
    fileName: 'a.npy',
    version: '1.0',
    dtypeName: 'float64',
    descr,
    fortranOrder: false,
    shape,
    itemsize: 8,
    dataOffset: '128',
    count: '0',
    dataSize: '0',
    fileSize: '128',
    availableCount: '0',
    warnings: [],
  };
}

const fake = (id: string, supports: ViewDescriptor['supports']): ViewDescriptor => ({
  id,
  label: id.toUpperCase(),
  supports,
  mount: () => {
    throw new Error('not in this test');
  },
});

describe('webview: view registry', () => {
  const f8 = dtypeFromDescrJson('<f8');
  const rec = dtypeFromDescrJson([
    ['x', '<f4'],
    ['y', '<i2'],
  ]);
  // Only numeric 2-D arrays (a heatmap, say) / only 1-D numeric (a line plot).
  const heatmap = fake('heatmap', (i, d) => i.shape.length === 2 && d.type === 'scalar');
  const line = fake('line', (i, d) => i.shape.length === 1 && d.type === 'scalar');

  it('ships the grid first, which supports every array, then the statistics and the pictures for numbers', () => {
    const r = builtinViews();
    assert.deepStrictEqual(
      r.all.map((v) => v.id),
      ['grid', 'stats', 'heatmap', 'image', 'line', 'histogram'],
    );
    assert.strictEqual(gridView.label, 'Table');
    const u1 = dtypeFromDescrJson('|u1');
    const str = dtypeFromDescrJson('<U4');
    for (const [shape, d, want] of [
      [[], f8, ['grid', 'stats', 'histogram']],
      [['3'], f8, ['grid', 'stats', 'line', 'histogram']],
      [['2', '3', '5'], f8, ['grid', 'stats', 'heatmap', 'line', 'histogram']],
      [['2', '3', '4'], f8, ['grid', 'stats', 'heatmap', 'image', 'line', 'histogram']],
      [['2', '3', '3'], f8, ['grid', 'stats', 'heatmap', 'image', 'line', 'histogram']],
      [['3', '4'], u1, ['grid', 'stats', 'heatmap', 'image', 'line', 'histogram']],
      [['5'], rec, ['grid', 'stats']],
      [['5', '2'], str, ['grid']],
    ] as const) {
      assert.deepStrictEqual(
        r.supporting(info([...shape]), d).map((v) => v.id),
        want,
        shape.join('x'),
      );
    }
  });

  it('lists the views that support an array in registration order', () => {
    const r = new ViewRegistry([gridView, heatmap, line]);
    assert.deepStrictEqual(
      r.supporting(info(['3', '4']), f8).map((v) => v.id),
      ['grid', 'heatmap'],
    );
    assert.deepStrictEqual(
      r.supporting(info(['3']), f8).map((v) => v.id),
      ['grid', 'line'],
    );
    assert.deepStrictEqual(
      r.supporting(info(['3', '4']), rec).map((v) => v.id),
      ['grid'],
    );
    assert.strictEqual(r.get('line'), line);
    assert.strictEqual(r.get('nope'), undefined);
  });

  it('picks the preferred view when it supports the array, else the first that does', () => {
    const r = new ViewRegistry([gridView, heatmap, line]);
    assert.strictEqual(r.pick(info(['3', '4']), f8, 'heatmap'), heatmap);
    assert.strictEqual(r.pick(info(['3']), f8, 'heatmap'), gridView);
    assert.strictEqual(r.pick(info(['3']), f8), gridView);
    assert.strictEqual(r.pick(info(['3']), f8, 'unknown'), gridView);
    const onlyPlots = new ViewRegistry([line]);
    assert.strictEqual(onlyPlots.pick(info(['3', '4']), f8), undefined);
  });

  it('refuses a second view with the same id; a view whose supports() throws does not support the array', () => {
    const r = new ViewRegistry([gridView]);
    assert.throws(() => r.register(fake('grid', () => true)), /already registered/);
    r.register(
      fake('broken', () => {
        throw new Error('boom');
      }),
    );
    assert.deepStrictEqual(
      r.supporting(info(['3']), f8).map((v) => v.id),
      ['grid'],
    );
  });
});
