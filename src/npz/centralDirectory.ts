// The central directory: the member list, read in bounded chunks and checked before any member is touched.
import type { ByteSource } from '../npy/io/byteSource';
import { readAt } from '../npy/io/byteSource';
import { zipError, type ZipEnd } from './endRecord';
import { decodeMemberName } from './memberNames';

/**
 * Central directory file header (APPNOTE.TXT §4.3.12), 46 bytes + name + extra + comment, little-endian:
 *   0 signature 0x02014b50 ("PK\1\2")  4 version made by  6 version needed  8 flags  10 method  12 time  14 date
 *   16 CRC-32  20 compressed size (u32)  24 uncompressed size (u32)  28 name length  30 extra length
 *   32 comment length  34 disk number start  36 internal attributes  38 external attributes (u32)
 *   42 local header offset (u32)  46 name, extra field, comment
 * Flags: bit 0 encrypted, bit 6 strong encryption, bit 13 masked local headers (all refused); bit 3 sizes and
 * CRC in a data descriptor after the data (the local header then has zeros, the directory is the truth);
 * bit 11 UTF-8 name.
 *
 * Zip64 extended information extra field (§4.5.3), tag 0x0001: holds, in this order and only for the fields
 * whose 32-bit value is 0xFFFFFFFF (0xFFFF for the disk), the uncompressed size (u64), compressed size (u64),
 * local header offset (u64) and disk number (u32). numpy (Python's zipfile) writes it in the directory only for
 * members over 2 GiB or past 2 GiB into the file. An extra field is a sequence of (tag u16, length u16, data);
 * one running past the field's end is corrupt (fewer than 4 trailing bytes are padding some tools write).
 *
 * Methods: 0 stored (compressed size = size), 8 deflate; numpy writes only these. Deflate cannot inflate more
 * than 1032× (a 258-byte match per 2 bits), so a member claiming more is a lie: refused without inflating.
 */
export const CENTRAL_SIGNATURE = 0x02014b50;
export const CENTRAL_SIZE = 46;
export const ZIP64_EXTRA_TAG = 0x0001;
export const FLAG_ENCRYPTED = 1 << 0;
export const FLAG_DATA_DESCRIPTOR = 1 << 3;
export const FLAG_STRONG_ENCRYPTION = 1 << 6;
export const FLAG_MASKED_HEADERS = 1 << 13;
export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
/** deflate's largest possible ratio. */
export const DEFLATE_MAX_RATIO = 1032;
/** Local header fixed part. */
export const LOCAL_SIZE = 30;

const METHOD_NAMES: Record<number, string> = {
  1: 'shrink',
  6: 'implode',
  9: 'deflate64',
  12: 'bzip2',
  14: 'lzma',
  93: 'zstandard',
  95: 'xz',
  98: 'ppmd',
  99: 'AES encryption',
};

export interface ZipMember {
  /** Position in the directory (numpy's order). */
  index: number;
  nameBytes: Uint8Array;
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: bigint;
  size: bigint;
  localOffset: bigint;
  /** The member's bytes (local header, data, descriptor) must end by here: the next member or the directory. */
  limit: bigint;
  /** Why the member cannot be read, when the directory alone tells. */
  error?: string;
}

export interface DirectoryOptions {
  /** Largest declared size / compressed size accepted for a deflated member. */
  maxRatio: number;
}

/** Read chunk for the directory: bounded, whatever the directory claims. */
const CHUNK = 1 << 20;

function le(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Apply a zip64 extra field to the fields that are 0xFFFFFFFF; undefined when it is missing or too short. */
function applyZip64(extra: Uint8Array, m: { size: bigint; compressedSize: bigint; localOffset: bigint }, diskStart: number): boolean | string {
  const v = le(extra);
  let at = 0;
  while (at + 4 <= extra.length) {
    const tag = v.getUint16(at, true);
    const len = v.getUint16(at + 2, true);
    if (at + 4 + len > extra.length) return 'its directory extra field is corrupt';
    if (tag === ZIP64_EXTRA_TAG) {
      let p = at + 4;
      const end = p + len;
      const take = (): bigint | undefined => {
        if (p + 8 > end) return undefined;
        const x = v.getBigUint64(p, true);
        p += 8;
        return x;
      };
      if (m.size === 0xffffffffn) {
        const x = take();
        if (x === undefined) return 'its zip64 extra field lacks the size';
        m.size = x;
      }
      if (m.compressedSize === 0xffffffffn) {
        const x = take();
        if (x === undefined) return 'its zip64 extra field lacks the compressed size';
        m.compressedSize = x;
      }
      if (m.localOffset === 0xffffffffn) {
        const x = take();
        if (x === undefined) return 'its zip64 extra field lacks the header offset';
        m.localOffset = x;
      }
      if (diskStart === 0xffff && p + 4 <= end && v.getUint32(p, true) !== 0) return 'split';
      return true;
    }
    at += 4 + len;
  }
  return false;
}

/** Why a member's directory entry makes it unreadable, or undefined. */
function memberProblem(m: ZipMember, opts: DirectoryOptions): string | undefined {
  if (m.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS)) return 'it is encrypted, which is not supported';
  if (m.method === METHOD_STORED) {
    if (m.compressedSize !== m.size) return `it is stored uncompressed but its sizes disagree (${m.compressedSize} stored, ${m.size} declared)`;
    return undefined;
  }
  if (m.method !== METHOD_DEFLATE) {
    const name = METHOD_NAMES[m.method];
    return `it uses compression method ${m.method}${name ? ` (${name})` : ''}; only stored (0) and deflate (8), which numpy writes, are supported`;
  }
  if (m.size > m.compressedSize * BigInt(Math.floor(opts.maxRatio))) {
    return `it claims to inflate from ${m.compressedSize} to ${m.size} bytes, over the ratio limit of ${Math.floor(opts.maxRatio)}× (a zip bomb or a corrupt directory)`;
  }
  return undefined;
}

/**
 * Parse the whole directory. Structural problems (bad signatures, a member outside the file, members that
 * overlap, which is how the worst zip bombs are built) refuse the archive; a problem of one member (method,
 * encryption, sizes) is recorded on it and the others stay usable.
 */
export async function readCentralDirectory(source: ByteSource, end: ZipEnd, opts: DirectoryOptions): Promise<ZipMember[]> {
  const members: ZipMember[] = [];
  const dirEnd = end.directoryOffset + end.directorySize;
  let buf: Uint8Array = new Uint8Array(0);
  let bufOffset = end.directoryOffset;
  let pos = 0;
  /** Make `n` bytes from `pos` available, reading the next chunk (or taking it from the tail already read). */
  const ensure = async (n: number): Promise<boolean> => {
    if (pos + n <= buf.length) return true;
    const at = bufOffset + BigInt(pos);
    if (at + BigInt(n) > dirEnd) return false;
    const room = dirEnd - at;
    const want = Math.max(n, room < BigInt(CHUNK) ? Number(room) : CHUNK);
    let fresh: Uint8Array;
    const inTail = at - end.tailOffset;
    if (inTail >= 0n && inTail + BigInt(want) <= BigInt(end.tail.length)) fresh = end.tail.subarray(Number(inTail), Number(inTail) + want);
    else fresh = await readAt(source, at, want);
    if (fresh.length < want) throw zipError('the file ended inside its central directory');
    buf = fresh;
    bufOffset = at;
    pos = 0;
    return true;
  };

  for (let i = 0; i < end.entries; i++) {
    if (!(await ensure(CENTRAL_SIZE))) throw zipError(`the central directory ends after ${i} of ${end.entries} members`);
    const v = le(buf.subarray(pos, pos + CENTRAL_SIZE));
    if (v.getUint32(0, true) !== CENTRAL_SIGNATURE) throw zipError(`central directory entry ${i + 1} has a bad signature`);
    const nameLen = v.getUint16(28, true);
    const extraLen = v.getUint16(30, true);
    const commentLen = v.getUint16(32, true);
    const diskStart = v.getUint16(34, true);
    const flags = v.getUint16(8, true);
    const total = CENTRAL_SIZE + nameLen + extraLen + commentLen;
    if (!(await ensure(total))) throw zipError(`central directory entry ${i + 1} runs past the directory's end`);
    const entry = buf.subarray(pos, pos + total);
    const e = le(entry);
    const nameBytes = entry.slice(CENTRAL_SIZE, CENTRAL_SIZE + nameLen);
    const decoded = decodeMemberName(nameBytes, flags);
    const m: ZipMember = {
      index: i,
      nameBytes,
      name: decoded.name,
      flags,
      method: e.getUint16(10, true),
      crc32: e.getUint32(16, true),
      compressedSize: BigInt(e.getUint32(20, true)),
      size: BigInt(e.getUint32(24, true)),
      localOffset: BigInt(e.getUint32(42, true)),
      limit: 0n,
    };
    const z = applyZip64(entry.subarray(CENTRAL_SIZE + nameLen, CENTRAL_SIZE + nameLen + extraLen), m, diskStart);
    if (z === 'split' || (diskStart !== 0 && diskStart !== 0xffff)) {
      throw zipError('it spans several disks (a split archive), which is not supported');
    }
    if (typeof z === 'string') throw zipError(`member '${m.name}': ${z}`);
    m.error = decoded.error ?? memberProblem(m, opts);
    members.push(m);
    pos += total;
  }
  if (bufOffset + BigInt(pos) !== dirEnd) {
    throw zipError(`the central directory has ${dirEnd - bufOffset - BigInt(pos)} bytes after its last member`);
  }
  checkLayout(members, end.directoryOffset);
  return members;
}

/**
 * Every member's bytes — at least its local header's fixed part, its name and its compressed data — must lie
 * before the directory and before the next member: overlapping members let a small file expand without bound.
 * Sets each member's `limit` (the precise check, with the local extra field's length, is made on opening it).
 */
function checkLayout(members: ZipMember[], directoryOffset: bigint): void {
  const order = members.slice().sort((a, b) => (a.localOffset < b.localOffset ? -1 : a.localOffset > b.localOffset ? 1 : 0));
  for (let k = 0; k < order.length; k++) {
    const m = order[k];
    const limit = k + 1 < order.length ? order[k + 1].localOffset : directoryOffset;
    const minimalEnd = m.localOffset + BigInt(LOCAL_SIZE + m.nameBytes.length) + m.compressedSize;
    if (minimalEnd > limit) {
      if (k + 1 < order.length) throw zipError(`members '${m.name}' and '${order[k + 1].name}' overlap`);
      throw zipError(`member '${m.name}' runs into the central directory (or past the end of the file)`);
    }
    m.limit = limit;
  }
}
