// Strict option parsing shared by the subcommands: unknown options are user errors, not crashes.
import { parseArgs, type ParseArgsConfig } from 'util';
import { NpyError } from '../npy/types';
import { oneLine, quoteForMessage } from '../shared/quote';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), allowPositionals: true, options, strict: true });
  } catch (e) {
    // Node's message quotes the offending argument raw: make it one line whatever the argument holds.
    throw new NpyError(oneLine((e as Error).message.split('\n')[0], 300));
  }
}

/**
 * `--start -1` as `--start=-1`: util.parseArgs takes a value that starts with `-` for an option and refuses it as
 * ambiguous; a negative number after an option that takes a value is that value (numpy-style negative indices).
 */
function joinNegativeValues(args: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && i + 1 < args.length && /^-\d/.test(args[i + 1])) {
      out.push(`${args[i]}=${args[++i]}`);
    } else out.push(args[i]);
  }
  return out;
}

/** A non-negative integer option (BigInt, so flat indices past 2^53 work). */
export function bigintOption(value: string | undefined, name: string, fallback: bigint): bigint {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new NpyError(`--${name} must be a non-negative integer, got ${quoteForMessage(value)}`);
  return BigInt(value);
}
