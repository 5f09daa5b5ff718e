import { record, traceOrigin } from '../autograd/record';
import type { DType } from '../tensor/dtype';
import { allocate, promoteTypes } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { normalizeDim, sizeString } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/**
 * `torch.cat(tensors, dim)`: the inputs' blocks side by side along `dim`, in
 * their promoted dtype. As PyTorch still does, 1-D empty tensors are skipped.
 * derivatives.yaml: each input gets its slice of grad along `dim`.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw runtimeError('torch.cat(): expected a non-empty list of Tensors');
  const used = tensors.filter((t) => !(t.shape.length === 1 && t.numel === 0));
  const first = used[0] ?? tensors[0];
  const rank = first.shape.length;
  const d = normalizeDim(dim, rank);
  used.forEach((t, i) => {
    if (t.shape.length !== rank) throw runtimeError(`Tensors must have same number of dimensions: got ${rank} and ${t.shape.length}`);
    t.shape.forEach((s, k) => {
      if (k !== d && s !== first.shape[k]) {
        throw runtimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[k]} but got size ${s} for tensor number ${tensors.indexOf(t, i)} in the list.`);
      }
    });
  });
  const dtype = tensors.map((t) => t.dtype).reduce((a, b) => promoteTypes(a, b));
  const shape = first.shape.slice();
  shape[d] = used.reduce((n, t) => n + t.shape[d], 0);
  const out = joinAlong(used, shape, d, dtype);
  const extents = tensors.map((t) => (used.includes(t) ? t.shape[d] : 0));
  record(out, 'CatBackward0', tensors, () => (g) => {
    let start = 0;
    return tensors.map((t, i) => {
      const part = used.includes(t) ? sliceAlong(g, d, start, extents[i]) : new Tensor(allocate(g.dtype, 0), t.shape, g.dtype);
      start += extents[i];
      return part;
    });
  });
  return traceOrigin(out, 'cat', tensors.slice(), { dim: d });
}

/**
 * `torch.stack(tensors, dim)`: equal shapes joined along a new dim.
 * derivatives.yaml: each input gets grad.select(dim, i).
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw runtimeError('stack expects a non-empty TensorList');
  const inShape = tensors[0].shape;
  tensors.forEach((t, i) => {
    if (sizeString(t.shape) !== sizeString(inShape)) {
      throw runtimeError(`stack expects each tensor to be equal size, but got [${inShape.join(', ')}] at entry 0 and [${t.shape.join(', ')}] at entry ${i}`);
    }
  });
  const d = normalizeDim(dim, inShape.length + 1);
  const dtype = tensors.map((t) => t.dtype).reduce((a, b) => promoteTypes(a, b));
  const unit = [...inShape.slice(0, d), 1, ...inShape.slice(d)];
  const shape = unit.slice();
  shape[d] = tensors.length;
  const out = joinAlong(tensors.map((t) => new Tensor(t.data, unit, t.dtype)), shape, d, dtype);
  record(out, 'StackBackward0', tensors, () => (g) => tensors.map((_, i) => {
    const part = sliceAlong(g, d, i, 1);
    return new Tensor(part.data, inShape, g.dtype);
  }));
  return traceOrigin(out, 'stack', tensors.slice(), { dim: d });
}

/** Copies each part's rows of `dim` into place: for every outer index, the parts' blocks one after another. */
function joinAlong(parts: readonly Tensor[], shape: readonly number[], dim: number, dtype: DType): Tensor {
  const inner = shape.slice(dim + 1).reduce((a, s) => a * s, 1);
  const outer = shape.slice(0, dim).reduce((a, s) => a * s, 1);
  const out = allocate(dtype, outer * shape[dim] * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const p of parts) {
      const block = p.shape[dim] * inner;
      const src = p.data;
      for (let k = 0; k < block; k++) out[o++] = src[a * block + k];
    }
  }
  return new Tensor(out, shape, dtype);
}

/** Rows [start, start + len) of `dim`, as a new contiguous tensor. */
function sliceAlong(g: Tensor, dim: number, start: number, len: number): Tensor {
  const shape = g.shape.slice();
  const size = shape[dim];
  shape[dim] = len;
  const inner = shape.slice(dim + 1).reduce((a, s) => a * s, 1);
  const outer = shape.slice(0, dim).reduce((a, s) => a * s, 1);
  const out = allocate(g.dtype, outer * len * inner);
  const src = g.data;
  let o = 0;
  for (let a = 0; a < outer; a++) {
    const from = (a * size + start) * inner;
    for (let k = 0; k < len * inner; k++) out[o++] = src[from + k];
  }
  return new Tensor(out, shape, g.dtype);
}
