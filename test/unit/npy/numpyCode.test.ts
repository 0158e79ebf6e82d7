// Copy View as NumPy Code: the expression evaluates, in numpy, to the view (a .npy memory-mapped; an .npz member).
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { numpyCode } from '../../../src/npy/numpyCode';
import { parseSlice } from '../../../src/npy/slice';

describe('numpyCode', () => {
  it("a .npy view as np.load(path, mmap_mode='r')[…], a quote in the path as Python's repr writes it; an .npz member by key", () => {
    const dir = mkdtempSync(join(tmpdir(), "npy-code-it's-"));
    try {
      const file = join(dir, 'cube.npy');
      const archive = join(dir, 'a.npz');
      const py = (code: string, ...args: string[]) => {
        const r = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        return r.stdout.trim();
      };
      py('import numpy as np, sys; a = np.arange(60).reshape(3, 4, 5); np.save(sys.argv[1], a); np.savez(sys.argv[2], **{"sub/x": a})', file, archive);
      const shape = [3n, 4n, 5n];
      const view = parseSlice('2, :, ::2', shape);
      const code = numpyCode(file, undefined, shape, view);
      // Python's repr of a path holding a single quote is double-quoted.
      assert.equal(code, `np.load(${JSON.stringify(file)}, mmap_mode='r')[2, :, ::2]`);
      const member = numpyCode(archive, 'sub/x', shape, view);
      const check = 'import numpy as np, sys\na = np.arange(60).reshape(3, 4, 5)[2, :, ::2]\nprint(all(np.array_equal(eval(c, {"np": np}), a) for c in sys.argv[1:]))';
      assert.equal(py(check, code, member), 'True');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
