// NPY: Extract Member to NPY… and NPY: Verify Archive — the `.npz` commands (Explorer menu on an .npz, the
// member list's context menu in the viewer, the palette).
//   executeCommand('npyStudio.extractMember', { path, member, out, force?, open? })  (open defaults to false)
//   executeCommand('npyStudio.verifyArchive', { path })  → { ok, path, members, problems: [{ member, error }] }
// Extracting streams the member (1 MiB at a time) into a temp file beside the target, checks its size and CRC-32,
// then publishes it atomically (src/npy/write/atomic.ts); it never overwrites without being asked (the save
// dialog's own confirmation, or `force`). Verifying reads every member whole (src/npz/verify.ts).
import * as vscode from 'vscode';
import * as path from 'path';
import { openPathContainer, type ArrayContainer } from '../../npy/container';
import { NpyError } from '../../npy/types';
import { writeAtomic, writeFully } from '../../npy/write/atomic';
import { NpzContainer, verifyFileJob, type FileProblem } from '../../npz';
import { crcHex } from '../../npz/crc32';
import { quoteForMessage } from '../../shared/quote';
import * as config from '../platform/config';
import { runInNotification } from '../platform/jobs';
import { log } from '../platform/log';
import { memberFileName } from '../viewer/handlers/members';
import type { NpyViewerProvider } from '../viewer/provider';
import { CANCELLED, exists, openInViewer, requireFileUri, showError, t, uriArg, withProgress, type WriteResult } from './common';
import { programmaticArgs, stringArg } from './steps';

let provider: NpyViewerProvider | undefined;

export function registerArchiveCommands(context: vscode.ExtensionContext, viewerProvider?: NpyViewerProvider): void {
  provider = viewerProvider;
  context.subscriptions.push(
    vscode.commands.registerCommand('npyStudio.extractMember', extractMemberCommand),
    vscode.commands.registerCommand('npyStudio.verifyArchive', verifyArchiveCommand),
  );
}

async function openArchive(file: string): Promise<ArrayContainer> {
  return openPathContainer(file, { maxHeaderSize: config.maxHeaderBytes(vscode.Uri.file(file)) });
}

/** The archive a command without a file argument works on: the one the focused viewer shows, else a picked one. */
async function archiveUri(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  const uri = uriArg(arg);
  if (uri) return uri;
  const active = provider?.activeSession;
  if (active?.document.archive) return active.document.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [t('NumPy archives')]: ['npz'] },
    openLabel: t('Choose'),
    title,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

// ---- extract ----

async function extract(file: string, member: string | undefined, out: string, force: boolean, open: boolean): Promise<WriteResult> {
  const container = await openArchive(file);
  try {
    if (!(container instanceof NpzContainer)) throw new NpyError(t('{0} is not an .npz archive', path.basename(file)));
    const keys = container.entries.map((e) => e.name);
    const name = member ?? (keys.length === 1 ? keys[0] : undefined);
    if (name === undefined) throw new NpyError(t('member is required: the archive holds {0} arrays', String(keys.length)));
    if (!keys.includes(name) && !container.entries.some((e) => e.memberName === name)) {
      throw new NpyError(t('the archive has no array {0}', quoteForMessage(name)));
    }
    // The member must be a .npy (its header parses): an archive's other files are not extracted as arrays.
    await container.open(name);
    const r = await withProgress(t('Extracting {0}', name), (signal, onProgress) =>
      writeAtomic(out, { force, signal }, async (f) => {
        let at = 0;
        return container.streamMemberJob(name, async (chunk) => {
          await writeFully(f.handle, chunk, at);
          at += chunk.length;
        })(signal, (done, total) => onProgress(BigInt(Math.floor(done)), BigInt(total)));
      }),
    );
    log.info(`extracted ${name} from ${file} to ${out} (${r.bytes} bytes, CRC-32 ${crcHex(r.crc32)})`);
    if (open) await openInViewer(out);
    return { ok: true, path: out, member: name, bytes: String(r.bytes), crc32: crcHex(r.crc32) };
  } finally {
    await container.close();
  }
}

interface MemberItem extends vscode.QuickPickItem {
  key: string;
}

async function pickMember(file: string, preferred: string | undefined): Promise<string | undefined> {
  const container = await openArchive(file);
  try {
    if (!(container instanceof NpzContainer)) throw new NpyError(t('{0} is not an .npz archive', path.basename(file)));
    await container.inspectJob()(new AbortController().signal, () => undefined);
    const items: MemberItem[] = container.entries.map((e) => ({
      key: e.name,
      label: e.name,
      description: e.header ? `${e.header.shape.length === 1 ? `(${e.header.shape[0]},)` : `(${e.header.shape.join(', ')})`}` : undefined,
      detail: e.error ? `$(error) ${e.error}` : undefined,
    }));
    if (items.length === 0) throw new NpyError(t('the archive holds no arrays'));
    if (items.length === 1) return items[0].key;
    const active = items.find((i) => i.key === preferred);
    const picked = await vscode.window.showQuickPick(active ? [active, ...items.filter((i) => i !== active)] : items, {
      title: t('Extract Member to NPY: choose the member'),
      placeHolder: t('Member of {0}', path.basename(file)),
      matchOnDescription: true,
    });
    return picked?.key;
  } finally {
    await container.close();
  }
}

export async function extractMemberCommand(arg?: unknown): Promise<WriteResult> {
  try {
    const args = programmaticArgs(arg);
    // The member list's context menu passes its data-vscode-context: the focused viewer's archive and that member.
    const fromWebview = args && args.webviewSection === 'npyMember' && typeof args.npyMember === 'string' ? args.npyMember : undefined;
    if (args && fromWebview === undefined) {
      const out = path.resolve(stringArg(args, 'out'));
      const member = args.member === undefined ? undefined : stringArg(args, 'member');
      return await extract(path.resolve(stringArg(args, 'path')), member, out, args.force === true, args.open === true);
    }
    const uri = fromWebview !== undefined ? provider?.activeSession?.document.uri : await archiveUri(arg, t('Extract Member to NPY: choose an .npz archive'));
    if (!uri) return CANCELLED;
    const file = requireFileUri(uri);
    const shownHere = [...(provider?.allSessions ?? [])].find((s) => s.document.uri.toString() === uri.toString() && s.panel.active)?.memberName;
    const member = fromWebview ?? (await pickMember(file, shownHere));
    if (member === undefined) return CANCELLED;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(file), memberFileName(member))),
      filters: { [t('NumPy arrays')]: ['npy'] },
      saveLabel: t('Extract'),
      title: t('Extract {0} to NPY: where to save', member),
    });
    if (!target) return CANCELLED;
    const out = requireFileUri(target);
    // The save dialog asked before choosing an existing file: that is the confirmation to replace it.
    return await extract(file, member, out, await exists(out), true);
  } catch (e) {
    return showError(e);
  }
}

// ---- verify ----

function problemText(p: FileProblem): string {
  return p.memberName === undefined ? p.error : t('member {0}: {1}', quoteForMessage(p.memberName), p.error);
}

async function verify(file: string, interactive: boolean): Promise<WriteResult> {
  const container = await openArchive(file);
  try {
    const name = path.basename(file);
    const report = await runInNotification(t('Verifying {0}', name), verifyFileJob(container));
    for (const p of report.problems) log.warn(`verify ${file}: ${problemText(p)}`);
    if (interactive) {
      const [first, ...rest] = report.problems;
      if (!first) {
        const what = report.kind === 'npz' ? t('all {0} members are sound (sizes and CRC-32 match)', String(report.members)) : t('the data is complete');
        void vscode.window.showInformationMessage(t('{0}: {1}', name, what));
      } else {
        const more = rest.length ? ` ${t('({0} more problems; see the NPY Studio log)', String(rest.length))}` : '';
        void vscode.window.showErrorMessage(`${t('{0} is damaged', name)}: ${problemText(first)}${more}`);
      }
    }
    return {
      ok: true,
      path: file,
      kind: report.kind,
      members: report.members,
      problems: report.problems.map((p) => ({ member: p.memberName ?? p.name, error: p.error })),
    };
  } finally {
    await container.close();
  }
}

export async function verifyArchiveCommand(arg?: unknown): Promise<WriteResult> {
  try {
    const args = programmaticArgs(arg);
    if (args) return await verify(path.resolve(stringArg(args, 'path')), false);
    const uri = await archiveUri(arg, t('Verify Archive: choose an .npz archive'));
    if (!uri) return CANCELLED;
    return await verify(requireFileUri(uri), true);
  } catch (e) {
    return showError(e);
  }
}
