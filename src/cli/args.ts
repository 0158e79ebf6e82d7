// Strict option parsing shared by the subcommands: unknown options are user errors, not crashes.
import { parseArgs, type ParseArgsConfig } from 'util';
import { NpyError } from '../npy/types';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new NpyError((e as Error).message.split('\n')[0]);
  }
}

/** A non-negative integer option (BigInt, so flat indices past 2^53 work). */
export function bigintOption(value: string | undefined, name: string, fallback: bigint): bigint {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new NpyError(`--${name} must be a non-negative integer, got '${value}'`);
  return BigInt(value);
}
