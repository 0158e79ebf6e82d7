// `values FILE [--start K] [--count N] [--format str|repr] [--json]`: elements by flat index in C (logical)
// order, also for Fortran-ordered files, read with positioned reads of just those elements.
import { FileSource } from '../npy/io/fileSource';
import { openArray } from '../npy/open';
import { elementStrides } from '../npy/view';
import { planElements, readTile } from '../npy/read/planner';
import { formatElement, type Formatted, type FormatStyle } from '../npy/format';
import type { Dtype } from '../npy/types';
import { NpyError } from '../npy/types';
import { bigintOption, parseCommandArgs } from './args';

/** Elements decoded per batch: bounds memory whatever --count says. */
const BATCH = 65536;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    start: { type: 'string' },
    count: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new NpyError('usage: values FILE [--start K] [--count N] [--format str|repr] [--json]');
  const style = (values.format ?? 'str') as FormatStyle;
  if (style !== 'str' && style !== 'repr') throw new NpyError(`--format must be str or repr, got '${values.format}'`);
  const start = bigintOption(values.start, 'start', 0n);
  const wanted = bigintOption(values.count, 'count', 20n);

  const source = await FileSource.open(positionals[0]);
  try {
    const opened = await openArray(source);
    if (opened.dataError) throw new NpyError(opened.dataError);
    const { header } = opened;
    const end = start + wanted < header.count ? start + wanted : header.count;
    const cStrides = elementStrides(header.shape, false);
    const fileStrides = elementStrides(header.shape, header.fortranOrder);
    // Flat C index → element position in the file (identity for C order).
    const position = (flat: bigint): bigint => {
      if (!header.fortranOrder) return flat;
      let rest = flat;
      let pos = 0n;
      for (let axis = 0; axis < header.shape.length; axis++) {
        const idx = rest / cStrides[axis];
        rest -= idx * cStrides[axis];
        pos += idx * fileStrides[axis];
      }
      return pos;
    };
    const out = process.stdout;
    let first = true;
    if (values.json) out.write('[');
    for (let batch = start; batch < end; batch += BigInt(BATCH)) {
      const stop = batch + BigInt(BATCH) < end ? batch + BigInt(BATCH) : end;
      const elements: bigint[] = [];
      for (let i = batch; i < stop; i++) elements.push(position(i));
      const plan = planElements(
        { itemsize: header.dtype.itemsize, dataOffset: header.dataOffset, availableCount: opened.availableCount },
        elements,
      );
      const tile = await readTile(source, plan);
      const view = new DataView(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength);
      const texts: string[] = [];
      const missing = new Set(tile.missing);
      for (let i = 0; i < elements.length; i++) {
        if (missing.has(i)) {
          throw new NpyError(`file is truncated: element ${batch + BigInt(i)} is past the end of the data`);
        }
        const value = formatElement(header.dtype, view, i * tile.cellSize, style);
        texts.push(values.json ? JSON.stringify(value) : plainText(header.dtype, value));
      }
      if (texts.length) {
        out.write(values.json ? (first ? '' : ',') + texts.join(',') : texts.join('\n') + '\n');
        first = false;
      }
    }
    if (values.json) out.write(']\n');
    return 0;
  } finally {
    await source.close();
  }
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
