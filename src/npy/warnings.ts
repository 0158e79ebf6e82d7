// Warnings about an array, made in one place (the engine) as codes with English templates. The CLI prints the
// English text; the host passes the template to vscode.l10n.t with the same arguments (the template is the l10n
// key), and UI actions (e.g. "Repair…") key on the code, never on the text.

export type WarningCode =
  /** The file ends before the data does; missing elements show as missing. */
  | 'truncated'
  /** Bytes after the data (a wrong shape, or an appended file); they are ignored. */
  | 'trailingBytes'
  /** The header is longer than numpy's default max_header_size: numpy needs `max_header_size=` to load it. */
  | 'headerOverNumpyLimit';

export interface NpyWarning {
  code: WarningCode;
  /** English text with `{name}` placeholders, filled from `args`. */
  template: string;
  args: Record<string, string>;
}

const TEMPLATES: Record<WarningCode, string> = {
  truncated: 'file is truncated: {available} of {count} elements present; the rest show as missing',
  trailingBytes: '{bytes} of trailing bytes after the data are ignored',
  headerOverNumpyLimit: 'the header is {chars} characters, over numpy\u2019s default limit of {limit}: numpy loads it only with np.load(..., max_header_size={chars})',
};

export function makeWarning(code: WarningCode, args: Record<string, string>): NpyWarning {
  return { code, template: TEMPLATES[code], args };
}

/** Fill `{name}` placeholders (the CLI's English text; the host uses vscode.l10n.t with the same arguments). */
export function fillTemplate(template: string, args: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.prototype.hasOwnProperty.call(args, name) ? args[name] : m));
}

export function warningText(w: NpyWarning): string {
  return fillTemplate(w.template, w.args);
}
