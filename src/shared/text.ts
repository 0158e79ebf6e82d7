// Shapes and sizes as people read them, shared by the CLI, the host and the webview.

/** numpy's tuple text: `()`, `(3,)`, `(3, 4)`. */
export function shapeText(shape: readonly (bigint | string | number)[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Binary units: `512 B`, `1.5 KiB`, `2.5 GiB`, `12.3 TiB`, `123 MiB`. Exact for any BigInt size. */
export function byteSizeText(bytes: bigint | number): string {
  let b = typeof bytes === 'bigint' ? bytes : BigInt(Math.max(0, Math.floor(bytes)));
  if (b < 0n) b = 0n;
  if (b < 1024n) return `${b} B`;
  let unit = 0;
  let scaled = b;
  while (scaled >= 1024n * 1024n && unit < UNITS.length - 2) {
    scaled /= 1024n;
    unit++;
  }
  const value = Number(scaled) / 1024;
  const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${UNITS[unit + 1]}`;
}
