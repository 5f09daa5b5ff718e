import { record, traceOrigin } from '../autograd/record';
import { runtimeError } from '../tensor/errors';
import { normalizeDim } from '../tensor/shape';
import { computeStride, isContiguous, isNonOverlappingAndDense } from '../tensor/strides';
import { Tensor } from '../tensor/tensor';

/** A tensor sharing `x`'s storage and version counter under a new shape (and PyTorch's strides for it). */
export function aliasOf(x: Tensor, shape: readonly number[], strides?: readonly number[]): Tensor {
  const out = new Tensor(x.data, shape, x.dtype, x.version, strides);
  out.base = x.base ?? x;
  return out;
}

const VIEW_STRIDE_MESSAGE =
  "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

/** Resolves one -1 entry, with PyTorch's messages for impossible shapes. */
export function inferShape(shape: readonly number[], numel: number): number[] {
  let unknown = -1;
  let known = 1;
  shape.forEach((s, i) => {
    if (s === -1) {
      if (unknown !== -1) throw runtimeError('only one dimension can be inferred');
      unknown = i;
    } else if (s < 0) {
      throw runtimeError(`invalid shape dimension ${s}`);
    } else {
      known *= s;
    }
  });
  const out = shape.slice();
  if (unknown !== -1) {
    if (known === 0 || numel % known !== 0) throw runtimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
    out[unknown] = numel / known;
  } else if (known !== numel) {
    throw runtimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
  }
  return out;
}

function reshapeLike(op: string, gradFn: string, x: Tensor, shape: readonly number[], strides?: readonly number[]): Tensor {
  const out = aliasOf(x, shape, strides);
  const inShape = x.shape;
  record(out, gradFn, [x], () => (g) => [new Tensor(g.data, inShape, g.dtype)]);
  return traceOrigin(out, 'reshape', [x], { shape: out.shape, via: op });
}

/** A reshape recorded under a given grad_fn name (matmul's _unsafe_view of a fresh, contiguous result). */
export function reshapeNamed(x: Tensor, shape: readonly number[], gradFn: string): Tensor {
  return reshapeLike('reshape', gradFn, x, inferShape(shape, x.numel));
}

// derivatives.yaml: self: grad.reshape_symint(self.sym_sizes())
// Only where the strides allow it (computeStride); otherwise PyTorch's error.
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, x.numel);
  const strides = computeStride(x.shape, x.strides, target);
  if (strides === null) throw runtimeError(VIEW_STRIDE_MESSAGE);
  return reshapeLike('view', 'ViewBackward0', x, target, strides);
}

/**
 * A view when the strides allow one (PyTorch 2.x names it ViewBackward0, 1.13
 * ReshapeAliasBackward0); otherwise `_unsafe_view(self.clone(contiguous))`:
 * UnsafeViewBackward0 over CloneBackward0.
 */
export function reshape(x: Tensor, shape: readonly number[], via = 'reshape'): Tensor {
  const target = inferShape(shape, x.numel);
  const strides = computeStride(x.shape, x.strides, target);
  if (strides !== null) return reshapeLike(via, 'ViewBackward0', x, target, strides);
  return reshapeLike(via, 'UnsafeViewBackward0', contiguousClone(x), target);
}

/** flatten() is reshape(-1) (a 1-D tensor is returned as is). */
export function flatten(x: Tensor): Tensor {
  if (x.shape.length === 1) return x;
  return reshape(x, [-1], 'flatten');
}

/** unsqueeze's strides (inferUnsqueezeGeometry): the new dim steps over the dim it lands before. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length + 1);
  const shape = x.shape.slice();
  const strides = x.strides.slice();
  strides.splice(d, 0, d >= x.shape.length ? 1 : x.shape[d] * x.strides[d]);
  shape.splice(d, 0, 1);
  return reshapeLike('unsqueeze', 'UnsqueezeBackward0', x, shape, strides);
}

/** squeeze() drops every size-1 dim (SqueezeBackward0); squeeze(dim) one (SqueezeBackward1). */
export function squeeze(x: Tensor, dim?: number, gradFnName = 'SqueezeBackward1'): Tensor {
  if (dim === undefined) {
    const keep = x.shape.map((s) => s !== 1);
    return reshapeLike('squeeze', 'SqueezeBackward0', x, x.shape.filter((_, i) => keep[i]), x.strides.filter((_, i) => keep[i]));
  }
  const d = normalizeDim(dim, x.shape.length);
  const shape = x.shape.slice();
  const strides = x.strides.slice();
  if (shape.length > 0 && shape[d] === 1) {
    shape.splice(d, 1);
    strides.splice(d, 1);
  }
  return reshapeLike('squeeze', gradFnName, x, shape, strides);
}

// derivatives.yaml (alias): self: grad. What `x[...]` returns.
export function alias(x: Tensor): Tensor {
  return reshapeLike('alias', 'AliasBackward0', x, x.shape, x.strides);
}

/**
 * derivatives.yaml: self: grad. clone() keeps a dense layout's strides
 * (memory_format=preserve_format), so `x.t().clone()` is still not contiguous.
 */
export function clone(x: Tensor): Tensor {
  const strides = isNonOverlappingAndDense(x.shape, x.strides) ? x.strides : undefined;
  return recordClone(x, new Tensor(x.data.slice(), x.shape, x.dtype, undefined, strides));
}

function recordClone(x: Tensor, out: Tensor): Tensor {
  record(out, 'CloneBackward0', [x], () => (g) => [g]);
  return traceOrigin(out, 'clone', [x]);
}

/** clone(memory_format=torch.contiguous_format). */
function contiguousClone(x: Tensor): Tensor {
  return recordClone(x, new Tensor(x.data.slice(), x.shape, x.dtype));
}

export function isContiguousTensor(x: Tensor): boolean {
  return isContiguous(x.shape, x.strides);
}

/** x.contiguous(): x itself when already contiguous, else a contiguous copy (CloneBackward0). */
export function contiguous(x: Tensor): Tensor {
  return isContiguousTensor(x) ? x : contiguousClone(x);
}

/**
 * Shares storage, strides and the version counter, as PyTorch's detach() does; cuts the graph.
 * No `base`: autograd does not treat it as a view, so in-place ops on it are allowed
 * (and bump the shared version, which a later backward through `x` notices).
 */
export function detach(x: Tensor): Tensor {
  return new Tensor(x.data, x.shape, x.dtype, x.version, x.strides);
}
