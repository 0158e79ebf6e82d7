// Named regression fixtures: every defect issue 12 lists (and each one the fuzzer finds later) as an input with the
// outcome it must have. They run before every fuzz pass (also the short one in `npm test`), under the same time and
// memory bounds as fuzzed inputs.
import type { FuzzInput, Outcome } from './targets';

export interface Fixture {
  name: string;
  input: FuzzInput;
  expect: Extract<Outcome, 'accepted' | 'clean'>;
  /** For a clean refusal: what the message must say. */
  message?: RegExp;
}

/** A .npy's first bytes as latin-1 text: preamble + header (padded like numpy) + `data` bytes. */
function npy(dict: string, opts: { version?: 1 | 3; data?: number; raw?: boolean } = {}): string {
  const version = opts.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  const body = Buffer.from(dict, version === 3 ? 'utf8' : 'latin1');
  const padded = opts.raw ? body : Buffer.concat([body, Buffer.from(' '.repeat((64 - ((pre + body.length + 1) % 64)) % 64) + '\n')]);
  const head = Buffer.alloc(pre);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(head);
  if (version === 1) head.writeUInt16LE(padded.length, 8);
  else head.writeUInt32LE(padded.length, 8);
  return Buffer.concat([head, padded, Buffer.alloc(opts.data ?? 0)]).toString('latin1');
}

const H = (descr: string, shape = '(1,)') => `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;

export const FIXTURES: Fixture[] = [
  // 1. Sub-arrays of zero-size items: refused like numpy (V0), or formatted with bounded work ([] records).
  {
    name: 'item1: |V0 sub-array of 2^31-1 items (numpy refuses it)',
    input: { target: 'header', text: npy(H("[('a', '|V0', (2147483647,))]"), { data: 8 }) },
    expect: 'clean',
    message: /invalid itemsize in generic type tuple/,
  },
  {
    name: 'item1: [] sub-array of 2^31-1 records (numpy loads it): bounded formatting',
    input: { target: 'header', text: npy(H("[('a', [], (2147483647,))]"), { data: 8 }) },
    expect: 'accepted',
  },
  { name: "item1: a |V0 array (numpy loads it: b'' elements, none missing)", input: { target: 'header', text: npy(H("'|V0'", '(3,)')) }, expect: 'accepted' },
  // Found by the 600 s run: no element, but 21474837 empty lists (each list now spends the formatting budget).
  {
    name: 'fuzz: [] sub-array of shape (21474837, 0): bounded formatting of empty lists',
    input: { target: 'header', text: npy(H("[('a', [], (21474837, 0))]"), { data: 8 }) },
    expect: 'accepted',
  },
  { name: 'fuzz: f4 sub-array of shape (2147483647, 0)', input: { target: 'format', text: "[('a', '<f4', (2147483647, 0))]", bytes: '' }, expect: 'accepted' },
  { name: 'item1: 64 axes of 7 empty records', input: { target: 'format', text: `[('a', [], (${'7, '.repeat(64)}))]`, bytes: '' }, expect: 'accepted' },
  {
    name: 'item1/2: u1 sub-array of 2^31-1 items in a 1 KiB file (the viewer crash): bounded prefix, virtual columns',
    input: { target: 'header', text: npy(H("[('a', 'u1', (2147483647,))]"), { data: 900 }), fileSize: String(2 ** 31 + 127) },
    expect: 'accepted',
  },
  // 3. An element far larger than the file: formatted as the prefix present.
  { name: 'item3: |S2147483647 × 4 in a 1 KiB file', input: { target: 'header', text: npy(H("'|S2147483647'", '(4,)'), { data: 896 }) }, expect: 'accepted' },
  { name: 'item3: 1 KiB file claiming 2^40 elements', input: { target: 'header', text: npy(H("'<f8'", '(1099511627776,)'), { data: 896 }) }, expect: 'accepted' },
  // 4. Raw separators must not reach a message.
  {
    name: 'item4: U+0085 before a string (string prefix error)',
    input: { target: 'header', text: npy(H("\x85'<f8'")) },
    expect: 'clean',
    message: /string prefix "\\x85" is not allowed/,
  },
  {
    name: 'item4: U+2028 and a bidi override before a string (3.0)',
    input: { target: 'header', text: npy(H("\u2028\u202e'<f8'"), { version: 3 }) },
    expect: 'clean',
    message: /string prefix "\\u2028\\u202e"/,
  },
  { name: 'item4: U+2028 in a dtype spec', input: { target: 'dtype', text: "[('a', \u2028'<f8')]" }, expect: 'clean', message: /\\u2028/ },
  { name: 'item8: a newline in a slice', input: { target: 'slice', text: '0\nerror: forged', shape: ['3', '4'] }, expect: 'clean', message: /slice/ },
  // 10. numpy mismatches.
  { name: "item10: '<f12' (numpy on x86-64 refuses)", input: { target: 'header', text: npy(H("'<f12'"), { data: 12 }) }, expect: 'clean', message: /not understood/ },
  { name: "item10: '<c24' (numpy on x86-64 refuses)", input: { target: 'header', text: npy(H("'<c24'"), { data: 24 }) }, expect: 'clean', message: /not understood/ },
  { name: 'item10: 1l suffix (numpy refuses)', input: { target: 'header', text: npy(H("'<f8'", '(1l,)'), { data: 8 }) }, expect: 'clean', message: /malformed number/ },
  { name: 'item10: 1 L suffix (numpy accepts)', input: { target: 'header', text: npy(H("'<f8'", '(1 L,)'), { data: 8 }) }, expect: 'accepted' },
  {
    name: 'item10: trailing \\r\\t (numpy refuses)',
    input: { target: 'header', text: npy(H("'<f8'") + '\r\t', { raw: true, data: 8 }) },
    expect: 'clean',
    message: /unexpected indent/,
  },
  { name: "item10: r'<f8' (numpy accepts)", input: { target: 'header', text: npy(H("r'<f8'"), { data: 8 }) }, expect: 'accepted' },
  // Foundation issue: nested sub-arrays keep numpy's descr.
  { name: 'nested sub-array descr round trip', input: { target: 'header', text: npy(H("[('x', ('<f8', (5,)), (2,))]"), { data: 80 }) }, expect: 'accepted' },
  // Parser bounds.
  {
    name: 'deep nesting is refused without a stack overflow',
    input: { target: 'header', text: npy(H('('.repeat(5000) + "'<f8'" + ')'.repeat(5000))) },
    expect: 'clean',
    message: /nesting deeper/,
  },
  { name: 'a header length past the file', input: { target: 'header', text: npy(H("'<f8'")).slice(0, 40) }, expect: 'clean', message: /runs past the end|cut off/ },
];
