// Every user-visible string of the webview, in one place so it can be localized: the host may pass an l10n
// bundle (`{ key: translated }`) and `setStrings` overrides the defaults. Templates use `{name}` placeholders.

export const DEFAULT_STRINGS = {
  // Header panel
  shape: 'Shape',
  dtype: 'dtype',
  descr: 'descr',
  order: 'Order',
  orderC: 'C (row-major)',
  orderFortran: 'Fortran (column-major)',
  version: 'Format version',
  dataOffset: 'Data offset',
  count: 'Elements',
  dataSize: 'Data size',
  fileSize: 'File size',
  available: 'Available',
  warnings: 'Warnings',
  bytes: '{n} bytes',
  truncatedAvailable: '{n} of {total} elements present (file is truncated)',
  // View controls
  rows: 'Rows',
  columns: 'Columns',
  axis: 'axis {n}',
  axisSize: 'axis {n} ({size})',
  fields: 'fields',
  noColumns: '—',
  indexFor: 'Index for axis {n}',
  previousIndex: 'Previous index on axis {n}',
  nextIndex: 'Next index on axis {n}',
  sliceLabel: 'Slice',
  slicePlaceholder: 'a[0, :, ::2]',
  sliceApply: 'Apply',
  sliceTitle: 'numpy-style indexing, e.g. a[3, :, ::2], a[..., 0], a[:, 5]; .T swaps rows and columns. Enter applies.',
  // Toolbar
  copy: 'Copy',
  copyAs: 'Copy as',
  copyTsv: 'TSV',
  copyCsv: 'CSV',
  copyNumpy: 'NumPy',
  copyTitle: 'Copy the selection ({format})',
  gotoButton: 'Go to…',
  gotoTitle: 'Go to Index (Ctrl+G)',
  gotoPlaceholder: 'row  or  row, col',
  gotoLabel: 'Go to Index',
  gotoInvalid: 'Enter a row, or row, col (negative counts from the end)',
  // Grid
  gridLabel: 'Array values',
  valueColumn: 'value',
  missingCell: 'Past the end of the file: the file is truncated',
  loading: 'Loading…',
  tileError: 'Could not read these cells: {message}',
  // Status
  statusCell: 'Row {row}, column {col}',
  statusSelection: '{rows} × {cols} selected',
  statusRows: '{rows} rows × {cols} columns',
  copied: 'Copied {cells} cells as {format}',
  copyFailed: 'Copy failed: {message}',
  // Whole-array states
  emptyArray: 'empty array: shape {shape}',
  scalarArray: '0-d array',
  dataError: 'The data cannot be shown: {message}',
  viewError: '{message}',
  waiting: 'Opening…',
};

export type StringKey = keyof typeof DEFAULT_STRINGS;
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
