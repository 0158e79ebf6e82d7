// Opening the array a read command works on: a path through the one container factory, with the header cap
// every read command takes (`--max-header-size`).
import { openPathContainer, type ArrayEntry } from '../npy/container';
import { NpyError } from '../npy/types';

/** The option every read command accepts. */
export const READ_OPTIONS = { 'max-header-size': { type: 'string' } } as const;

export const READ_USAGE = '[--max-header-size CHARS]';

/** `--max-header-size CHARS` (default: the engine's 1 MiB cap). */
export function headerLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new NpyError(`--max-header-size must be a positive integer, got '${value}'`);
  return n;
}

/** Open `path`, run `fn` on its array, close it whatever happens. */
export async function withArray<T>(path: string, values: { 'max-header-size'?: string }, fn: (entry: ArrayEntry) => Promise<T>): Promise<T> {
  const limits = { maxHeaderSize: headerLimit(values['max-header-size']) };
  const container = await openPathContainer(path, limits);
  try {
    return await fn(await container.open('', limits));
  } finally {
    await container.close();
  }
}
