// Finding a zip's central directory: the end-of-central-directory record and, for big archives, its zip64 twin.
// Only the file's tail is read, once; nothing before the directory is ever scanned.
import type { ByteSource } from '../npy/io/byteSource';
import { readAt } from '../npy/io/byteSource';
import { NpyError } from '../npy/types';

/**
 * The zip end records (APPNOTE.TXT §4.3.14-16), all little-endian:
 *
 * End of central directory (EOCD), 22 bytes + comment, last in the file:
 *   0 signature 0x06054b50 ("PK\5\6")   4 number of this disk (u16)   6 disk where the directory starts (u16)
 *   8 entries on this disk (u16)        10 entries in total (u16)      12 directory size (u32)
 *   16 directory offset (u32)           20 comment length (u16)        22 comment
 * The comment is at most 65,535 bytes, so the record starts within the last 65,557 bytes; we take the last
 * signature whose comment length reaches exactly to the end of the file (a signature inside a comment does not).
 *
 * Zip64 end-of-central-directory locator, 20 bytes, right before the EOCD:
 *   0 signature 0x07064b50 ("PK\6\7")   4 disk with the zip64 record (u32)   8 offset of the zip64 record (u64)
 *   16 total number of disks (u32)
 * Zip64 end-of-central-directory record, 56 bytes + extensible data, before the locator:
 *   0 signature 0x06064b50 ("PK\6\6")   4 size of the rest of the record (u64, ≥ 44)
 *   12 version made by (u16)  14 version needed (u16)  16 this disk (u32)  20 disk where the directory starts (u32)
 *   24 entries on this disk (u64)  32 entries in total (u64)  40 directory size (u64)  48 directory offset (u64)
 * Archives with more than 65,535 members or a directory past 4 GiB need the zip64 record; Python's zipfile
 * (numpy's writer) adds it past 65,535 members or 2 GiB. When the locator is there its record is the truth, even
 * where the EOCD holds real values (Python writes min(value, 0xFFFF…) there); without it the EOCD's values are
 * taken as they are, 0xFFFF included (exactly 65,535 members is legal without zip64).
 *
 * Multi-disk (split) archives are refused: every disk number must be 0 and the entry counts must agree.
 */
export const EOCD_SIGNATURE = 0x06054b50;
export const EOCD_SIZE = 22;
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
export const ZIP64_LOCATOR_SIZE = 20;
export const ZIP64_EOCD_SIGNATURE = 0x06064b50;
export const ZIP64_EOCD_SIZE = 56;
/** How far back from the end the EOCD can start: its size plus the longest comment. */
export const EOCD_SEARCH = EOCD_SIZE + 0xffff;

export interface ZipEnd {
  /** Members the directory lists. */
  entries: number;
  directoryOffset: bigint;
  directorySize: bigint;
  /** Where the directory must end by: the zip64 record, or the EOCD. */
  directoryLimit: bigint;
  zip64: boolean;
  /** The file's last bytes as read to find the EOCD, and their offset (the directory may lie within them). */
  tail: Uint8Array;
  tailOffset: bigint;
}

export function zipError(what: string): NpyError {
  return new NpyError(`not a readable .npz archive: ${what}`);
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** The EOCD's position in `tail`, or -1. */
function findEocd(tail: Uint8Array): number {
  const v = view(tail);
  for (let at = tail.length - EOCD_SIZE; at >= 0; at--) {
    if (tail[at] !== 0x50 || v.getUint32(at, true) !== EOCD_SIGNATURE) continue;
    if (at + EOCD_SIZE + v.getUint16(at + 20, true) === tail.length) return at;
  }
  return -1;
}

export async function readEndRecord(source: ByteSource, fileSize: bigint, maxMembers: number): Promise<ZipEnd> {
  if (fileSize < BigInt(EOCD_SIZE)) throw zipError(`the file is ${fileSize} bytes, too short for a zip's end record`);
  const tailLength = fileSize < BigInt(EOCD_SEARCH) ? Number(fileSize) : EOCD_SEARCH;
  const tailOffset = fileSize - BigInt(tailLength);
  const tail = await readAt(source, tailOffset, tailLength);
  if (tail.length !== tailLength) throw zipError('the file ended while reading its end record');
  const at = findEocd(tail);
  if (at < 0) throw zipError('no end-of-central-directory record (is the file cut off?)');
  const v = view(tail);
  const eocdOffset = tailOffset + BigInt(at);
  const disk = v.getUint16(at + 4, true);
  const cdDisk = v.getUint16(at + 6, true);
  const diskEntries = v.getUint16(at + 8, true);
  let entries = BigInt(v.getUint16(at + 10, true));
  let directorySize = BigInt(v.getUint32(at + 12, true));
  let directoryOffset = BigInt(v.getUint32(at + 16, true));
  let directoryLimit = eocdOffset;
  let zip64 = false;

  const locAt = at - ZIP64_LOCATOR_SIZE;
  const locOffset = eocdOffset - BigInt(ZIP64_LOCATOR_SIZE);
  let locator: DataView | undefined;
  if (locAt >= 0) locator = view(tail.subarray(locAt, at));
  else if (locOffset >= 0n) locator = view(await readAt(source, locOffset, ZIP64_LOCATOR_SIZE));
  if (locator && locator.byteLength === ZIP64_LOCATOR_SIZE && locator.getUint32(0, true) === ZIP64_LOCATOR_SIGNATURE) {
    zip64 = true;
    const recordDisk = locator.getUint32(4, true);
    const recordOffset = locator.getBigUint64(8, true);
    const disks = locator.getUint32(16, true);
    if (recordDisk !== 0 || disks > 1) throw zipError('it spans several disks (a split archive), which is not supported');
    if (recordOffset + BigInt(ZIP64_EOCD_SIZE) > locOffset) throw zipError('the zip64 end record lies outside the file');
    const rel = recordOffset - tailOffset;
    const rec = rel >= 0n ? view(tail.subarray(Number(rel), Number(rel) + ZIP64_EOCD_SIZE)) : view(await readAt(source, recordOffset, ZIP64_EOCD_SIZE));
    if (rec.byteLength !== ZIP64_EOCD_SIZE || rec.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) {
      throw zipError('the zip64 end locator does not point at a zip64 end record');
    }
    const recordSize = rec.getBigUint64(4, true);
    if (recordSize < 44n || recordOffset + 12n + recordSize > locOffset) throw zipError('the zip64 end record has a bad size');
    if (rec.getUint32(16, true) !== 0 || rec.getUint32(20, true) !== 0) {
      throw zipError('it spans several disks (a split archive), which is not supported');
    }
    const disk64Entries = rec.getBigUint64(24, true);
    entries = rec.getBigUint64(32, true);
    if (disk64Entries !== entries) throw zipError('it spans several disks (a split archive), which is not supported');
    directorySize = rec.getBigUint64(40, true);
    directoryOffset = rec.getBigUint64(48, true);
    directoryLimit = recordOffset;
  } else if (disk !== 0 || cdDisk !== 0 || BigInt(diskEntries) !== entries) {
    throw zipError('it spans several disks (a split archive), which is not supported');
  }

  if (directoryOffset + directorySize > directoryLimit) {
    throw zipError(`the central directory (${directorySize} bytes at ${directoryOffset}) lies outside the file's members area`);
  }
  // Each directory entry takes at least 46 bytes: a count the directory cannot hold is a lie, caught before
  // anything is allocated for it.
  if (entries * 46n > directorySize) throw zipError(`the end record claims ${entries} members, more than its directory can hold`);
  if (entries > BigInt(maxMembers)) throw zipError(`it lists ${entries} members, more than the limit of ${maxMembers}`);
  return { entries: Number(entries), directoryOffset, directorySize, directoryLimit, zip64, tail, tailOffset };
}
