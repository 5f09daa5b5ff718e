import { record, traceOrigin } from '../autograd/record';
import { isFloating } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { normalizeDim } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { fmaf } from '../random/avx2_mathfun';
import { fma } from '../random/fma';
import { expf, logf } from './sleef_f32';
import { expd, logd } from './sleef_f64';
import { logSoftmaxBackwardDim, logSoftmaxDim, maximum, softmaxBackwardDim, softmaxDim } from './softmax_dim';
import type { Floats, Layout } from './softmax_dim';

/**
 * softmax and log_softmax over the last dimension, as PyTorch's CPU kernels
 * (aten/src/ATen/native/cpu/SoftMaxKernel.cpp, `_vec_softmax_lastdim`,
 * `_vec_log_softmax_lastdim` and `_vec_host_softmax_backward_lastdim`)
 * compute each row: AVX2 vectors of 8 floats or 4 doubles, reduced with
 * `vec::reduce_all` (lane-wise, the tail folded into the first lanes, then
 * the lanes: a shuffle tree for float, in order for double). Other dims take
 * the column kernels of softmax_dim.ts. float64 exp and log are SLEEF's
 * (sleef_f64.ts): float64 is bit-exact over the last dim.
 */
interface Kind {
  readonly lanes: number;
  readonly round: (v: number) => number;
  readonly exp: (v: number) => number;
  readonly log: (v: number) => number;
  readonly fma: (a: number, b: number, c: number) => number;
}

const F32: Kind = { lanes: 8, round: Math.fround, exp: expf, log: logf, fma: fmaf };
const F64: Kind = { lanes: 4, round: (v) => v, exp: expd, log: logd, fma };

function kindOf(dtype: string): Kind {
  return dtype === 'float32' ? F32 : F64;
}

/** True when `dim` names the last dimension (a 0-d tensor counts as one row). */
function isLastDim(x: Tensor, dim: number): boolean {
  const rank = x.shape.length;
  return normalizeDim(dim, Math.max(rank, 1)) === Math.max(rank, 1) - 1;
}

/** vec::reduce_all over v[o, o+n) with a lane-wise op `f`. */
function reduceAll(k: Kind, v: Floats, o: number, n: number, f: (a: number, b: number) => number): number {
  const L = k.lanes;
  if (n < L) {
    let acc = v[o];
    for (let i = 1; i < n; i++) acc = f(acc, v[o + i]);
    return acc;
  }
  const acc = Array.from(v.subarray(o, o + L));
  const body = n - (n % L);
  for (let d = L; d < body; d += L) for (let j = 0; j < L; j++) acc[j] = f(acc[j], v[o + d + j]);
  for (let d = body; d < n; d++) acc[d - body] = f(acc[d - body], v[o + d]);
  return lanes(k, acc, f);
}

/** The final reduction of a full accumulator vector: VecReduceAllSIMD (float) or lane order (double). */
function lanes(k: Kind, acc: number[], f: (a: number, b: number) => number): number {
  if (k.lanes === 8) {
    const w = [0, 1, 2, 3].map((i) => f(acc[i], acc[i + 4]));
    return f(f(w[0], w[2]), f(w[1], w[3]));
  }
  let r = acc[0];
  for (let i = 1; i < acc.length; i++) r = f(r, acc[i]);
  return r;
}

function rowsOf(x: Tensor): { rows: number; n: number } {
  const n = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  return { rows: n === 0 ? 0 : x.numel / n, n };
}

function checkFloat(x: Tensor, name: string): void {
  if (!isFloating(x.dtype)) {
    throw runtimeError(`"${name}_lastdim_kernel_impl" not implemented for '${x.dtype === 'int64' ? 'Long' : 'Bool'}'`);
  }
}

function softmaxValues(x: Tensor): Floats {
  const k = kindOf(x.dtype);
  const src = x.data as Floats;
  const out = new (src.constructor as Float64ArrayConstructor)(src.length);
  const { rows, n } = rowsOf(x);
  const add = (a: number, b: number): number => k.round(a + b);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const m = reduceAll(k, src, o, n, maximum);
    for (let i = 0; i < n; i++) out[o + i] = k.exp(k.round(src[o + i] - m));
    const s = k.round(1 / reduceAll(k, out, o, n, add));
    for (let i = 0; i < n; i++) out[o + i] = out[o + i] * s;
  }
  return out;
}

function logSoftmaxValues(x: Tensor): Floats {
  const k = kindOf(x.dtype);
  const src = x.data as Floats;
  const out = new (src.constructor as Float64ArrayConstructor)(src.length);
  const { rows, n } = rowsOf(x);
  const add = (a: number, b: number): number => k.round(a + b);
  const exps = new (src.constructor as Float64ArrayConstructor)(n);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const m = reduceAll(k, src, o, n, maximum);
    for (let i = 0; i < n; i++) exps[i] = k.exp(k.round(src[o + i] - m));
    // map_reduce_all: exp of each element, summed as reduce_all sums.
    const lse = k.log(reduceAll(k, exps, 0, n, add));
    for (let i = 0; i < n; i++) out[o + i] = k.round(k.round(src[o + i] - m) - lse);
  }
  return out;
}

/** grad_input of `_softmax_backward_data`: (g - Σ g·y) · y, the sum fused (g·y + acc). */
function softmaxBackward(g: Tensor, y: Tensor): Tensor {
  const k = kindOf(y.dtype);
  const gv = g.data as Floats;
  const yv = y.data as Floats;
  const out = new (yv.constructor as Float64ArrayConstructor)(yv.length);
  const { rows, n } = rowsOf(y);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const s = dotRow(k, gv, yv, o, n);
    for (let i = 0; i < n; i++) out[o + i] = k.round(gv[o + i] - s) * yv[o + i];
  }
  return new Tensor(out, y.shape, y.dtype);
}

/** map2_reduce_all(x * y, +): lane accumulators with one fused multiply-add each. */
function dotRow(k: Kind, g: Floats, y: Floats, o: number, n: number): number {
  const L = k.lanes;
  const add = (a: number, b: number): number => k.round(a + b);
  if (n < L) {
    const prods = Array.from({ length: n }, (_, i) => k.round(g[o + i] * y[o + i]));
    let acc = prods[0];
    for (let i = 1; i < n; i++) acc = add(acc, prods[i]);
    return acc;
  }
  const acc = Array.from({ length: L }, (_, j) => k.round(g[o + j] * y[o + j]));
  const body = n - (n % L);
  for (let d = L; d < body; d += L) for (let j = 0; j < L; j++) acc[j] = k.fma(g[o + d + j], y[o + d + j], acc[j]);
  for (let d = body; d < n; d++) acc[d - body] = k.fma(g[o + d], y[o + d], acc[d - body]);
  return lanes(k, acc, add);
}

/** grad_input of `_log_softmax_backward_data`: g - exp(y) · Σ g. */
function logSoftmaxBackward(g: Tensor, y: Tensor): Tensor {
  const k = kindOf(y.dtype);
  const gv = g.data as Floats;
  const yv = y.data as Floats;
  const out = new (yv.constructor as Float64ArrayConstructor)(yv.length);
  const { rows, n } = rowsOf(y);
  const add = (a: number, b: number): number => k.round(a + b);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const s = reduceAll(k, gv, o, n, add);
    for (let i = 0; i < n; i++) out[o + i] = k.fma(-k.exp(yv[o + i]), s, gv[o + i]);
  }
  return new Tensor(out, y.shape, y.dtype);
}

function layoutOf(x: Tensor, dim: number): Layout {
  const d = normalizeDim(dim, x.shape.length);
  const inner = x.shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const n = x.shape[d];
  return { outer: n * inner === 0 ? 0 : x.numel / (n * inner), n, inner };
}

/** Over another dim: see softmax_dim.ts. */
function otherDimOp(x: Tensor, dim: number, log: boolean): Tensor {
  const layout = layoutOf(x, dim);
  const xv = x.data as Floats;
  const out = new Tensor(log ? logSoftmaxDim(xv, layout) : softmaxDim(xv, layout), x.shape, x.dtype);
  record(out, log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0', [x], (ctx) => {
    const so = ctx.saveOutput();
    return (g) => {
      const gv = g.data as Floats;
      const yv = so.get().data as Floats;
      return [new Tensor(log ? logSoftmaxBackwardDim(gv, yv, layout) : softmaxBackwardDim(gv, yv, layout), x.shape, x.dtype)];
    };
  });
  return out;
}

function softmaxOp(x: Tensor, dim: number, log: boolean): Tensor {
  const name = log ? 'log_softmax' : 'softmax';
  checkFloat(x, name);
  let out: Tensor;
  if (isLastDim(x, dim)) {
    out = new Tensor(log ? logSoftmaxValues(x) : softmaxValues(x), x.shape, x.dtype);
    record(out, log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0', [x], (ctx) => {
      const so = ctx.saveOutput();
      return (g) => [log ? logSoftmaxBackward(g, so.get()) : softmaxBackward(g, so.get())];
    });
  } else {
    out = otherDimOp(x, dim, log);
  }
  return traceOrigin(out, name, [x], { dim });
}

/** torch.softmax(x, dim). */
export const softmax = (x: Tensor, dim: number): Tensor => softmaxOp(x, dim, false);
/** torch.log_softmax(x, dim). */
export const logSoftmax = (x: Tensor, dim: number): Tensor => softmaxOp(x, dim, true);
