/**
 * Arithmetic and comparison on Python numbers (int = bigint, float = number,
 * bool = boolean), with CPython's results and error messages (3.11).
 */
import { exactDecimal, fixedDigits } from '../../print/float_digits';
import { PyError, notSupported, overflowError, typeError, zeroDivision } from './errors';
import type { PyValue } from './values';

export type PyNumber = bigint | number | boolean;

/** Bits past which `int ** int` is refused instead of grinding (CPython would try). */
const MAX_INT_BITS = 1_000_000;

/** bool is an int subclass: True + 1 == 2. */
function asIntOrFloat(v: PyNumber): bigint | number {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}

export function toFloat(v: PyNumber): number {
  const n = asIntOrFloat(v);
  if (typeof n === 'number') return n;
  const f = Number(n);
  if (!Number.isFinite(f)) throw overflowError('int too large to convert to float');
  return f;
}

function floorDivInt(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function modInt(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

function modFloat(a: number, b: number): number {
  const r = a % b;
  if (r === 0) return b < 0 ? -0 : 0;
  return (r < 0) !== (b < 0) ? r + b : r;
}

const SMALL_INT = 1n << 64n;

/** Bits of |n|, to 4 bits: enough to refuse a product before computing it. */
function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(16).length * 4;
}

function tooManyBits(what: string): PyError {
  return new PyError('LimitExceeded', `Autograd Lab does not compute integers with more than ${MAX_INT_BITS} bits (${what})`);
}

function mulInt(a: bigint, b: bigint): bigint {
  const big = (x: bigint): boolean => x >= SMALL_INT || x <= -SMALL_INT;
  // Repeated squaring (x = x * x in a loop) doubles the size each time: refuse before computing.
  if (big(a) && big(b) && bitLength(a) + bitLength(b) > MAX_INT_BITS + 8) throw tooManyBits('a product');
  return a * b;
}

const EXACT = 1n << 53n;

/** x * 2**e without overflowing the factor itself. */
function ldexp(x: number, e: number): number {
  let r = x;
  let k = e;
  while (k > 1000) {
    r *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    r *= 2 ** -1000;
    k += 1000;
  }
  return r * 2 ** k;
}

/**
 * int / int as CPython computes it: the exact quotient, rounded once, so
 * 10**400 / 10**399 is 10.0 although neither side fits a float.
 */
function intTrueDivide(a: bigint, b: bigint): number {
  if (b === 0n) throw zeroDivision('division by zero');
  const negative = (a < 0n) !== (b < 0n);
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  if (x <= EXACT && y <= EXACT) return Number(a) / Number(b);
  // A quotient of 55+ bits, with a sticky low bit for any remainder, rounds like the exact one.
  const shift = 55 - (x.toString(2).length - y.toString(2).length);
  const num = shift >= 0 ? x << BigInt(shift) : x;
  const den = shift >= 0 ? y : y << BigInt(-shift);
  let q = num / den;
  if (num % den !== 0n) q |= 1n;
  const r = ldexp(Number(q), -shift);
  if (!Number.isFinite(r)) throw overflowError('integer division result too large for a float');
  return negative ? -r : r;
}

function powInt(a: bigint, b: bigint): PyValue {
  if (b < 0n) {
    if (a === 0n) throw zeroDivision('0.0 cannot be raised to a negative power');
    return powFloat(toFloat(a), toFloat(b));
  }
  const bits = a === 0n || a === 1n || a === -1n ? 1 : a.toString(2).length * Number(b);
  if (bits > MAX_INT_BITS) {
    const shown = (x: bigint): string => (x >= -SMALL_INT && x <= SMALL_INT ? x.toString() : 'a large int');
    throw tooManyBits(`${shown(a)} ** ${shown(b)}`);
  }
  return a ** b;
}

function powFloat(a: number, b: number): number {
  if (a === 0 && b < 0) throw zeroDivision('0.0 cannot be raised to a negative power');
  if (a < 0 && Number.isFinite(b) && !Number.isInteger(b)) {
    throw notSupported('complex numbers', '(a negative number raised to a fractional power)');
  }
  const r = Math.pow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw overflowError("(34, 'Numerical result out of range')");
  // Python: 1 ** nan == 1 and nan ** 0 == 1, as IEEE pow; JS agrees except 1 ** ±inf.
  if (a === 1) return 1;
  return r;
}

/** a op b for two numbers; null when the operator does not apply to numbers. */
export function numberBinary(op: string, av: PyNumber, bv: PyNumber): PyValue | undefined {
  const a = asIntOrFloat(av);
  const b = asIntOrFloat(bv);
  const ints = typeof a === 'bigint' && typeof b === 'bigint';
  switch (op) {
    case '+': return ints ? (a as bigint) + (b as bigint) : toFloat(a) + toFloat(b);
    case '-': return ints ? (a as bigint) - (b as bigint) : toFloat(a) - toFloat(b);
    case '*': return ints ? mulInt(a as bigint, b as bigint) : toFloat(a) * toFloat(b);
    case '/': {
      if (ints) return intTrueDivide(a as bigint, b as bigint);
      const y = toFloat(b);
      if (y === 0) throw zeroDivision(ints ? 'division by zero' : 'float division by zero');
      return toFloat(a) / y;
    }
    case '//': {
      if (ints) {
        if (b === 0n) throw zeroDivision('integer division or modulo by zero');
        return floorDivInt(a as bigint, b as bigint);
      }
      const y = toFloat(b);
      if (y === 0) throw zeroDivision('float floor division by zero');
      return Math.floor(toFloat(a) / y);
    }
    case '%': {
      if (ints) {
        if (b === 0n) throw zeroDivision('integer modulo by zero');
        return modInt(a as bigint, b as bigint);
      }
      const y = toFloat(b);
      if (y === 0) throw zeroDivision('float modulo');
      return modFloat(toFloat(a), y);
    }
    case '**': return ints ? powInt(a as bigint, b as bigint) : powFloat(toFloat(a), toFloat(b));
  }
  return undefined;
}

/** Ordering of two numbers (mixed int/float compare exactly, as in Python). */
export function numberCompare(op: string, av: PyNumber, bv: PyNumber): boolean {
  const a = asIntOrFloat(av);
  const b = asIntOrFloat(bv);
  switch (op) {
    // Loose equality compares bigint and number by exact value.
    case '==': return a == b;
    case '!=': return a != b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
  throw typeError(`unsupported comparison ${op}`);
}

/** round(x, ndigits): CPython rounds the exact binary value half to even, then reads it back. */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? '-' : '';
  if (ndigits >= 0) {
    if (ndigits > 330) return x;
    const r = Number(sign + fixedDigits(x, ndigits));
    return r;
  }
  if (ndigits < -330) return x < 0 ? -0 : 0;
  const { n, scale } = exactDecimal(x);
  const k = scale - ndigits;
  const d = 10n ** BigInt(k);
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q += 1n;
  return Number(`${sign}${q}e${-ndigits}`);
}

/** round(x) with no ndigits: nearest int, ties to even. */
export function roundToInt(x: number): bigint {
  if (Number.isNaN(x)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw overflowError('cannot convert float infinity to integer');
  const f = Math.floor(x);
  const diff = x - f;
  const n = diff > 0.5 || (diff === 0.5 && f % 2 !== 0) ? f + 1 : f;
  return BigInt(n);
}

/** int(x) of a float: truncation. */
export function truncToInt(x: number): bigint {
  if (Number.isNaN(x)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw overflowError('cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}
