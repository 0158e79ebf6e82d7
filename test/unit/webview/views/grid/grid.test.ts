// The grid's DOM-free parts: scroll mapping at 10^9 rows, the tile store over the host channel, the array model.
import * as assert from 'assert';
import {
  clampStart,
  ensureVisible,
  fractionToStart,
  maxStart,
  startToFraction,
  startToThumb,
  thumbMetrics,
  thumbToStart,
  wheelToSteps,
  MIN_THUMB_PX,
} from '../../../../../webview/views/grid/scrollMath';
import { TileStore, blockShape, FIELD_BLOCK_COLS, MAX_BLOCK_BYTES } from '../../../../../webview/views/grid/tiles';
import { ArrayModel } from '../../../../../webview/views/grid/arrayModel';
import { HostChannel } from '../../../../../webview/hostChannel';
import { dtypeFromDescrJson } from '../../../../../webview/descr';
import type { WebviewMessage } from '../../../../../src/shared/protocol';
import { viewToWire } from '../../../../../src/shared/protocol';
import { resolveView } from '../../../../../src/npy/view';

const BILLION = 1_000_000_000n;

/** Let promise callbacks (the channel's replies) run. */
const settled = (): Promise<void> =>
  new Promise((r) => {
    setImmediate(r);
  });

describe('grid: scroll mapping', () => {
  const visible = 40;
  const track = 600;

  it('the last start shows the last row', () => {
    assert.strictEqual(maxStart(BILLION, visible), BILLION - 40n);
    assert.strictEqual(maxStart(10n, visible), 0n);
    assert.strictEqual(clampStart(BILLION * 5n, BILLION, visible), BILLION - 40n);
    assert.strictEqual(clampStart(-3n, BILLION, visible), 0n);
  });

  it('thumb is bounded and has a minimum size at 10^9 rows', () => {
    const m = thumbMetrics(BILLION, visible, track);
    assert.strictEqual(m.scrollable, true);
    assert.strictEqual(m.thumb, MIN_THUMB_PX);
    assert.strictEqual(m.travel, track - MIN_THUMB_PX);
    const small = thumbMetrics(20n, visible, track);
    assert.strictEqual(small.scrollable, false);
  });

  it('thumb ends map exactly to the first and last rows', () => {
    const m = thumbMetrics(BILLION, visible, track);
    assert.strictEqual(thumbToStart(0, BILLION, visible, track), 0n);
    assert.strictEqual(thumbToStart(m.travel, BILLION, visible, track), BILLION - 40n);
    assert.strictEqual(thumbToStart(m.travel + 500, BILLION, visible, track), BILLION - 40n);
    assert.strictEqual(thumbToStart(-20, BILLION, visible, track), 0n);
    assert.strictEqual(startToThumb(0n, BILLION, visible, track), 0);
    assert.strictEqual(startToThumb(BILLION - 40n, BILLION, visible, track), m.travel);
  });

  it('every start round-trips through the fraction at 10^9 rows (and far beyond)', () => {
    for (const total of [BILLION, 10n ** 12n, 2n ** 62n]) {
      const max = maxStart(total, visible);
      const samples = [0n, 1n, 2n, 12345n, max / 3n, max / 2n, max - 1n, max, total / 7n];
      for (const s of samples) {
        const f = startToFraction(s, total, visible);
        assert.ok(f >= 0 && f <= 1);
        const back = fractionToStart(f, total, visible);
        // 2^52 fraction steps: exact for up to 2^52 rows, within a relative 2^-52 beyond.
        const tol = total > 2n ** 52n ? max >> 50n : 0n;
        const d = back > s ? back - s : s - back;
        assert.ok(d <= tol, `start ${s} of ${total} came back as ${back}`);
      }
    }
  });

  it('thumb position is monotonic and each pixel moves a bounded number of rows', () => {
    const m = thumbMetrics(BILLION, visible, track);
    let prev = -1n;
    for (let px = 0; px <= m.travel; px++) {
      const s = thumbToStart(px, BILLION, visible, track);
      assert.ok(s > prev, `px ${px}`);
      if (prev >= 0n) assert.ok(s - prev <= BILLION / BigInt(m.travel) + 1n);
      prev = s;
      const back = startToThumb(s, BILLION, visible, track);
      assert.ok(Math.abs(back - px) < 1e-6, `px ${px} → ${s} → ${back}`);
    }
  });

  it('every row of 10^9 is reachable: ensureVisible and keyboard steps', () => {
    let top = 0n;
    top = ensureVisible(top, BILLION - 1n, BILLION, visible);
    assert.strictEqual(top, BILLION - 40n);
    top = ensureVisible(top, 999_999_000n, BILLION, visible);
    assert.strictEqual(top, 999_999_000n);
    top = ensureVisible(top, 999_999_050n, BILLION, visible);
    assert.strictEqual(top, 999_999_011n);
    top = ensureVisible(top, 0n, BILLION, visible);
    assert.strictEqual(top, 0n);
  });

  it('wheel deltas carry their remainder', () => {
    let carry = 0;
    let rows = 0;
    for (let k = 0; k < 10; k++) {
      const r = wheelToSteps(5, 0, 22, 30, carry);
      rows += r.steps;
      carry = r.carry;
    }
    assert.strictEqual(rows, 2);
    assert.deepStrictEqual(wheelToSteps(3, 1, 22, 30, 0), { steps: 3, carry: 0 });
    assert.deepStrictEqual(wheelToSteps(-1, 2, 22, 30, 0), { steps: -30, carry: 0 });
    assert.strictEqual(wheelToSteps(-30, 0, 22, 30, 0).steps, -1);
  });
});

describe('grid: tile store', () => {
  const wire = {
    axes: [
      { kind: 'range' as const, start: '0', step: '1', count: '1000000000' },
      { kind: 'range' as const, start: '0', step: '1', count: '300' },
    ],
    rowAxis: 0,
    colAxis: 1,
  };

  /** A store over a real HostChannel whose posted messages are collected; `arrived` counts redraw calls. */
  function setup(budget?: number): { store: TileStore; sent: WebviewMessage[]; channel: HostChannel; arrived: () => number } {
    const sent: WebviewMessage[] = [];
    const channel = new HostChannel((m) => sent.push(m));
    let arrived = 0;
    const store = new TileStore(channel, budget, () => arrived++);
    store.setView(wire, 1, { rows: 256, cols: 64 }, BILLION, 300n, false);
    return { store, sent, channel, arrived: () => arrived };
  }

  /** The host's reply to a tile request, through the channel; resolves once the store has seen it. */
  const reply = async (channel: HostChannel, msg: WebviewMessage, cellSize = 4, missing: number[] = []): Promise<void> => {
    if (msg.type !== 'tile') throw new Error('not a tile request');
    channel.handle({
      type: 'tile',
      inReplyTo: msg.requestId,
      generation: msg.generation,
      rows: msg.rect.rows,
      cellsPerRow: msg.rect.cols,
      cellSize,
      bytes: new Uint8Array(msg.rect.rows * msg.rect.cols * cellSize),
      missing,
    });
    await settled();
  };

  it('block shapes stay under the byte limit', () => {
    assert.deepStrictEqual(blockShape(8, false), { rows: 256, cols: 64 });
    for (const size of [1, 8, 16, 200, 4000, 40000, 3_000_000]) {
      const b = blockShape(size, false);
      assert.ok(b.rows * b.cols * size <= Math.max(MAX_BLOCK_BYTES, size), `size ${size}`);
      assert.ok(b.rows >= 1 && b.cols >= 1);
      // Record views page field columns in blocks too (a record may be gigabytes).
      const s = blockShape(size, true);
      assert.strictEqual(s.cols, FIELD_BLOCK_COLS);
      assert.ok(s.rows >= 1 && s.rows * Math.min(size, FIELD_BLOCK_COLS * 16) <= Math.max(MAX_BLOCK_BYTES, size), `record size ${size}`);
    }
  });

  it('requests the blocks of the visible area, clipped at the end of a 10^9-row view', () => {
    const { store, sent } = setup();
    const blocks = store.blocksFor(BILLION - 40n, 40, 290n, 20);
    assert.deepStrictEqual(
      blocks.map((b) => [b.blockRow, b.blockCol]),
      [[(BILLION - 40n) / 256n, 4n]],
    );
    store.ensure(blocks);
    assert.strictEqual(sent.length, 1);
    const m = sent[0];
    assert.ok(m.type === 'tile');
    if (m.type !== 'tile') return;
    const row0 = ((BILLION - 40n) / 256n) * 256n;
    assert.deepStrictEqual(m.rect, { row0: row0.toString(), rows: Number(BILLION - row0), col0: '256', cols: 44 });
    assert.strictEqual(m.generation, 1);
    // Asking again does not re-request.
    store.ensure(blocks);
    assert.strictEqual(sent.length, 1);
  });

  it("uses the channel's request ids and cancels requests for blocks scrolled past", async () => {
    const { store, sent, channel, arrived } = setup();
    store.ensure(store.blocksFor(0n, 40, 0n, 10));
    const first = sent[0];
    assert.ok(first.type === 'tile' && typeof first.requestId === 'number');
    assert.strictEqual(channel.pendingCount, 1);
    store.ensure(store.blocksFor(500_000n, 40, 0n, 10));
    const cancel = sent.find((m) => m.type === 'cancel');
    assert.ok(cancel && cancel.type === 'cancel' && first.type === 'tile');
    if (cancel?.type === 'cancel' && first.type === 'tile') assert.deepStrictEqual(cancel.requestIds, [first.requestId]);
    assert.strictEqual(store.stats.cancelled, 1);
    // The late answer to a cancelled request is ignored.
    await reply(channel, first);
    assert.strictEqual(store.get(0n, 0n), undefined);
    assert.strictEqual(arrived(), 0);
    assert.strictEqual(store.stats.received, 0);
  });

  it('caches answered tiles and evicts least recently used beyond the byte budget', async () => {
    const tileBytes = 256 * 64 * 4;
    const { store, sent, channel, arrived } = setup(tileBytes * 3 + 3 * 256 + 10);
    for (let b = 0n; b < 5n; b++) {
      store.ensure(store.blocksFor(b * 256n, 10, 0n, 10));
      const m = sent[sent.length - 1];
      await reply(channel, m);
      assert.strictEqual(arrived(), Number(b) + 1);
    }
    assert.strictEqual(store.tileCount, 3);
    assert.ok(store.cachedBytes <= tileBytes * 3 + 3 * 256 + 10);
    assert.strictEqual(store.get(0n, 0n), undefined);
    assert.ok(store.get(4n, 0n));
    assert.ok(store.stats.evicted >= 2);
  });

  it('drops tiles of older generations on reload', async () => {
    const { store, sent, channel } = setup();
    store.ensure(store.blocksFor(0n, 10, 0n, 10));
    await reply(channel, sent[0]);
    assert.ok(store.get(0n, 0n));
    store.ensure(store.blocksFor(256n, 10, 0n, 10));
    store.setView(wire, 2, { rows: 256, cols: 64 }, BILLION, 300n, false);
    assert.strictEqual(store.tileCount, 0);
    assert.ok(sent.some((m) => m.type === 'cancel'));
    store.ensure(store.blocksFor(0n, 10, 0n, 10));
    const again = sent[sent.length - 1];
    assert.ok(again.type === 'tile' && again.generation === 2);
  });

  it("keeps missing cells and tile errors (the host's error reply)", async () => {
    const { store, sent, channel, arrived } = setup();
    store.ensure(store.blocksFor(0n, 10, 0n, 10));
    await reply(channel, sent[0], 4, [5, 6]);
    assert.deepStrictEqual([...store.get(0n, 0n)!.missing], [5, 6]);
    store.ensure(store.blocksFor(256n, 10, 0n, 10));
    const e = sent[sent.length - 1];
    if (e.type !== 'tile') throw new Error();
    channel.handle({ type: 'error', inReplyTo: e.requestId, message: 'boom' });
    await settled();
    assert.strictEqual(store.get(1n, 0n)!.error, 'boom');
    assert.strictEqual(arrived(), 2);
  });

  it('a tile reply of an older generation is not cached', async () => {
    const { store, sent, channel } = setup();
    store.ensure(store.blocksFor(0n, 10, 0n, 10));
    const m = sent[0];
    if (m.type !== 'tile') throw new Error();
    channel.handle({ type: 'tile', inReplyTo: m.requestId, generation: 0, rows: 1, cellsPerRow: 1, cellSize: 4, bytes: new Uint8Array(4), missing: [] });
    await settled();
    assert.strictEqual(store.get(0n, 0n), undefined);
    assert.strictEqual(store.pendingCount, 0);
  });

  it('a request the host dropped as cancelled is asked for again, not shown as an error', async () => {
    const { store, sent, channel, arrived } = setup();
    store.ensure(store.blocksFor(0n, 10, 0n, 10));
    const m = sent[0];
    if (m.type !== 'tile') throw new Error();
    channel.handle({ type: 'error', inReplyTo: m.requestId, message: 'dropped', cancelled: true });
    await settled();
    assert.strictEqual(store.get(0n, 0n), undefined);
    assert.strictEqual(arrived(), 1, 'the grid redraws, which asks again');
    store.ensure(store.blocksFor(0n, 10, 0n, 10));
    const again = sent[sent.length - 1];
    assert.ok(again.type === 'tile' && again.requestId !== m.requestId);
  });
});

describe('grid: array model', () => {
  it('decodes structured records into leaf columns and labels rows by axis index', async () => {
    const dtype = dtypeFromDescrJson([
      ['x', '<f4'],
      ['pos', '<i2', [2]],
      ['s', '|S3'],
    ]);
    assert.strictEqual(dtype.itemsize, 4 + 4 + 3);
    const shape = [10n];
    const view = { axes: [{ kind: 'range' as const, start: 9n, step: -2n, count: 5n }], rowAxis: 0, colAxis: null };
    const resolved = resolveView(shape, false, dtype, view);
    const sent: WebviewMessage[] = [];
    const channel = new HostChannel((m) => sent.push(m));
    const store = new TileStore(channel);
    store.setView(viewToWire(view), 1, blockShape(dtype.itemsize, true), resolved.rows, resolved.cols, true);
    const model = new ArrayModel(dtype, view, resolved, store);
    assert.deepStrictEqual(
      [0n, 1n, 2n, 3n].map((c) => model.colLabel(c)),
      ['x', 'pos[0]', 'pos[1]', 's'],
    );
    assert.strictEqual(model.rowLabel(1n), '7');
    assert.strictEqual(model.cell(0n, 0n).state, 'loading');
    model.prepare(0n, 5, 0n, 4);
    const req = sent.find((m) => m.type === 'tile');
    if (!req || req.type !== 'tile') throw new Error('no request');
    assert.deepStrictEqual(req.rect, { row0: '0', rows: 5, col0: '0', cols: 4 });
    const bytes = new Uint8Array(5 * 11);
    const dv = new DataView(bytes.buffer);
    for (let r = 0; r < 5; r++) {
      dv.setFloat32(r * 11, r + 0.5, true);
      dv.setInt16(r * 11 + 4, -r, true);
      dv.setInt16(r * 11 + 6, 100 * r, true);
      bytes.set([0x61 + r, 0x62, 0], r * 11 + 8);
    }
    channel.handle({ type: 'tile', inReplyTo: req.requestId, generation: 1, rows: 5, cellsPerRow: 1, cellSize: 11, cellOffset: 0, bytes, missing: [4] });
    await settled();
    assert.deepStrictEqual(model.cell(2n, 0n), { text: '2.5', state: 'value' });
    assert.deepStrictEqual(model.cell(2n, 1n), { text: '-2', state: 'value' });
    assert.deepStrictEqual(model.cell(3n, 2n), { text: '300', state: 'value' });
    assert.deepStrictEqual(model.cell(1n, 3n), { text: "b'bb'", state: 'value' });
    assert.strictEqual(model.cell(4n, 0n).state, 'missing');
    assert.strictEqual(model.colAlign(3n), 'left');
    assert.strictEqual(model.colAlign(0n), 'right');
  });

  it('pages the columns of a 2^31-element sub-array field: labels computed per column, tiles read only their bytes', async () => {
    const dtype = dtypeFromDescrJson([['a', '|u1', [2147483647]]]);
    const view = { axes: [{ kind: 'range' as const, start: 0n, step: 1n, count: 1n }], rowAxis: 0, colAxis: null };
    const resolved = resolveView([1n], false, dtype, view);
    assert.strictEqual(resolved.cols, 2147483647n);
    const sent: WebviewMessage[] = [];
    const channel = new HostChannel((m) => sent.push(m));
    const store = new TileStore(channel);
    store.setView(viewToWire(view), 1, blockShape(dtype.itemsize, true), resolved.rows, resolved.cols, true);
    const model = new ArrayModel(dtype, view, resolved, store);
    const last = 2147483646n;
    assert.strictEqual(model.colLabel(last), 'a[2147483646]');
    model.prepare(0n, 1, last - 3n, 4);
    const req = sent.find((m) => m.type === 'tile');
    if (!req || req.type !== 'tile') throw new Error('no request');
    const col0 = (last / BigInt(FIELD_BLOCK_COLS)) * BigInt(FIELD_BLOCK_COLS);
    assert.deepStrictEqual(req.rect, { row0: '0', rows: 1, col0: col0.toString(), cols: Number(2147483647n - col0) });
    const n = Number(2147483647n - col0);
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);
    channel.handle({ type: 'tile', inReplyTo: req.requestId, generation: 1, rows: 1, cellsPerRow: 1, cellSize: n, cellOffset: Number(col0), bytes, missing: [] });
    await settled();
    assert.deepStrictEqual(model.cell(0n, last), { text: String(((n - 1) * 7) % 256), state: 'value' });
  });
});
