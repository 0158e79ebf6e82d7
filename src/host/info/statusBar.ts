// Status bar item for the focused NPY editor: `float32 (1000, 3, 224) · 2.5 GiB`.
import * as vscode from 'vscode';
import type { NpyViewerProvider } from '../viewer/provider';
import type { ViewerSession } from '../viewer/session';
import { summaryText, byteSizeText } from '../platform/errors';

export function registerStatusBar(context: vscode.ExtensionContext, provider: NpyViewerProvider): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('npyStudio.arrayInfo', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('NPY Array');
  item.command = 'npyStudio.goToIndex';
  const update = (session: ViewerSession | undefined): void => {
    const info = session?.document.info;
    if (!session || !info) {
      item.hide();
      return;
    }
    const text = summaryText(info.dtypeName, info.shape, BigInt(info.fileSize));
    item.text = `$(table) ${text}`;
    const lines = [
      `**${info.fileName}**`,
      '',
      `${vscode.l10n.t('dtype')}: \`${info.dtypeName}\``,
      `${vscode.l10n.t('shape')}: \`(${info.shape.join(', ')}${info.shape.length === 1 ? ',' : ''})\` · ${info.fortranOrder ? vscode.l10n.t('Fortran order') : vscode.l10n.t('C order')}`,
      `${vscode.l10n.t('data')}: ${byteSizeText(BigInt(info.dataSize))} ${vscode.l10n.t('at byte {0}', info.dataOffset)} · ${vscode.l10n.t('file')}: ${byteSizeText(BigInt(info.fileSize))} · NPY ${info.version}`,
      ...info.warnings.map((w) => `$(warning) ${w}`),
      '',
      vscode.l10n.t('Click to go to an index'),
    ];
    const md = new vscode.MarkdownString(lines.join('  \n'), true);
    item.tooltip = md;
    item.accessibilityInformation = { label: vscode.l10n.t('NPY array: {0}', text) };
    item.backgroundColor = info.dataError || info.warnings.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  context.subscriptions.push(item, provider.onDidChangeActive(update));
  update(provider.activeSession);
  return item;
}
