// `npy-studio` command line: the engine without VS Code. Every user error is one line on stderr, exit 2.
import { NpyError } from './npy/types';
import { cliRemedy } from './shared/errorCodes';
import { oneLine, pathForMessage, quoteForMessage } from './shared/quote';
import * as info from './cli/info';
import * as values from './cli/values';
import * as create from './cli/create';
import * as attachHeader from './cli/attach';
import * as append from './cli/append';
import * as repair from './cli/repair';
import * as render from './cli/render';
import * as stats from './cli/stats';
import * as verify from './cli/verify';
import * as extract from './cli/extract';
import { registerNpz } from './npz';

type Command = { run(args: string[]): Promise<number> };

const commands: Record<string, Command> = {
  info,
  values,
  create,
  'attach-header': attachHeader,
  append,
  repair,
  render,
  stats,
  verify,
  extract,
};

// `.npz` archives open through the same container factory as `.npy` files.
registerNpz();

const USAGE = `usage: npy-studio <command> [options]
commands:
  info FILE [--json]
  values FILE [--member KEY] [--start K] [--count N] [--format str|repr] [--json]
  ${verify.USAGE}
  ${extract.USAGE}
  create FILE --dtype DESCR --shape D0,D1,… [--fortran] [--force]
  attach-header RAW [OUT] --dtype DESCR --shape … [--fortran] [--skip BYTES] [--mode copy|reserved|insert] [--allow-trailing] [--force]
  append TARGET SOURCE… [--dtype DESCR]
  repair FILE [--yes]
  ${render.USAGE}
  ${stats.USAGE}`;

/**
 * One line for the user: our own errors as they are (plus the CLI's remedy for a coded error: the flag that helps),
 * system errors by their code, never a stack. Whatever the text holds (a path, an argument, header bytes), the
 * result is one line: separators and controls are escaped as a last guard (see src/shared/quote.ts).
 */
export function errorLine(e: unknown): string {
  return oneLine(rawErrorLine(e));
}

function rawErrorLine(e: unknown): string {
  if (e instanceof NpyError) {
    const remedy = cliRemedy(e.code);
    return remedy ? `${e.message}; ${remedy}` : e.message;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    const what: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      ENOSPC: 'no space left on device',
      EIO: 'input/output error',
    };
    return `${err.path ? `${pathForMessage(err.path)}: ` : ''}${what[err.code] ?? err.message.split('\n')[0]}`;
  }
  return err instanceof Error ? err.message.split('\n')[0] : String(e);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`error: unknown command ${quoteForMessage(name)}\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    process.stderr.write(`error: ${errorLine(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  // Broken pipes (e.g. `| head`) end the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${errorLine(e)}\n`);
      process.exitCode = 2;
    },
  );
}
