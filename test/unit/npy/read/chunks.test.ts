import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileSource } from '../../../../src/npy/io/fileSource';
import { openArray, type OpenedArray } from '../../../../src/npy/open';
import { resolveView, type ViewSpec } from '../../../../src/npy/view';
import { elementChunks, viewChunks } from '../../../../src/npy/read/chunks';
import { isCancelled } from '../../../../src/shared/job';
import type { ByteSource } from '../../../../src/npy/io/byteSource';

// numpy writes the arrays and says what a view / a flat C range holds; the chunk reader must agree.
const dir = mkdtempSync(join(tmpdir(), 'npy-chunks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function numpy(code: string): unknown {
  return JSON.parse(execFileSync('python3', ['-c', `import json, numpy as np\n${code}`], { encoding: 'utf8' }));
}

async function opened(path: string): Promise<{ source: ByteSource; opened: OpenedArray }> {
  const source = await FileSource.open(path);
  return { source, opened: await openArray(source) };
}

function int32s(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, i) => dv.getInt32(i * 4, true));
}

describe('chunk reader', () => {
  for (const fortran of [false, true]) {
    const order = fortran ? 'F' : 'C';
    const path = join(dir, `a${order}.npy`);
    before(() =>
      numpy(
        `a = np.asfortranarray(np.arange(7*9*11, dtype='<i4').reshape(7,9,11)) if '${order}'=='F' else np.arange(7*9*11, dtype='<i4').reshape(7,9,11)\nnp.save('${path}', a)\nprint('0')`,
      ),
    );

    it(`walks a strided view rectangle of a ${order}-order array in bounded chunks, in the view's C order`, async () => {
      const { source, opened: o } = await opened(path);
      try {
        const h = o.header;
        // a[2, 1:8:2, ::-1] as (rows = axis 1, columns = axis 2)
        const spec: ViewSpec = {
          axes: [
            { kind: 'index', index: 2n },
            { kind: 'range', start: 1n, step: 2n, count: 4n },
            { kind: 'range', start: 10n, step: -1n, count: 11n },
          ],
          rowAxis: 1,
          colAxis: 2,
        };
        const view = resolveView(h.shape, h.fortranOrder, h.dtype, spec);
        const want = numpy(`a = np.load('${path}')\nprint(json.dumps(a[2, 1:8:2, ::-1][1:4, 2:9].tolist()))`) as number[][];
        for (const budget of [4, 12, 28, 4 * 7, 4 * 7 * 3, 1 << 20]) {
          const got: number[][] = [[], [], []];
          let chunks = 0;
          for await (const { row0, tile } of viewChunks(
            source,
            { view, itemsize: 4, dataOffset: h.dataOffset, availableCount: o.availableCount },
            { row0: 1n, rows: 3n, col0: 2n, cols: 7n },
            { budgetBytes: budget },
          )) {
            assert.ok(tile.bytes.length <= Math.max(4, budget), `chunk of ${tile.bytes.length} bytes over a budget of ${budget}`);
            const vals = int32s(tile.bytes);
            for (let r = 0; r < tile.rows; r++) got[Number(row0) - 1 + r].push(...vals.slice(r * tile.cellsPerRow, (r + 1) * tile.cellsPerRow));
            chunks++;
          }
          assert.deepEqual(got, want, `budget ${budget}`);
          if (budget === 4) assert.equal(chunks, 21);
        }
      } finally {
        await source.close();
      }
    });

    it(`reads a flat C range of a ${order}-order array in place`, async () => {
      const { source, opened: o } = await opened(path);
      try {
        const h = o.header;
        const layout = { shape: h.shape, fortranOrder: h.fortranOrder, itemsize: 4, dataOffset: h.dataOffset, availableCount: o.availableCount };
        const want = numpy(`a = np.load('${path}')\nprint(json.dumps(a.ravel(order='C')[95:600].tolist()))`) as number[];
        for (const budget of [4, 40, 4 * 97, 1 << 20]) {
          const got: number[] = [];
          let next = 95n;
          for await (const { start, tile } of elementChunks(source, layout, 95n, 505n, { budgetBytes: budget })) {
            assert.equal(start, next);
            next += BigInt(tile.cellsPerRow);
            assert.ok(tile.bytes.length <= Math.max(4, budget));
            got.push(...int32s(tile.bytes));
          }
          assert.deepEqual(got, want, `budget ${budget}`);
        }
      } finally {
        await source.close();
      }
    });
  }

  it('stops with the cancelled error when the signal fires between chunks', async () => {
    const { source, opened: o } = await opened(join(dir, 'aC.npy'));
    try {
      const h = o.header;
      const layout = { shape: h.shape, fortranOrder: false, itemsize: 4, dataOffset: h.dataOffset, availableCount: o.availableCount };
      const ac = new AbortController();
      let seen = 0;
      await assert.rejects(
        (async () => {
          for await (const _ of elementChunks(source, layout, 0n, h.count, { budgetBytes: 64, signal: ac.signal })) {
            if (++seen === 3) ac.abort();
          }
        })(),
        (e: unknown) => isCancelled(e),
      );
      assert.equal(seen, 3);
    } finally {
      await source.close();
    }
  });
});
