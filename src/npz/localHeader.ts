// A member's local header: where its data starts, and a cross-check against its directory entry.
import type { ByteSource } from '../npy/io/byteSource';
import { readAt } from '../npy/io/byteSource';
import { NpyError } from '../npy/types';
import { FLAG_DATA_DESCRIPTOR, FLAG_ENCRYPTED, FLAG_STRONG_ENCRYPTION, LOCAL_SIZE, ZIP64_EXTRA_TAG, type ZipMember } from './centralDirectory';

/**
 * Local file header (APPNOTE.TXT §4.3.7), 30 bytes + name + extra, right before the member's data:
 *   0 signature 0x04034b50 ("PK\3\4")  4 version needed  6 flags  8 method  10 time  12 date  14 CRC-32
 *   18 compressed size (u32)  22 uncompressed size (u32)  26 name length  28 extra length  30 name, extra
 * The data starts at offset + 30 + name length + extra length of THIS header: the local extra field need not
 * equal the directory's (numpy's writer, Python's zipfile with force_zip64=True, always puts a zip64 extra field
 * here, with 0xFFFFFFFF in the size fields, and usually none in the directory), so the data is not aligned.
 * The directory is the truth for sizes and CRC; the local header must agree with it on name, method and
 * encryption (a mismatch is how a zip shows one name to a lister and other bytes to an extractor), and on CRC
 * and sizes when it claims them (flag bit 3 clear; a local zip64 extra field holds both sizes).
 */
export const LOCAL_SIGNATURE = 0x04034b50;
/** Bytes read at first: the fixed part, the name, and room for numpy's 20-byte zip64 extra field. */
const FIRST_READ_EXTRA = 64;

export interface LocalHeader {
  /** Archive offset of the member's data. */
  dataOffset: bigint;
}

function problem(what: string): NpyError {
  return new NpyError(`its local header ${what}`);
}

/** Parse `bytes` (read at the member's local offset); returns the extra length still missing when too short. */
export function parseLocalHeader(m: ZipMember, bytes: Uint8Array): LocalHeader | { needBytes: number } {
  if (bytes.length < LOCAL_SIZE) return { needBytes: LOCAL_SIZE };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== LOCAL_SIGNATURE) throw problem('is missing (bad signature)');
  const nameLen = v.getUint16(26, true);
  const extraLen = v.getUint16(28, true);
  const headerLen = LOCAL_SIZE + nameLen + extraLen;
  if (bytes.length < headerLen) return { needBytes: headerLen };
  const flags = v.getUint16(6, true);
  const method = v.getUint16(8, true);
  const name = bytes.subarray(LOCAL_SIZE, LOCAL_SIZE + nameLen);
  if (nameLen !== m.nameBytes.length || name.some((b, i) => b !== m.nameBytes[i])) throw problem('names another member');
  if (method !== m.method) throw problem(`says compression method ${method}, the directory ${m.method}`);
  if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== (m.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION))) {
    throw problem('disagrees with the directory on encryption');
  }
  if (!(flags & FLAG_DATA_DESCRIPTOR)) {
    const crc = v.getUint32(14, true);
    if (crc !== m.crc32) throw problem('has another CRC-32 than the directory');
    let compressed = BigInt(v.getUint32(18, true));
    let size = BigInt(v.getUint32(22, true));
    if (compressed === 0xffffffffn || size === 0xffffffffn) {
      const z = localZip64(bytes.subarray(LOCAL_SIZE + nameLen, headerLen));
      if (z) {
        size = z.size;
        compressed = z.compressed;
      }
    }
    if (size !== m.size || compressed !== m.compressedSize) throw problem('has other sizes than the directory');
  }
  const dataOffset = m.localOffset + BigInt(headerLen);
  if (dataOffset + m.compressedSize > m.limit) {
    throw new NpyError('its data runs into the next member or the central directory');
  }
  return { dataOffset };
}

/** The sizes of a local zip64 extra field (both are always there in a local header), if it has one. */
function localZip64(extra: Uint8Array): { size: bigint; compressed: bigint } | undefined {
  const v = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let at = 0; at + 4 <= extra.length;) {
    const tag = v.getUint16(at, true);
    const len = v.getUint16(at + 2, true);
    if (at + 4 + len > extra.length) return undefined;
    if (tag === ZIP64_EXTRA_TAG && len >= 16) return { size: v.getBigUint64(at + 4, true), compressed: v.getBigUint64(at + 12, true) };
    at += 4 + len;
  }
  return undefined;
}

/** Bytes to read for a member's local header in one go (the batch peek reads this much, plus data). */
export function localHeaderGuess(m: ZipMember): number {
  return LOCAL_SIZE + m.nameBytes.length + FIRST_READ_EXTRA;
}

export async function readLocalHeader(source: ByteSource, m: ZipMember): Promise<LocalHeader> {
  const room = m.limit - m.localOffset;
  const clip = (n: number): number => (BigInt(n) > room ? Number(room) : n);
  let bytes = await readAt(source, m.localOffset, clip(localHeaderGuess(m)));
  let parsed = parseLocalHeader(m, bytes);
  if ('needBytes' in parsed) {
    const n = parsed.needBytes;
    if (BigInt(n) > room) throw problem('runs into the next member');
    bytes = await readAt(source, m.localOffset, n);
    parsed = parseLocalHeader(m, bytes);
    if ('needBytes' in parsed) throw problem('runs into the next member');
  }
  return parsed;
}
