// The engine's shared data model. Every module of src/npy/ speaks these types; nothing here imports vscode.

/** `<` little, `>` big, `|` not applicable (1-byte, strings of bytes, void). Native order is resolved to `<`/`>`. */
export type ByteOrder = '<' | '>' | '|';

/** numpy's one-letter kinds. `O` is recognised so its header reads, and refused for data (pickled objects). */
export type ScalarKind = 'b' | 'i' | 'u' | 'f' | 'c' | 'M' | 'm' | 'S' | 'U' | 'V' | 'O';

export type DatetimeUnitName = 'Y' | 'M' | 'W' | 'D' | 'h' | 'm' | 's' | 'ms' | 'us' | 'ns' | 'ps' | 'fs' | 'as' | 'generic';

/** `M8[10ms]` is { name: 'ms', count: 10 }; `M8` is { name: 'generic', count: 1 }. */
export interface DatetimeUnit {
  name: DatetimeUnitName;
  count: number;
}

/**
 * One element type with no fields. `itemsize` is in bytes. For kind `f` itemsize 16 is the platform long double,
 * read as x87 80-bit extended in the low 10 bytes (little-endian) or the high 10 bytes (big-endian). (numpy on
 * x86-64, our reference, has no 12-byte `f12`/`c24`: they are refused like numpy refuses them.)
 * For `U` itemsize is 4 × chars (utf-32).
 */
export interface ScalarDtype {
  type: 'scalar';
  kind: ScalarKind;
  byteOrder: ByteOrder;
  itemsize: number;
  /** Only for kinds `M` and `m`. */
  unit?: DatetimeUnit;
}

/**
 * A fixed-shape sub-array of `base`, as a field type: `('x', '<f4', (2, 3))`. `base` may itself be a sub-array, as
 * in numpy: `('x', ('<f8', (5,)), (2,))` is shape [2] of (shape [5] of <f8), one (2, 5) block in memory (see
 * flatSubarray in dtype.ts for that view).
 */
export interface SubarrayDtype {
  type: 'subarray';
  base: Dtype;
  shape: number[];
  itemsize: number;
}

export interface Field {
  name: string;
  /** numpy titles: descr entry `(('title', 'name'), '<f4')`. */
  title?: string;
  /** Byte offset of the field inside the record (padding entries `('', '|V4')` advance it and are not fields). */
  offset: number;
  dtype: Dtype;
}

export interface StructDtype {
  type: 'struct';
  fields: Field[];
  itemsize: number;
}

export type Dtype = ScalarDtype | SubarrayDtype | StructDtype;

/** What a parsed `.npy` preamble + header says, before any data is read. Sizes are BigInt throughout. */
export interface NpyHeader {
  version: '1.0' | '2.0' | '3.0';
  dtype: Dtype;
  /** The `descr` value as numpy's dtype_to_descr gives it (string, or nested arrays for structured). */
  descr: DescrJson;
  fortranOrder: boolean;
  shape: bigint[];
  /** Byte offset where data begins (preamble + header length). */
  dataOffset: bigint;
  /** Product of shape. */
  count: bigint;
  /** count × itemsize. */
  dataSize: bigint;
}

/**
 * numpy's descr as JSON (Python tuples become arrays, exactly `json.loads(json.dumps(dtype.descr))`): `"<f8"`, or
 * `[["x", "<f4"], ["pos", "<f8", [3]], ["rec", [[...]]]]`. A field whose base type is itself a sub-array keeps
 * numpy's nesting: `('x', ('<f8', (5,)), (2,))` is `["x", ["<f8", [5]], [2]]` (a DescrSubarrayJson as the type).
 */
export type DescrJson = string | DescrFieldJson[];
/** A field's type in a descr: a descr, or (for a sub-array of a sub-array) a `(descr, shape)` pair. */
export type DescrTypeJson = DescrJson | DescrSubarrayJson;
export type DescrFieldJson = [string | [string, string], DescrTypeJson] | [string | [string, string], DescrTypeJson, number[]];
/** `(base type, shape)`: only as a field's type, for a sub-array of a sub-array. Its shape is never empty. */
export type DescrSubarrayJson = [DescrTypeJson, number[]];

/**
 * What kind of problem an NpyError is, where the CLI or the host adds its own remedy (a flag, a setting, a
 * button); see src/shared/errorCodes.ts. The engine's message names the operation's parameters, never a CLI flag.
 */
export type NpyErrorCode =
  /** The header is longer than the caller's limit (`maxHeaderSize`). */
  | 'headerTooLarge'
  /** The target of a write exists and overwriting was not asked for. */
  | 'targetExists'
  /** The work was cancelled (an AbortSignal fired). */
  | 'cancelled'
  /** An append source is not a .npy file, and no dtype was given to read it as raw data. */
  | 'rawSourceNeedsDtype'
  /** Attaching a header: the raw data holds bytes past what the shape needs (or than whole rows), not allowed. */
  | 'trailingData';

/** A problem with the input, reported to the user as one line. Never carries a stack to the user. */
export class NpyError extends Error {
  constructor(
    message: string,
    readonly code?: NpyErrorCode,
  ) {
    super(message);
    this.name = 'NpyError';
  }
}
