// Index text typed by the user or passed to `npyStudio.goToIndex`.

/**
 * Parse `5`, `5, 2`, `(5, 2)`, `[5][2]`, `2, 3, 4` into decimal integer strings (negative counts from the end): one
 * per shown axis, or one per axis of the array (up to numpy's 64 dimensions).
 */
export function parseIndexText(text: string): string[] | undefined {
  const parts = text
    .replace(/[()[\]]/g, ' ')
    .split(/[\s,]+/)
    .filter((s) => s.length > 0);
  if (parts.length === 0 || parts.length > 64) return undefined;
  if (!parts.every((p) => /^-?\d{1,20}$/.test(p))) return undefined;
  return parts.map((p) => BigInt(p).toString());
}
