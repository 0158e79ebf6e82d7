// Shared header-summary cache and markdown for the Explorer tooltips and the Python hover.
import * as vscode from 'vscode';
import * as path from 'path';
import { HeaderSummaryCache, readHeaderSummary, summaryLine, type ArchiveSummary, type HeaderSummary, type MemberSummary } from './headerSummary';
import { byteSizeText, shapeText } from '../platform/errors';
import * as config from '../platform/config';

/** Headers read for tooltips and hovers, under the same header cap as the viewer, warnings in the UI language. */
export const headerCache = new HeaderSummaryCache(512, 4, (p) =>
  readHeaderSummary(p, config.maxHeaderBytes(vscode.Uri.file(p)), (template, args) => vscode.l10n.t(template, args)),
);

export function isNpyUri(uri: vscode.Uri): boolean {
  return /\.np[yz]$/i.test(uri.path);
}

/** `float32 (3, 4)`, or the member's error. */
function memberLine(m: MemberSummary): string {
  if (m.dtypeName && m.shape) return `${m.dtypeName} ${shapeText(m.shape)}`;
  return m.error ?? vscode.l10n.t('not read yet');
}

/** `.npz archive: 3 arrays · 4.5 KiB (12 KiB as .npy files)`. */
function archiveLine(a: ArchiveSummary, fileSize: bigint): string {
  const count = a.count === 1 ? vscode.l10n.t('1 array') : vscode.l10n.t('{0} arrays', a.count.toLocaleString());
  return `${vscode.l10n.t('.npz archive: {0}', count)} · ${byteSizeText(fileSize)} (${vscode.l10n.t('{0} as .npy files', byteSizeText(a.inflatedSize))})`;
}

/** Plain-text tooltip line(s) for the Explorer. */
export function tooltipText(s: HeaderSummary): string {
  if (s.archive && s.error === undefined) {
    const a = s.archive;
    const lines = [archiveLine(a, s.fileSize), ...a.members.slice(0, 5).map((m) => `${m.key}: ${memberLine(m)}`)];
    if (a.count > 5) lines.push(vscode.l10n.t('… {0} more', (a.count - 5).toLocaleString()));
    return lines.join('\n');
  }
  const lines = [summaryLine(s)];
  if (s.fortranOrder) lines[0] += ` · ${vscode.l10n.t('Fortran order')}`;
  for (const w of s.warnings.slice(0, 3)) lines.push(`⚠ ${w}`);
  return lines.join('\n');
}

/** A command URI's argument part: JSON, percent-encoded, with the characters markdown links end on encoded too. */
function commandArgs(args: unknown[]): string {
  return encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Markdown for an archive's hover: its member count and sizes, then the first members with shape and dtype, each
 * a link that opens the archive on that member (npyStudio.openInViewer, the only trusted command).
 */
function archiveHover(s: HeaderSummary, a: ArchiveSummary, uri: vscode.Uri): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['npyStudio.openInViewer'] };
  md.appendMarkdown(`$(file-zip) **`);
  md.appendText(path.basename(s.path));
  md.appendMarkdown(`** — `);
  md.appendText(archiveLine(a, s.fileSize));
  md.appendMarkdown('\n\n');
  const open = vscode.l10n.t('Open this member in NPY Studio');
  for (const m of a.members) {
    // Keys are text from the file: as link text they are escaped; in the link they travel as JSON.
    md.appendMarkdown('- [');
    md.appendText(m.key);
    md.appendMarkdown(`](command:npyStudio.openInViewer?${commandArgs([uri.toString(), { member: m.key }])} "${open}") `);
    md.appendText(memberLine(m));
    md.appendMarkdown('\n');
  }
  if (a.count > a.members.length) {
    md.appendMarkdown('\n');
    md.appendText(vscode.l10n.t('… {0} more', (a.count - a.members.length).toLocaleString()));
  }
  md.appendMarkdown(
    `\n\n[$(preview) ${vscode.l10n.t('Open in NPY Studio')}](command:npyStudio.openInViewer?${commandArgs([uri.toString()])} "${vscode.l10n.t('Open in NPY Studio')}")`,
  );
  return md;
}

/** Markdown for a hover: name, summary, warnings and an Open link (the only trusted command). */
export function hoverMarkdown(s: HeaderSummary, uri: vscode.Uri): vscode.MarkdownString {
  if (s.archive && s.error === undefined) return archiveHover(s, s.archive, uri);
  const args = encodeURIComponent(JSON.stringify([uri.toString()]));
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['npyStudio.openInViewer'] };
  md.appendMarkdown(`$(table) **`);
  md.appendText(path.basename(s.path));
  md.appendMarkdown(`** — `);
  md.appendText(summaryLine(s));
  if (s.fortranOrder) md.appendText(` · ${vscode.l10n.t('Fortran order')}`);
  for (const w of s.warnings.slice(0, 3)) {
    md.appendMarkdown('  \n$(warning) ');
    md.appendText(w);
  }
  md.appendMarkdown(`\n\n[$(preview) ${vscode.l10n.t('Open in NPY Studio')}](command:npyStudio.openInViewer?${args} "${vscode.l10n.t('Open in NPY Studio')}")`);
  return md;
}
