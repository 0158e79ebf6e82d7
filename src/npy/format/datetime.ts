// datetime64 / timedelta64 as numpy prints them (datetime.c convert_datetime_to_datetimestruct,
// datetime_strings.c make_iso_8601_datetime, scalartypes.c.src datetimetype_str/repr, timedeltatype_str/repr).
// Values are exact int64: doubles while they are exact, BigInt (with numpy's int64 wrap-around) otherwise.

import { DatetimeUnit, DatetimeUnitName, NpyError } from '../types';
import { divQ, divR, floorDivmod, floorDivmod64, isSafeHi, readI64Parts } from './int64';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

export type DatetimeStyle = 'str' | 'repr';

const VERBOSE: Record<DatetimeUnitName, string> = {
  Y: 'years',
  M: 'months',
  W: 'weeks',
  D: 'days',
  h: 'hours',
  m: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  ps: 'picoseconds',
  fs: 'femtoseconds',
  as: 'attoseconds',
  generic: 'generic time units',
};

/** Sub-second units: digits after the seconds' point. */
const SUBSECOND_DIGITS: Partial<Record<DatetimeUnitName, number>> = { ms: 3, us: 6, ns: 9, ps: 12, fs: 15, as: 18 };

const TWO53 = 9007199254740992;
const TWO52 = 4503599627370496;
const INT64_MIN = -(2n ** 63n);

function unitText(unit: DatetimeUnit): string {
  return unit.count === 1 ? unit.name : `${unit.count}${unit.name}`;
}

function isNaT(hi: number, lo: number): boolean {
  return hi === -0x80000000 && lo === 0;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function yearText(year: number | bigint): string {
  // C's "%04lld": the sign counts in the width.
  if (year < 0) {
    const s = String(-year);
    return '-' + (s.length >= 3 ? s : '0'.repeat(3 - s.length) + s);
  }
  const s = String(year);
  return s.length >= 4 ? s : '0'.repeat(4 - s.length) + s;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [
  [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
  [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
];

// Neighbouring timestamps mostly share their date: remember the last one.
let lastDays = NaN;
let lastDaysText = '';

/** numpy's days_to_yearsdays + set_datetimestruct_days, for |days| < 2^52. Returns "YYYY-MM-DD". */
function daysText(days: number): string {
  if (days === lastDays) return lastDaysText;
  const text = computeDaysText(days);
  lastDays = days;
  lastDaysText = text;
  return text;
}

function computeDaysText(days: number): string {
  let d = days - 10957; // relative to 2000-01-01
  const [cycles, rem] = floorDivmod(d, 146097);
  let year = 400 * cycles;
  d = rem;
  if (d >= 366) {
    year += 100 * Math.floor((d - 1) / 36524);
    d = (d - 1) % 36524;
    if (d >= 365) {
      year += 4 * Math.floor((d + 1) / 1461);
      d = (d + 1) % 1461;
      if (d >= 366) {
        year += Math.floor((d - 1) / 365);
        d = (d - 1) % 365;
      }
    }
  }
  year += 2000;
  return yearText(year) + monthDayText(d, isLeap(year));
}

function monthDayText(dayOfYear: number, leap: boolean): string {
  const lengths = MONTH_DAYS[leap ? 1 : 0];
  let d = dayOfYear;
  let i = 0;
  while (i < 11 && d >= lengths[i]) {
    d -= lengths[i];
    i++;
  }
  return '-' + pad(i + 1, 2) + '-' + pad(d + 1, 2);
}

/** Seconds (exact double) → "YYYY-MM-DDTHH:MM:SS" cut at `unit`. */
function secondsText(secs: number, unit: DatetimeUnitName): string {
  const [days, sod] = floorDivmod(secs, 86400);
  const hour = Math.floor(sod / 3600);
  let out = daysText(days) + 'T' + pad(hour, 2);
  if (unit === 'h') return out;
  const rem = sod - hour * 3600;
  const min = Math.floor(rem / 60);
  out += ':' + pad(min, 2);
  if (unit === 'm') return out;
  return out + ':' + pad(rem - min * 60, 2);
}

/** The ISO text for value hi·2^32+lo in base `unit` (already multiplied), or null if doubles won't do. */
function isoFast(hi: number, lo: number, name: DatetimeUnitName): string | null {
  const sub = SUBSECOND_DIGITS[name];
  if (sub !== undefined) {
    let secs: number;
    let frac: string;
    if (sub <= 9) {
      if (!floorDivmod64(hi, lo, POW10[sub])) return null;
      secs = divQ;
      frac = pad(divR, sub);
    } else {
      // Two steps keep every intermediate exact: first 10^6 or 10^9, then the rest.
      const first = sub === 12 ? 6 : 9;
      if (!floorDivmod64(hi, lo, POW10[first])) return null;
      const r1 = divR;
      const [s, r2] = floorDivmod(divQ, POW10[sub - first]);
      secs = s;
      frac = pad(r2, sub - first) + pad(r1, first);
    }
    return secondsText(secs, 's') + '.' + frac;
  }
  if (!isSafeHi(hi)) return null;
  const v = hi * 4294967296 + lo;
  if (v > TWO52 || v < -TWO52) return null; // keeps day arithmetic exact
  switch (name) {
    case 'Y':
      return yearText(1970 + v);
    case 'M': {
      const [y, m] = floorDivmod(v, 12);
      return yearText(1970 + y) + '-' + pad(m + 1, 2);
    }
    case 'W': {
      const days = v * 7;
      if (days > TWO52 || days < -TWO52) return null;
      return daysText(days);
    }
    case 'D':
      return daysText(v);
    case 'h': {
      const [days, h] = floorDivmod(v, 24);
      return daysText(days) + 'T' + pad(h, 2);
    }
    case 'm': {
      const [days, mod] = floorDivmod(v, 1440);
      const h = Math.floor(mod / 60);
      return daysText(days) + 'T' + pad(h, 2) + ':' + pad(mod - h * 60, 2);
    }
    case 's':
      return secondsText(v, 's');
    default:
      return null;
  }
}

// ---- BigInt path (far dates, multiples that overflow doubles), with numpy's int64 wrap-around ----

function wrap(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

function bfloorDivmod(a: bigint, d: bigint): [bigint, bigint] {
  let q = a / d;
  let r = a - q * d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  return [q, r];
}

function bpad(n: bigint, width: number): string {
  return pad(Number(n), width);
}

function bdaysText(days: bigint): string {
  let d = wrap(days - 10957n);
  const [cycles, rem] = bfloorDivmod(d, 146097n);
  let year = 400n * cycles;
  d = rem;
  if (d >= 366n) {
    year += 100n * ((d - 1n) / 36524n);
    d = (d - 1n) % 36524n;
    if (d >= 365n) {
      year += 4n * ((d + 1n) / 1461n);
      d = (d + 1n) % 1461n;
      if (d >= 366n) {
        year += (d - 1n) / 365n;
        d = (d - 1n) % 365n;
      }
    }
  }
  year += 2000n;
  const leap = year % 4n === 0n && (year % 100n !== 0n || year % 400n === 0n);
  return yearText(year) + monthDayText(Number(d), leap);
}

function isoBig(w: bigint, name: DatetimeUnitName): string {
  const sub = SUBSECOND_DIGITS[name];
  let secs: bigint;
  let frac = '';
  switch (name) {
    case 'Y': {
      const year = wrap(1970n + w);
      return year === INT64_MIN ? 'NaT' : yearText(year);
    }
    case 'M': {
      const [y, m] = bfloorDivmod(w, 12n);
      return yearText(1970n + y) + '-' + bpad(m + 1n, 2);
    }
    case 'W':
      return bdaysText(wrap(w * 7n));
    case 'D':
      return bdaysText(w);
    case 'h': {
      const [days, h] = bfloorDivmod(w, 24n);
      return bdaysText(days) + 'T' + bpad(h, 2);
    }
    case 'm':
      secs = w * 60n;
      break;
    case 's':
      secs = w;
      break;
    default: {
      const [s, r] = bfloorDivmod(w, 10n ** BigInt(sub!));
      secs = s;
      frac = '.' + r.toString().padStart(sub!, '0');
    }
  }
  const [days, sod] = bfloorDivmod(secs, 86400n);
  const sodN = Number(sod);
  const hour = Math.floor(sodN / 3600);
  const min = Math.floor((sodN % 3600) / 60);
  let out = bdaysText(days) + 'T' + pad(hour, 2) + ':' + pad(min, 2);
  if (name === 'm') return out;
  out += ':' + pad(sodN % 60, 2);
  return out + frac;
}

function rawBig(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** numpy's ISO text of a non-NaT datetime value (raw count in `unit`). */
function isoText(hi: number, lo: number, unit: DatetimeUnit): string {
  if (unit.name === 'generic') {
    throw new NpyError('Cannot convert a NumPy datetime value other than NaT with generic units');
  }
  let h = hi;
  let l = lo;
  if (unit.count !== 1) {
    const w = isSafeHi(hi) ? (hi * 4294967296 + lo) * unit.count : Infinity;
    if (w > TWO53 || w < -TWO53) return isoBig(wrap(rawBig(hi, lo) * BigInt(unit.count)), unit.name);
    h = Math.floor(w / 4294967296);
    l = w - h * 4294967296;
  }
  return isoFast(h, l, unit.name) ?? isoBig(rawBig(h, l), unit.name);
}

export function formatDatetimeAt(view: DataView, offset: number, le: boolean, unit: DatetimeUnit, style: DatetimeStyle): string {
  const [hi, lo] = readI64Parts(view, offset, le);
  if (isNaT(hi, lo)) return style === 'str' ? 'NaT' : `numpy.datetime64('NaT','${unitText(unit)}')`;
  const iso = isoText(hi, lo, unit);
  if (style === 'str') return iso;
  if (unit.count === 1 && unit.name !== 'h') return `numpy.datetime64('${iso}')`;
  return `numpy.datetime64('${iso}','${unitText(unit)}')`;
}

export function formatTimedeltaAt(view: DataView, offset: number, le: boolean, unit: DatetimeUnit, style: DatetimeStyle): string {
  const [hi, lo] = readI64Parts(view, offset, le);
  const generic = unit.name === 'generic';
  if (isNaT(hi, lo)) {
    if (style === 'str') return 'NaT';
    return generic ? "numpy.timedelta64('NaT')" : `numpy.timedelta64('NaT','${unitText(unit)}')`;
  }
  const safe = isSafeHi(hi);
  if (style === 'repr') {
    const raw = safe ? String(hi * 4294967296 + lo) : rawBig(hi, lo).toString();
    return generic ? `numpy.timedelta64(${raw})` : `numpy.timedelta64(${raw},'${unitText(unit)}')`;
  }
  let text: string;
  const w = safe ? (hi * 4294967296 + lo) * unit.count : Infinity;
  if (w <= TWO53 && w >= -TWO53) text = String(w);
  else text = wrap(rawBig(hi, lo) * BigInt(unit.count)).toString();
  return `${text} ${VERBOSE[unit.name]}`;
}
