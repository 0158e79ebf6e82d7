// `create FILE --dtype DESCR --shape D0,D1,… [--fortran] [--force]`: a zero-filled .npy (sparse, atomic).
// Also the small helpers the other write commands share (Ctrl-C → cancellation, progress on a terminal).
import { parseCommandArgs } from './args';
import { NpyError } from '../npy/types';
import { parseDtypeSpec, dtypeName } from '../npy/dtype';
import { createNpy } from '../npy/write/create';
import { parseShapeSpec, shapeText } from '../npy/write/spec';

const USAGE = 'usage: create FILE --dtype DESCR --shape D0,D1,… [--fortran] [--force]';

/** Run `work` with an AbortSignal that Ctrl-C / SIGTERM fire, so temp files are removed before exiting. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A progress callback that redraws one line on stderr when it is a terminal (at most ~10 times a second). */
export function progressLine(label: string): ((done: bigint, total: bigint) => void) & { end(): void } {
  let last = 0;
  let shown = false;
  const tty = !!process.stderr.isTTY;
  const f = (done: bigint, total: bigint) => {
    if (!tty) return;
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    shown = true;
    const pct = total > 0n ? Number((done * 1000n) / total) / 10 : 100;
    process.stderr.write(`\r${label} ${pct.toFixed(1)}%`);
  };
  return Object.assign(f, {
    end() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  });
}

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
  const r = await withInterrupt((signal) =>
    createNpy(positionals[0], { dtype, shape, fortranOrder: !!values.fortran, force: !!values.force, signal }),
  );
  process.stdout.write(
    `created ${positionals[0]}: ${dtypeName(dtype)} ${shapeText(shape)}${values.fortran ? ' Fortran order' : ''}, ` +
      `${r.fileSize} bytes (data at byte ${r.dataOffset})\n`,
  );
  return 0;
}
