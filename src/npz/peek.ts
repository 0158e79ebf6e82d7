// A cheap look at many members' `.npy` headers at once: one batched read per group of members instead of a
// few reads each, for a listing that wants every member's dtype and shape without opening each one.
import { readBatchFrom, type BatchRead, type ByteSource } from '../npy/io/byteSource';
import { parseHeaderBytes, type HeaderOptions, type ParsedHeader } from '../npy/header';
import { NpyError } from '../npy/types';
import { METHOD_STORED, type ZipMember } from './centralDirectory';
import { Inflater, NEED_INPUT, OUTPUT_FULL, STREAM_END } from './inflate/inflater';
import { localHeaderGuess, parseLocalHeader } from './localHeader';

/**
 * Each member gets one read of its local header plus the first bytes of its data: PEEK_STORED of a stored
 * member (numpy's headers are 128 bytes for plain dtypes), PEEK_DEFLATED compressed bytes of a deflated one,
 * inflated by the JS inflater up to PEEK_OUTPUT bytes. A header longer than what arrived is reported as `more`,
 * and the caller opens that member the ordinary way.
 */
const PEEK_STORED = 1024;
const PEEK_DEFLATED = 4096;
const PEEK_OUTPUT = 4096;

export type PeekResult = { kind: 'header'; parsed: ParsedHeader; dataOffset: bigint } | { kind: 'error'; error: unknown } | { kind: 'more' };

/** The header bytes of a data prefix: the prefix itself, or what its compressed bytes inflate to. */
function inflatePrefix(inflater: Inflater, m: ZipMember, data: Uint8Array): Uint8Array {
  inflater.start(0, 0);
  const final = BigInt(data.length) >= m.compressedSize;
  inflater.setInput(data, 0, data.length, 0, final);
  for (;;) {
    const s = inflater.run();
    if (s === NEED_INPUT || s === OUTPUT_FULL || s === STREAM_END) break;
  }
  return inflater.out.subarray(0, inflater.outPos);
}

export async function peekMembers(archive: ByteSource, members: readonly ZipMember[], opts: HeaderOptions): Promise<PeekResult[]> {
  const reads: BatchRead[] = [];
  let total = 0;
  for (const m of members) {
    const want = localHeaderGuess(m) + (m.method === METHOD_STORED ? PEEK_STORED : PEEK_DEFLATED);
    const room = m.limit - m.localOffset;
    const length = BigInt(want) > room ? Number(room) : want;
    reads.push({ position: m.localOffset, length, bufferOffset: total });
    total += length;
  }
  const { buffer, got } = await readBatchFrom(archive, reads, total);
  const inflater = new Inflater(PEEK_OUTPUT);
  return members.map((m, i): PeekResult => {
    const bytes = buffer.subarray(reads[i].bufferOffset, reads[i].bufferOffset + got[i]);
    try {
      const local = parseLocalHeader(m, bytes);
      if ('needBytes' in local) return { kind: 'more' };
      const skip = Number(local.dataOffset - m.localOffset);
      let data = bytes.subarray(skip);
      if (m.method === METHOD_STORED) {
        if (BigInt(data.length) > m.size) data = data.subarray(0, Number(m.size));
      } else {
        if (BigInt(data.length) > m.compressedSize) data = data.subarray(0, Number(m.compressedSize));
        data = inflatePrefix(inflater, m, data);
        if (BigInt(data.length) > m.size) throw new NpyError(`inflates to more than the ${m.size} bytes its directory entry declares`);
      }
      try {
        return { kind: 'header', parsed: parseHeaderBytes(data, m.size, opts), dataOffset: local.dataOffset };
      } catch (e) {
        // Too few bytes arrived for a long header: the caller reads it properly.
        if (e instanceof NpyError && /cut off|too short/.test(e.message) && BigInt(data.length) < m.size) return { kind: 'more' };
        throw e;
      }
    } catch (e) {
      return { kind: 'error', error: e };
    }
  });
}
