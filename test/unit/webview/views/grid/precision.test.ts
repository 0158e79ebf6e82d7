// The array model at a display precision: float16/32/64 cells (either byte order, record fields too) show N
// digits with numpy's full text kept for the tooltip; other dtypes keep numpy's text.
import * as assert from 'assert';
import { ArrayModel } from '../../../../../webview/views/grid/arrayModel';
import { TileStore, blockShape } from '../../../../../webview/views/grid/tiles';
import { HostChannel } from '../../../../../webview/hostChannel';
import { dtypeFromDescrJson } from '../../../../../webview/descr';
import type { WebviewMessage } from '../../../../../src/shared/protocol';
import { viewToWire } from '../../../../../src/shared/protocol';
import { resolveView } from '../../../../../src/npy/view';
import type { Precision } from '../../../../../src/npy/format/precision';

const settled = (): Promise<void> =>
  new Promise((r) => {
    setImmediate(r);
  });

/** A 1-row record view (x: >f8, h: <f2, n: <i4) with one record's bytes delivered. */
async function recordModel(precision: Precision): Promise<ArrayModel> {
  const dtype = dtypeFromDescrJson([
    ['x', '>f8'],
    ['h', '<f2'],
    ['n', '<i4'],
  ]);
  const view = { axes: [{ kind: 'range' as const, start: 0n, step: 1n, count: 1n }], rowAxis: 0, colAxis: null };
  const resolved = resolveView([1n], false, dtype, view);
  const sent: WebviewMessage[] = [];
  const channel = new HostChannel((m) => sent.push(m));
  const store = new TileStore(channel);
  store.setView(viewToWire(view), 1, blockShape(dtype.itemsize, true), resolved.rows, resolved.cols, true);
  const model = new ArrayModel(dtype, view, resolved, store, undefined, precision);
  model.prepare(0n, 1, 0n, 3);
  const req = sent.find((m) => m.type === 'tile');
  if (!req || req.type !== 'tile') throw new Error('no request');
  const bytes = new Uint8Array(14);
  const dv = new DataView(bytes.buffer);
  dv.setFloat64(0, Math.PI * 1000, false);
  dv.setUint16(8, 0x3555, true); // float16 0.33325
  dv.setInt32(10, 123456789, true);
  channel.handle({ type: 'tile', inReplyTo: req.requestId, generation: 1, rows: 1, cellsPerRow: 1, cellSize: 14, cellOffset: 0, bytes, missing: [] });
  await settled();
  return model;
}

describe('grid: array model at a display precision', () => {
  it('N significant digits for floats, the full text kept; integers unchanged', async () => {
    const m = await recordModel({ mode: 'digits', digits: 3 });
    assert.deepStrictEqual(m.cell(0n, 0n), { text: '3140', state: 'value', full: '3141.592653589793' });
    assert.deepStrictEqual(m.cell(0n, 1n), { text: '0.333', state: 'value', full: '0.3333' });
    assert.deepStrictEqual(m.cell(0n, 2n), { text: '123456789', state: 'value' });
  });

  it('scientific, and full precision as numpy prints it', async () => {
    const s = await recordModel({ mode: 'scientific', digits: 2 });
    assert.strictEqual(s.cell(0n, 0n).text, '3.1e+03');
    assert.strictEqual(s.cell(0n, 1n).text, '3.3e-01');
    const f = await recordModel({ mode: 'full', digits: 0 });
    assert.deepStrictEqual(f.cell(0n, 0n), { text: '3141.592653589793', state: 'value' });
  });
});
