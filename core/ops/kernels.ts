import type { DType, Storage } from '../tensor/dtype';
import { allocate, isFloating } from '../tensor/dtype';
import { goesLazy, Uniform } from '../tensor/pending';
import { broadcastShapes, sameShape, stridesOf } from '../tensor/shape';
import type { Shape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { dimSum } from './dim_sum';

/** Strides of `shape` seen from a broadcast `outShape` (0 where it repeats). */
function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(outShape.length).fill(0);
  const offset = outShape.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[offset + i] = shape[i] === 1 ? 0 : own[i];
  return out;
}

/** Arithmetic with its own loops: a shared loop calling a closure per element is ~10x slower once V8 sees many closures. */
export type ArithCode = 'add' | 'sub' | 'mul' | 'div';

const arithFns: Record<ArithCode, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

function arithSame(code: ArithCode, a: Storage, b: Storage, out: Storage): void {
  const n = out.length;
  switch (code) {
    case 'add': for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; break;
    case 'sub': for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; break;
    case 'mul': for (let i = 0; i < n; i++) out[i] = a[i] * b[i]; break;
    case 'div': for (let i = 0; i < n; i++) out[i] = a[i] / b[i]; break;
  }
}

function arithRightScalar(code: ArithCode, a: Storage, y: number, out: Storage): void {
  const n = out.length;
  switch (code) {
    case 'add': for (let i = 0; i < n; i++) out[i] = a[i] + y; break;
    case 'sub': for (let i = 0; i < n; i++) out[i] = a[i] - y; break;
    case 'mul': for (let i = 0; i < n; i++) out[i] = a[i] * y; break;
    case 'div': for (let i = 0; i < n; i++) out[i] = a[i] / y; break;
  }
}

function arithLeftScalar(code: ArithCode, x: number, b: Storage, out: Storage): void {
  const n = out.length;
  switch (code) {
    case 'add': for (let i = 0; i < n; i++) out[i] = x + b[i]; break;
    case 'sub': for (let i = 0; i < n; i++) out[i] = x - b[i]; break;
    case 'mul': for (let i = 0; i < n; i++) out[i] = x * b[i]; break;
    case 'div': for (let i = 0; i < n; i++) out[i] = x / b[i]; break;
  }
}

/**
 * Elementwise binary op with broadcasting. The same-shape and scalar cases
 * get flat loops, since they are nearly every call a lesson makes.
 */
export function binaryMap(
  a: Storage, aShape: Shape, b: Storage, bShape: Shape, outDtype: DType,
  op: ((x: number, y: number) => number) | ArithCode,
): Tensor {
  const code = typeof op === 'string' ? op : null;
  const f = typeof op === 'string' ? arithFns[op] : op;
  if (sameShape(aShape, bShape)) {
    const out = allocate(outDtype, a.length);
    if (code !== null) arithSame(code, a, b, out);
    else for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
    return new Tensor(out, aShape, outDtype);
  }
  const shape = broadcastShapes(aShape, bShape);
  const n = shape.reduce((p, s) => p * s, 1);
  const out = allocate(outDtype, n);
  if (b.length === 1 && n === a.length) {
    const y = b[0];
    if (code !== null) arithRightScalar(code, a, y, out);
    else for (let i = 0; i < n; i++) out[i] = f(a[i], y);
    return new Tensor(out, shape, outDtype);
  }
  if (a.length === 1 && n === b.length) {
    const x = a[0];
    if (code !== null) arithLeftScalar(code, x, b, out);
    else for (let i = 0; i < n; i++) out[i] = f(x, b[i]);
    return new Tensor(out, shape, outDtype);
  }
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(a[ia], b[ib]);
    // Odometer increment: cheaper than recomputing offsets from a flat index.
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < shape[d]) break;
      ia -= sa[d] * shape[d];
      ib -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape, outDtype);
}

export function unaryMap(x: Tensor, outDtype: DType, f: (v: number) => number): Tensor {
  const src = x.data;
  const out = allocate(outDtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return new Tensor(out, x.shape, outDtype);
}

/**
 * Sums a broadcast gradient back to the shape of the input it flows to:
 * the rule that makes `x + b` give b a gradient of b's own shape.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const src = g.data;
  if (isFloating(g.dtype) && !(src instanceof Uint8Array)) {
    // at::sum_to: sum(dims, keepdim=true) over the leading dims and the dims `shape` has as 1.
    const lead = g.shape.length - shape.length;
    const reduced = g.shape.map((s, d) => d < lead || (shape[d - lead] === 1 && s !== 1));
    return new Tensor(dimSum(src, g.shape, reduced, g.strides), shape, g.dtype);
  }
  const target = allocate(g.dtype, shape.reduce((p, s) => p * s, 1));
  const strides = broadcastStrides(shape, g.shape);
  const rank = g.shape.length;
  const idx = new Array<number>(rank).fill(0);
  let it = 0;
  for (let i = 0; i < src.length; i++) {
    target[it] += src[i];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      it += strides[d];
      if (idx[d] < g.shape[d]) break;
      it -= strides[d] * g.shape[d];
      idx[d] = 0;
    }
  }
  return new Tensor(target, shape, g.dtype);
}

/** A tensor of `shape` filled with one value (expand of a scalar gradient); large ones stay unwritten until read. */
export function filled(shape: Shape, dtype: DType, value: number): Tensor {
  const n = shape.reduce((p, s) => p * s, 1);
  if (isFloating(dtype) && goesLazy(n, false)) return new Tensor(new Uniform(dtype === 'float32' ? Math.fround(value) : value), shape, dtype);
  const out = allocate(dtype, n);
  if (value !== 0) out.fill(value);
  return new Tensor(out, shape, dtype);
}
