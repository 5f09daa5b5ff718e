/**
 * Numeric coefficients of symbolic expressions. Integers and the fractions
 * that arithmetic on them produces (the 1/3 of a mean over 3 elements) stay
 * exact rationals, so `x/3` prints as a person writes it; any coefficient
 * that came from a non-integer script literal (0.1) stays a float and prints
 * as Python prints that float.
 */
export type Coef =
  | { readonly kind: 'rat'; readonly p: number; readonly q: number }
  | { readonly kind: 'float'; readonly v: number };

/** Past this size rationals stop being readable (and exact): fall back to floats. */
const RATIONAL_LIMIT = 2 ** 40;

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export function rational(p: number, q = 1): Coef {
  if (q === 0 || !Number.isInteger(p) || !Number.isInteger(q)) return float(p / q);
  if (q < 0) {
    p = -p;
    q = -q;
  }
  const g = gcd(p, q) || 1;
  p /= g;
  q /= g;
  if (Math.abs(p) > RATIONAL_LIMIT || q > RATIONAL_LIMIT) return float(p / q);
  return { kind: 'rat', p: p === 0 ? 0 : p, q };
}

export function float(v: number): Coef {
  return { kind: 'float', v };
}

/** A script literal: integer-valued numbers are exact, others are floats. */
export function coefOf(v: number): Coef {
  return Number.isInteger(v) && Math.abs(v) <= RATIONAL_LIMIT ? rational(v) : float(v);
}

export function valueOf(c: Coef): number {
  return c.kind === 'rat' ? c.p / c.q : c.v;
}

export const ZERO = rational(0);
export const ONE = rational(1);
export const MINUS_ONE = rational(-1);

export function isZero(c: Coef): boolean {
  return valueOf(c) === 0;
}

export function isOne(c: Coef): boolean {
  return valueOf(c) === 1;
}

export function isInteger(c: Coef): boolean {
  return c.kind === 'rat' ? c.q === 1 : Number.isInteger(c.v);
}

export function add(a: Coef, b: Coef): Coef {
  if (a.kind === 'rat' && b.kind === 'rat') return rational(a.p * b.q + b.p * a.q, a.q * b.q);
  return float(valueOf(a) + valueOf(b));
}

export function mul(a: Coef, b: Coef): Coef {
  if (a.kind === 'rat' && b.kind === 'rat') return rational(a.p * b.p, a.q * b.q);
  return float(valueOf(a) * valueOf(b));
}

export function neg(a: Coef): Coef {
  return a.kind === 'rat' ? rational(-a.p, a.q) : float(-a.v);
}

export function inv(a: Coef): Coef {
  return a.kind === 'rat' ? rational(a.q, a.p) : float(1 / a.v);
}

export function pow(a: Coef, e: Coef): Coef {
  if (a.kind === 'rat' && e.kind === 'rat' && e.q === 1 && Math.abs(e.p) <= 64) {
    const n = Math.abs(e.p);
    const r = rational(a.p ** n, a.q ** n);
    return e.p < 0 ? inv(r) : r;
  }
  return float(Math.pow(valueOf(a), valueOf(e)));
}

export function key(c: Coef): string {
  return c.kind === 'rat' ? `${c.p}/${c.q}` : `f${c.v}`;
}

export function isNegative(c: Coef): boolean {
  return valueOf(c) < 0;
}
