/**
 * Exact decimal rounding of doubles, the way CPython's `'{:.Nf}'` and `'{:.Ne}'` do it: from the
 * exact binary value, ties to even. (`toFixed`/`toExponential` round ties away from zero and
 * switch to exponents past 1e21, so they cannot be used for this.)
 */

const POW5: bigint[] = [1n];
const POW10: bigint[] = [1n];

function pow5(k: number): bigint {
  while (POW5.length <= k) POW5.push(POW5[POW5.length - 1] * 5n);
  return POW5[k];
}

function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[k];
}

const view = new DataView(new ArrayBuffer(8));

/** |x| == n / 10**scale exactly (x finite). */
export function exactDecimal(x: number): { n: bigint; scale: number } {
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  if (mant === 0n) return { n: 0n, scale: 0 };
  if (exp >= 0) return { n: mant << BigInt(exp), scale: 0 };
  // m * 2**-k == m * 5**k / 10**k
  return { n: mant * pow5(-exp), scale: -exp };
}

/** Divide by 10**k rounding half to even. */
function roundDiv10(n: bigint, k: number): bigint {
  if (k <= 0) return n * pow10(-k);
  const d = pow10(k);
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Digits of |x| with exactly `precision` decimals (`'{:.Nf}'` without the sign). */
export function fixedDigits(x: number, precision: number): string {
  const { n, scale } = exactDecimal(x);
  const q = roundDiv10(n, scale - precision);
  if (precision === 0) return q.toString();
  const s = q.toString().padStart(precision + 1, '0');
  return `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
}

/**
 * |x| rounded to `sig` significant digits: the digit string (length sig) and the decimal exponent
 * of its first digit. Zero gives zeros and exponent 0.
 */
export function significantDigits(x: number, sig: number): { digits: string; exp10: number } {
  const { n, scale } = exactDecimal(x);
  if (n === 0n) return { digits: '0'.repeat(sig), exp10: 0 };
  const len = n.toString().length;
  let exp10 = len - 1 - scale;
  let q = roundDiv10(n, len - sig);
  if (q.toString().length > sig) {
    // 9.99.. rounded up to 10.0..: one more power of ten
    q /= 10n;
    exp10 += 1;
  }
  return { digits: q.toString(), exp10 };
}

/** Shortest round-trip digits (what `repr` uses) and the exponent of the first digit. */
export function shortestDigits(x: number): { digits: string; exp10: number } {
  if (x === 0) return { digits: '0', exp10: 0 };
  // ECMAScript's Number::toString picks the shortest digits that round-trip and, among those, the
  // closest to x: the same digits as CPython's repr (David Gay's mode 0).
  const s = String(Math.abs(x));
  const eAt = s.indexOf('e');
  const mant = eAt < 0 ? s : s.slice(0, eAt);
  let exp10 = eAt < 0 ? 0 : Number(s.slice(eAt + 1));
  const dot = mant.indexOf('.');
  const intPart = dot < 0 ? mant : mant.slice(0, dot);
  const fracPart = dot < 0 ? '' : mant.slice(dot + 1);
  let digits = intPart + fracPart;
  exp10 += intPart.length - 1;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  exp10 -= lead;
  return { digits: digits === '' ? '0' : digits, exp10 };
}
