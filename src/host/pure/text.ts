// Human-readable sizes, shapes and one-line error messages for the host UI. No vscode import: unit-tested in Node.
import { NpyError } from '../../npy/types';

/** numpy's tuple text: `()`, `(3,)`, `(3, 4)`. */
export function shapeText(shape: readonly (bigint | string | number)[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Binary units: `512 B`, `1.5 KiB`, `2.5 GiB`, `12.3 TiB`, `123 MiB`. Exact for any BigInt size. */
export function byteSizeText(bytes: bigint | number): string {
  let b = typeof bytes === 'bigint' ? bytes : BigInt(Math.max(0, Math.floor(bytes)));
  if (b < 0n) b = 0n;
  if (b < 1024n) return `${b} B`;
  let unit = 0;
  let scaled = b;
  while (scaled >= 1024n * 1024n && unit < UNITS.length - 2) {
    scaled /= 1024n;
    unit++;
  }
  const value = Number(scaled) / 1024;
  const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${UNITS[unit + 1]}`;
}

/** Shorten to `max` characters with an ellipsis (long structured dtype names in the status bar). */
export function ellipsize(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + '…';
}

/** `float32 (1000, 3, 224) · 2.5 GiB` */
export function summaryText(dtypeName: string, shape: readonly (bigint | string)[], size: bigint, maxDtype = 48): string {
  return `${ellipsize(dtypeName, maxDtype)} ${shapeText(shape)} · ${byteSizeText(size)}`;
}

const ERRNO: Record<string, string> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, not a file',
  EMFILE: 'too many open files',
  EBUSY: 'file is busy',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error reading the file',
  FileNotFound: 'file not found',
  NoPermissions: 'permission denied',
  FileIsADirectory: 'is a directory, not a file',
  Unavailable: 'file system unavailable',
};

/** Any thrown value as one line for the user: never a stack, never multi-line. */
export function oneLineError(err: unknown): string {
  let msg: string;
  if (err instanceof NpyError) msg = err.message;
  else if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && ERRNO[code]) msg = ERRNO[code];
    else if (err instanceof RangeError && /Array buffer allocation|Invalid typed array length/i.test(err.message)) {
      msg = 'not enough memory for this request';
    } else msg = String((err as { message?: unknown }).message ?? err);
  } else msg = String(err);
  const line = msg.split(/\r?\n/).map((s) => s.trim()).find((s) => s.length > 0) ?? 'unknown error';
  return ellipsize(line, 300);
}
