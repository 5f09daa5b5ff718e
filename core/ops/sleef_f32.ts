import { fmaf } from '../random/avx2_mathfun';

/**
 * Float32 elementary functions as PyTorch's AVX2 CPU kernels compute them.
 *
 * Vectorized<float>::exp is SLEEF's Sleef_expf8_u10 (`xexpf` in
 * sleefsimdsp.c), built with FMA: each `vmla` is one fused multiply-add and
 * every other step is a float32 operation, reproduced here with Math.fround
 * and fmaf. Checked bit for bit against torch 1.13 (tests/oracle/gen_exact_kernels.py).
 */
const f = Math.fround;

// SLEEF's R_LN2f (1/ln 2) as a float.
const R_LN2F = f(1.4426950408889634);
const L2UF = f(0.693145751953125);
const L2LF = f(1.428606765330187045e-06);
const EXP_C = [
  0.000198527617612853646278381, 0.00139304355252534151077271, 0.00833336077630519866943359,
  0.0416664853692054748535156, 0.166666671633720397949219, 0.5,
].map(f);

/** _mm256_cvtps_epi32: round to nearest, ties to even. */
function rintEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** vldexp2: two exact-or-rounded float multiplies by powers of two. */
function ldexp2(u: number, q: number): number {
  const h = q >> 1;
  return f(f(u * 2 ** h) * 2 ** (q - h));
}

export function expf(d: number): number {
  if (Number.isNaN(d)) return NaN;
  const q = rintEven(f(d * R_LN2F));
  let s = fmaf(q, -L2UF, d);
  s = fmaf(q, -L2LF, s);
  let u = EXP_C[0];
  for (let i = 1; i < EXP_C.length; i++) u = fmaf(u, s, EXP_C[i]);
  u = f(1 + fmaf(f(s * s), u, s));
  u = ldexp2(u, q);
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  return u;
}

/*
 * Double-float (hi + lo) helpers from SLEEF's df.h, in their FMA forms
 * (ENABLE_FMA_SP, as the AVX2 build compiles them).
 */
type DF = [number, number];

/** x*y - z, fused. */
function fmapn(x: number, y: number, z: number): number {
  return fmaf(x, y, -z);
}

/** z - x*y, fused. */
function fmanp(x: number, y: number, z: number): number {
  return fmaf(-x, y, z);
}

function dfadd2VfVf(x: number, y: number): DF {
  const rx = f(x + y);
  const v = f(rx - x);
  return [rx, f(f(x - f(rx - v)) + f(y - v))];
}

function dfaddDfDf(x: DF, y: DF): DF {
  const rx = f(x[0] + y[0]);
  return [rx, f(f(f(f(x[0] - rx) + y[0]) + x[1]) + y[1])];
}

function dfaddDfVf(x: DF, y: number): DF {
  const rx = f(x[0] + y);
  return [rx, f(f(f(x[0] - rx) + y) + x[1])];
}

function dfmulDfVf(x: DF, y: number): DF {
  const rx = f(x[0] * y);
  return [rx, fmaf(x[1], y, fmapn(x[0], y, rx))];
}

function dfdiv(n: DF, d: DF): DF {
  const t = f(1 / d[0]);
  const qx = f(n[0] * t);
  const u = fmapn(t, n[0], qx);
  let qy = fmanp(d[1], t, fmanp(d[0], t, 1));
  qy = fmaf(qx, qy, fmaf(n[1], t, u));
  return [qx, qy];
}

const FLT_MIN = 1.1754943508222875e-38;
const FOUR_THIRDS = f(1 / 0.75);
const LN2_DF: DF = [f(0.69314718246459960938), f(-1.904654323148236017e-09)];
const LOG_C = [0.3027294874, 0.3996108174, 0.6666694880].map(f);
const bits = new Float32Array(1);
const bitsI = new Int32Array(bits.buffer);

/** vilogb2k: the unbiased exponent field of a positive normal float. */
function ilogb2k(d: number): number {
  bits[0] = d;
  return ((bitsI[0] >>> 23) & 0xff) - 0x7f;
}

/** vldexp3: d * 2^q by adding to the exponent field (d normal, no overflow). */
function ldexp3(d: number, q: number): number {
  bits[0] = d;
  bitsI[0] += q << 23;
  return bits[0];
}

/** Vectorized<float>::log: SLEEF's Sleef_logf8_u10 (`xlogf_u1`). */
export function logf(dIn: number): number {
  if (Number.isNaN(dIn) || dIn < 0) return NaN;
  if (dIn === 0) return -Infinity;
  if (dIn === Infinity) return Infinity;
  const tiny = dIn < FLT_MIN;
  const d = tiny ? f(dIn * 18446744073709551616) : dIn;
  let e = ilogb2k(f(d * FOUR_THIRDS));
  const m = ldexp3(d, -e);
  if (tiny) e -= 64;
  let s = dfmulDfVf(LN2_DF, e);
  const x = dfdiv(dfadd2VfVf(-1, m), dfadd2VfVf(1, m));
  const x2 = f(x[0] * x[0]);
  let t = LOG_C[0];
  t = fmaf(t, x2, LOG_C[1]);
  t = fmaf(t, x2, LOG_C[2]);
  s = dfaddDfDf(s, [f(x[0] * 2), f(x[1] * 2)]);
  s = dfaddDfVf(s, f(f(x2 * x[0]) * t));
  return f(s[0] + s[1]);
}

function dfadd2DfVf(x: DF, y: number): DF {
  const rx = f(x[0] + y);
  const v = f(rx - x[0]);
  return [rx, f(f(f(x[0] - f(rx - v)) + f(y - v)) + x[1])];
}

function dfadd2DfDf(x: DF, y: DF): DF {
  const rx = f(x[0] + y[0]);
  const v = f(rx - x[0]);
  return [rx, f(f(f(x[0] - f(rx - v)) + f(y[0] - v)) + f(x[1] + y[1]))];
}

function dfaddVfDf(x: number, y: DF): DF {
  const rx = f(x + y[0]);
  return [rx, f(f(f(x - rx) + y[0]) + y[1])];
}

function dfmulDfDf(x: DF, y: DF): DF {
  const rx = f(x[0] * y[0]);
  return [rx, fmaf(x[0], y[1], fmaf(x[1], y[0], fmapn(x[0], y[0], rx)))];
}

function dfsqu(x: DF): DF {
  const rx = f(x[0] * x[0]);
  return [rx, fmaf(f(x[0] + x[0]), x[1], fmapn(x[0], x[0], rx))];
}

function dfrec(d: DF): DF {
  const qx = f(1 / d[0]);
  return [qx, f(qx * fmanp(d[1], qx, fmanp(d[0], qx, 1)))];
}

const EXPK2_C = [0.1980960224e-3, 0.1394256484e-2, 0.8333456703e-2, 0.4166637361e-1].map(f);
const EXPK2_C4 = f(0.16666665941423425);

function expk2Poly(x: number): number {
  let u = EXPK2_C[0];
  for (let i = 1; i < EXPK2_C.length; i++) u = fmaf(u, x, EXPK2_C[i]);
  return u;
}

/** SLEEF's expk2f: exp of a double-float, as a double-float. */
function expk2(d: DF): DF {
  const q = rintEven(f(f(d[0] + d[1]) * R_LN2F));
  let s = dfadd2DfVf(d, f(q * -L2UF));
  s = dfadd2DfVf(s, f(q * -L2LF));
  const u = expk2Poly(s[0]);
  let t = dfadd2DfVf(dfmulDfVf(s, u), EXPK2_C4);
  t = dfadd2DfVf(dfmulDfDf(s, t), 0.5);
  t = dfadd2DfDf(s, dfmulDfDf(dfsqu(s), t));
  t = dfaddVfDf(1, t);
  if (d[0] < -104) return [0, 0];
  return [ldexp2(t[0], q), ldexp2(t[1], q)];
}


const TANH_SATURATE = f(8.664339742);

/** Vectorized<float>::tanh: SLEEF's Sleef_tanhf8_u10 (`xtanhf`). */
export function tanhf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let d = expk2([a, 0]);
  const e = dfrec(d);
  d = dfdiv(dfaddDfDf(d, [-e[0], -e[1]]), dfaddDfDf(d, e));
  let y = f(d[0] + d[1]);
  if (a > TANH_SATURATE || Number.isNaN(y)) y = 1;
  return x < 0 || Object.is(x, -0) ? -y : y;
}

function dfaddVfVf(x: number, y: number): DF {
  const rx = f(x + y);
  return [rx, f(f(x - rx) + y)];
}

/** dfmul_vf_vf2_vf2: a double-float product collapsed to one float. */
function dfmulToVf(x: DF, y: DF): number {
  return fmaf(x[0], y[0], fmaf(x[1], y[0], f(x[0] * y[1])));
}

const M_1_PI_F = f(0.3183098861837907);
const PI_A2F = f(3.1414794921875);
const PI_B2F = f(0.00011315941810607910156);
const PI_C2F = f(1.9841872589410058936e-09);
/** Past this, SLEEF reduces the argument with a Payne-Hanek table, which is not ported. */
const TRIG_RANGE = 125;
const SIN_C = [2.6083159809786593541503e-06, -0.0001981069071916863322258, 0.00833307858556509017944336].map(f);
const SIN_C3 = f(-0.166666597127914428710938);

/** Rounds a float to the nearest integer, ties to even (vrint_vf_vf). */
function rintf(x: number): number {
  return rintEven(x);
}

/** The shared polynomial of xsinf_u1/xcosf_u1 on the reduced argument t. */
function sinPoly(t: DF): number {
  const s = dfsqu(t);
  let u = SIN_C[0];
  u = fmaf(u, s[0], SIN_C[1]);
  u = fmaf(u, s[0], SIN_C[2]);
  const x = dfaddVfDf(1, dfmulDfDf(dfaddVfVf(SIN_C3, f(u * s[0])), s));
  return dfmulToVf(t, x);
}

/** Vectorized<float>::sin: SLEEF's Sleef_sinf8_u10 (`xsinf_u1`) for |x| < 125. */
export function sinf(d: number): number {
  if (!Number.isFinite(d)) return NaN;
  if (Math.abs(d) >= TRIG_RANGE) return f(Math.sin(d));
  if (Object.is(d, -0)) return -0;
  const u = rintf(f(d * M_1_PI_F));
  const v = fmaf(u, -PI_A2F, d);
  let s = dfadd2VfVf(v, f(u * -PI_B2F));
  s = dfaddDfVf(s, f(u * -PI_C2F));
  const r = sinPoly(s);
  return (u & 1) === 1 ? -r : r;
}

/** Vectorized<float>::cos: SLEEF's Sleef_cosf8_u10 (`xcosf_u1`) for |x| < 125. */
export function cosf(d: number): number {
  if (!Number.isFinite(d)) return NaN;
  if (Math.abs(d) >= TRIG_RANGE) return f(Math.cos(d));
  const dq = fmaf(rintf(fmaf(d, M_1_PI_F, -0.5)), 2, 1);
  let s = dfadd2VfVf(d, f(dq * f(-PI_A2F * 0.5)));
  s = dfadd2DfVf(s, f(dq * f(-PI_B2F * 0.5)));
  s = dfadd2DfVf(s, f(dq * f(-PI_C2F * 0.5)));
  const r = sinPoly(s);
  return (dq & 2) === 0 ? -r : r;
}
