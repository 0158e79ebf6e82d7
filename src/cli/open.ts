// Opening the array a read command works on: a path through the one container factory, with the header cap
// every read command takes (`--max-header-size`).
import { openPathContainer, type ArrayEntry } from '../npy/container';
import { NpyError } from '../npy/types';
import { quoteForMessage } from '../shared/quote';
import { ensureIndex, useCachedIndex } from './indexCache';
import { entryName } from './member';

/** The option every read command accepts. */
export const READ_OPTIONS = { 'max-header-size': { type: 'string' } } as const;

export const READ_USAGE = '[--max-header-size CHARS]';

/** `--max-header-size CHARS` (default: the engine's 1 MiB cap). */
export function headerLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new NpyError(`--max-header-size must be a positive integer, got ${quoteForMessage(value)}`);
  return n;
}

export interface ArrayOptions {
  'max-header-size'?: string;
  /** `--member KEY` (see member.ts). */
  member?: string;
  /**
   * Set by a command that reads data: how far into the entry's bytes (undefined: anywhere). A large deflated
   * `.npz` member read past the first few MiB gets its inflate index first (cached; see indexCache.ts).
   */
  readsUpTo?: (entry: ArrayEntry) => bigint | undefined;
}

/**
 * Open `path`, run `fn` on its array (for an `.npz` the `--member` one, see member.ts), close it whatever happens.
 */
export async function withArray<T>(path: string, values: ArrayOptions, fn: (entry: ArrayEntry) => Promise<T>): Promise<T> {
  const limits = { maxHeaderSize: headerLimit(values['max-header-size']) };
  const container = await openPathContainer(path, limits);
  try {
    const name = entryName(container, values.member);
    await useCachedIndex(container, path, name);
    const entry = await container.open(name, limits);
    if (values.readsUpTo && !entry.opened.dataError) await ensureIndex(container, path, name, values.readsUpTo(entry));
    return await fn(entry);
  } finally {
    await container.close();
  }
}
