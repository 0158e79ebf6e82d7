// Floats at a chosen number of significant digits, for the table's display-precision control (copy, tooltips and
// the header keep numpy's full shortest text). One rule per mode, each exactly numpy's:
//   'digits':     np.format_float_positional(x, precision=N, unique=False, fractional=False, trim='-')
//   'scientific': np.format_float_scientific(x, precision=N-1, unique=False)            (trim='k': N digits kept)
// unique=False rounds the exact binary value (not its shortest text) to N digits, ties to even as Dragon4 does.
// float16 and float32 values are exact as doubles, so one double path serves float16/32/64.

export type PrecisionMode = 'full' | 'digits' | 'scientific';

export interface Precision {
  mode: PrecisionMode;
  /** Significant digits (1..MAX_DIGITS) for 'digits' and 'scientific'. */
  digits: number;
}

export const FULL_PRECISION: Precision = { mode: 'full', digits: 0 };
/** Past 17 digits a double has nothing more to say that the shortest text does not. */
export const MAX_DIGITS = 17;

/** The setting's number (0 = numpy's full text, N = N significant digits) as a precision. */
export function precisionFromSetting(n: unknown): Precision {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 1) return FULL_PRECISION;
  return { mode: 'digits', digits: Math.min(MAX_DIGITS, Math.floor(n)) };
}

const pow10Cache: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = pow10Cache.length; i <= n; i++) pow10Cache.push(pow10Cache[i - 1] * 10n);
  return pow10Cache[n];
}

const scratch = new DataView(new ArrayBuffer(8));

/** |x| (finite, non-zero) as m × 2^e exactly. */
function decompose(a: number): { m: bigint; e: number } {
  scratch.setFloat64(0, a);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const expField = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (expField !== 0) m |= 1n << 52n;
  return { m, e: (expField === 0 ? 1 : expField) - 1075 };
}

/** |x| rounded half-even to n significant digits: `digits` (exactly n of them) × 10^(exp - n + 1). */
export function roundDigits(a: number, n: number): { digits: string; exp: number } {
  const { m, e } = decompose(a);
  // a = num / den exactly.
  const num = e >= 0 ? m << BigInt(e) : m;
  const den = e >= 0 ? 1n : 1n << BigInt(-e);
  let k = Math.floor(Math.log10(a));
  // q = floor(a × 10^(n-1-k)); the estimate of k may be off by one near powers of ten: fix it from q's length.
  for (;;) {
    const shift = n - 1 - k;
    const sn = shift >= 0 ? num * pow10(shift) : num;
    const sd = shift >= 0 ? den : den * pow10(-shift);
    let q = sn / sd;
    if (q >= pow10(n)) {
      k++;
      continue;
    }
    if (q < pow10(n - 1)) {
      k--;
      continue;
    }
    const twice = (sn - q * sd) * 2n;
    if (twice > sd || (twice === sd && (q & 1n) === 1n)) q++;
    if (q === pow10(n)) {
      q = pow10(n - 1);
      k++;
    }
    return { digits: q.toString(), exp: k };
  }
}

function special(x: number): string | null {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/** np.format_float_positional(x, precision=n, unique=False, fractional=False, trim='-'). */
export function formatPositional(x: number, n: number): string {
  const s = special(x);
  if (s !== null) return s;
  const negative = x < 0 || (x === 0 && 1 / x < 0);
  const sign = negative ? '-' : '';
  if (x === 0) return sign + '0';
  const { digits, exp } = roundDigits(Math.abs(x), n);
  const d = digits.replace(/0+$/, '');
  let text: string;
  if (exp >= 0) {
    text = d.length > exp + 1 ? d.slice(0, exp + 1) + '.' + d.slice(exp + 1) : d + '0'.repeat(exp + 1 - d.length);
  } else {
    text = '0.' + '0'.repeat(-exp - 1) + d;
  }
  return sign + text;
}

/** np.format_float_scientific(x, precision=n-1, unique=False): n digits kept, exponent of at least two digits. */
export function formatScientific(x: number, n: number): string {
  const s = special(x);
  if (s !== null) return s;
  const negative = x < 0 || (x === 0 && 1 / x < 0);
  const sign = negative ? '-' : '';
  const { digits, exp } = x === 0 ? { digits: '0'.repeat(n), exp: 0 } : roundDigits(Math.abs(x), n);
  const ae = Math.abs(exp);
  return sign + digits[0] + '.' + digits.slice(1) + (exp < 0 ? 'e-' : 'e+') + (ae < 10 ? '0' + ae : String(ae));
}

/** A float's text at `p` (null for 'full': the caller keeps numpy's shortest text). */
export function formatAtPrecision(x: number, p: Precision): string | null {
  if (p.mode === 'full' || p.digits < 1) return null;
  const n = Math.min(MAX_DIGITS, Math.floor(p.digits));
  return p.mode === 'digits' ? formatPositional(x, n) : formatScientific(x, n);
}
