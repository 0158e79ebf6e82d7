// numpy's Dragon4 text layout: turns shortest digits into positional or scientific text with numpy's trim modes.

/** numpy's TrimMode: `LeaveOneZero` prints `1.0` (float str), `DptZeros` prints `1` (complex components). */
export const enum Trim {
  LeaveOneZero = 0,
  DptZeros = 1,
}

/** d.ddd × 10^exp → numpy text. `digits` has no trailing zeros. `plus` forces a `+` on non-negative values. */
export function layoutDigits(negative: boolean, plus: boolean, digits: string, exp: number, scientific: boolean, trim: Trim): string {
  const sign = negative ? '-' : plus ? '+' : '';
  if (scientific) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const ae = exp < 0 ? -exp : exp;
    return sign + mant + (exp < 0 ? 'e-' : 'e+') + (ae < 10 ? '0' + ae : String(ae));
  }
  let intPart: string;
  let frac: string;
  if (exp >= 0) {
    if (digits.length > exp + 1) {
      intPart = digits.slice(0, exp + 1);
      frac = digits.slice(exp + 1);
    } else {
      intPart = digits.length === exp + 1 ? digits : digits + '0'.repeat(exp + 1 - digits.length);
      frac = '';
    }
  } else {
    intPart = '0';
    frac = '0'.repeat(-exp - 1) + digits;
  }
  if (frac === '' || frac === '0') {
    return sign + intPart + (trim === Trim.LeaveOneZero ? '.0' : '');
  }
  return sign + intPart + '.' + frac;
}
