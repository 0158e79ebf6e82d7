// What the fuzzer feeds and what it checks. An input is plain JSON (so a reproducer is a file to read and replay);
// running one either returns (accepted), throws NpyError (a clean refusal, which must be one line), or throws
// anything else (unexpected: a crash, or a broken invariant below). Each target runs the engine the way the CLI and
// the viewer do, then checks properties that must hold for every accepted input.
import { parseHeaderBytes } from '../../src/npy/header';
import { describeArray } from '../../src/npy/open';
import { descrJsonToPy, descrToDtype, descrToPythonLiteral, dtypeName, dtypeToDescr, hasObject, parseDtypeSpec } from '../../src/npy/dtype';
import { parsePyLiteral } from '../../src/npy/literal';
import { formatElement, formatScalar } from '../../src/npy/format';
import { defaultView, resolveView } from '../../src/npy/view';
import { MAX_TILE_BYTES, planElements, planTile, type TilePlan } from '../../src/npy/read/planner';
import { formatSlice, parseSlice } from '../../src/npy/slice';
import { parseIndexText } from '../../src/shared/indexText';
import { encodeHeader } from '../../src/npy/write/headerBytes';
import { warningText } from '../../src/npy/warnings';
import { NpyError, type Dtype, type NpyHeader } from '../../src/npy/types';
import { inputSeed, int, mutate, pick, rng, INTERESTING_NUMBERS, type Rand } from './mutate';

export type TargetName = 'header' | 'dtype' | 'format' | 'slice' | 'index';
export const TARGETS: readonly TargetName[] = ['header', 'dtype', 'format', 'slice', 'index'];

export interface FuzzInput {
  target: TargetName;
  /** header: the file's first bytes as latin-1 text; dtype/format: dtype text; slice/index: the text typed. */
  text: string;
  /** header: the claimed file size (decimal), when it differs from the bytes given. */
  fileSize?: string;
  /** slice: the array's shape (decimal). */
  shape?: string[];
  /** slice: structured array (fields are the columns). */
  structured?: boolean;
  /** format: the element's bytes, hex (may be shorter than the itemsize: a bounded prefix). */
  bytes?: string;
}

export interface Seeds {
  headers: string[];
  dtypes: string[];
  slices: [string, number[]][];
  indexTexts: string[];
}

/** A property that must hold for every accepted input did not. Always unexpected. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new InvariantError(what);
}

/** Every character a terminal, a log, JS source or a notification may take as the end of a line. */
const LINE_BREAK = /[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;

// -------------------------------------------------------------------------------------------------------------
// Generating input i of a run.

const hexToLatin1 = (hex: string): string => Buffer.from(hex, 'hex').toString('latin1');

/** The header length field made to agree with the text (so mutations reach the parser, not the preamble check). */
export function fixHeaderLength(text: string): string {
  if (text.length < 10 || !text.startsWith('\x93NUMPY')) return text;
  const v = text.charCodeAt(6);
  const pre = v === 1 ? 10 : 12;
  if (text.length < pre) return text;
  // The header runs to the first '\n' after the dict (as numpy writes it), else to the end.
  const nl = text.indexOf('\n', pre);
  const len = (nl < 0 ? text.length : nl + 1) - pre;
  const b = Buffer.from(text, 'latin1');
  if (v === 1) b.writeUInt16LE(Math.min(len, 0xffff), 8);
  else b.writeUInt32LE(len, 8);
  return b.toString('latin1');
}

export function makeGenerator(seeds: Seeds, runSeed: number): (index: number) => FuzzInput {
  const headers = seeds.headers.map(hexToLatin1);
  const dtypes = seeds.dtypes;
  const sliceTexts = seeds.slices.map(([t]) => t);
  const weights: [TargetName, number][] = [
    ['header', 45],
    ['dtype', 18],
    ['format', 15],
    ['slice', 17],
    ['index', 5],
  ];
  const total = weights.reduce((a, [, w]) => a + w, 0);
  const target = (r: Rand): TargetName => {
    let x = r() * total;
    for (const [t, w] of weights) if ((x -= w) < 0) return t;
    return 'header';
  };
  return (index) => {
    const r = rng(inputSeed(runSeed, index));
    const t = target(r);
    switch (t) {
      case 'header': {
        let text = mutate(r, pick(r, headers), headers, true);
        if (r() < 0.6) text = fixHeaderLength(text);
        const input: FuzzInput = { target: t, text };
        if (r() < 0.15) input.fileSize = pick(r, ['0', '1099511627776', '9223372036854775807', String(text.length + int(r, 1 << 20))]);
        return input;
      }
      case 'dtype':
        return { target: t, text: mutate(r, pick(r, dtypes), dtypes, false, 1 << 14) };
      case 'format': {
        const text = r() < 0.7 ? pick(r, dtypes) : mutate(r, pick(r, dtypes), dtypes, false, 1 << 12);
        const n = pick(r, [0, 1, 4, 16, 100, 1024, 4096]);
        const bytes = Buffer.alloc(n);
        for (let i = 0; i < n; i++) bytes[i] = r() < 0.3 ? 0 : int(r, 256);
        return { target: t, text, bytes: bytes.toString('hex') };
      }
      case 'slice': {
        const [seedText, shape] = pick(r, seeds.slices);
        const text = r() < 0.85 ? mutate(r, seedText, sliceTexts, false, 4096) : seedText;
        const dims = shape.map(String);
        if (r() < 0.2 && dims.length) dims[int(r, dims.length)] = pick(r, ['0', '1', '9223372036854775807', '4294967296']);
        return { target: t, text, shape: dims, structured: r() < 0.25 };
      }
      case 'index':
        return { target: t, text: mutate(r, pick(r, seeds.indexTexts), [...seeds.indexTexts, ...INTERESTING_NUMBERS], false, 256) };
    }
  };
}

// -------------------------------------------------------------------------------------------------------------
// Running one input.

const latin1ToBytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const hexToBytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

/** The dtype model's properties: str() is one line; the header we would write reads back to the same descr. */
function checkDtype(d: Dtype): void {
  const name = dtypeName(d);
  check(!LINE_BREAK.test(name), `dtypeName is one line: ${JSON.stringify(name.slice(0, 80))}`);
  let descr;
  try {
    descr = dtypeToDescr(d);
  } catch (e) {
    if (e instanceof NpyError) return; // overlapping fields (dict form): no descr, as in numpy
    throw e;
  }
  const literal = descrToPythonLiteral(d);
  const again = descrToDtype(parsePyLiteral(literal, { context: 'descr' }));
  check(JSON.stringify(dtypeToDescr(again)) === JSON.stringify(descr), `descr round trip: ${literal.slice(0, 120)}`);
  const viaJson = descrToDtype(descrJsonToPy(descr));
  check(JSON.stringify(dtypeToDescr(viaJson)) === JSON.stringify(descr), `descr JSON round trip: ${literal.slice(0, 120)}`);
  check(again.itemsize === d.itemsize, `itemsize survives the round trip: ${literal.slice(0, 120)}`);
  // A bare sub-array's descr is numpy's '|V<n>' (lossy, as in numpy; a header refuses such a descr anyway).
  if (d.type !== 'subarray') check(dtypeName(again) === name, `str() survives the round trip: ${literal.slice(0, 120)}`);
}

/**
 * A plan reads only inside the data present, every segment lands inside the buffer, and a cell is marked missing
 * only when its element is past the data present (`elementOf(i)`: the element cell i shows, when known).
 */
function checkPlan(plan: TilePlan, header: NpyHeader, available: bigint, elementOf?: (cell: number) => bigint): void {
  const end = header.dataOffset + available * BigInt(header.dtype.itemsize);
  let total = 0;
  for (const s of plan.segments) {
    check(s.length >= 0 && s.position >= header.dataOffset && s.position + BigInt(s.length) <= end, `segment inside the data: ${s.position}+${s.length}`);
    check(s.bufferOffset >= 0 && s.bufferOffset + s.length <= plan.bufferLength, 'segment inside the buffer');
    total += s.length;
  }
  check(total <= plan.bufferLength, 'buffer holds the segments');
  plan.cellBufferOffsets.forEach((o, i) => {
    check(o === -1 || (o >= 0 && o + plan.cellSize <= plan.bufferLength), `cell offset ${o} inside the buffer`);
    if (o === -1 && elementOf) check(elementOf(i) >= available, `cell ${i} (element ${elementOf(i)} of ${available} present) is marked missing`);
  });
}

function formatAt(dtype: Dtype, view: DataView): void {
  for (const style of ['str', 'repr'] as const) {
    if (dtype.type === 'scalar') {
      const text = dtype.kind === 'S' || dtype.kind === 'U' || dtype.kind === 'V';
      if (!text && view.byteLength < dtype.itemsize) return; // a reader marks such an element missing
      formatScalar(dtype, view, 0, style);
    } else formatElement(dtype, view, 0, style);
  }
}

function runHeader(input: FuzzInput): void {
  const bytes = latin1ToBytes(input.text);
  const fileSize = input.fileSize !== undefined ? BigInt(input.fileSize) : BigInt(bytes.length);
  const parsed = parseHeaderBytes(bytes, fileSize, { maxHeaderSize: 1 << 20 });
  const opened = describeArray(parsed);
  for (const w of opened.warnings) check(!LINE_BREAK.test(warningText(w)), 'warnings are one line');
  const { header } = parsed;
  checkDtype(header.dtype);
  if (hasObject(header.dtype)) return;
  // What we would write for this array reads back as the same header (create / attach-header / repair).
  const written = encodeHeader(header.dtype, header.shape, header.fortranOrder);
  const back = parseHeaderBytes(written, BigInt(written.length) + header.dataSize, { maxHeaderSize: 1 << 24 }).header;
  check(JSON.stringify(back.descr) === JSON.stringify(header.descr), 'written descr reads back');
  check(back.shape.join() === header.shape.join() && back.fortranOrder === header.fortranOrder, 'written shape reads back');
  // The first element as it is in the file (perhaps only a prefix of it).
  const at = Number(header.dataOffset);
  if (at <= bytes.length) formatAt(header.dtype, new DataView(bytes.buffer, bytes.byteOffset + at, bytes.length - at));
  // A screenful of the default view, and a few elements by index, as a reader asks for them: tiles within the
  // tile budget (an element larger than a tile is read as a bounded prefix, which is not the planner's job).
  const structured = header.dtype.type !== 'scalar';
  const view = resolveView(header.shape, header.fortranOrder, header.dtype, defaultView(header.shape, structured));
  const input0 = { view, itemsize: header.dtype.itemsize, dataOffset: header.dataOffset, availableCount: opened.availableCount };
  const itemsize = Math.max(1, header.dtype.itemsize);
  const cols = structured ? 40 : Math.max(1, Math.min(40, Math.floor(MAX_TILE_BYTES / itemsize)));
  const rows = Math.min(40, Math.floor(MAX_TILE_BYTES / (itemsize * (structured ? 1 : cols))));
  if (rows > 0) {
    const last = view.rows > 0n ? view.rows - 1n : 0n;
    for (const row0 of [0n, last]) {
      const plan = planTile(input0, { row0, rows, col0: 0n, cols });
      // Cell (r, c) of a scalar tile is element base + r·rowStride + c·colStride (records: one cell per row).
      const per = plan.cellsPerRow || 1;
      const elementOf = (i: number): bigint => view.base + (row0 + BigInt(Math.floor(i / per))) * view.rowStride + (structured ? 0n : BigInt(i % per) * view.colStride);
      checkPlan(plan, header, opened.availableCount, elementOf);
    }
    if (header.count > 0n) {
      const elements = [0n, header.count - 1n, header.count / 2n];
      checkPlan(planElements(input0, elements), header, opened.availableCount, (i) => elements[i]);
    }
  }
}

function runDtype(input: FuzzInput): void {
  const d = parseDtypeSpec(input.text);
  checkDtype(d);
}

function runFormat(input: FuzzInput): void {
  const d = parseDtypeSpec(input.text);
  if (hasObject(d)) return;
  const bytes = hexToBytes(input.bytes ?? '');
  formatAt(d, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function runSlice(input: FuzzInput): void {
  const shape = (input.shape ?? []).map((s) => BigInt(s));
  const view = parseSlice(input.text, shape, { structured: input.structured });
  // An accepted slice is a view the planner can use, and its text reads back to the same view.
  const dtype: Dtype = input.structured
    ? { type: 'struct', itemsize: 8, fields: [{ name: 'a', offset: 0, dtype: { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 8 } }] }
    : { type: 'scalar', kind: 'f', byteOrder: '<', itemsize: 8 };
  try {
    resolveView(shape, false, dtype, view);
  } catch (e) {
    throw new InvariantError(`parseSlice accepted ${JSON.stringify(input.text)} but resolveView refused it: ${(e as Error).message}`);
  }
  const text = formatSlice(view, shape);
  const again = parseSlice(text, shape, { structured: input.structured });
  check(
    JSON.stringify(again, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) === JSON.stringify(view, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
    `formatSlice round trip: ${text}`,
  );
}

function runIndex(input: FuzzInput): void {
  const parts = parseIndexText(input.text);
  if (parts === undefined) return;
  check(parts.length >= 1 && parts.length <= 64 && parts.every((p) => /^-?\d+$/.test(p)), `index parts: ${JSON.stringify(parts)}`);
}

export function runInput(input: FuzzInput): void {
  switch (input.target) {
    case 'header':
      return runHeader(input);
    case 'dtype':
      return runDtype(input);
    case 'format':
      return runFormat(input);
    case 'slice':
      return runSlice(input);
    case 'index':
      return runIndex(input);
  }
}

// -------------------------------------------------------------------------------------------------------------
// Outcomes.

export type Outcome = 'accepted' | 'clean' | 'unexpected' | 'time' | 'memory' | 'hang';
export const OUTCOMES: readonly Outcome[] = ['accepted', 'clean', 'unexpected', 'time', 'memory', 'hang'];
/** Outcomes that fail a run. */
export const FAILURES: readonly Outcome[] = ['unexpected', 'time', 'memory', 'hang'];

/** Thrown by the guarded allocators (see worker.ts) for one allocation over the memory bound. */
export class AllocationBoundError extends Error {
  constructor(bytes: number) {
    super(`an allocation of ${bytes} bytes is over the fuzzer's bound`);
    this.name = 'AllocationBoundError';
  }
}

/** What an exception means: a clean refusal (one-line NpyError), an allocation over the bound, or unexpected. */
export function classifyError(e: unknown): { outcome: Outcome; error: string } {
  if (e instanceof NpyError) {
    if (LINE_BREAK.test(e.message)) return { outcome: 'unexpected', error: `NpyError on more than one line: ${JSON.stringify(e.message.slice(0, 200))}` };
    return { outcome: 'clean', error: e.message };
  }
  const err = e as Error;
  const msg = `${err?.name ?? 'Error'}: ${String(err?.message ?? e).split('\n')[0]}`;
  if (e instanceof AllocationBoundError) return { outcome: 'memory', error: msg };
  if (e instanceof RangeError && /Invalid (typed )?array length|Array buffer allocation failed|Invalid string length|Invalid array buffer length/i.test(err.message)) {
    return { outcome: 'memory', error: msg };
  }
  return { outcome: 'unexpected', error: msg };
}

/** A stable signature of an error, for minimizing (numbers and quoted text vary as the input shrinks). */
export function signature(outcome: Outcome, error: string): string {
  return `${outcome}:${error
    .replace(/'[^']*'|"[^"]*"/g, "''")
    .replace(/\d+/g, 'N')
    .slice(0, 60)}`;
}
