// `info FILE [--json] [--max-header-size CHARS]`: what the header says and what the file holds, without reading
// the data. Warnings are the engine's (each said once); a data error (pickled objects) is its own line. An `.npz`
// lists its members (npzInfo.ts); `--json` says which with `"kind": "npy"` or `"kind": "npz"`.
import { dtypeName } from '../npy/dtype';
import { warningText } from '../npy/warnings';
import { parseCommandArgs } from './args';
import { toJson } from './json';
import { READ_OPTIONS, READ_USAGE, headerLimit, withArray } from './open';
import { byteSizeText, shapeText } from '../shared/text';
import { NpyError, type DescrJson } from '../npy/types';
import { openPathContainer } from '../npy/container';
import { NpzContainer } from '../npz';
import { archiveInfo, arrayJson } from './npzInfo';
import { pathForMessage } from '../shared/quote';
import { descrSummary } from '../shared/descrSummary';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, ...READ_OPTIONS });
  if (positionals.length !== 1) throw new NpyError(`usage: info FILE [--json] ${READ_USAGE}`);
  const limits = { maxHeaderSize: headerLimit(values['max-header-size']) };
  const container = await openPathContainer(positionals[0], limits);
  if (container instanceof NpzContainer) {
    try {
      return await archiveInfo(container, positionals[0], !!values.json, limits);
    } finally {
      await container.close();
    }
  }
  await container.close();
  return withArray(positionals[0], values, async ({ opened }) => {
    const { header } = opened;
    const warnings = opened.warnings.map(warningText);
    if (values.json) {
      process.stdout.write(toJson({ kind: 'npy', ...arrayJson(opened) }) + '\n');
      return 0;
    }
    const lines = [
      `file:     ${pathForMessage(positionals[0])} (${byteSizeText(opened.fileSize)})`,
      `format:   NPY ${header.version}, data at byte ${header.dataOffset}`,
      dtypeLine(header.descr, dtypeName(header.dtype), header.dtype.itemsize),
      `shape:    ${shapeText(header.shape)}  ${header.fortranOrder ? 'Fortran' : 'C'} order`,
      `elements: ${header.count} (${byteSizeText(header.dataSize)})`,
      ...warnings.map((w) => `warning:  ${w}`),
      ...(opened.dataError ? [`data:     ${opened.dataError}`] : []),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  });
}

/**
 * `dtype:` with numpy's name and the descr; a long structured dtype (thousands of fields make a 150 KB line) is
 * summarised to its first fields and a count, with `--json` named for the whole descr.
 */
function dtypeLine(descr: DescrJson, name: string, itemsize: number): string {
  const full = JSON.stringify(descr);
  const summary = descrSummary(descr, full, { maxChars: 200, fields: 4 });
  if (summary === undefined) return `dtype:    ${name}  descr ${full}  itemsize ${itemsize}`;
  const fields = Array.isArray(descr) ? `${descr.length} fields, ` : '';
  return `dtype:    ${summary}  (${fields}itemsize ${itemsize}; --json prints the whole descr)`;
}
