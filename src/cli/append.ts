// `append TARGET SOURCE… [--dtype DESCR]`: add rows along axis 0 (sources: .npy files, or raw data with --dtype).
import { parseCommandArgs } from './args';
import { NpyError } from '../npy/types';
import { parseDtypeSpec } from '../npy/dtype';
import { appendArrays } from '../npy/write/append';
import { shapeText } from '../npy/write/spec';
import { progressLine, withInterrupt } from './create';
import { pathForMessage } from '../shared/quote';

const USAGE = 'usage: append TARGET SOURCE… [--dtype DESCR]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { dtype: { type: 'string' } });
  if (positionals.length < 2) throw new NpyError(USAGE);
  const dtype = values.dtype === undefined ? undefined : parseDtypeSpec(values.dtype);
  const progress = progressLine('appending');
  const r = await withInterrupt((signal) => appendArrays(positionals[0], positionals.slice(1), { dtype, signal, onProgress: progress })).finally(() => progress.end());
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(
    `${pathForMessage(r.target)}: shape ${shapeText(r.oldShape)} → ${shapeText(r.newShape)}, ${r.bytesAdded} bytes appended` +
      `${r.inPlace ? '' : ' (file rewritten: the header had no room to grow)'}\n`,
  );
  return 0;
}
