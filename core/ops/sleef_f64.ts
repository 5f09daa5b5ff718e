import { fma } from '../random/fma';

/**
 * Vectorized<double>::exp and ::log as PyTorch's AVX2 CPU kernels compute them.
 *
 * exp: SLEEF's
 * Sleef_expd4_u10 (`xexp` in sleefsimddp.c) built with FMA, so every `vmla`
 * is one fused multiply-add and the degree-10 polynomial is evaluated in
 * Estrin form (POLY10). Checked against torch 1.13 through float64 softmax
 * (tests/script/interpreter_softmax.test.ts).
 */
// SLEEF's R_LN2, L2U, L2L and overflow bound, as the doubles they round to.
const R_LN2 = 1.4426950408889634;
const L2U = 0.69314718055966295651160180568695068359375;
const L2L = 2.8235290563031577e-13;

/** vrint: round to nearest, ties to even. */
function rintEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const poly2 = (x: number, c1: number, c0: number): number => fma(x, c1, c0);
const poly4 = (x: number, x2: number, c3: number, c2: number, c1: number, c0: number): number =>
  fma(x2, fma(x, c3, c2), fma(x, c1, c0));

export function expd(d: number): number {
  if (Number.isNaN(d)) return NaN;
  if (d > 709.7827111495575) return Infinity;
  if (d < -1000) return 0;
  const q = rintEven(d * R_LN2);
  let s = fma(q, -L2U, d);
  s = fma(q, -L2L, s);
  const s2 = s * s;
  const s4 = s2 * s2;
  const s8 = s4 * s4;
  let u = fma(
    s8,
    poly2(s, 0.2081276378237164457e-8, 0.2511210703042288022e-7),
    fma(
      s4,
      poly4(s, s2, 0.2755762628169491192e-6, 0.2755723402025388239e-5, 0.2480158687479686264e-4, 0.1984126989855865850e-3),
      poly4(s, s2, 0.1388888888914497797e-2, 0.8333333333314938210e-2, 0.4166666666666602598e-1, 0.1666666666666669072e+0),
    ),
  );
  u = fma(u, s, 0.5);
  u = fma(u, s, 1);
  u = fma(u, s, 1);
  // vldexp2: two multiplies by powers of two.
  const h = Math.floor(q / 2);
  return u * 2 ** h * 2 ** (q - h);
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** vilogb2k: the unbiased exponent field of a positive normal double. */
function ilogb2k(d: number): number {
  bits[0] = d;
  return ((words[1] >>> 20) & 0x7ff) - 0x3ff;
}

// Double-double helpers of SLEEF's dd.h (FMA build); a pair is [hi, lo].
type DD = readonly [number, number];

function ddadd2(x: number, y: number): DD {
  const s = x + y;
  const v = s - x;
  return [s, (x - (s - v)) + (y - v)];
}

function dddiv(n: DD, d: DD): DD {
  const t = 1 / d[0];
  const s = n[0] * t;
  const u = fma(t, n[0], -s);
  const v = fma(-d[1], t, fma(-d[0], t, 1));
  return [s, fma(s, v, fma(n[1], t, u))];
}

function ddmulD(x: DD, y: number): DD {
  const s = x[0] * y;
  return [s, fma(x[1], y, fma(x[0], y, -s))];
}

function ddadd(x: DD, y: DD): DD {
  const s = x[0] + y[0];
  return [s, (((x[0] - s) + y[0]) + x[1]) + y[1]];
}

function ddaddD(x: DD, y: number): DD {
  const s = x[0] + y;
  return [s, ((x[0] - s) + y) + x[1]];
}

const LN2_DD: DD = [0.6931471805599453, 2.3190468138462996e-17];

/**
 * Vectorized<double>::log: SLEEF's Sleef_logd4_u10 (`xlog_u1`), built with
 * FMA; the polynomial in Estrin form (POLY7). Checked against torch 1.13
 * through float64 log_softmax (tests/script/interpreter_softmax.test.ts).
 */
export function logd(dIn: number): number {
  if (Number.isNaN(dIn) || dIn < 0) return NaN;
  if (dIn === 0) return -Infinity;
  if (dIn === Infinity) return Infinity;
  const tiny = dIn < 2.2250738585072014e-308;
  const d = tiny ? dIn * 18446744073709551616 : dIn;
  let e = ilogb2k(d * (1 / 0.75));
  const m = d * 2 ** -e;
  if (tiny) e -= 64;
  const x = dddiv(ddadd2(-1, m), ddadd2(1, m));
  const x2 = x[0] * x[0];
  const x4 = x2 * x2;
  const x8 = x4 * x4;
  const t = fma(
    x8,
    fma(x4, 0.1532076988502701353e+0, fma(x2, 0.1525629051003428716e+0, 0.1818605932937785996e+0)),
    fma(x4, fma(x2, 0.2222214519839380009e+0, 0.2857142932794299317e+0), fma(x2, 0.3999999999635251990e+0, 0.6666666666667333541e+0)),
  );
  let s = ddmulD(LN2_DD, e);
  s = ddadd(s, [x[0] * 2, x[1] * 2]);
  s = ddaddD(s, x2 * x[0] * t);
  return s[0] + s[1];
}
