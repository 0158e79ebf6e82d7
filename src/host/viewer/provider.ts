// The custom editor: one NpyDocument per file, one ViewerSession per editor panel showing it.
import * as vscode from 'vscode';
import { NpyDocument } from './document';
import { ViewerSession } from './session';
import { oneLineError } from '../platform/errors';
import { log } from '../platform/log';
import { virtualSourceFor } from '../platform/fileAccess';

export const VIEW_TYPE = 'npyStudio.viewer';

export class NpyViewerProvider implements vscode.CustomReadonlyEditorProvider<NpyDocument>, vscode.Disposable {
  private readonly sessions = new Set<ViewerSession>();
  /** Members asked for (openMember) by archive URI, until its new panel takes them. */
  private readonly wantedMembers = new Map<string, string>();
  private active: ViewerSession | undefined;
  private readonly onDidChangeActiveEmitter = new vscode.EventEmitter<ViewerSession | undefined>();
  /** The focused NPY editor changed (or its document reloaded). */
  readonly onDidChangeActive = this.onDidChangeActiveEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  static register(context: vscode.ExtensionContext): NpyViewerProvider {
    const provider = new NpyViewerProvider(context);
    context.subscriptions.push(
      provider,
      vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
        // No retainContextWhenHidden: the webview restores itself from setState.
        webviewOptions: { enableFindWidget: false },
      }),
    );
    return provider;
  }

  get activeSession(): ViewerSession | undefined {
    return this.active;
  }

  get allSessions(): ReadonlySet<ViewerSession> {
    return this.sessions;
  }

  async openCustomDocument(uri: vscode.Uri, _ctx: vscode.CustomDocumentOpenContext, _token: vscode.CancellationToken): Promise<NpyDocument> {
    try {
      return await NpyDocument.open(uri);
    } catch (err) {
      // NpyDocument.open records problems itself; this is a last resort that still gives one line.
      log.error(`open ${uri.toString(true)}: ${oneLineError(err)}`);
      throw new Error(oneLineError(err));
    }
  }

  async resolveCustomEditor(document: NpyDocument, panel: vscode.WebviewPanel, _token: vscode.CancellationToken): Promise<void> {
    const virtual = virtualSourceFor(document.uri);
    if (virtual?.isLive && !virtual.isLive(document.uri)) {
      // A tab restored after a window reload whose bytes lived in the old extension host: close it quietly.
      log.info(`closing ${document.uri.toString(true)}: its source has ended`);
      setTimeout(() => panel.dispose(), 0);
      return;
    }
    const session = new ViewerSession(this.context.extensionUri, document, panel);
    this.sessions.add(session);
    const update = (): void => {
      if (panel.active) this.setActive(session);
      else if (this.active === session) this.setActive(undefined);
    };
    const wanted = this.wantedMembers.get(document.uri.toString());
    if (wanted !== undefined) {
      this.wantedMembers.delete(document.uri.toString());
      session.selectMember(wanted);
    }
    const subs = [
      panel.onDidChangeViewState(update),
      document.onDidReload(() => {
        if (this.active === session) this.onDidChangeActiveEmitter.fire(session);
      }),
      session.onDidChangeInfo(() => {
        if (this.active === session) this.onDidChangeActiveEmitter.fire(session);
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      this.sessions.delete(session);
      session.dispose();
      if (this.active === session) this.setActive(undefined);
    });
    update();
  }

  /**
   * Show member `member` of the archive `uri`: in a panel already showing the archive (revealed), else in a new
   * viewer that opens on that member (a hover's member link).
   */
  async openMember(uri: vscode.Uri, member: string): Promise<void> {
    const key = uri.toString();
    const open = [...this.sessions].filter((s) => s.document.uri.toString() === key);
    const session = open.find((s) => s === this.active) ?? open.find((s) => s.panel.visible) ?? open[0];
    if (session) {
      session.panel.reveal(undefined, false);
      session.selectMember(member);
      return;
    }
    // The new panel takes it when it is resolved (which may be after openWith returns).
    this.wantedMembers.set(key, member);
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    } catch (err) {
      this.wantedMembers.delete(key);
      throw err;
    }
  }

  private setActive(session: ViewerSession | undefined): void {
    if (this.active === session) return;
    this.active = session;
    this.onDidChangeActiveEmitter.fire(session);
  }

  dispose(): void {
    for (const s of this.sessions) s.dispose();
    this.sessions.clear();
    this.onDidChangeActiveEmitter.dispose();
  }
}
