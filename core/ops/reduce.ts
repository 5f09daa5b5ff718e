import { record, traceOrigin } from '../autograd/record';
import { allocate, isFloating } from '../tensor/dtype';
import type { DType } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { normalizeDim, stridesOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { cascadeSumOf } from './cascade_sum';
import { dimSum } from './dim_sum';
import { filled } from './kernels';

export type Dims = number | readonly number[];

interface Plan {
  /** The reduced dims, normalised and sorted. */
  readonly dims: number[];
  readonly keptShape: number[];
  readonly outShape: number[];
  /** Output stride for each input dim (0 for reduced dims). */
  readonly strides: number[];
  readonly count: number;
}

function plan(x: Tensor, dim: Dims, keepdim: boolean): Plan {
  const rank = x.shape.length;
  const list = (typeof dim === 'number' ? [dim] : dim).map((d) => normalizeDim(d, rank));
  const dims = [...new Set(list)].sort((a, b) => a - b);
  if (dims.length !== list.length) throw runtimeError(`dim ${list.find((d, i) => list.indexOf(d) !== i)} appears multiple times in the list of dims`);
  const keptShape = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
  const outShape = keepdim ? keptShape : x.shape.filter((_, i) => !dims.includes(i));
  const keptStrides = stridesOf(keptShape);
  const strides = x.shape.map((_, i) => (dims.includes(i) ? 0 : keptStrides[i]));
  const count = dims.reduce((p, d) => p * (x.shape[d] ?? 1), 1);
  return { dims, keptShape, outShape, strides, count };
}

function reduceSum(x: Tensor, p: Plan, dtype: DType): Tensor {
  const data = x.data;
  if (isFloating(x.dtype) && !(data instanceof Uint8Array)) {
    const reduced = x.shape.map((_, d) => p.dims.includes(d));
    return new Tensor(dimSum(data, x.shape, reduced, x.strides), p.outShape, dtype);
  }
  // int64 (stored as float64) and bool: sums of integers, exact in any order.
  const out = allocate(dtype, p.outShape.reduce((a, s) => a * s, 1));
  const rank = x.shape.length;
  const idx = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < x.numel; i++) {
    out[o] += data[i];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      o += p.strides[d];
      if (idx[d] < x.shape[d]) break;
      o -= p.strides[d] * x.shape[d];
      idx[d] = 0;
    }
  }
  return new Tensor(out, p.outShape, dtype);
}

/** Broadcasts a reduced gradient back over the reduced dims (the backward of sum). */
function expandBack(g: Tensor, p: Plan, shape: readonly number[], scale: number): Tensor {
  const out = allocate(g.dtype, shape.reduce((a, s) => a * s, 1));
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = g.data[o] * scale;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      o += p.strides[d];
      if (idx[d] < shape[d]) break;
      o -= p.strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape, g.dtype);
}

function expanded(t: Tensor): Tensor {
  t.strides = t.shape.map(() => 0);
  return t;
}

function sumDtype(d: DType): DType {
  return isFloating(d) ? d : 'int64';
}

// derivatives.yaml: self: grad.expand_symint(self.sym_sizes())  (sum over all: SumBackward0)
// with dim:         self: sum_backward(grad, self.sym_sizes(), dim, keepdim)  (SumBackward1)
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const shape = x.shape;
  if (dim === undefined) {
    const data = allocate(sumDtype(x.dtype), 1);
    data[0] = cascadeSumOf(x);
    const out = new Tensor(data, [], sumDtype(x.dtype));
    // grad.expand(sizes): every stride 0, which decides the layout of the products made from it.
    record(out, 'SumBackward0', [x], () => (g) => [expanded(filled(shape, g.dtype, g.data[0]))]);
    return traceOrigin(out, 'sum', [x], { dim: null, keepdim: false });
  }
  const p = plan(x, dim, keepdim);
  const out = reduceSum(x, p, sumDtype(x.dtype));
  record(out, 'SumBackward1', [x], () => (g) => [expandBack(g, p, shape, 1)]);
  return traceOrigin(out, 'sum', [x], { dim: p.dims, keepdim });
}

function meanDtypeCheck(x: Tensor): void {
  if (!isFloating(x.dtype)) {
    const name = x.dtype === 'int64' ? 'Long' : 'Bool';
    throw runtimeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${name}`);
  }
}

// derivatives.yaml: self: mean_backward(grad, ...) = grad.expand(...) / N
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  meanDtypeCheck(x);
  const shape = x.shape;
  if (dim === undefined) {
    const data = allocate(x.dtype, 1);
    // CPU mean is sum(), then div_ in the dtype.
    data[0] = cascadeSumOf(x) / x.numel;
    const out = new Tensor(data, [], x.dtype);
    const n = x.numel;
    record(out, 'MeanBackward0', [x], () => (g) => [filled(shape, g.dtype, g.data[0] / n)]);
    return traceOrigin(out, 'mean', [x], { dim: null, keepdim: false });
  }
  const p = plan(x, dim, keepdim);
  const out = reduceSum(x, p, x.dtype);
  for (let i = 0; i < out.numel; i++) out.data[i] /= p.count;
  record(out, 'MeanBackward1', [x], () => (g) => [expandBack(g, p, shape, 1 / p.count)]);
  return traceOrigin(out, 'mean', [x], { dim: p.dims, keepdim });
}

/**
 * max()/min() over all elements. derivatives.yaml: evenly_distribute_backward:
 * ties share the gradient equally, so the gradient's sum stays `grad`.
 */
function extreme(x: Tensor, which: 'max' | 'min'): Tensor {
  if (x.numel === 0) {
    throw runtimeError(`${which}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  let best = x.data[0];
  let nan = false;
  for (let i = 0; i < x.numel; i++) {
    const v = x.data[i];
    if (Number.isNaN(v)) nan = true;
    else if (which === 'max' ? v > best : v < best) best = v;
  }
  if (nan) best = NaN;
  const data = allocate(x.dtype, 1);
  data[0] = best;
  const out = new Tensor(data, [], x.dtype);
  record(out, which === 'max' ? 'MaxBackward1' : 'MinBackward1', [x], (ctx) => {
    const sx = ctx.save(x);
    const so = ctx.saveOutput();
    return (g) => {
      const xv = sx.get();
      const r = so.get().data[0];
      let ties = 0;
      for (let i = 0; i < xv.numel; i++) if (xv.data[i] === r || (Number.isNaN(r) && Number.isNaN(xv.data[i]))) ties++;
      const share = g.data[0] / ties;
      const gx = allocate(g.dtype, xv.numel);
      for (let i = 0; i < xv.numel; i++) if (xv.data[i] === r || (Number.isNaN(r) && Number.isNaN(xv.data[i]))) gx[i] = share;
      return [new Tensor(gx, xv.shape, g.dtype)];
    };
  });
  return traceOrigin(out, which, [x]);
}

export const max = (x: Tensor): Tensor => extreme(x, 'max');
export const min = (x: Tensor): Tensor => extreme(x, 'min');
