// `values FILE [--member KEY] [--start K] [--count N] [--format str|repr] [--json]`: elements by flat index in C
// (logical) order, also for Fortran-ordered files, read through the chunk reader: memory is one chunk, whatever
// --count. An `.npz` member is one more entry source (member.ts picks it); the reading is the same.
import { elementChunks } from '../npy/read/chunks';
import { formatElement, type Formatted, type FormatStyle } from '../npy/format';
import type { ArrayEntry } from '../npy/container';
import type { Dtype } from '../npy/types';
import { NpyError } from '../npy/types';
import { bigintOption, parseCommandArgs } from './args';
import { MEMBER_OPTION, MEMBER_USAGE } from './member';
import { READ_OPTIONS, READ_USAGE, withArray } from './open';
import { withInterrupt } from './progress';
import { quoteForMessage } from '../shared/quote';

/** Bytes of elements decoded per chunk. */
const CHUNK_BYTES = 1 << 20;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    start: { type: 'string' },
    count: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
    ...MEMBER_OPTION,
    ...READ_OPTIONS,
  });
  if (positionals.length !== 1) throw new NpyError(`usage: values FILE ${MEMBER_USAGE} [--start K] [--count N] [--format str|repr] [--json] ${READ_USAGE}`);
  const style = (values.format ?? 'str') as FormatStyle;
  if (style !== 'str' && style !== 'repr') throw new NpyError(`--format must be str or repr, got ${quoteForMessage(style)}`);
  const startText = values.start ?? '0';
  if (!/^-?\d+$/.test(startText)) throw new NpyError(`--start must be an integer (negative counts from the end, as in numpy), got ${quoteForMessage(startText)}`);
  const wanted = bigintOption(values.count, 'count', 20n);
  // Set once the header is read: a negative start counts from the end, as numpy's a.flat[-1] does.
  let start = 0n;

  // How far into the entry the reads go: C order reads [start, end) in place; Fortran order reads all over.
  const readsUpTo = ({ opened: { header: h } }: ArrayEntry): bigint | undefined => {
    start = flatStart(BigInt(startText), h.count);
    if (h.fortranOrder) return undefined;
    const end = start + wanted < h.count ? start + wanted : h.count;
    return h.dataOffset + end * BigInt(h.dtype.itemsize);
  };
  return withArray(positionals[0], { ...values, readsUpTo }, ({ opened, source }) =>
    withInterrupt(async (signal) => {
      if (opened.dataError) throw new NpyError(opened.dataError);
      const { header } = opened;
      start = flatStart(BigInt(startText), header.count);
      const end = start + wanted < header.count ? start + wanted : header.count;
      const layout = {
        shape: header.shape,
        fortranOrder: header.fortranOrder,
        itemsize: header.dtype.itemsize,
        dataOffset: header.dataOffset,
        availableCount: opened.availableCount,
      };
      const out = process.stdout;
      let first = true;
      const count = end > start ? end - start : 0n;
      // A truncated file: print the elements that are there, up to the first one that is not, then say so.
      let truncatedAt: bigint | undefined;
      for await (const { start: at, tile, prefixOf } of elementChunks(source, layout, start, count, { budgetBytes: CHUNK_BYTES, signal })) {
        const view = new DataView(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength);
        const missing = new Set(tile.missing);
        const texts: string[] = [];
        for (let i = 0; i < tile.cellsPerRow; i++) {
          if (missing.has(i)) {
            truncatedAt = at + BigInt(i);
            break;
          }
          // An element over the budget arrives as a prefix: formatting shows what is missing as '...'.
          const value = formatElement(header.dtype, view, prefixOf ? 0 : i * tile.cellSize, style);
          texts.push(values.json ? JSON.stringify(value) : plainText(header.dtype, value));
        }
        if (texts.length) {
          out.write(values.json ? (first ? '[' : ',') + texts.join(',') : texts.join('\n') + '\n');
          first = false;
        }
        if (truncatedAt !== undefined) break;
      }
      if (truncatedAt === start) throw new NpyError(`file is truncated: element ${truncatedAt} is past the end of the data`);
      if (values.json) out.write(first ? '[]\n' : ']\n');
      if (truncatedAt !== undefined)
        process.stderr.write(
          `warning: file is truncated: element ${truncatedAt} is past the end of the data; printed ${truncatedAt - start} of the ${count} elements asked for (the file holds ${opened.availableCount} of ${header.count})\n`,
        );
      return 0;
    }),
  );
}

/** One element as a line: records as `(a, b)`, sub-arrays as `[x, y]`, like numpy's nesting. */
function plainText(dtype: Dtype, value: Formatted): string {
  if (typeof value === 'string') return value;
  if (dtype.type === 'struct') {
    const parts = dtype.fields.map((f, i) => plainText(f.dtype, value[i]));
    return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
  }
  const base = dtype.type === 'subarray' ? dtype.base : dtype;
  const walk = (v: Formatted): string => (typeof v === 'string' ? v : `[${v.map((x) => (typeof x === 'string' ? plainText(base, x) : walk(x))).join(', ')}]`);
  return walk(value);
}

/** `--start` as a flat index: negative counts from the end (numpy's a.flat[-1]); out of range is an error, as in numpy. */
function flatStart(start: bigint, size: bigint): bigint {
  const at = start < 0n ? size + start : start;
  if (at < 0n || (start < 0n && at >= size)) throw new NpyError(`--start ${start} is out of bounds for an array of ${size} elements`);
  return at;
}
