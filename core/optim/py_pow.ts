/**
 * Python's `base ** exponent` for the float step counts of Adam's bias
 * corrections (`1 - beta1 ** step`). V8's Math.pow multiplies integer powers
 * out and is off by an ulp for a quarter of `0.9 ** k`; CPython calls glibc's
 * pow, which is correctly rounded for every `0.9 ** k` and `0.999 ** k` up to
 * k = 2903 (measured against /usr/bin/python3 for k ≤ 20000). This computes
 * the power by squaring in double-double arithmetic (~100 bits), then rounds
 * once: the correctly rounded result. glibc's pow rounds the other way in
 * about 0.1% of cases, the first at 0.9 ** 3270, 0.999 ** 2904, 0.99 ** 503,
 * 0.95 ** 482 (a last-bit difference in float64 Adam that far into a run).
 */

import { productError } from '../random/fma';

/** a*b as an unevaluated sum hi + lo. */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  return [p, productError(a, b, p)];
}

function ddMul(x: [number, number], y: [number, number]): [number, number] {
  const [p, e] = twoProduct(x[0], y[0]);
  const lo = e + (x[0] * y[1] + x[1] * y[0]);
  const hi = p + lo;
  return [hi, lo - (hi - p)];
}

/** `base ** exponent` as CPython computes it for a finite base and a whole-number exponent ≥ 0. */
export function pyPow(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 2 ** 53 || !Number.isFinite(base)) return Math.pow(base, exponent);
  let result: [number, number] = [1, 0];
  let square: [number, number] = [base, 0];
  let n = exponent;
  while (n > 0) {
    if (n % 2 === 1) result = ddMul(result, square);
    n = Math.floor(n / 2);
    if (n > 0) square = ddMul(square, square);
  }
  return result[0] + result[1];
}
