// `--member KEY`: which array of a file a command works on. A `.npy` holds one (and takes no --member); an `.npz`
// takes the key np.load(f)[KEY] takes. An archive of exactly one array needs no --member: there is nothing to
// choose, and `np.load(f)[np.load(f).files[0]]` is what a user would write anyway. With several, a missing
// --member is an error that lists the keys (a command never picks one silently).
import type { ArrayContainer } from '../npy/container';
import { NpyError } from '../npy/types';
import { quoteForMessage } from '../shared/quote';
import { NpzContainer } from '../npz';

export const MEMBER_OPTION = { member: { type: 'string' } } as const;
export const MEMBER_USAGE = '[--member KEY]';

/** A few keys, quoted, for a message: `'a', 'b/c', … (12 in all)`. */
function someKeys(keys: readonly string[], max = 5): string {
  const shown = keys.slice(0, max).map((k) => quoteForMessage(k));
  return keys.length > max ? `${shown.join(', ')}, … (${keys.length} in all)` : shown.join(', ');
}

/** The entry name to open in `container` ('' for a `.npy`), from `--member` (undefined when not given). */
export function entryName(container: ArrayContainer, member: string | undefined): string {
  if (!(container instanceof NpzContainer)) {
    if (member !== undefined) throw new NpyError('this is a .npy file, which holds one array; --member applies to .npz archives');
    return '';
  }
  const keys = container.entries.map((e) => e.name);
  if (member === undefined) {
    if (keys.length === 1) return keys[0];
    if (keys.length === 0) throw new NpyError('the archive holds no arrays');
    throw new NpyError(`the archive holds ${keys.length} arrays; choose one with --member KEY: ${someKeys(keys)}`);
  }
  // np.load takes the key or the member's own name (`x.npy`).
  if (!keys.includes(member) && !container.entries.some((e) => e.memberName === member)) {
    throw new NpyError(`the archive has no array ${quoteForMessage(member)}; its keys: ${someKeys(keys)}`);
  }
  return member;
}
