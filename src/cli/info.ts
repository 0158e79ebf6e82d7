// `info FILE [--json]`: what the header says and what the file holds, without reading the data.
import { FileSource } from '../npy/io/fileSource';
import { openArray } from '../npy/open';
import { dtypeName } from '../npy/dtype';
import { parseCommandArgs } from './args';
import { toJson } from './json';
import { byteSizeText, shapeText } from '../shared/text';
import { NpyError } from '../npy/types';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' },
    'max-header-size': { type: 'string' },
  });
  if (positionals.length !== 1) throw new NpyError('usage: info FILE [--json] [--max-header-size BYTES]');
  const maxHeaderSize = values['max-header-size'] === undefined ? undefined : Number(values['max-header-size']);
  if (maxHeaderSize !== undefined && !(Number.isInteger(maxHeaderSize) && maxHeaderSize > 0)) {
    throw new NpyError('--max-header-size must be a positive integer');
  }
  const source = await FileSource.open(positionals[0]);
  try {
    const opened = await openArray(source, { maxHeaderSize });
    const { header } = opened;
    const warnings = opened.dataError ? [...opened.warnings, opened.dataError] : opened.warnings;
    if (values.json) {
      process.stdout.write(
        toJson({
          version: header.version,
          shape: header.shape,
          fortran_order: header.fortranOrder,
          descr: header.descr,
          itemsize: header.dtype.itemsize,
          data_offset: header.dataOffset,
          count: header.count,
          file_size: opened.fileSize,
          warnings,
        }) + '\n',
      );
      return 0;
    }
    const lines = [
      `file:     ${positionals[0]} (${byteSizeText(opened.fileSize)})`,
      `format:   NPY ${header.version}, data at byte ${header.dataOffset}`,
      `dtype:    ${dtypeName(header.dtype)}  descr ${JSON.stringify(header.descr)}  itemsize ${header.dtype.itemsize}`,
      `shape:    ${shapeText(header.shape)}  ${header.fortranOrder ? 'Fortran' : 'C'} order`,
      `elements: ${header.count} (${byteSizeText(header.dataSize)})`,
      ...warnings.map((w) => `warning:  ${w}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    await source.close();
  }
}
