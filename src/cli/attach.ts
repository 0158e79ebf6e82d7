// `attach-header RAW [OUT] --dtype DESCR --shape … [--fortran] [--skip BYTES] [--mode copy|reserved|insert]
//  [--allow-trailing] [--force]`: turn a raw dump into a .npy.
import { parseCommandArgs } from './args';
import { NpyError } from '../npy/types';
import { parseDtypeSpec, dtypeName } from '../npy/dtype';
import { attachHeader, type AttachMode } from '../npy/write/attach';
import { parseByteCount, parseShapeSpec, shapeText } from '../npy/write/spec';
import { progressLine, requireOption, withInterrupt } from './create';
import { pathForMessage, quoteForMessage } from '../shared/quote';

const USAGE =
  'usage: attach-header RAW [OUT] --dtype DESCR --shape D0,D1,… (one may be -1) [--fortran] [--skip BYTES] ' +
  '[--mode copy|reserved|insert] [--allow-trailing] [--force]';

/** `--shape -1,4`: join the value so the option parser does not take `-1,4` for an option. */
function joinShapeValue(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--shape' && i + 1 < args.length && /^-\d/.test(args[i + 1])) out.push(`--shape=${args[++i]}`);
    else out.push(args[i]);
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(joinShapeValue(args), {
    dtype: { type: 'string' },
    shape: { type: 'string' },
    fortran: { type: 'boolean' },
    skip: { type: 'string' },
    mode: { type: 'string' },
    'allow-trailing': { type: 'boolean' },
    force: { type: 'boolean' },
  });
  if (positionals.length < 1 || positionals.length > 2) throw new NpyError(USAGE);
  const dtype = parseDtypeSpec(requireOption(values.dtype, 'dtype', USAGE));
  const shape = parseShapeSpec(requireOption(values.shape, 'shape', USAGE), { allowInfer: true });
  const mode = (values.mode ?? 'copy') as AttachMode;
  if (!['copy', 'reserved', 'insert'].includes(mode)) throw new NpyError(`--mode must be copy, reserved or insert, got ${quoteForMessage(mode)}`);
  const skip = values.skip === undefined ? 0n : parseByteCount(values.skip, '--skip');
  const progress = progressLine('copying');
  const r = await withInterrupt((signal) =>
    attachHeader(positionals[0], positionals[1], {
      dtype,
      shape,
      fortranOrder: !!values.fortran,
      skip,
      mode,
      allowTrailing: !!values['allow-trailing'],
      force: !!values.force,
      signal,
      onProgress: progress,
    }),
  ).finally(() => progress.end());
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  const how = r.mode === 'copy' ? 'copied' : r.mode === 'insert' ? `inserted ${r.inserted} bytes in place` : 'header written into the reserved bytes';
  process.stdout.write(
    `${pathForMessage(r.out)}: ${dtypeName(dtype)} ${shapeText(r.shape)}${r.fortranOrder ? ' Fortran order' : ''}, data at byte ${r.headerLength} (${how})\n`,
  );
  return 0;
}
