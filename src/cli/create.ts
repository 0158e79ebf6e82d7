// `create FILE --dtype DESCR --shape D0,D1,… [--fortran] [--force]`: a zero-filled .npy (sparse, atomic).
import { parseCommandArgs } from './args';
import { NpyError } from '../npy/types';
import { parseDtypeSpec, dtypeName } from '../npy/dtype';
import { createNpy } from '../npy/write/create';
import { parseShapeSpec, shapeText } from '../npy/write/spec';
import { warningText } from '../npy/warnings';
import { pathForMessage } from '../shared/quote';

const USAGE = 'usage: create FILE --dtype DESCR --shape D0,D1,… [--fortran] [--force]';

import { withInterrupt } from './progress';

export { withInterrupt, progressLine } from './progress';

export function requireOption(value: string | undefined, name: string, usage: string): string {
  if (value === undefined) throw new NpyError(`--${name} is required; ${usage}`);
  return value;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    dtype: { type: 'string' },
    shape: { type: 'string' },
    fortran: { type: 'boolean' },
    force: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new NpyError(USAGE);
  const dtype = parseDtypeSpec(requireOption(values.dtype, 'dtype', USAGE));
  const shape = parseShapeSpec(requireOption(values.shape, 'shape', USAGE));
  const r = await withInterrupt((signal) => createNpy(positionals[0], { dtype, shape, fortranOrder: !!values.fortran, force: !!values.force, signal }));
  for (const w of r.warnings) process.stderr.write(`warning: ${warningText(w)}\n`);
  process.stdout.write(
    `created ${pathForMessage(positionals[0])}: ${dtypeName(dtype)} ${shapeText(shape)}${values.fortran ? ' Fortran order' : ''}, ` +
      `${r.fileSize} bytes (data at byte ${r.dataOffset})\n`,
  );
  return 0;
}
