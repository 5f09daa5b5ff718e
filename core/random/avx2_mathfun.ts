/**
 * Scalar emulation of the float32 `log256_ps` and `sincos256_ps` from PyTorch's
 * aten/src/ATen/native/cpu/avx_mathfun.h (Cephes polynomials, Giovanni Garberoglio's AVX port).
 * PyTorch's AVX2 `normal_fill` uses them for float32 randn of 16+ elements, so every step is
 * rounded to float32 here exactly as the vector instructions do. `Math.fround` of one double
 * op on float operands is the correctly rounded float op (53 >= 2*24+2).
 * GCC builds the AVX2 kernels with -mfma and contracts a vector multiply whose only use is an
 * add/sub into one fused multiply-add; `fmaf` marks those places (checked bit for bit against PyTorch).
 */

const f = Math.fround;

const ONE = 1;
const HALF = 0.5;
const MIN_NORM_POS = 1.1754943508222875e-38; // bits 0x00800000
const SQRTHF = f(0.707106781186547524);
const LOG_P = [
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, +1.4249322787e-1,
  -1.6668057665e-1, +2.0000714765e-1, -2.4999993993e-1, +3.3333331174e-1,
].map(f);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);

const MINUS_DP1 = f(-0.78515625);
const MINUS_DP2 = f(-2.4187564849853515625e-4);
const MINUS_DP3 = f(-3.77489497744594108e-8);
const SINCOF = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);
const COSCOF = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);
const FOPI = f(1.27323954473516); // 4 / pi

const scratch = new Float32Array(1);

/**
 * Single-rounding float32 a*b+c. a*b is exact in a double; the double sum can round once more,
 * and that second rounding only matters when it lands exactly on a float32 midpoint, where the
 * lost remainder decides the direction.
 */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bb = s - p;
  const err = (p - (s - bb)) + (c - bb); // TwoSum: p + c == s + err exactly
  const r = f(s);
  if (err === 0 || r === s || !Number.isFinite(s)) return r;
  const other = r < s ? nextFloatUp(r) : nextFloatDown(r);
  if (s - r !== other - s) return r; // not a tie: the double was already on the right side
  const hi = Math.max(r, other);
  const lo = Math.min(r, other);
  return err > 0 ? hi : lo;
}

const stepF = new Float32Array(1);
const stepU = new Int32Array(stepF.buffer);
function nextFloatUp(x: number): number {
  if (x === 0) return 1.401298464324817e-45;
  stepF[0] = x;
  stepU[0] += x > 0 ? 1 : -1;
  return stepF[0];
}
function nextFloatDown(x: number): number {
  return -nextFloatUp(-x);
}
const scratchBits = new Uint32Array(scratch.buffer);

/** `log256_ps` for one lane. Inputs here are in (0, 1]; x <= 0 gives NaN as the original does. */
export function log256(xIn: number): number {
  if (!(xIn > 0)) return NaN;
  const x0 = Math.max(f(xIn), MIN_NORM_POS);
  scratch[0] = x0;
  const bits = scratchBits[0];
  const exponent = bits >>> 23;
  // Keep the mantissa, force the exponent of 0.5: x in [0.5, 1).
  scratchBits[0] = (bits & ~0x7f800000) | 0x3f000000;
  let x = scratch[0];
  let e = f(exponent - 0x7f);
  e = f(e + ONE);
  const below = x < SQRTHF;
  const tmp = below ? x : 0;
  x = f(x - ONE);
  e = f(e - (below ? ONE : 0));
  x = f(x + tmp);

  const z = f(x * x);
  let y = LOG_P[0];
  for (let i = 1; i < LOG_P.length; i++) y = fmaf(y, x, LOG_P[i]);
  y = f(y * x);
  y = fmaf(y, z, f(e * LOG_Q1));
  y = f(y - f(z * HALF));
  x = f(x + y);
  x = fmaf(e, LOG_Q2, x);
  return x;
}

/** `sincos256_ps` for one lane: [sin, cos]. */
export function sincos256(xIn: number): [number, number] {
  let x = f(xIn);
  const sinNegative = x < 0 || Object.is(x, -0);
  x = Math.abs(x);

  let y = f(x * FOPI);
  // cvttps_epi32 truncates; j = (j + 1) & ~1 as in Cephes.
  let j = Math.trunc(y) | 0;
  j = (j + 1) & ~1;
  y = j; // small integer, exact in float32
  const swapSinSign = (j & 4) !== 0;
  const polyMask = (j & 2) === 0;

  // Extended precision modular arithmetic: x = ((x - y*DP1) - y*DP2) - y*DP3
  x = fmaf(y, MINUS_DP1, x);
  x = fmaf(y, MINUS_DP2, x);
  x = fmaf(y, MINUS_DP3, x);

  const cosNegative = ((~(j - 2)) & 4) !== 0;
  const sinSign = sinNegative !== swapSinSign;

  const z = f(x * x);
  let yc = fmaf(COSCOF[0], z, COSCOF[1]);
  yc = fmaf(yc, z, COSCOF[2]);
  yc = f(yc * z);
  yc = fmaf(yc, z, -f(z * HALF));
  yc = f(yc + ONE);

  let ys = fmaf(SINCOF[0], z, SINCOF[1]);
  ys = fmaf(ys, z, SINCOF[2]);
  ys = f(ys * z);
  ys = fmaf(ys, x, x);

  // Blend exactly as the original (and/andnot/sub/add), signed zeros included.
  const ysin2 = polyMask ? ys : 0;
  const ysin1 = polyMask ? 0 : yc;
  const y2 = f(ys - ysin2);
  const y1 = f(yc - ysin1);
  const s = f(ysin1 + ysin2);
  const c = f(y1 + y2);
  return [sinSign ? -s : s, cosNegative ? -c : c];
}
