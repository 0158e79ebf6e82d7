// JSON text with BigInt written as exact integer literals (shapes and sizes may exceed 2^53).
export function toJson(value: unknown, indent = 0): string {
  const pad = (depth: number): string => (indent ? '\n' + ' '.repeat(indent * depth) : '');
  const walk = (v: unknown, depth: number): string => {
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[' + v.map((x) => pad(depth + 1) + walk(x, depth + 1)).join(',') + pad(depth) + ']';
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return '{}';
      const sep = indent ? ': ' : ':';
      return '{' + entries.map(([k, x]) => pad(depth + 1) + JSON.stringify(k) + sep + walk(x, depth + 1)).join(',') + pad(depth) + '}';
    }
    return JSON.stringify(v);
  };
  return walk(value, 0);
}
