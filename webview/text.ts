// Numbers and sizes as the webview shows them.
import { byteSizeText, shapeText } from '../src/shared/text';
import { t } from './strings';

export { shapeText };

/** `1234567` → `1,234,567`. */
export function groupDigits(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes with a binary-unit hint: `4,000,000 bytes (3.8 MiB)`. */
export function bytesText(s: string): string {
  const n = BigInt(s);
  return t('bytes', { n: groupDigits(s) }) + (n >= 1024n ? ` (${byteSizeText(n)})` : '');
}
