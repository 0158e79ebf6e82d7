// Element bytes → numbers (float64) for pictures: every numeric dtype, in either byte order. Contiguous runs of
// little-endian elements go through typed-array views and one native `Float64Array.set` (the refined pass decodes
// whole chunks this way); single elements (the sampled pass) through a DataView.
//
// What a number is, per kind: bool 0/1; integers exactly up to 2^53, rounded to the nearest double beyond (as
// numpy's astype(float64)); floats as they are (float16 exact; x87 long double rounded to a double); complex as
// its magnitude |z| (numpy's abs, a hypot); datetime64 / timedelta64 as their integer count in their own unit, NaT
// as NaN. Strings, bytes, void, records and objects have no number: `numericDecoder` refuses them.
import { halfToNumber } from '../npy/format/float';
import { dtypeName } from '../npy/dtype';
import type { Dtype, ScalarDtype } from '../npy/types';
import { NpyError } from '../npy/types';
import { readX87Number } from '../npy/format/float';

export interface NumberDecoder {
  readonly dtype: ScalarDtype;
  readonly itemsize: number;
  /** The element at byte `offset` of `view`. */
  at(view: DataView, offset: number): number;
  /** `count` packed elements from `bytes` (offset 0) into `out[0..count)`. */
  bulk(bytes: Uint8Array, count: number, out: Float64Array): void;
}

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO32 = 4294967296;
/** int64 -2^63, the NaT of datetime64/timedelta64 as (hi, lo). */
const NAT_HI = -2147483648;

let halfTable: Float64Array | undefined;
function halves(): Float64Array {
  if (!halfTable) {
    halfTable = new Float64Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToNumber(h);
  }
  return halfTable;
}

/** A decoder for this dtype, or an NpyError saying why the array has no picture. */
export function numericDecoder(dtype: Dtype): NumberDecoder {
  if (dtype.type !== 'scalar') {
    const what = dtype.type === 'struct' ? 'a structured array' : 'an array of sub-arrays';
    throw new NpyError(`cannot draw ${what} (dtype ${dtypeName(dtype)}): pictures need numbers; pick a numeric array`);
  }
  const d = dtype;
  const le = d.byteOrder !== '>';
  const native = le === LITTLE || d.itemsize === 1;
  const size = d.itemsize;
  const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const make = (at: (v: DataView, o: number) => number, fast?: (bytes: Uint8Array, count: number, out: Float64Array) => void): NumberDecoder => ({
    dtype: d,
    itemsize: size,
    at,
    bulk(bytes, count, out) {
      if (fast && native && bytes.byteOffset % Math.min(size, 8) === 0) {
        fast(bytes, count, out);
        return;
      }
      const v = viewOf(bytes);
      for (let i = 0, o = 0; i < count; i++, o += size) out[i] = at(v, o);
    },
  });
  type Ctor = new (b: ArrayBufferLike, o: number, n: number) => ArrayLike<number>;
  const typed = (ctor: Ctor) => (bytes: Uint8Array, count: number, out: Float64Array) => out.set(new ctor(bytes.buffer, bytes.byteOffset, count));

  switch (d.kind) {
    case 'b':
      return make(
        (v, o) => (v.getUint8(o) !== 0 ? 1 : 0),
        (bytes, count, out) => {
          for (let i = 0; i < count; i++) out[i] = bytes[i] !== 0 ? 1 : 0;
        },
      );
    case 'i':
    case 'u': {
      const signed = d.kind === 'i';
      if (size === 1) return make(signed ? (v, o) => v.getInt8(o) : (v, o) => v.getUint8(o), typed((signed ? Int8Array : Uint8Array) as Ctor));
      if (size === 2) return make(signed ? (v, o) => v.getInt16(o, le) : (v, o) => v.getUint16(o, le), typed((signed ? Int16Array : Uint16Array) as Ctor));
      if (size === 4) return make(signed ? (v, o) => v.getInt32(o, le) : (v, o) => v.getUint32(o, le), typed((signed ? Int32Array : Uint32Array) as Ctor));
      if (size === 8) {
        const at = (v: DataView, o: number): number => {
          const lo = v.getUint32(le ? o : o + 4, le);
          const hi = signed ? v.getInt32(le ? o + 4 : o, le) : v.getUint32(le ? o + 4 : o, le);
          return hi * TWO32 + lo;
        };
        return make(at, (bytes, count, out) => {
          const w = new Uint32Array(bytes.buffer, bytes.byteOffset, count * 2);
          const s = new Int32Array(bytes.buffer, bytes.byteOffset, count * 2);
          if (signed) for (let i = 0; i < count; i++) out[i] = s[2 * i + 1] * TWO32 + w[2 * i];
          else for (let i = 0; i < count; i++) out[i] = w[2 * i + 1] * TWO32 + w[2 * i];
        });
      }
      break;
    }
    case 'f':
      if (size === 2) {
        const t = halves();
        return make(
          (v, o) => t[v.getUint16(o, le)],
          (bytes, count, out) => {
            const h = new Uint16Array(bytes.buffer, bytes.byteOffset, count);
            for (let i = 0; i < count; i++) out[i] = t[h[i]];
          },
        );
      }
      if (size === 4) return make((v, o) => v.getFloat32(o, le), typed(Float32Array));
      if (size === 8) return make((v, o) => v.getFloat64(o, le), typed(Float64Array));
      if (size === 12 || size === 16) return make((v, o) => readX87Number(v, o, size, le));
      break;
    case 'c': {
      const half = size / 2;
      if (half === 4) return make((v, o) => Math.hypot(v.getFloat32(o, le), v.getFloat32(o + 4, le)));
      if (half === 8) return make((v, o) => Math.hypot(v.getFloat64(o, le), v.getFloat64(o + 8, le)));
      if (half === 12 || half === 16) return make((v, o) => Math.hypot(readX87Number(v, o, half, le), readX87Number(v, o + half, half, le)));
      break;
    }
    case 'M':
    case 'm':
      if (size === 8) {
        return make((v, o) => {
          const lo = v.getUint32(le ? o : o + 4, le);
          const hi = v.getInt32(le ? o + 4 : o, le);
          return hi === NAT_HI && lo === 0 ? NaN : hi * TWO32 + lo;
        });
      }
      break;
    default:
      break;
  }
  const what = d.kind === 'O' ? 'Python objects' : d.kind === 'U' || d.kind === 'S' ? 'strings' : d.kind === 'V' ? 'raw bytes' : 'this kind of value';
  throw new NpyError(`cannot draw a ${dtypeName(d)} array (${what}): pictures need numbers`);
}
