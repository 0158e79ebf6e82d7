// File and user text inside one-line messages. Every piece of text that came from a file (a header, a path) or
// from the user (an argument, a typed value) goes into an error or warning through here, so a message stays one
// line for every consumer — terminals, logs, JSON embedded in JS (U+2028/U+2029 end a line in old JS engines),
// VS Code notifications — and no input can forge a second `error:` line or reorder text with bidi controls.
// No Node or DOM APIs: shared by the engine, the CLI, the host and the webview.

/**
 * Characters escaped in messages: C0/C1 controls (incl. U+0085 NEL) and DEL, line/paragraph separators (Zl, Zp),
 * format characters (Cf: bidi overrides and isolates, zero-width joiners, BOM), and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  const cp = ch.codePointAt(0)!;
  if (cp <= 0xff) return '\\x' + hex(cp, 2);
  if (cp <= 0xffff) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** Cut `text` to at most `max` code points (never splitting a surrogate pair); true when something was cut. */
function cut(text: string, max: number): [string, boolean] {
  if (text.length <= max) return [text, false];
  let units = 0;
  let points = 0;
  while (units < text.length && points < max) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
    points++;
  }
  return units >= text.length ? [text, false] : [text.slice(0, units), true];
}

/**
 * Text escaped for a one-line message, without quotes: controls, separators, format characters and lone
 * surrogates become `\n`, `\x85`, `\u2028`…; at most `max` characters of the input are kept (then `…`).
 * Backslashes are left alone, so escaping twice changes nothing: safe as a last guard on a whole message line.
 */
export function escapeForMessage(text: string, max = Infinity): string {
  const [kept, truncated] = cut(text, max);
  return kept.replace(UNSAFE_ALL, escapeChar) + (truncated ? '…' : '');
}

/**
 * `'text'` for a message: single-quoted, with `\` and `'` escaped as well as everything escapeForMessage
 * escapes, cut to `max` characters of the input (`'abc…'`). Unambiguous: the text can be read back exactly.
 */
export function quoteForMessage(text: string, max = 60): string {
  const [kept, truncated] = cut(text, max);
  const body = kept.replace(/[\\']/g, (c) => '\\' + c).replace(UNSAFE_ALL, escapeChar);
  return `'${body}${truncated ? '…' : ''}'`;
}

/** Whether `text` holds anything escapeForMessage would change. */
export function needsEscape(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * A path for a message: as it is when it is plain (Windows backslashes included), quoted (quoteForMessage) when
 * it holds a character that needs escaping, a single quote, or leading/trailing white space. At most `max`
 * characters, then `…`.
 */
export function pathForMessage(path: string, max = 300): string {
  if (!needsEscape(path) && !/'|^\s|\s$/.test(path)) return escapeForMessage(path, max);
  return quoteForMessage(path, max);
}

/**
 * Make a whole message one line: every line break or separator inside it is escaped (not dropped, so nothing
 * the user should see is lost), and its length bounded. Idempotent.
 */
export function oneLine(message: string, max = 2000): string {
  return escapeForMessage(message, max);
}
