// The CLI's inflate indexes: a large deflated member (over the engine's in-memory limit) is read at random
// through a checkpoint index made by one pass over it. The pass runs once, behind a progress line (Ctrl-C
// cancels), and its index is kept in the cache folder for the next run: $NPY_STUDIO_CACHE, else
// $XDG_CACHE_HOME/npy-studio, else ~/.cache/npy-studio (bounded in total size, oldest removed first; see
// src/npz/indexStore.ts). A cache that cannot be written is not an error: the next run indexes again.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ArrayContainer } from '../npy/container';
import { IndexStore, NpzContainer, type IndexKey } from '../npz';
import { runJob } from './progress';

/** Reads of a large deflated member ending below this many bytes let the reads inflate (no index pass). */
export const NO_PASS_BELOW = 64n << 20n;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NPY_STUDIO_CACHE) return path.resolve(env.NPY_STUDIO_CACHE);
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'npy-studio');
}

let store: IndexStore | undefined;
function indexStore(): IndexStore {
  store ??= new IndexStore(path.join(cacheDir(), 'npz-index'));
  return store;
}

async function keyOf(container: NpzContainer, file: string, name: string): Promise<IndexKey> {
  const st = await fs.stat(file, { bigint: true });
  return container.indexKey(name, { path: path.resolve(file), size: st.size, mtimeMs: Number(st.mtimeNs) / 1e6 });
}

/** Before opening member `name`: use its cached index when there is one. */
export async function useCachedIndex(container: ArrayContainer, file: string, name: string): Promise<void> {
  if (!(container instanceof NpzContainer) || !container.needsIndex(name)) return;
  const key = await keyOf(container, file, name).catch(() => undefined);
  const index = key && (await indexStore().load(key));
  if (index) container.useIndex(name, index);
}

/**
 * Make sure member `name` can be read at random: when it still needs an index (and the reads go past
 * NO_PASS_BELOW, or `upTo` is undefined: anywhere), run the pass with a progress line and cache the index.
 */
export async function ensureIndex(container: ArrayContainer, file: string, name: string, upTo?: bigint): Promise<void> {
  if (!(container instanceof NpzContainer) || !container.needsIndex(name)) return;
  if (upTo !== undefined && upTo <= NO_PASS_BELOW) return;
  const index = await runJob(`indexing ${name}`, container.indexJob(name));
  if (!index?.complete) return;
  try {
    const key = await keyOf(container, file, name);
    await indexStore().save(key, index);
  } catch {
    // Not cached: the next run makes the index again.
  }
}
