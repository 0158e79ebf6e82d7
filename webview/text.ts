// Numbers and sizes as the webview shows them.
import { byteSizeText, shapeText } from '../src/shared/text';
import { t } from './strings';

export { shapeText };

/** `1234567` → `1,234,567`. */
export function groupDigits(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `5,000 rows × 3 columns`, with the singular forms as their own strings (for translators). */
export function sizeText(rows: bigint, cols: bigint): string {
  const r = groupDigits(rows.toString());
  const c = groupDigits(cols.toString());
  if (rows === 1n && cols === 1n) return t('statusRowsOneEach');
  if (rows === 1n) return t('statusRowsOneRow', { cols: c });
  if (cols === 1n) return t('statusRowsOneCol', { rows: r });
  return t('statusRows', { rows: r, cols: c });
}

/** Bytes with a binary-unit hint: `4,000,000 bytes (3.8 MiB)`. */
export function bytesText(s: string): string {
  const n = BigInt(s);
  return t('bytes', { n: groupDigits(s) }) + (n >= 1024n ? ` (${byteSizeText(n)})` : '');
}
