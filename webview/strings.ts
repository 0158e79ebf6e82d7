// The webview's string lookup: the defaults from src/shared, overridden by the host's translated bundle.
import { DEFAULT_STRINGS, type StringKey } from '../src/shared/webviewStrings';

export type { StringKey };
const defaults = DEFAULT_STRINGS;

let current: Record<StringKey, string> = { ...defaults };

/** Override strings with a bundle from the host (unknown keys are ignored). */
export function setStrings(bundle: Record<string, string> | undefined): void {
  current = { ...defaults };
  if (!bundle) return;
  for (const [k, v] of Object.entries(bundle)) {
    if (k in defaults && typeof v === 'string') current[k as StringKey] = v;
  }
}

/** A string with `{name}` placeholders filled in. */
export function t(key: StringKey, args: Record<string, string | number | bigint> = {}): string {
  return current[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in args ? String(args[name]) : m));
}
