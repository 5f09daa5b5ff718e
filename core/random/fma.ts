/**
 * Correctly rounded double fused multiply-add, a*b + c with one rounding. JavaScript has no fma;
 * this is Boldo & Melquiond's emulation: the exact product (Dekker), an exact sum with c, and
 * the low parts added with round-to-odd so the final round-to-nearest cannot double-round.
 * Valid away from overflow/underflow, which is all the Box–Muller paths need.
 */

const SPLITTER = 134217729; // 2**27 + 1
const bitsF = new Float64Array(1);
const words = new Uint32Array(bitsF.buffer); // little-endian: [low, high]

/** x + y rounded to odd: if inexact, the neighbour with an odd last bit. */
function addRoundOdd(x: number, y: number): number {
  const s = x + y;
  const yv = s - x;
  const err = (x - (s - yv)) + (y - yv);
  if (err === 0) return s;
  bitsF[0] = s;
  if ((words[0] & 1) === 1) return s;
  // Step one ulp towards the exact value: away from zero when err has s's sign.
  if ((s > 0) === (err > 0)) {
    words[0] = (words[0] + 1) >>> 0;
    if (words[0] === 0) words[1] += 1;
  } else {
    if (words[0] === 0) words[1] -= 1;
    words[0] = (words[0] - 1) >>> 0;
  }
  return bitsF[0];
}

/** The rounding error of p = a*b, exactly: a*b = p + productError(a, b, p) (Dekker). A number, not a pair, so hot loops allocate nothing. */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0) return p + c;
  const pl = productError(a, b, p);
  // (th, tl) = TwoSum(c, p)
  const th = c + p;
  const pv = th - c;
  const tl = (c - (th - pv)) + (p - pv);
  return th + addRoundOdd(tl, pl);
}
