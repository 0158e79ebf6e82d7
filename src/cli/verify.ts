// `verify FILE`: read the file whole and check it. An `.npz`: every member's local header, size and CRC-32
// against the central directory, then its `.npy` header and data length. A `.npy`: its data length against its
// header. Exit 0 printing `ok`, or exit 2 with one `error:` line naming the (first) member at fault.
import { openPathContainer } from '../npy/container';
import { NpyError } from '../npy/types';
import { verifyFileJob, type FileProblem } from '../npz';
import { quoteForMessage } from '../shared/quote';
import { parseCommandArgs } from './args';
import { READ_OPTIONS, READ_USAGE, headerLimit } from './open';
import { runJob } from './progress';

export const USAGE = `verify FILE ${READ_USAGE}`;

function problemText(p: FileProblem): string {
  return p.memberName === undefined ? p.error : `member ${quoteForMessage(p.memberName)}: ${p.error}`;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...READ_OPTIONS });
  if (positionals.length !== 1) throw new NpyError(`usage: ${USAGE}`);
  const limits = { maxHeaderSize: headerLimit(values['max-header-size']) };
  const container = await openPathContainer(positionals[0], limits);
  try {
    const report = await runJob('verifying', verifyFileJob(container, limits));
    for (const note of report.notes) process.stderr.write(`warning: ${note}\n`);
    const [first, ...rest] = report.problems;
    if (!first) {
      process.stdout.write('ok\n');
      return 0;
    }
    let more = '';
    if (rest.length) {
      const names = rest.slice(0, 3).map((p) => quoteForMessage(p.memberName ?? p.name));
      more = `; ${rest.length} more ${rest.length === 1 ? 'member fails' : 'members fail'}: ${names.join(', ')}${rest.length > 3 ? ', …' : ''}`;
    }
    throw new NpyError(`${problemText(first)}${more}`);
  } finally {
    await container.close();
  }
}
