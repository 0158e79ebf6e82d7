// Shared header-summary cache and markdown for the Explorer tooltips and the Python hover.
import * as vscode from 'vscode';
import * as path from 'path';
import { HeaderSummaryCache, readHeaderSummary, summaryLine, type HeaderSummary } from './headerSummary';
import * as config from '../platform/config';

/** Headers read for tooltips and hovers, under the same header cap as the viewer, warnings in the UI language. */
export const headerCache = new HeaderSummaryCache(512, 4, (p) =>
  readHeaderSummary(p, config.maxHeaderBytes(vscode.Uri.file(p)), (template, args) => vscode.l10n.t(template, args)),
);

export function isNpyUri(uri: vscode.Uri): boolean {
  return /\.npy$/i.test(uri.path);
}

/** Plain-text tooltip line(s) for the Explorer. */
export function tooltipText(s: HeaderSummary): string {
  const lines = [summaryLine(s)];
  if (s.fortranOrder) lines[0] += ` · ${vscode.l10n.t('Fortran order')}`;
  for (const w of s.warnings.slice(0, 3)) lines.push(`⚠ ${w}`);
  return lines.join('\n');
}

/** Markdown for a hover: name, summary, warnings and an Open link (the only trusted command). */
export function hoverMarkdown(s: HeaderSummary, uri: vscode.Uri): vscode.MarkdownString {
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
