// Strict option parsing shared by the subcommands: unknown options are user errors, not crashes.
import { parseArgs, type ParseArgsConfig } from 'util';
import { NpyError } from '../npy/types';
import { oneLine, quoteForMessage } from '../shared/quote';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's message quotes the offending argument raw: make it one line whatever the argument holds.
    throw new NpyError(oneLine((e as Error).message.split('\n')[0], 300));
  }
}

/** A non-negative integer option (BigInt, so flat indices past 2^53 work). */
export function bigintOption(value: string | undefined, name: string, fallback: bigint): bigint {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new NpyError(`--${name} must be a non-negative integer, got ${quoteForMessage(value)}`);
  return BigInt(value);
}
