// Finds the Python string literal under the cursor on one line of source, for the `.npy` / `.npz` hover.
// Handles quotes ' and ", triple quotes on one line, prefixes (r, b, u, f and their combinations) and escapes.

export interface StringLiteralHit {
  /** The decoded value of the literal (escape sequences resolved unless raw). */
  value: string;
  /** Column range of the whole literal, prefix and quotes included: [start, end). */
  start: number;
  end: number;
}

const PREFIX = /^(?:[rR][bBfF]?|[bBfF][rR]?|[uU])$/;

/** The string literal on `line` that contains column `character`, or undefined. Comments are skipped. */
export function stringLiteralAt(line: string, character: number): StringLiteralHit | undefined {
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === '#') return undefined;
    if (ch !== '"' && ch !== "'") {
      i++;
      continue;
    }
    // Prefix letters directly before the quote (and not part of a longer identifier).
    let p = i;
    while (p > 0 && /[A-Za-z]/.test(line[p - 1])) p--;
    let prefix = line.slice(p, i);
    if (prefix && (!PREFIX.test(prefix) || (p > 0 && /[\w]/.test(line[p - 1])))) prefix = '';
    const start = i - prefix.length;
    const raw = /r/i.test(prefix);
    const triple = line.startsWith(ch.repeat(3), i);
    const quote = triple ? ch.repeat(3) : ch;
    let j = i + quote.length;
    let value = '';
    let closed = false;
    while (j < line.length) {
      if (line.startsWith(quote, j)) {
        closed = true;
        j += quote.length;
        break;
      }
      const c = line[j];
      if (c === '\\' && j + 1 < line.length) {
        const n = line[j + 1];
        if (raw) value += c + n;
        else value += ESCAPES[n] ?? c + n;
        j += 2;
        continue;
      }
      value += c;
      j++;
    }
    const end = j;
    if (character >= start && (character < end || (!closed && character === end))) {
      return { value, start, end };
    }
    if (!closed) return undefined;
    i = end;
  }
  return undefined;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** The literal under the cursor when it names a `.npy` or `.npz` file (case-insensitive), trimmed; else undefined. */
export function npyPathAt(line: string, character: number): StringLiteralHit | undefined {
  const hit = stringLiteralAt(line, character);
  if (!hit) return undefined;
  const value = hit.value.trim();
  if (!/\.np[yz]$/i.test(value) || value.length > 4096 || /[\0\n\r]/.test(value)) return undefined;
  return { ...hit, value };
}

/**
 * Candidate absolute paths for a literal, in the order to try: as is when absolute (with `~` expanded),
 * else relative to each base folder (the document's folder first, then the workspace folders).
 */
export function candidatePaths(
  value: string,
  bases: readonly string[],
  path: { isAbsolute(p: string): boolean; resolve(...p: string[]): string },
  home?: string,
): string[] {
  let v = value;
  if (home && (v === '~' || v.startsWith('~/') || v.startsWith('~\\'))) v = home + v.slice(1);
  if (path.isAbsolute(v)) return [path.resolve(v)];
  const out: string[] = [];
  for (const b of bases) {
    const p = path.resolve(b, v);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
