/**
 * glibc 2.36's double log, sin and cos (x86-64, FMA ifunc variants), which PyTorch's CPU Box–Muller
 * paths call. V8's Math.log/sin/cos are fdlibm and disagree with glibc in the last bit for a few
 * percent of inputs, which would show in every float64 randn. Ports of
 * sysdeps/ieee754/dbl-64/e_log.c (Arm optimized-routines) and s_sin.c (IBM Accurate Mathematical
 * Library), restricted to finite inputs with |x| < 105414350 for sin/cos. On x86-64 with FMA, glibc
 * runs these files built with -mfma, where GCC fuses each multiply feeding only an add or subtract;
 * `fma(...)` marks exactly those places.
 */
import { fma } from './fma';
import { LOG_LN2HI, LOG_LN2LO, LOG_POLY as A, LOG_POLY1 as B, LOG_TAB, SINCOS_TAB } from './glibc_tables';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: [low word, high word]

function fromWords(hi: number, lo: number): number {
  u32[1] = hi;
  u32[0] = lo;
  return f64[0];
}

// C works on the 64-bit pattern; here it is split into 32-bit words (OFF's low word is zero).
const OFF_HI = 0x3fe60000;
const NEAR_ONE_LO = 1.0 - 2 ** -4;
const NEAR_ONE_HI = 1.0 + 0x109 / 2 ** 12; // 1 + 0x1.09p-4

export function glibcLog(x: number): number {
  if (x >= NEAR_ONE_LO && x < NEAR_ONE_HI) {
    if (x === 1) return 0;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    // y = r3 * (B1 + r*B2 + r2*B3 + r3*(B4 + r*B5 + r2*B6 + r3*(B7 + r*B8 + r2*B9 + r3*B10)))
    const inner3 = fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7])));
    const inner2 = fma(r3, inner3, fma(r2, B[6], fma(r, B[5], B[4])));
    const inner1 = fma(r3, inner2, fma(r2, B[3], fma(r, B[2], B[1])));
    let w = r * 134217728; // 0x1p27
    const rhi = r + w - w;
    const rlo = r - rhi;
    w = rhi * rhi * B[0];
    const hi = r + w;
    let lo = r - hi + w;
    lo = fma(B[0] * rlo, rhi + r, lo);
    // y = r3 * poly; y += lo; y += hi -- the product's only use is the first add, so it fuses.
    return fma(r3, inner1, lo) + hi;
  }
  f64[0] = x;
  let ixHi = u32[1];
  const ixLo = u32[0];
  const top = ixHi >>> 16;
  if (top - 0x0010 >= 0x7ff0 - 0x0010 || top < 0x0010) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (!(x > 0)) return NaN;
    f64[0] = x * 2 ** 52; // subnormal: normalise, then take 52 off the exponent
    ixHi = (u32[1] - (52 << 20)) >>> 0;
    return logNormal(ixHi, u32[0]);
  }
  return logNormal(ixHi, ixLo);
}

function logNormal(ixHi: number, ixLo: number): number {
  const tmpHi = (ixHi - OFF_HI) | 0; // high word of uint64 ix - OFF
  const i = (tmpHi >>> 13) & 127; // (tmp >> (52 - 7)) % 128
  const k = tmpHi >> 20; // (int64) tmp >> 52
  const z = fromWords((ixHi - (tmpHi & 0xfff00000)) >>> 0, ixLo);
  const invc = LOG_TAB[2 * i];
  const logc = LOG_TAB[2 * i + 1];
  const r = fma(z, invc, -1.0);
  const kd = k;
  const w = fma(kd, LOG_LN2HI, logc);
  const hi = w + r;
  const lo = fma(kd, LOG_LN2LO, w - hi + r);
  const r2 = r * r;
  // y = lo + r2*A0 + r*r2*(A1 + r*A2 + r2*(A3 + r*A4)) + hi
  const p = fma(r2, fma(r, A[4], A[3]), fma(r, A[2], A[1]));
  return fma(r * r2, p, fma(r2, A[0], lo)) + hi;
}

// ------------------------------------------------------------------ sin / cos

const S1 = -0x15555555555555 / 2 ** 55; // -0x1.5555555555555p-3
const S2 = 0x11111111110ece / 2 ** 59; // 0x1.1111111110ECEp-7
const S3 = -0x1a01a019db08b8 / 2 ** 65; // -0x1.A01A019DB08B8p-13
const S4 = 0x171de27b9a7ed9 / 2 ** 71; // 0x1.71DE27B9A7ED9p-19
const S5 = -0x1addffc2fcdf59 / 2 ** 78; // -0x1.ADDFFC2FCDF59p-26
const BIG = 0x18000000000000 / 2 ** 7; // 0x1.8p45
const HP0 = 0x1921fb54442d18 / 2 ** 52; // 0x1.921FB54442D18p0
const HP1 = 0x11a62633145c07 / 2 ** 106; // 0x1.1A62633145C07p-54
const MP1 = 0x1921fb58000000 / 2 ** 52; // 0x1.921FB58p0
const MP2 = -0x1dde973c000000 / 2 ** 79; // -0x1.DDE973Cp-27
const PP3 = -0x1cb3b398000000 / 2 ** 107; // -0x1.CB3B398p-55
const PP4 = -0x1d747f23e32ed7 / 2 ** 135; // -0x1.d747f23e32ed7p-83
const HPINV = 0x145f306dc9c883 / 2 ** 53; // 0x1.45F306DC9C883p-1
const TOINT = 0x18000000000000; // 0x1.8p52
const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;

function lowWord(x: number): number {
  f64[0] = x;
  return u32[0];
}

function highWord(x: number): number {
  f64[0] = x;
  return u32[1];
}

function taylorSin(xx: number, a: number, da: number): number {
  const poly2 = fma(fma(fma(S5, xx, S4), xx, S3), xx, S2) * xx;
  const poly = poly2 + S1;
  const t = fma(fma(poly, a, -(0.5 * da)), xx, da);
  return a + t;
}

function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ux = BIG + Math.abs(x);
  x = Math.abs(x) - (ux - BIG) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const k = lowWord(ux) << 2;
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  const ccs = SINCOS_TAB[k + 3];
  const cor = fma(-sn, s, fma(-cs, c, fma(-s, ssn, ccs)));
  return cs + cor;
}

function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) return taylorSin(x * x, x, dx);
  if (x <= 0) dx = -dx;
  const ux = BIG + Math.abs(x);
  x = Math.abs(x) - (ux - BIG);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const k = lowWord(ux) << 2;
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  const ccs = SINCOS_TAB[k + 3];
  const cor = fma(cs, s, fma(-sn, c, fma(s, ccs, ssn)));
  const r = sn + cor;
  return xold < 0 || Object.is(xold, -0) ? -Math.abs(r) : Math.abs(r);
}

function reduceSincos(x: number): [number, number, number] {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const n = lowWord(t) & 3;
  let t1 = xn * PP3;
  const t2 = y - t1;
  let db = (y - t2) - t1;
  t1 = xn * PP4;
  const b = t2 - t1;
  db += (t2 - b) - t1;
  return [b, db, n];
}

function doSincos(a: number, da: number, n: number): number {
  const r = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -r : r;
}

function checkRange(x: number, k: number): void {
  if (k >= 0x419921fb) throw new RangeError(`glibc sin/cos port covers |x| < 105414350, got ${x}`);
}

export function glibcSin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) {
    const t = HP0 - Math.abs(x);
    const r = doCos(t, HP1);
    return x < 0 ? -Math.abs(r) : Math.abs(r);
  }
  checkRange(x, k);
  const [a, da, n] = reduceSincos(x);
  return doSincos(a, da, n);
}

export function glibcCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e400000) return 1.0;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    const da = (y - a) + HP1;
    return doSin(a, da);
  }
  checkRange(x, k);
  const [a, da, n] = reduceSincos(x);
  return doSincos(a, da, n + 1);
}

export const libmLog = glibcLog;
export const libmSin = glibcSin;
export const libmCos = glibcCos;
