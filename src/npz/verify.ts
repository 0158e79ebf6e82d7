// Verify a file whole, whatever it holds: a `.npy` (its data length against its header) or an `.npz` (every
// member's local header, size and CRC-32, then its `.npy` header and data length). Shared by the CLI's `verify`
// and the host's "Verify Archive". Problems are reported, not thrown; only cancelling throws.
import type { ArrayContainer } from '../npy/container';
import { warningText } from '../npy/warnings';
import type { OpenOptions } from '../npy/open';
import { isCancelled, type Job } from '../shared/job';
import { byteSizeText } from '../shared/text';
import { NpzContainer } from './npzContainer';

export interface FileProblem {
  /** The array's key in an archive ('' for a `.npy`). */
  name: string;
  /** The zip member's name (archives only). */
  memberName?: string;
  error: string;
}

export interface FileVerifyReport {
  kind: 'npy' | 'npz';
  /** Arrays checked: 1 for a `.npy`, the members of an archive. */
  members: number;
  problems: FileProblem[];
  /** What is not wrong but worth saying (trailing bytes after the data), as English text. */
  notes: string[];
}

/** How a `.npy` whose bytes stop before its header says the data does is described. */
function cutOff(available: bigint, count: bigint, present: bigint, needed: bigint): string {
  return `its data is cut off: ${available} of ${count} elements present (${byteSizeText(present)} of ${byteSizeText(needed)})`;
}

export function verifyFileJob(container: ArrayContainer, opts: OpenOptions = {}): Job<FileVerifyReport> {
  return async (signal, onProgress) => {
    if (!(container instanceof NpzContainer)) {
      const problems: FileProblem[] = [];
      const notes: string[] = [];
      try {
        const { opened } = await container.open('', opts);
        const h = opened.header;
        if (!opened.dataError) {
          const present = opened.fileSize > h.dataOffset ? opened.fileSize - h.dataOffset : 0n;
          if (present < h.dataSize) problems.push({ name: '', error: cutOff(opened.availableCount, h.count, present, h.dataSize) });
          for (const w of opened.warnings) if (w.code !== 'truncated') notes.push(warningText(w));
        }
      } catch (e) {
        if (isCancelled(e)) throw e;
        problems.push({ name: '', error: e instanceof Error ? e.message : String(e) });
      }
      onProgress(1, 1);
      return { kind: 'npy', members: 1, problems, notes };
    }
    const report = await container.verifyJob()(signal, onProgress);
    const problems: FileProblem[] = [...report.problems];
    const bad = new Set(problems.map((p) => p.memberName));
    // The bytes are sound: now the .npy inside each member (one batched read per 256 members).
    await container.inspectJob()(signal, () => undefined);
    for (const e of container.entries) {
      if (bad.has(e.memberName)) continue;
      if (e.error) {
        problems.push({ name: e.name, memberName: e.memberName, error: e.error });
        continue;
      }
      const h = e.header;
      if (!h || e.dataError) continue;
      const present = e.size > h.dataOffset ? e.size - h.dataOffset : 0n;
      if (present < h.dataSize) {
        const itemsize = BigInt(h.dtype.itemsize);
        const available = itemsize > 0n ? present / itemsize : h.count;
        problems.push({ name: e.name, memberName: e.memberName, error: cutOff(available, h.count, present, h.dataSize) });
      }
    }
    // In directory order (the size and CRC problems came first).
    const order = new Map<string | undefined, number>();
    for (const e of container.entries) if (!order.has(e.memberName)) order.set(e.memberName, e.index);
    problems.sort((a, b) => (order.get(a.memberName) ?? 0) - (order.get(b.memberName) ?? 0));
    return { kind: 'npz', members: report.members, problems, notes: [] };
  };
}
