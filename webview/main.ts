// The viewer webview's entry point (bundled into dist/webview.js): the host channel, the app once the host's
// `init` arrives (with its translated strings, so every panel is built in the user's language), and the focus
// rules. See app.ts for the state, panels/ for the header, toolbar, go-to box, message area and status bar, and
// views/ for the views (the grid first).
import { App } from './app';
import { HostChannel } from './hostChannel';
import { HeaderPanel } from './panels/header';
import { setStrings } from './strings';
import { installTestHooks, testHooksRequested } from './testHooks';
import { builtinViews } from './views';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi();
const channel = new HostChannel((msg) => vscode.postMessage(msg));

// The host's page has `<div id="app">`; the viewer lives in #npy-root inside it (or in the body).
const root: HTMLElement =
  document.getElementById('npy-root') ??
  (() => {
    const d = document.createElement('div');
    d.id = 'npy-root';
    (document.getElementById('app') ?? document.body).appendChild(d);
    return d;
  })();
root.classList.add('npy-root');
root.textContent = '';
new HeaderPanel(root); // "Opening…" until `init`

let app: App | undefined;
// Take keyboard focus only when the editor itself is focused: a viewer opened beside with preserveFocus (e.g. the
// Attach Header preview) must not pull focus from the QuickInput the user is typing in.
let focusWanted = document.hasFocus();
const focusView = (): void => {
  if (app) app.focusView();
  else focusWanted = true;
};

channel.on('init', (msg) => {
  if (!app) {
    if (msg.l10n) setStrings(msg.l10n);
    app = new App(root, channel, vscode, builtinViews());
    if (focusWanted) app.focusView();
  }
  app.init(msg);
});
window.addEventListener('message', (event: MessageEvent) => channel.handle(event.data));
if (testHooksRequested()) installTestHooks(() => app);

// An archive's webview tells the host which member it showed before (its saved state), to show it again.
const savedMember = (vscode.getState() as { member?: unknown } | undefined)?.member;
channel.notify(typeof savedMember === 'string' ? { type: 'ready', member: savedMember } : { type: 'ready' });
window.addEventListener('focus', () => {
  if (!root.contains(document.activeElement) || document.activeElement === document.body) focusView();
});
