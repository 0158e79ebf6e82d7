// The webview's host channel: requests matched to replies by requestId / inReplyTo, error replies reject,
// cancel drops waiting requests and tells the host once, notices reach their handlers.
import * as assert from 'assert';
import { HostChannel, RequestError } from '../../../webview/hostChannel';
import type { WebviewMessage } from '../../../src/shared/protocol';

const wire = { axes: [{ kind: 'range' as const, start: '0', step: '1', count: '10' }], rowAxis: 0, colAxis: null };
const tileRequest = (row0: string) => ({ type: 'tile' as const, generation: 1, view: wire, rect: { row0, rows: 1, col0: '0', cols: 1 } });
const tileReply = (inReplyTo: number, generation = 1) => ({
  type: 'tile' as const,
  inReplyTo,
  generation,
  rows: 1,
  cellsPerRow: 1,
  cellSize: 1,
  bytes: new Uint8Array([inReplyTo]),
  missing: [],
});

function setup(): { channel: HostChannel; sent: WebviewMessage[] } {
  const sent: WebviewMessage[] = [];
  return { channel: new HostChannel((m) => sent.push(m)), sent };
}

/** Settle state of a promise without waiting for it. */
async function state<T>(p: Promise<T>): Promise<'pending' | 'resolved' | 'rejected'> {
  const marker = {};
  const r = await Promise.race([
    p.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    new Promise((res) => {
      setImmediate(() => res(marker));
    }),
  ]);
  return r === marker ? 'pending' : (r as 'resolved' | 'rejected');
}

describe('webview: host channel', () => {
  it('posts each request with a new requestId and resolves it with the reply in reply to it', async () => {
    const { channel, sent } = setup();
    const a = channel.request(tileRequest('0'));
    const b = channel.request(tileRequest('5'));
    assert.notStrictEqual(a.requestId, b.requestId);
    assert.deepStrictEqual(sent, [
      { ...tileRequest('0'), requestId: a.requestId },
      { ...tileRequest('5'), requestId: b.requestId },
    ]);
    assert.strictEqual(channel.pendingCount, 2);
    // Replies may come in any order; each settles its own request.
    channel.handle(tileReply(b.requestId));
    assert.strictEqual((await b).bytes[0], b.requestId);
    assert.strictEqual(await state(a), 'pending');
    channel.handle(tileReply(a.requestId));
    const ra = await a;
    assert.strictEqual(ra.type, 'tile');
    assert.strictEqual(ra.bytes[0], a.requestId);
    assert.strictEqual(channel.pendingCount, 0);
  });

  it('a copy resolves with its `copied` reply', async () => {
    const { channel } = setup();
    const p = channel.request({ type: 'copy', view: wire, range: { row0: '0', rows: '3', col0: '0', cols: '1' }, format: 'csv' });
    channel.handle({ type: 'copied', inReplyTo: p.requestId, cells: 3, format: 'csv' });
    const r = await p;
    assert.strictEqual(r.cells, 3);
    assert.strictEqual(r.format, 'csv');
  });

  it('an error reply rejects with its message; `cancelled` is kept', async () => {
    const { channel } = setup();
    const p = channel.request(tileRequest('0'));
    channel.handle({ type: 'error', inReplyTo: p.requestId, message: 'index 9 is out of bounds' });
    await assert.rejects(p, (e: unknown) => e instanceof RequestError && e.message === 'index 9 is out of bounds' && !e.cancelled);
    const q = channel.request({ type: 'copy', view: wire, range: { row0: '0', rows: '1', col0: '0', cols: '1' }, format: 'tsv' });
    channel.handle({ type: 'error', inReplyTo: q.requestId, message: 'copy cancelled', cancelled: true });
    await assert.rejects(q, (e: unknown) => e instanceof RequestError && e.cancelled && e.message === 'copy cancelled');
    assert.strictEqual(channel.pendingCount, 0);
  });

  it('a reply of the wrong type rejects (a tile request answered with `copied`)', async () => {
    const { channel } = setup();
    const p = channel.request(tileRequest('0'));
    channel.handle({ type: 'copied', inReplyTo: p.requestId, cells: 1, format: 'tsv' });
    await assert.rejects(p, /expected a tile reply, got copied/);
  });

  it('cancel rejects the waiting requests as cancelled, tells the host once, and drops their late replies', async () => {
    const { channel, sent } = setup();
    const a = channel.request(tileRequest('0'));
    const b = channel.request(tileRequest('1'));
    const c = channel.request(tileRequest('2'));
    channel.handle(tileReply(c.requestId));
    await c;
    sent.length = 0;
    // c was answered already and 999 was never asked: only a and b go to the host.
    channel.cancel([a.requestId, b.requestId, c.requestId, 999]);
    assert.deepStrictEqual(sent, [{ type: 'cancel', requestIds: [a.requestId, b.requestId] }]);
    await assert.rejects(a, (e: unknown) => e instanceof RequestError && e.cancelled);
    await assert.rejects(b, (e: unknown) => e instanceof RequestError && e.cancelled);
    // A late reply to a cancelled request is dropped without effect.
    assert.strictEqual(channel.handle(tileReply(a.requestId)), true);
    // Nothing left to cancel: no message.
    channel.cancel([a.requestId]);
    assert.strictEqual(sent.length, 1);
    assert.strictEqual(channel.pendingCount, 0);
  });

  it('notices go out as they are; host notices reach the handlers of their type until removed', () => {
    const { channel, sent } = setup();
    channel.notify({ type: 'ready' });
    channel.notify({ type: 'cancelJob', jobId: 4 });
    assert.deepStrictEqual(sent, [{ type: 'ready' }, { type: 'cancelJob', jobId: 4 }]);
    const jobs: number[] = [];
    const gotos: (string[] | undefined)[] = [];
    const off = channel.on('job', (m) => jobs.push(m.jobId));
    channel.on('goToIndex', (m) => gotos.push(m.index));
    channel.handle({ type: 'job', jobId: 1, title: 'Copying', state: 'progress', done: 1, total: 2 });
    channel.handle({ type: 'goToIndex', index: ['-1'] });
    off();
    channel.handle({ type: 'job', jobId: 2, title: 'Copying', state: 'done' });
    assert.deepStrictEqual(jobs, [1]);
    assert.deepStrictEqual(gotos, [['-1']]);
  });

  it('ignores what is not a protocol message', () => {
    const { channel } = setup();
    for (const junk of [null, undefined, 3, 'tile', {}, { type: 7 }]) assert.strictEqual(channel.handle(junk), false);
  });
});
