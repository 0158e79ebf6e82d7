// The .npy preamble and header: magic, version, header length, and the Python-literal dict numpy writes.
// Everything read here is untrusted: the header length is capped before any buffer is allocated for it, the
// dict is parsed by a strict literal parser (never evaluated), and sizes are checked in BigInt against int64.

import { NpyError } from './types';
import type { NpyHeader } from './types';
import type { ByteSource } from './io/byteSource';
import { readAt } from './io/byteSource';
import { isDict, isTuple, parsePyLiteral, pyRepr } from './literal';
import type { PyValue } from './literal';
import { MAX_DIMS, descrToDtype, dtypeToDescr, hasObject } from './dtype';

export const MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59); // \x93NUMPY
/**
 * numpy's default max_header_size. numpy caps headers because it runs `ast.literal_eval` on them; np.save itself
 * writes longer ones for wide structured dtypes (a 300-field record gets a 74 KB header), which np.load then
 * refuses unless given `max_header_size=`.
 */
export const NUMPY_MAX_HEADER_SIZE = 10_000;
/**
 * Our default cap, in characters. The header parser is a linear tokenizer with bounded nesting (literal.ts): a
 * 1 MiB header of 9,500 fields parses in about half numpy's time (npm run bench), and parse time per byte does
 * not grow with size (test/unit/npy/headerScaling.test.ts); the cap only stops absurd claimed lengths.
 */
export const DEFAULT_MAX_HEADER_SIZE = 1 << 20;
export const INT64_MAX = (1n << 63n) - 1n;
export const OBJECT_DTYPE_MESSAGE = 'array holds pickled Python objects (dtype object); NPY Studio never unpickles data';

export interface HeaderOptions {
  /**
   * Largest header accepted, in characters (numpy's max_header_size; our default is DEFAULT_MAX_HEADER_SIZE). The
   * claimed byte length is checked against it (×4 for UTF-8 version 3.0 headers) before anything is allocated.
   */
  maxHeaderSize?: number;
}

export interface ParsedHeader {
  header: NpyHeader;
  fileSize: bigint;
  /** Length of the header text in characters (code points), as numpy's max_header_size counts it. */
  headerChars: number;
}

export interface Preamble {
  version: NpyHeader['version'];
  /** Bytes of magic + version + length field: 10 for 1.0, 12 for 2.0/3.0. */
  preambleLength: number;
  /** Bytes of header text claimed by the length field. */
  headerLength: number;
}

/** Longest preamble (2.0/3.0). Reading this many bytes (or the whole file if shorter) is enough for parsePreamble. */
export const PREAMBLE_MAX = 12;

function fail(msg: string): never {
  throw new NpyError(msg);
}

/** Magic, version and header length from the first bytes of a file (`prefix`, up to PREAMBLE_MAX bytes). */
export function parsePreamble(prefix: Uint8Array): Preamble {
  const n = Math.min(prefix.length, MAGIC.length);
  for (let i = 0; i < n; i++) {
    if (prefix[i] !== MAGIC[i]) fail('not a .npy file: the magic string \\x93NUMPY is missing');
  }
  if (prefix.length < 8) fail(`file is too short to be a .npy file (${prefix.length} bytes; the preamble is cut off)`);
  const major = prefix[6];
  const minor = prefix[7];
  let version: NpyHeader['version'];
  if (major === 1 && minor === 0) version = '1.0';
  else if (major === 2 && minor === 0) version = '2.0';
  else if (major === 3 && minor === 0) version = '3.0';
  else fail(`unsupported .npy format version ${major}.${minor} (only 1.0, 2.0 and 3.0 exist)`);
  const preambleLength = version === '1.0' ? 10 : 12;
  if (prefix.length < preambleLength) fail(`file is too short to be a .npy file (${prefix.length} bytes; the header length is cut off)`);
  const headerLength = version === '1.0' ? prefix[8] | (prefix[9] << 8) : (prefix[8] | (prefix[9] << 8) | (prefix[10] << 16)) + prefix[11] * 0x1000000;
  return { version, preambleLength, headerLength };
}

function byteCap(version: NpyHeader['version'], maxHeaderSize: number): number {
  return version === '3.0' ? maxHeaderSize * 4 : maxHeaderSize;
}

function checkCap(p: Preamble, maxHeaderSize: number): void {
  if (!(maxHeaderSize >= 0)) fail('maxHeaderSize must be a non-negative number');
  if (p.headerLength > byteCap(p.version, maxHeaderSize)) {
    throw new NpyError(`header is ${p.headerLength} bytes, over the limit of ${maxHeaderSize} characters`, 'headerTooLarge');
  }
}

function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  }
  return s;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    fail('header is not valid UTF-8 (format version 3.0)');
  }
}

function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function short(v: PyValue, max = 60): string {
  const r = pyRepr(v);
  return r.length > max ? r.slice(0, max) + '…' : r;
}

const EXPECTED_KEYS = ['descr', 'fortran_order', 'shape'];

/**
 * Parse a header from the first bytes of a file. `bytes` must hold at least the preamble and the header
 * (more is fine); `fileSize` is the whole file's size, used to check the data length.
 */
export function parseHeaderBytes(bytes: Uint8Array, fileSize: bigint, opts: HeaderOptions = {}): ParsedHeader {
  const maxHeaderSize = opts.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
  const pre = parsePreamble(bytes.subarray(0, PREAMBLE_MAX));
  checkCap(pre, maxHeaderSize);
  const dataOffset = BigInt(pre.preambleLength + pre.headerLength);
  if (dataOffset > fileSize) {
    fail(`header length ${pre.headerLength} runs past the end of the file (${fileSize} bytes)`);
  }
  if (bytes.length < pre.preambleLength + pre.headerLength) {
    fail(`header is cut off: ${bytes.length - pre.preambleLength} of ${pre.headerLength} header bytes available`);
  }
  const raw = bytes.subarray(pre.preambleLength, pre.preambleLength + pre.headerLength);
  const text = pre.version === '3.0' ? decodeUtf8(raw) : decodeLatin1(raw);
  // numpy counts code points (Python str length); a UTF-16 surrogate pair is one character.
  const chars = text.length > Math.min(maxHeaderSize, NUMPY_MAX_HEADER_SIZE) ? countCodePoints(text) : text.length;
  if (chars > maxHeaderSize) {
    throw new NpyError(`header is ${chars} characters, over the limit of ${maxHeaderSize} characters`, 'headerTooLarge');
  }

  const d = parsePyLiteral(text, { maxDepth: 64, allowLongSuffix: pre.version !== '3.0', context: 'header' });
  if (!isDict(d)) fail(`header is not a dictionary: ${short(d)}`);
  for (const k of EXPECTED_KEYS) if (!d.has(k)) fail(`header is missing the key '${k}'`);
  for (const k of d.keys()) if (!EXPECTED_KEYS.includes(k)) fail(`header has an unexpected key ${short(k, 40)}`);

  const shapeV = d.get('shape')!;
  if (!isTuple(shapeV)) fail(`header shape is not a tuple of ints: ${short(shapeV)}`);
  if (shapeV.tuple.length > MAX_DIMS) fail(`header shape has ${shapeV.tuple.length} dimensions; numpy allows at most ${MAX_DIMS}`);
  const shape: bigint[] = shapeV.tuple.map((x) => {
    if (typeof x !== 'bigint') fail(`header shape is not a tuple of ints: ${short(shapeV)}`);
    if (x < 0n) fail(`header shape has a negative dimension: ${short(shapeV)}`);
    if (x > INT64_MAX) fail(`header shape dimension ${short(x, 30)} does not fit in 64 bits`);
    return x;
  });

  const fo = d.get('fortran_order')!;
  if (typeof fo !== 'boolean') fail(`header fortran_order is not True or False: ${short(fo)}`);

  const dtype = descrToDtype(d.get('descr')!);
  if (dtype.type === 'subarray') {
    fail(`header descr is a sub-array type ${short(d.get('descr')!)}; numpy cannot load such a file either`);
  }

  // numpy: the product of the non-zero dimensions times the itemsize (at least 1) must fit in intp.
  const itemsize = BigInt(dtype.itemsize);
  let nonZero = 1n;
  let count = 1n;
  const limit = INT64_MAX / (itemsize > 0n ? itemsize : 1n);
  for (const n of shape) {
    count *= n;
    if (n !== 0n) {
      nonZero *= n;
      if (nonZero > limit) fail(`array is too big: shape (${shape.join(', ')}) × ${dtype.itemsize}-byte items does not fit in 64 bits`);
    }
  }
  const dataSize = count * itemsize;

  const header: NpyHeader = {
    version: pre.version,
    dtype,
    descr: dtypeToDescr(dtype),
    fortranOrder: fo,
    shape,
    dataOffset,
    count,
    dataSize,
  };

  return { header, fileSize, headerChars: chars };
}

/** Read and parse the preamble + header of a .npy file. Reads only the header bytes, never the data. */
export async function parseHeader(source: ByteSource, opts: HeaderOptions = {}): Promise<ParsedHeader> {
  const maxHeaderSize = opts.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
  const fileSize = await source.size();
  const prefixLen = fileSize < BigInt(PREAMBLE_MAX) ? Number(fileSize) : PREAMBLE_MAX;
  const prefix = await readAt(source, 0n, prefixLen);
  const pre = parsePreamble(prefix);
  checkCap(pre, maxHeaderSize);
  const total = pre.preambleLength + pre.headerLength;
  if (BigInt(total) > fileSize) {
    fail(`header length ${pre.headerLength} runs past the end of the file (${fileSize} bytes)`);
  }
  const bytes = await readGrowing(source, total);
  return parseHeaderBytes(bytes, fileSize, { maxHeaderSize });
}

/**
 * Read the first `length` bytes in chunks, allocating only for bytes that actually arrive: a source whose size()
 * overstates its content (or a raised header cap) cannot make us allocate the claimed amount up front.
 */
async function readGrowing(source: ByteSource, length: number): Promise<Uint8Array> {
  const CHUNK = 64 * 1024;
  if (length <= CHUNK) return readAt(source, 0n, length);
  const parts: Uint8Array[] = [];
  let done = 0;
  while (done < length) {
    const part = await readAt(source, BigInt(done), Math.min(CHUNK, length - done));
    if (part.length === 0) break;
    parts.push(part);
    done += part.length;
    if (part.length < Math.min(CHUNK, length - done + part.length)) break;
  }
  const out = new Uint8Array(done);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Throw if the array's data cannot be shown (pickled Python objects). The header itself is fine to display. */
export function assertReadableData(header: NpyHeader): void {
  if (hasObject(header.dtype)) fail(OBJECT_DTYPE_MESSAGE);
}
