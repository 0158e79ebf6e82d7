// Human-readable sizes, shapes and one-line error messages for the host UI. No vscode import: unit-tested in Node.
import { NpyError } from '../../npy/types';

import { byteSizeText, shapeText } from '../../shared/text';
import { oneLine } from '../../shared/quote';

export { byteSizeText, shapeText };

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

/**
 * Any thrown value as one line for the user: never a stack, never multi-line. A multi-line message (a system
 * error's) keeps its first line; any other line break or separator left inside it (U+0085, U+2028, U+2029, a
 * lone CR, form feeds, bidi controls from a file name) is escaped, so nothing the file holds can add a line.
 */
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
  const line =
    msg
      .split(/\r?\n/)
      .map((s) => s.trim())
      .find((s) => s.length > 0) ?? 'unknown error';
  return ellipsize(oneLine(line), 300);
}
