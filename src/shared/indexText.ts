// Index text typed by the user or passed to `npyStudio.goToIndex`.

/** Parse `5`, `5, 2`, `(5, 2)`, `[5][2]` into decimal integer strings (negative counts from the end). */
export function parseIndexText(text: string): string[] | undefined {
  const parts = text
    .replace(/[()[\]]/g, ' ')
    .split(/[\s,]+/)
    .filter((s) => s.length > 0);
  if (parts.length === 0 || parts.length > 2) return undefined;
  if (!parts.every((p) => /^-?\d{1,20}$/.test(p))) return undefined;
  return parts.map((p) => BigInt(p).toString());
}
