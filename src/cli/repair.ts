// `repair FILE [--yes]`: fix a header whose length disagrees with the data (prints the plan; --yes applies it).
import { parseCommandArgs } from './args';
import { NpyError } from '../npy/types';
import { applyRepair, planRepair } from '../npy/write/repair';
import { progressLine, withInterrupt } from './create';

const USAGE = 'usage: repair FILE [--yes]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { yes: { type: 'boolean' } });
  if (positionals.length !== 1) throw new NpyError(USAGE);
  const plan = await planRepair(positionals[0]);
  process.stdout.write(plan.lines.join('\n') + '\n');
  if (!plan.needed) return 0;
  if (!values.yes) {
    process.stdout.write('nothing changed; run again with --yes to apply\n');
    return 0;
  }
  const progress = progressLine('rewriting');
  await withInterrupt((signal) => applyRepair(plan, { signal, onProgress: progress })).finally(() => progress.end());
  process.stdout.write('repaired\n');
  return 0;
}
