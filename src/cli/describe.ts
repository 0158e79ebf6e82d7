// Human-readable sizes and shapes, as numpy and a file manager would show them.

/** numpy's tuple text: `()`, `(3,)`, `(3, 4)`. */
export function shapeText(shape: readonly bigint[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** Binary units with up to 3 significant decimals: `512 B`, `1.5 KiB`, `2.5 GiB`. */
export function byteSizeText(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];
  if (bytes < 1024n) return `${bytes} B`;
  let unit = 0;
  let scaled = bytes;
  while (scaled >= 1024n * 1024n && unit < units.length - 2) {
    scaled /= 1024n;
    unit++;
  }
  const value = Number(scaled) / 1024;
  const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text.replace(/\.?0+$/, '')} ${units[unit + 1]}`;
}
