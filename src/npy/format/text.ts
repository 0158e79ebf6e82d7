// Byte strings (S), unicode strings (U, UTF-32) and raw void (V) as numpy prints their scalars:
// trailing NULs are dropped for S and U; repr follows Python's bytes/str repr (quote choice and escapes).
// Each takes `maxChars`, the most characters of the value shown (then '…'), and reads only what the view holds
// of the value (a bounded prefix of a huge one is shown as that prefix and '…').

export type TextStyle = 'str' | 'repr';

const HEX = '0123456789abcdef';

function hex(n: number, width: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) s += HEX[(n >>> (i * 4)) & 15];
  return s;
}

/** Bytes of an item of `itemsize` at `offset` that the view holds, and whether that is all of them. */
function present(view: DataView, offset: number, itemsize: number): [number, boolean] {
  const have = Math.max(0, Math.min(itemsize, view.byteLength - offset));
  return [have, have === itemsize];
}

/** Python's repr of a bytes object; str(bytes_) is the same text. */
export function formatBytesAt(view: DataView, offset: number, itemsize: number, maxChars = Infinity): string {
  const [have, whole] = present(view, offset, itemsize);
  let end = have;
  while (end > 0 && view.getUint8(offset + end - 1) === 0) end--;
  const cut = !whole || end > maxChars;
  if (end > maxChars) end = maxChars;
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < end; i++) {
    const c = view.getUint8(offset + i);
    if (c === 39) hasSingle = true;
    else if (c === 34) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 34 : 39;
  let out = quote === 34 ? 'b"' : "b'";
  for (let i = 0; i < end; i++) {
    const c = view.getUint8(offset + i);
    if (c === quote || c === 92) out += '\\' + String.fromCharCode(c);
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 32 || c >= 127) out += '\\x' + HEX[c >> 4] + HEX[c & 15];
    else out += String.fromCharCode(c);
  }
  return out + (cut ? '…' : '') + (quote === 34 ? '"' : "'");
}

/** Code points of a UTF-32 item (what the view holds of it), trailing NULs dropped, at most `max`; and if cut. */
function codePoints(view: DataView, offset: number, itemsize: number, le: boolean, max: number): [number[], boolean] {
  const [have, whole] = present(view, offset, itemsize);
  let n = have >> 2;
  while (n > 0 && view.getUint32(offset + (n - 1) * 4, le) === 0) n--;
  const cut = !whole || n > max;
  if (n > max) n = max;
  const cps = new Array<number>(n);
  for (let i = 0; i < n; i++) cps[i] = view.getUint32(offset + i * 4, le);
  return [cps, cut];
}

function appendCodePoint(out: string, cp: number): string {
  if (cp < 0x10000) return out + String.fromCharCode(cp);
  if (cp > 0x10ffff) return out + '\ufffd'; // not representable in a JS string
  const v = cp - 0x10000;
  return out + String.fromCharCode(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
}

/** Python's "not printable" characters: categories Cc Cf Cs Co Cn Zl Zp Zs (except the ASCII space). */
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function isPrintable(cp: number): boolean {
  if (cp > 0x10ffff) return false;
  return !NON_PRINTABLE.test(appendCodePoint('', cp));
}

export function formatUnicodeAt(view: DataView, offset: number, itemsize: number, le: boolean, style: TextStyle, maxChars = Infinity): string {
  const [cps, cut] = codePoints(view, offset, itemsize, le, maxChars);
  const more = cut ? '…' : '';
  if (style === 'str') {
    let out = '';
    for (let i = 0; i < cps.length; i++) out = appendCodePoint(out, cps[i]);
    return out + more;
  }
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] === 39) hasSingle = true;
    else if (cps[i] === 34) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 34 : 39;
  const q = String.fromCharCode(quote);
  let out = q;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c === quote || c === 92) out += '\\' + String.fromCharCode(c);
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 32 || c === 127) out += '\\x' + hex(c, 2);
    else if (c < 127) out += String.fromCharCode(c);
    else if (isPrintable(c)) out = appendCodePoint(out, c);
    else if (c <= 0xff) out += '\\x' + hex(c, 2);
    else if (c <= 0xffff) out += '\\u' + hex(c, 4);
    else out += '\\U' + hex(c, 8);
  }
  return out + more + q;
}

const HEX_UPPER = '0123456789ABCDEF';

/** numpy void scalar: str `b'\x01\xAB'` (every byte escaped, upper-case hex), repr `void(b'\x01\xAB')`. */
export function formatVoidAt(view: DataView, offset: number, itemsize: number, style: TextStyle, maxChars = Infinity): string {
  const [have, whole] = present(view, offset, itemsize);
  const n = Math.min(have, maxChars);
  let out = "b'";
  for (let i = 0; i < n; i++) {
    const c = view.getUint8(offset + i);
    out += '\\x' + HEX_UPPER[c >> 4] + HEX_UPPER[c & 15];
  }
  out += (!whole || n < have ? '…' : '') + "'";
  return style === 'str' ? out : 'void(' + out + ')';
}
