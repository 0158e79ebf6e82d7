// The .npz engine: zip archives of .npy members, as containers (src/npy/container.ts). No vscode here.
import type { ByteSource } from '../npy/io/byteSource';
import { registerZipOpener, type ArrayContainer } from '../npy/container';
import { NpzContainer, type NpzOptions } from './npzContainer';

export { NpzContainer, DEFAULT_MAX_MEMBERS } from './npzContainer';
export type { NpzOptions, NpzEntryListing, NpzArrayEntry, VerifyReport, VerifyProblem } from './npzContainer';
export { InflatingSource } from './inflatingSource';
export { serializeIndex, deserializeIndex } from './indexCodec';
export type { IndexKey } from './indexCodec';
export { DEFAULT_SPACING, DEFAULT_MAX_CHECKPOINTS } from './inflateIndex';
export type { InflateIndex, Checkpoint, IndexOptions, MemberIdentity } from './inflateIndex';
export { DEFAULT_IN_MEMORY_LIMIT } from './memberSource';
export type { StreamResult, ChunkSink } from './memberStream';
export { keyOfMember } from './memberNames';
export { IndexStore, DEFAULT_INDEX_STORE_BYTES } from './indexStore';
export { verifyFileJob } from './verify';
export type { FileVerifyReport, FileProblem } from './verify';

/** Open a zip archive of .npy members. Takes ownership of `source`: closing the container closes it. */
export function openNpzContainer(source: ByteSource, opts: NpzOptions = {}): Promise<NpzContainer> {
  return NpzContainer.open(source, opts);
}

/** Let openContainer (src/npy/container.ts) open zips through this engine. */
export function registerNpz(): void {
  registerZipOpener((source, opts): Promise<ArrayContainer> => openNpzContainer(source, opts));
}
