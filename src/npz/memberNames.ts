// Member names as numpy sees them: the bytes of a zip name decoded as Python's zipfile does, and the key that
// np.load(f)[key] takes.

/**
 * A zip name is UTF-8 when general-purpose flag bit 11 is set, else IBM code page 437 (zip's original
 * encoding, and what Python's zipfile assumes). numpy writes ASCII names without the flag and others as UTF-8
 * with it. NpzFile's keys are the names with one `.npy` suffix removed: `x.npy` → `x`, `x.npy.npy` → `x.npy`,
 * and a name without the suffix is its own key (np.load gives such a member's raw bytes; we list it and refuse it).
 */
export const UTF8_FLAG = 1 << 11;

/** Code page 437, bytes 0x80-0xFF (0x00-0x7F are ASCII), as Python's cp437 codec maps them. */
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeCp437(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return s;
}

/** The name, or an error for a name flagged UTF-8 that is not (then the name is shown with replacement marks). */
export function decodeMemberName(bytes: Uint8Array, flags: number): { name: string; error?: string } {
  if (!(flags & UTF8_FLAG)) return { name: decodeCp437(bytes) };
  try {
    return { name: utf8.decode(bytes) };
  } catch {
    return { name: new TextDecoder('utf-8').decode(bytes), error: 'its name is flagged UTF-8 but is not valid UTF-8' };
  }
}

/** np.load's key for a member name. */
export function keyOfMember(name: string): string {
  return name.endsWith('.npy') ? name.slice(0, -4) : name;
}
