// `info A.npz [--json]`: the member list from the central directory, each member's `.npy` header read with one
// batched read per 256 members (no data is read). JSON:
//   {"kind": "npz", "file_size": N, "members": [{"key", "name", "compression": "stored"|"deflated"|…,
//    "compressed_size", "size", "crc32", "array": {the fields of a .npy's info --json, data_offset inside the
//    member} | null, "error": "…" | null}]}
// Human form: one line for the archive, then one line per member.
import { pathForMessage } from '../shared/quote';
import { promises as fs } from 'fs';
import { dtypeName } from '../npy/dtype';
import { NUMPY_MAX_HEADER_SIZE } from '../npy/header';
import { describeArray, type OpenedArray, type OpenOptions } from '../npy/open';
import { warningText } from '../npy/warnings';
import type { NpzContainer, NpzEntryListing } from '../npz';
import { isCancelled } from '../shared/job';
import { byteSizeText, shapeText } from '../shared/text';
import { toJson } from './json';
import { runJob } from './progress';

const METHODS: Record<number, string> = { 0: 'stored', 8: 'deflated', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstandard', 95: 'xz' };

export function compressionName(method: number): string {
  return METHODS[method] ?? `method ${method}`;
}

/** The member as an opened array (warnings as the engine makes them), from the header the listing holds. */
async function describeMember(container: NpzContainer, e: NpzEntryListing, limits: OpenOptions): Promise<OpenedArray | undefined> {
  const h = e.header;
  if (!h || e.error) return undefined;
  // The header's length in characters, as numpy's max_header_size counts it: its bytes for versions 1 and 2
  // (latin-1); a UTF-8 (version 3) header may have fewer, so one that looks long is opened to count exactly.
  const headerBytes = Number(h.dataOffset) - (h.version === '1.0' ? 10 : 12);
  if (headerBytes > NUMPY_MAX_HEADER_SIZE && h.version === '3.0') {
    try {
      return (await container.open(e.name, limits)).opened;
    } catch (err) {
      if (isCancelled(err)) throw err;
      return undefined;
    }
  }
  return describeArray({ header: h, fileSize: e.size, headerChars: headerBytes });
}

/** `info --json`'s fields of one array: a `.npy`, or a member (its `array` object). */
export function arrayJson(opened: OpenedArray): Record<string, unknown> {
  const { header } = opened;
  return {
    version: header.version,
    shape: header.shape,
    fortran_order: header.fortranOrder,
    descr: header.descr,
    itemsize: header.dtype.itemsize,
    data_offset: header.dataOffset,
    count: header.count,
    file_size: opened.fileSize,
    warnings: opened.warnings.map(warningText),
    warning_codes: opened.warnings.map((w) => w.code),
    ...(opened.dataError ? { data_error: opened.dataError } : {}),
  };
}

export async function archiveInfo(container: NpzContainer, file: string, json: boolean, limits: OpenOptions): Promise<number> {
  await runJob('reading member headers', container.inspectJob());
  const fileSize = (await fs.stat(file, { bigint: true })).size;
  const members: { e: NpzEntryListing; opened?: OpenedArray }[] = [];
  for (const e of container.entries) members.push({ e, opened: await describeMember(container, e, limits) });
  if (json) {
    process.stdout.write(
      toJson({
        kind: 'npz',
        file_size: fileSize,
        members: members.map(({ e, opened }) => ({
          key: e.name,
          name: e.memberName,
          compression: compressionName(e.method),
          compressed_size: e.storedSize,
          size: e.size,
          crc32: e.crc32,
          array: opened ? arrayJson(opened) : null,
          error: e.error ?? (opened ? null : 'the member could not be read'),
        })),
      }) + '\n',
    );
    return 0;
  }
  const inflated = container.entries.reduce((s, e) => s + e.size, 0n);
  const n = container.entries.length;
  const lines = [
    `file:     ${pathForMessage(file)} (${byteSizeText(fileSize)}, .npz archive of ${n} ${n === 1 ? 'member' : 'members'}, ${byteSizeText(inflated)} as .npy files)`,
  ];
  const width = Math.min(32, Math.max(3, ...container.entries.map((e) => e.name.length)));
  for (const { e, opened } of members) {
    const key = e.name.padEnd(width);
    const stored = e.method === 8 ? `deflated to ${byteSizeText(e.storedSize)}` : compressionName(e.method);
    if (!opened) {
      lines.push(`  ${key}  error: ${e.error ?? 'the member could not be read'}`);
      continue;
    }
    const h = opened.header;
    const parts = [`${dtypeName(h.dtype)} ${shapeText(h.shape)}${h.fortranOrder ? ' Fortran order' : ''}`, byteSizeText(e.size), stored];
    if (opened.dataError) parts.push(`data: ${opened.dataError}`);
    for (const w of opened.warnings) parts.push(`warning: ${warningText(w)}`);
    lines.push(`  ${key}  ${parts.join(' · ')}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
