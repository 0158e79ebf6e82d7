// Issue 11, item 12: a struct dtype in a hover or the status bar is summarised by whole fields
// (`[('f0', '<f4'), … 299 more fields]`), never cut in the middle of one.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readHeaderSummary, summaryLine } from '../../../src/host/info/headerSummary';
import { shortDtypeName } from '../../../src/shared/descrSummary';

describe('host: structured dtypes in one-line summaries', () => {
  it('a 300-field record: whole fields, then how many more; a short dtype as numpy names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-sum-'));
    try {
      const file = join(dir, 'wide.npy');
      const r = spawnSync('python3', ['-c', "import numpy as np, sys; np.save(sys.argv[1], np.zeros(3, [('f%d' % i, '<f4') for i in range(300)]))", file]);
      assert.equal(r.status, 0, String(r.stderr));
      const s = await readHeaderSummary(file);
      // As many whole fields as fit the status bar's 48 characters.
      assert.equal(s.dtypeName, "[('f0', '<f4'), … 299 more fields]");
      assert.match(summaryLine(s), /^\[\('f0', '<f4'\), … 299 more fields\] \(3,\) · 8\.52 KiB$/);
      assert.equal(shortDtypeName('float32', '<f4'), 'float32');
      assert.equal(
        shortDtypeName("[('x', '<f4'), ('y', '<i2')]", [
          ['x', '<f4'],
          ['y', '<i2'],
        ]),
        "[('x', '<f4'), ('y', '<i2')]",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
