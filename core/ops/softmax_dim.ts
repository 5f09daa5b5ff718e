import { fmaf } from '../random/avx2_mathfun';
import { fma } from '../random/fma';
import { expf, logf } from './sleef_f32';
import { expd } from './sleef_f64';

/**
 * softmax and log_softmax of float32 tensors over a dimension other than the
 * last, as torch 1.13's CPU code computes them (measured against it):
 * - softmax forward: SoftMaxKernel.cpp `_vec_softmax`, 8 neighbouring
 *   columns at a time with SLEEF's exp and a division by the float sum; the
 *   columns left over (fewer than 8 to the end of an inner block) take the
 *   scalar form with glibc's expf;
 * - log_softmax forward and both backwards: `_vec_logsoftmax`,
 *   `_vec_softmax_backward`, `_vec_log_softmax_backward`, column by column
 *   with float sums (see each below).
 * The tensor is viewed as [outer, n, inner]; column (o, j) holds the n
 * elements o*n*inner + d*inner + j.
 */
export type Floats = Float32Array | Float64Array;

/** The float32 arithmetic above; float64 rounds nothing extra (not exact: the scalar columns would need glibc's exp). */
interface Arith {
  /** AVX2 vector width: 8 floats, 4 doubles. */
  readonly lanes: number;
  readonly f: (v: number) => number;
  readonly vexp: (v: number) => number;
  readonly sexp: (v: number) => number;
  readonly log: (v: number) => number;
  readonly fma: (a: number, b: number, c: number) => number;
}

const F32: Arith = { lanes: 8, f: Math.fround, vexp: expf, sexp: (v) => Math.fround(Math.exp(v)), log: logf, fma: fmaf };
const F64: Arith = { lanes: 4, f: (v) => v, vexp: expd, sexp: Math.exp, log: Math.log, fma };

function arith(x: Floats): Arith {
  return x instanceof Float32Array ? F32 : F64;
}

function like(x: Floats): Floats {
  return new (x.constructor as Float64ArrayConstructor)(x.length);
}

export interface Layout {
  readonly outer: number;
  readonly n: number;
  readonly inner: number;
}


export function softmaxDim(x: Floats, { outer, n, inner }: Layout): Floats {
  const { lanes, f, vexp, sexp } = arith(x);
  const out = like(x);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    let j = 0;
    for (; j + lanes <= inner; j += lanes) {
      for (let l = 0; l < lanes; l++) {
        const c = base + j + l;
        let m = x[c];
        for (let d = 1; d < n; d++) m = maximum(m, x[c + d * inner]);
        let s = 0;
        for (let d = 0; d < n; d++) {
          const e = vexp(f(x[c + d * inner] - m));
          out[c + d * inner] = e;
          s = f(s + e);
        }
        for (let d = 0; d < n; d++) out[c + d * inner] = out[c + d * inner] / s;
      }
    }
    for (; j < inner; j++) {
      const c = base + j;
      let m = x[c];
      for (let d = 1; d < n; d++) m = Math.max(m, x[c + d * inner]);
      let s = 0;
      for (let d = 0; d < n; d++) {
        const e = sexp(f(x[c + d * inner] - m));
        out[c + d * inner] = e;
        s = f(s + e);
      }
      for (let d = 0; d < n; d++) out[c + d * inner] = out[c + d * inner] / s;
    }
  }
  return out;
}

/** Vectorized maximum: NaN wins. */
export function maximum(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

function forEachColumn(layout: Layout, fn: (c: number, j: number) => void): void {
  for (let o = 0; o < layout.outer; o++) {
    for (let j = 0; j < layout.inner; j++) fn(o * layout.n * layout.inner + j, j);
  }
}

/**
 * `_vec_logsoftmax`: per column the max (a greater element replaces it), the
 * float sum of exp(x - max), SLEEF's log of it (vec::map covers the tail
 * too), then (x - max) - log.
 */
export function logSoftmaxDim(x: Floats, layout: Layout): Floats {
  const { lanes, f, vexp, sexp, log } = arith(x);
  const { n, inner } = layout;
  const out = like(x);
  const vectorEnd = inner - (inner % lanes);
  forEachColumn(layout, (c, j) => {
    let m = -Infinity;
    for (let d = 0; d < n; d++) if (x[c + d * inner] > m) m = x[c + d * inner];
    const exp = j < vectorEnd ? vexp : sexp;
    let s = 0;
    for (let d = 0; d < n; d++) s = f(s + exp(f(x[c + d * inner] - m)));
    const lse = log(s);
    for (let d = 0; d < n; d++) out[c + d * inner] = f(x[c + d * inner] - m) - lse;
  });
  return out;
}

/**
 * `_vec_softmax_backward` / `_vec_log_softmax_backward`: per column a float
 * sum over the dim (for softmax of g·y, one fused multiply-add each), then
 * y·(g - s), or g - exp(y)·s fused, with SLEEF's exp for the columns covered
 * by 8-wide vectors and glibc's expf for the rest of an inner block.
 */
export function softmaxBackwardDim(g: Floats, y: Floats, layout: Layout): Floats {
  const { f, fma: fused } = arith(y);
  const { n, inner } = layout;
  const out = like(y);
  forEachColumn(layout, (c) => {
    let s = 0;
    for (let d = 0; d < n; d++) s = fused(g[c + d * inner], y[c + d * inner], s);
    for (let d = 0; d < n; d++) out[c + d * inner] = y[c + d * inner] * f(g[c + d * inner] - s);
  });
  return out;
}

export function logSoftmaxBackwardDim(g: Floats, y: Floats, layout: Layout): Floats {
  const { lanes, f, vexp, sexp, fma: fused } = arith(y);
  const { n, inner } = layout;
  const out = like(y);
  const vectorEnd = inner - (inner % lanes);
  forEachColumn(layout, (c, j) => {
    let s = 0;
    for (let d = 0; d < n; d++) s = f(s + g[c + d * inner]);
    const exp = j < vectorEnd ? vexp : sexp;
    for (let d = 0; d < n; d++) out[c + d * inner] = fused(-exp(y[c + d * inner]), s, g[c + d * inner]);
  });
  return out;
}
