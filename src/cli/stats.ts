// `stats FILE [--member KEY] [--slice EXPR] [--field NAME] [--part real|imag|abs] [--bins N] [--json]`: the
// statistics engine (src/stats) over the whole array or a view of it, with a progress line and Ctrl-C.
import { openPathContainer } from '../npy/container';
import { parseSlice } from '../npy/slice';
import { NpyError } from '../npy/types';
import { statsJob } from '../stats/engine';
import type { ComplexPart } from '../stats/lanes';
import { figuresTable, reportJson } from '../stats/report';
import { shapeText } from '../shared/text';
import { dtypeName } from '../npy/dtype';
import { parseCommandArgs } from './args';
import { toJson } from './json';
import { READ_OPTIONS, READ_USAGE, headerLimit } from './open';
import { runJob } from './progress';
import { quoteForMessage } from '../shared/quote';

export const USAGE = `stats FILE [--member KEY] [--slice EXPR] [--field NAME] [--part real|imag|abs] [--bins N] [--json] ${READ_USAGE}`;

const PARTS: readonly ComplexPart[] = ['real', 'imag', 'abs'];

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    member: { type: 'string' },
    slice: { type: 'string' },
    field: { type: 'string', multiple: true },
    part: { type: 'string' },
    bins: { type: 'string' },
    json: { type: 'boolean' },
    ...READ_OPTIONS,
  });
  if (positionals.length !== 1) throw new NpyError(`usage: ${USAGE}`);
  const part = values.part as ComplexPart | undefined;
  if (part !== undefined && !PARTS.includes(part)) throw new NpyError(`--part must be real, imag or abs, got ${quoteForMessage(part)}`);
  let bins = 64;
  if (values.bins !== undefined) {
    bins = Number(values.bins);
    if (!/^\d+$/.test(values.bins) || bins < 1 || bins > 1_000_000)
      throw new NpyError(`--bins must be an integer from 1 to 1000000, got ${quoteForMessage(values.bins)}`);
  }
  const limits = { maxHeaderSize: headerLimit(values['max-header-size']) };
  const container = await openPathContainer(positionals[0], limits);
  try {
    const entry = await container.open(values.member ?? '', limits);
    const { header } = entry.opened;
    if (entry.opened.dataError) throw new NpyError(entry.opened.dataError);
    const structured = header.dtype.type !== 'scalar';
    const view = values.slice !== undefined ? parseSlice(values.slice, header.shape, { structured }) : undefined;
    const fields = values.field;
    if (part !== undefined && !hasComplex(header.dtype)) throw new NpyError(`--part applies to complex data; this array's dtype is ${dtypeName(header.dtype)}`);
    const report = await runJob('stats', statsJob(entry, { view, fields, part, bins }));
    if (report.missing > 0n) {
      process.stderr.write(`warning: the file is truncated: ${report.missing} of ${report.total} cells are missing and not counted\n`);
    }
    const perField = structured && !(fields && fields.length === 1);
    if (values.json) {
      process.stdout.write(toJson(reportJson(report, perField)) + '\n');
      return 0;
    }
    const lines = [
      `array:  ${dtypeName(header.dtype)} ${shapeText(header.shape)}${values.slice !== undefined ? `, slice ${values.slice} → ${shapeText(report.shape)}` : ''}`,
    ];
    for (const f of report.figures) lines.push('', ...figuresTable(f));
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    await container.close();
  }
}

function hasComplex(d: import('../npy/types').Dtype): boolean {
  if (d.type === 'scalar') return d.kind === 'c';
  if (d.type === 'subarray') return hasComplex(d.base);
  return d.fields.some((f) => hasComplex(f.dtype));
}
