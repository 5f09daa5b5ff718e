import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { normalizeDim, stridesOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/**
 * Tensors here are always contiguous, so transposes copy. PyTorch returns a
 * strided view instead; values, grads and grad_fn names are the same, but an
 * in-place write to the result does not reach the original.
 */
export function permuteData(x: Tensor, dims: readonly number[]): Tensor {
  const rank = x.shape.length;
  const shape = dims.map((d) => x.shape[d]);
  const inStrides = stridesOf(x.shape);
  const strides = dims.map((d) => inStrides[d]);
  const out = allocate(x.dtype, x.numel);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x.data[src];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < shape[d]) break;
      src -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape, x.dtype);
}

function inversePermutation(dims: readonly number[]): number[] {
  const inv = new Array<number>(dims.length);
  dims.forEach((d, i) => (inv[d] = i));
  return inv;
}

function permuteWith(gradFn: string, x: Tensor, dims: readonly number[]): Tensor {
  const out = permuteData(x, dims);
  // PyTorch's result is a view: its strides are the input's, permuted.
  out.strides = dims.map((d) => x.strides[d]);
  const inv = inversePermutation(dims);
  record(out, gradFn, [x], () => (g) => [permuteData(g, inv)]);
  return traceOrigin(out, 'permute', [x], { dims: dims.slice() });
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.shape.length) {
    throw runtimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.shape.length} is not equal to len(dims) = ${dims.length}`);
  }
  return permuteWith('PermuteBackward0', x, dims.map((d) => normalizeDim(d, x.shape.length)));
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const rank = x.shape.length;
  if (rank === 0) return permuteWith('TransposeBackward0', x, []);
  const a = normalizeDim(dim0, rank);
  const b = normalizeDim(dim1, rank);
  const dims = Array.from({ length: rank }, (_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permuteWith('TransposeBackward0', x, dims);
}

/** t(): only for tensors of at most 2 dims (TBackward0). */
export function t(x: Tensor): Tensor {
  const rank = x.shape.length;
  if (rank > 2) throw runtimeError(`t() expects a tensor with <= 2 dimensions, but self is ${rank}D`);
  return permuteWith('TBackward0', x, rank === 2 ? [1, 0] : rank === 1 ? [0] : []);
}

/** `.T` reverses all dims (PermuteBackward0). */
export function reversedDims(x: Tensor): Tensor {
  const dims = Array.from({ length: x.shape.length }, (_, i) => x.shape.length - 1 - i);
  return permuteWith('PermuteBackward0', x, dims);
}
