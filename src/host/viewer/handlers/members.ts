// The members of an open `.npz`, answered without vscode: the host's document and the webview tests' fake host
// both use this, so the member list and a chosen member's ArrayInfo are what users get. Member headers are read
// once for the list (one batched read per 256 members, src/npz inspectJob); a member is opened when it is shown,
// and each opened member is kept (its ArrayEntry: header + source) for the life of the container.
import type { ArrayEntry } from '../../../npy/container';
import { dtypeName } from '../../../npy/dtype';
import type { OpenOptions } from '../../../npy/open';
import { METHOD_DEFLATE, METHOD_STORED } from '../../../npz/centralDirectory';
import type { NpzContainer, NpzEntryListing } from '../../../npz';
import { isCancelled, NEVER_ABORTED } from '../../../shared/job';
import type { ArrayInfo, ArrayWarning, MemberInfo } from '../../../shared/protocol';
import { buildArrayInfo, type Localize } from '../arrayInfo';

/**
 * The file name a member is extracted to by default: its key without folders, `..` or anything a file system
 * refuses (keys are text from an untrusted archive; the user still confirms the name in the save dialog).
 */
export function memberFileName(key: string): string {
  let base = key
    .replace(/\.npy$/i, '')
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!base) base = 'member';
  return `${[...base].slice(0, 100).join('')}.npy`;
}

export function memberInfo(e: NpzEntryListing): MemberInfo {
  const h = e.header;
  return {
    key: e.name,
    memberName: e.memberName,
    compression: e.method === METHOD_STORED ? 'stored' : e.method === METHOD_DEFLATE ? 'deflated' : 'other',
    size: String(e.size),
    storedSize: String(e.storedSize),
    dtypeName: h ? dtypeName(h.dtype) : undefined,
    shape: h ? h.shape.map(String) : undefined,
    error: e.error ?? e.dataError,
  };
}

/** The ArrayInfo of a member that cannot be shown (or of an archive with none): the list and the reason. */
export function unopenedInfo(fileName: string, entryName: string | undefined, message: string, members: MemberInfo[]): ArrayInfo {
  return {
    fileName,
    entryName,
    version: '',
    dtypeName: '',
    descr: '',
    fortranOrder: false,
    shape: [],
    itemsize: 0,
    dataOffset: '0',
    count: '0',
    dataSize: '0',
    fileSize: '0',
    availableCount: '0',
    warnings: [],
    dataError: message,
    members,
    unopened: true,
  };
}

/** Members listed in the viewer (and whose headers are read when the archive opens); the rest are counted. */
export const MAX_LISTED_MEMBERS = 10_000;

export interface ShownMember {
  /** Undefined when the member cannot be opened (`info.dataError` says why). */
  entry?: ArrayEntry;
  info: ArrayInfo;
}

export class ArchiveMembers {
  private readonly opened = new Map<string, Promise<ArrayEntry>>();

  constructor(
    readonly container: NpzContainer,
    private readonly limits: OpenOptions = {},
  ) {}

  /**
   * Read the listed members' headers (errors are recorded on the members, not thrown): one batched read per 256
   * members, at most MAX_LISTED_MEMBERS of them (a member past those is read when it is shown).
   */
  async inspect(signal: AbortSignal = NEVER_ABORTED): Promise<void> {
    const stop = new AbortController();
    const both = AbortSignal.any([signal, stop.signal]);
    try {
      await this.container.inspectJob()(both, (done) => {
        if (done >= MAX_LISTED_MEMBERS) stop.abort();
      });
    } catch (e) {
      if (signal.aborted || !isCancelled(e)) throw e;
    }
  }

  /** The listed members (the first MAX_LISTED_MEMBERS). */
  get members(): MemberInfo[] {
    return this.container.entries.slice(0, MAX_LISTED_MEMBERS).map(memberInfo);
  }

  /** Members in the archive, listed or not. */
  get count(): number {
    return this.container.entries.length;
  }

  /** What every ArrayInfo of this archive carries: the listed members, and the count when not all are listed. */
  private listing(): Pick<ArrayInfo, 'members' | 'memberCount'> {
    return { members: this.members, memberCount: this.count > MAX_LISTED_MEMBERS ? this.count : undefined };
  }

  has(name: string): boolean {
    return this.container.entries.some((e) => e.name === name);
  }

  /** The member shown first: the first that can be shown, else the first; undefined for an empty archive. */
  defaultName(): string | undefined {
    const entries = this.container.entries;
    return (entries.find((e) => !e.error && !e.dataError) ?? entries.find((e) => !e.error) ?? entries[0])?.name;
  }

  /** Open a member (once; a failure is not kept, so a later try reads again). */
  open(name: string): Promise<ArrayEntry> {
    let p = this.opened.get(name);
    if (!p) {
      p = this.container.open(name, this.limits);
      this.opened.set(name, p);
      p.catch(() => {
        if (this.opened.get(name) === p) this.opened.delete(name);
      });
    }
    return p;
  }

  /** A member opened for showing, with its ArrayInfo (the member list included), or why it cannot be shown. */
  async show(
    fileName: string,
    name: string | undefined,
    opts: { localize?: Localize; extraWarnings?: readonly ArrayWarning[]; noMembers?: string; errorText?: (e: unknown) => string } = {},
  ): Promise<ShownMember> {
    if (name === undefined) return { info: { ...unopenedInfo(fileName, undefined, opts.noMembers ?? 'the archive holds no arrays', this.members), ...this.listing() } };
    try {
      const entry = await this.open(name);
      const info = buildArrayInfo(fileName, entry.opened, { entryName: name, localize: opts.localize, extraWarnings: opts.extraWarnings });
      return { entry, info: { ...info, ...this.listing() } };
    } catch (e) {
      const message = opts.errorText ? opts.errorText(e) : e instanceof Error ? e.message.split('\n')[0] : String(e);
      return { info: { ...unopenedInfo(fileName, name, message, this.members), ...this.listing() } };
    }
  }
}
