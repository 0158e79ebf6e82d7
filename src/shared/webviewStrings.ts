// Every user-visible string of the webview, in one place so it can be localized: the host translates them with
// vscode.l10n and sends the bundle with `init` (the webview has no vscode.l10n). Templates use `{name}` placeholders.

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
