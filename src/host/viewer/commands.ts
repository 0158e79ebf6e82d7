// Commands of the viewer: open a .npy or .npz in NPY Studio (an archive on a chosen member: the hover's member
// links pass `[uri, { member }]`), go to an index in the focused viewer.
import * as vscode from 'vscode';
import type { NpyViewerProvider } from './provider';
import { VIEW_TYPE } from './provider';
import { parseIndexText } from '../../shared/indexText';
import { uriArg } from '../commands/common';

export function registerViewerCommands(context: vscode.ExtensionContext, provider: NpyViewerProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('npyStudio.openInViewer', async (arg?: unknown, options?: unknown) => {
      let uri = uriArg(Array.isArray(arg) ? arg[0] : arg);
      const member =
        options && typeof options === 'object' && typeof (options as { member?: unknown }).member === 'string' ? (options as { member: string }).member : undefined;
      if (uri && member !== undefined) {
        await provider.openMember(uri, member);
        return;
      }
      if (!uri) {
        const active = vscode.window.activeTextEditor?.document.uri;
        if (active && /\.np[yz]$/i.test(active.path)) uri = active;
      }
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: { [vscode.l10n.t('NumPy arrays')]: ['npy', 'npz'] },
          openLabel: vscode.l10n.t('Open in NPY Studio'),
        });
        uri = picked?.[0];
      }
      if (!uri) return;
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    }),
    vscode.commands.registerCommand('npyStudio.goToIndex', async (...args: unknown[]) => {
      const session = provider.activeSession ?? [...provider.allSessions].find((s) => s.panel.visible);
      if (!session) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a .npy file in NPY Studio first.'));
        return;
      }
      // From code or keybinding args: numbers, strings or one array of them. From the palette: the webview's prompt.
      const flat = (args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args).filter((a) => a !== undefined);
      if (flat.length > 0 && flat.every((a) => typeof a === 'number' || typeof a === 'bigint' || typeof a === 'string')) {
        const index = parseIndexText(flat.map(String).join(','));
        if (!index) {
          void vscode.window.showErrorMessage(vscode.l10n.t('Not an index: {0}', flat.map(String).join(', ')));
          return;
        }
        session.goToIndex(index);
        return;
      }
      session.goToIndex();
    }),
  );
}
