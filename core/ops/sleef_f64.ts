import { fma } from '../random/fma';

/**
 * Vectorized<double>::exp as PyTorch's AVX2 CPU kernels compute it: SLEEF's
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
