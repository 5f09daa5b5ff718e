import { record, traceOrigin } from '../autograd/record';
import { allocate, isFloating } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { isNonOverlappingAndDense } from '../tensor/strides';
import { Tensor } from '../tensor/tensor';
import { fma } from '../random/fma';
import { fmaf } from '../random/avx2_mathfun';

/**
 * `x.norm()` and `torch.norm(x)`: the 2-norm of every element, as PyTorch's
 * CPU kernel (ReduceOpsKernel.cpp, norm_kernel) sums the squares, then the
 * square root. Elements are visited in memory order, which the tensor's
 * PyTorch strides give.
 */
export function norm(x: Tensor): Tensor {
  if (!isFloating(x.dtype)) {
    throw runtimeError(`linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${x.dtype === 'int64' ? 'Long' : 'Bool'}`);
  }
  const data = allocate(x.dtype, 1);
  // A view with gaps (a slice) cannot be walked as one row: PyTorch takes its generic reduction.
  const dense = isNonOverlappingAndDense(x.shape, x.strides);
  data[0] = Math.sqrt(dense ? sumOfSquares(inMemoryOrder(x)) : fusedSquares(x.data as Float32Array | Float64Array));
  const out = new Tensor(data, [], x.dtype);
  // The gradient is (self / norm) * grad, each step rounded (measured against torch 1.13), and 0 where the norm is 0.
  record(out, 'LinalgVectorNormBackward0', [x], (ctx) => {
    const sx = ctx.save(x);
    const so = ctx.saveOutput();
    return (g) => {
      const xv = sx.get();
      const n = so.get().data[0];
      const gx = allocate(g.dtype, xv.numel);
      if (n !== 0) {
        const src = xv.data;
        const gv = g.data[0];
        for (let i = 0; i < gx.length; i++) {
          gx[i] = src[i] / n;
          gx[i] *= gv;
        }
      }
      return [new Tensor(gx, xv.shape, g.dtype)];
    };
  });
  return traceOrigin(out, 'norm', [x]);
}

/** Σ v², one fused multiply-add per element in order: the generic reduction (NormTwoOps). */
function fusedSquares(v: Float32Array | Float64Array): number {
  const fused = v instanceof Float32Array ? fmaf : fma;
  let total = 0;
  for (let d = 0; d < v.length; d++) total = fused(v[d], v[d], total);
  return total;
}

/**
 * Σ v² as PyTorch 1.13's AVX2 build computes it (measured against it; GCC
 * contracts `acc += v * v` into a fused multiply-add, rounding once):
 * - float32: 8 lane accumulators, one fused step per element; the lanes
 *   added in order; then the tail, whose first four squares (when there are
 *   four) are computed as one SSE vector and added each rounded, and the rest
 *   fused;
 * - float64: the generic reduction, one fused step per element in order.
 */
function sumOfSquares(v: Float32Array | Float64Array): number {
  if (v instanceof Float64Array) return fusedSquares(v);
  const r = Math.fround;
  const acc = new Float64Array(8);
  const body = v.length - (v.length % 8);
  for (let d = 0; d < body; d += 8) {
    for (let j = 0; j < 8; j++) acc[j] = fmaf(v[d + j], v[d + j], acc[j]);
  }
  let total = acc[0];
  for (let j = 1; j < 8; j++) total = r(total + acc[j]);
  let d = body;
  if (v.length - d >= 4) {
    for (const end = d + 4; d < end; d++) total = r(total + r(v[d] * v[d]));
  }
  for (; d < v.length; d++) total = fmaf(v[d], v[d], total);
  return total;
}

/**
 * The values of a dense tensor in the order PyTorch's memory holds them:
 * row-major storage reordered by the tensor's strides (a transpose is a
 * permutation of them), since the reduction walks memory, not the shape.
 */
function inMemoryOrder(x: Tensor): Float32Array | Float64Array {
  const data = x.data as Float32Array | Float64Array;
  const out = new (data.constructor as Float64ArrayConstructor)(data.length);
  const rank = x.shape.length;
  const idx = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < data.length; i++) {
    out[offset] = data[i];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      offset += x.strides[d];
      if (idx[d] < x.shape[d]) break;
      offset -= x.strides[d] * x.shape[d];
      idx[d] = 0;
    }
  }
  return out;
}
