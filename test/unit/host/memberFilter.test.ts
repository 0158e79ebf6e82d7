// The member list's filter: the host matches every key of the directory (not only the listed ones), ignoring
// case, in directory order, up to a limit with the count of all matches.
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { FileSource } from '../../../src/npy/io/fileSource';
import { openNpzContainer, type NpzContainer } from '../../../src/npz';
import { findMembers } from '../../../src/host/viewer/handlers/memberFilter';
import { tempDir } from '../npz/helpers';

describe('host: member filter', () => {
  const tmp = tempDir('npy-member-filter-');
  let container: NpzContainer;

  before(async () => {
    const path = tmp.path('a.npz');
    // Keys as np.savez writes them: one with '/', one non-ASCII, one stored member that is not an array.
    execFileSync('python3', [
      '-c',
      `import numpy as np, sys, zipfile
np.savez(sys.argv[1], **{f'k{i:03d}': np.arange(i % 5 + 1) for i in range(300)}, **{'Sub/Temps': np.zeros((2, 3), '<f4'), 'Ünï': np.arange(2)})
with zipfile.ZipFile(sys.argv[1], 'a') as z: z.writestr('notes.npy', b'not an array')`,
      path,
    ]);
    container = await openNpzContainer(await FileSource.open(path));
  });
  after(async () => {
    await container?.close();
    tmp.remove();
  });

  it('matches a substring of the key, ignoring case, in directory order', () => {
    const found = findMembers(container, 'K29');
    assert.deepEqual(
      found.members.map((m) => m.key),
      ['k290', 'k291', 'k292', 'k293', 'k294', 'k295', 'k296', 'k297', 'k298', 'k299'],
    );
    assert.equal(found.matched, 10);
    assert.deepEqual(
      findMembers(container, 'sub/t').members.map((m) => [m.key, m.memberName, m.compression]),
      [['Sub/Temps', 'Sub/Temps.npy', 'stored']],
    );
    assert.deepEqual(
      findMembers(container, 'ünï').members.map((m) => m.key),
      ['Ünï'],
    );
    assert.deepEqual(
      findMembers(container, 'notes').members.map((m) => m.key),
      ['notes'],
    );
  });

  it('sends at most the limit, with the count of every match; no match is an empty list', () => {
    const found = findMembers(container, 'k', 50);
    assert.equal(found.members.length, 50);
    assert.equal(found.members[49].key, 'k049');
    assert.equal(found.matched, 300);
    assert.deepEqual(findMembers(container, 'zzz'), { members: [], matched: 0 });
    assert.equal(findMembers(container, '').matched, 303);
  });
});
