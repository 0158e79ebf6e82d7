// The viewer webview's HTML: strict CSP, the one script by nonce, styles from the extension's own folders.
import { randomBytes } from 'crypto';

export function makeNonce(): string {
  return randomBytes(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

export interface HtmlInputs {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** Document language for the page (`vscode.env.language`). */
  lang?: string;
  title: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function csp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource} data:`].join('; ');
}

export function viewerHtml(i: HtmlInputs): string {
  const styles = i.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(i.lang ?? 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp(i.cspSource, i.nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeHtml(i.title)}</title>
</head>
<body>
  <div id="app" role="application" aria-label="${escapeHtml(i.title)}"></div>
  <script nonce="${i.nonce}" src="${escapeHtml(i.scriptUri)}"></script>
</body>
</html>`;
}

/** A page with one message and no script, for a file that cannot be opened at all. */
/** A remedy offered on the error page as a link that runs a command (the webview allows only that command). */
export interface ErrorAction {
  label: string;
  commandUri: string;
}

export function errorHtml(i: {
  cspSource: string;
  nonce: string;
  styleUris: string[];
  title: string;
  heading: string;
  message: string;
  lang?: string;
  action?: ErrorAction;
}): string {
  const styles = i.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(i.lang ?? 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp(i.cspSource, i.nonce)}">
${styles}
  <title>${escapeHtml(i.title)}</title>
</head>
<body class="npy-open-error">
  <div class="npy-error-page" role="alert">
    <h2><svg class="npy-error-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.2"/><path d="M5.5 5.5l5 5m0-5l-5 5" stroke="currentColor" stroke-width="1.2"/></svg> ${escapeHtml(i.heading)}</h2>
    <p class="npy-error-message">${escapeHtml(i.message)}</p>${
      i.action ? `\n    <p><a class="npy-error-action" href="${escapeHtml(i.action.commandUri)}">${escapeHtml(i.action.label)}</a></p>` : ''
    }
  </div>
</body>
</html>`;
}
