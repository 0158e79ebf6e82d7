// `extract A.npz [--member KEY] OUT.npy [--force]`: one member as a standalone `.npy`. The member's bytes are
// streamed (1 MiB at a time, whatever its size) into a temporary file beside OUT, CRC-32 and size checked at the
// end, and only then published as OUT (src/npy/write/atomic.ts): a damaged member, Ctrl-C or a full disk leave
// OUT as it was and no temp file. An existing OUT is replaced only with --force.
import { openPathContainer } from '../npy/container';
import { NpyError } from '../npy/types';
import { writeAtomic, writeFully } from '../npy/write/atomic';
import { NpzContainer } from '../npz';
import { crcHex } from '../npz/crc32';
import { pathForMessage, quoteForMessage } from '../shared/quote';
import { parseCommandArgs } from './args';
import { MEMBER_OPTION, MEMBER_USAGE, entryName } from './member';
import { READ_OPTIONS, READ_USAGE, headerLimit } from './open';
import { runJob } from './progress';

export const USAGE = `extract A.npz ${MEMBER_USAGE} OUT.npy [--force] ${READ_USAGE}`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...MEMBER_OPTION, force: { type: 'boolean' }, ...READ_OPTIONS });
  if (positionals.length !== 2) throw new NpyError(`usage: ${USAGE}`);
  const [archive, out] = positionals;
  const limits = { maxHeaderSize: headerLimit(values['max-header-size']) };
  const container = await openPathContainer(archive, limits);
  try {
    if (!(container instanceof NpzContainer)) throw new NpyError('this is a .npy file, not an .npz archive; there is no member to extract');
    const name = entryName(container, values.member);
    // The member must be a .npy (its header parses): an archive's other files are not extracted as arrays.
    await container.open(name, limits);
    const result = await runJob(`extracting ${name}`, (signal, onProgress) =>
      writeAtomic(out, { force: values.force === true, signal }, async (file) => {
        let at = 0;
        return container.streamMemberJob(name, async (chunk) => {
          await writeFully(file.handle, chunk, at);
          at += chunk.length;
        })(signal, onProgress);
      }),
    );
    process.stdout.write(`extracted ${quoteForMessage(name)} to ${pathForMessage(out)}: ${result.bytes} bytes, CRC-32 ${crcHex(result.crc32)} ok\n`);
    return 0;
  } finally {
    await container.close();
  }
}
