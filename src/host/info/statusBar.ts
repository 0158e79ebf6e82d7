// Status bar item for the focused NPY editor: `float32 (1000, 3, 224) · 2.5 GiB`; for an archive the member shown,
// the member count and the total size.
import * as vscode from 'vscode';
import type { NpyViewerProvider } from '../viewer/provider';
import type { ViewerSession } from '../viewer/session';
import { summaryText, byteSizeText, ellipsize } from '../platform/errors';
import type { ArrayInfo } from '../../shared/protocol';
import { shortDtypeName } from '../../shared/descrSummary';

export function registerStatusBar(context: vscode.ExtensionContext, provider: NpyViewerProvider): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('npyStudio.arrayInfo', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('NPY Array');
  item.command = 'npyStudio.goToIndex';
  const update = (session: ViewerSession | undefined): void => {
    const info = session?.info;
    if (!session || !info) {
      item.hide();
      return;
    }
    if (info.members) {
      showArchive(info);
      return;
    }
    const text = summaryText(shortDtypeName(info.dtypeName, info.descr), info.shape, BigInt(info.fileSize));
    item.text = `$(table) ${text}`;
    const lines = [
      `**${info.fileName}**`,
      '',
      `${vscode.l10n.t('dtype')}: \`${shortDtypeName(info.dtypeName, info.descr, 400)}\``,
      `${vscode.l10n.t('shape')}: \`(${info.shape.join(', ')}${info.shape.length === 1 ? ',' : ''})\` · ${info.fortranOrder ? vscode.l10n.t('Fortran order') : vscode.l10n.t('C order')}`,
      `${vscode.l10n.t('data')}: ${byteSizeText(BigInt(info.dataSize))} ${vscode.l10n.t('at byte {0}', info.dataOffset)} · ${vscode.l10n.t('file')}: ${byteSizeText(BigInt(info.fileSize))} · NPY ${info.version}`,
      ...info.warnings.map((w) => `$(warning) ${w.text}`),
      '',
      vscode.l10n.t('Click to go to an index'),
    ];
    const md = new vscode.MarkdownString(lines.join('  \n'), true);
    item.tooltip = md;
    item.accessibilityInformation = { label: vscode.l10n.t('NPY array: {0}', text) };
    item.backgroundColor = info.dataError || info.warnings.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  /** An archive: `x: float32 (3, 4) · 16 arrays · 3.5 KiB` (the member shown, then the archive). */
  const showArchive = (info: ArrayInfo): void => {
    const members = info.members ?? [];
    const n = info.memberCount ?? members.length;
    // The total of the listed members (all of them, unless the archive holds more than the viewer lists).
    const total = members.reduce((sum, m) => sum + BigInt(m.size), 0n);
    const size = info.memberCount === undefined ? byteSizeText(total) : `> ${byteSizeText(total)}`;
    const count = n === 1 ? vscode.l10n.t('1 array') : vscode.l10n.t('{0} arrays', n.toLocaleString());
    const shown =
      info.entryName === undefined
        ? ''
        : info.unopened
          ? `${ellipsize(info.entryName, 32)} · `
          : `${ellipsize(info.entryName, 32)}: ${summaryText(info.dtypeName, info.shape, BigInt(info.dataSize))} · `;
    const text = `${shown}${count} · ${size}`;
    item.text = `$(file-zip) ${text}`;
    const lines = [
      `**${info.fileName}**`,
      '',
      `${vscode.l10n.t('.npz archive: {0}', count)} · ${vscode.l10n.t('{0} as .npy files', size)}`,
      ...(info.entryName !== undefined ? [`${vscode.l10n.t('Member')}: \`${info.entryName.replace(/`/g, "'")}\``] : []),
      ...(info.unopened && info.dataError ? [`$(error) ${info.dataError}`] : []),
      ...info.warnings.map((w) => `$(warning) ${w.text}`),
      '',
      vscode.l10n.t('Click to go to an index'),
    ];
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(lines.join('  \n'));
    item.tooltip = md;
    item.accessibilityInformation = { label: vscode.l10n.t('NPY archive: {0}', text) };
    item.backgroundColor = info.dataError || info.warnings.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  context.subscriptions.push(item, provider.onDidChangeActive(update));
  update(provider.activeSession);
  return item;
}
