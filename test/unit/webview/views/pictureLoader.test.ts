// The pictures' request loop: sampled first, exact when asked; a huge region previews at half resolution first; a
// newer request cancels the ones in flight and replies to older ones are dropped.
import * as assert from 'assert';
import { PictureLoader, type PictureAsk, type Pic } from '../../../../webview/views/picture/picture';
import { RequestError, type PendingRequest, type RequestChannel } from '../../../../webview/hostChannel';
import type { PictureReply, PictureRequest, Request } from '../../../../src/shared/protocol';

class FakeChannel implements RequestChannel {
  sent: { id: number; msg: PictureRequest; resolve(r: PictureReply): void; reject(e: unknown): void }[] = [];
  cancelled: number[] = [];
  private next = 1;
  request<R extends Request>(msg: R): PendingRequest<R['type']> {
    const id = this.next++;
    let resolve!: (r: PictureReply) => void;
    let reject!: (e: unknown) => void;
    const p = new Promise<PictureReply>((a, b) => {
      resolve = a;
      reject = b;
    });
    this.sent.push({ id, msg: msg as unknown as PictureRequest, resolve, reject });
    return Object.assign(p, { requestId: id }) as unknown as PendingRequest<R['type']>;
  }
  cancel(ids: Iterable<number>): void {
    for (const id of ids) {
      this.cancelled.push(id);
      this.sent.find((s) => s.id === id)?.reject(new RequestError('cancelled', true));
    }
  }
  answer(k: number, level: 'sampled' | 'exact'): void {
    const s = this.sent[k];
    s.resolve({
      type: 'picture',
      generation: 1,
      kind: 'heatmap',
      region: s.msg.region,
      block: 1,
      width: 1,
      height: 1,
      channels: 1,
      bytes: new Uint8Array(8),
      level,
      range: { min: 0, max: 0, positiveMin: null, count: 1, nan: 0, posInf: 0, negInf: 0 },
    });
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function ask(rows: number, cols: number, width = 512, height = 512): PictureAsk {
  return {
    generation: 1,
    kind: 'heatmap',
    view: { axes: [], rowAxis: 0, colAxis: 1 },
    region: { row0: '0', rows: String(rows), col0: '0', cols: String(cols) },
    width,
    height,
    reduce: 'max',
  };
}

describe('webview: picture loader', () => {
  it('asks sampled, then exact when the region is small enough; a huge one previews at half resolution', async () => {
    const ch = new FakeChannel();
    const got: Pic[] = [];
    const loader = new PictureLoader(ch, { picture: (p) => got.push(p), error: () => undefined, pending: () => undefined });
    loader.load(ask(1000, 1000), () => true);
    assert.deepStrictEqual(
      ch.sent.map((s) => s.msg.level),
      ['sampled'],
    );
    ch.answer(0, 'sampled');
    await tick();
    assert.deepStrictEqual(
      ch.sent.map((s) => s.msg.level),
      ['sampled', 'exact'],
    );
    ch.answer(1, 'exact');
    await tick();
    assert.deepStrictEqual(
      got.map((p) => p.level),
      ['sampled', 'exact'],
    );

    const big = new FakeChannel();
    const l2 = new PictureLoader(big, { picture: () => undefined, error: () => undefined, pending: () => undefined });
    l2.load(ask(163840, 163840), () => false);
    assert.deepStrictEqual([big.sent[0].msg.width, big.sent[0].msg.height], [256, 256]);
    big.answer(0, 'sampled');
    await tick();
    assert.deepStrictEqual([big.sent.length, big.sent[1].msg.width, big.sent[1].msg.level], [2, 512, 'sampled']);
    big.answer(1, 'sampled');
    await tick();
    assert.strictEqual(big.sent.length, 2, 'no exact pass unless asked');
    l2.refine();
    assert.strictEqual(big.sent[2].msg.level, 'exact');
  });

  it('a newer request cancels the one in flight; the older reply is dropped', async () => {
    const ch = new FakeChannel();
    const got: Pic[] = [];
    const loader = new PictureLoader(ch, { picture: (p) => got.push(p), error: () => undefined, pending: () => undefined });
    loader.load(ask(100, 100), () => false);
    loader.load(ask(100, 100, 256, 256), () => false);
    assert.deepStrictEqual(ch.cancelled, [1]);
    // The same request again while it is in flight sends nothing.
    loader.load(ask(100, 100, 256, 256), () => false);
    assert.strictEqual(ch.sent.length, 2);
    ch.answer(1, 'sampled');
    await tick();
    assert.strictEqual(got.length, 1);
    assert.strictEqual(got[0].cols, 100);
  });
});
