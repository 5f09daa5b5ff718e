import { record, traceOrigin } from '../autograd/record';
import { runtimeError } from '../tensor/errors';
import { normalizeDim } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/** A tensor sharing `x`'s storage and version counter under a new shape. */
export function aliasOf(x: Tensor, shape: readonly number[]): Tensor {
  const out = new Tensor(x.data, shape, x.dtype, x.version);
  out.base = x.base ?? x;
  return out;
}

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

function reshapeLike(op: string, gradFn: string, x: Tensor, shape: readonly number[]): Tensor {
  const out = aliasOf(x, shape);
  const inShape = x.shape;
  record(out, gradFn, [x], () => (g) => [new Tensor(g.data, inShape, g.dtype)]);
  return traceOrigin(out, 'reshape', [x], { shape: out.shape, via: op });
}

/** A reshape recorded under a given grad_fn name (matmul's _unsafe_view). */
export function reshapeNamed(x: Tensor, shape: readonly number[], gradFn: string): Tensor {
  return reshapeLike('reshape', gradFn, x, inferShape(shape, x.numel));
}

// derivatives.yaml: self: grad.reshape_symint(self.sym_sizes())
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeLike('view', 'ViewBackward0', x, inferShape(shape, x.numel));
}

/** Contiguous here, so reshape is a view: PyTorch 2.x names it ViewBackward0 (1.13: ReshapeAliasBackward0). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeLike('reshape', 'ViewBackward0', x, inferShape(shape, x.numel));
}

export function flatten(x: Tensor): Tensor {
  if (x.shape.length === 1) return x;
  return reshapeLike('flatten', 'ViewBackward0', x, [x.numel]);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshapeLike('unsqueeze', 'UnsqueezeBackward0', x, shape);
}

/** squeeze() drops every size-1 dim (SqueezeBackward0); squeeze(dim) one (SqueezeBackward1). */
export function squeeze(x: Tensor, dim?: number, gradFnName = 'SqueezeBackward1'): Tensor {
  if (dim === undefined) return reshapeLike('squeeze', 'SqueezeBackward0', x, x.shape.filter((s) => s !== 1));
  const d = normalizeDim(dim, x.shape.length);
  const shape = x.shape.slice();
  if (shape.length > 0 && shape[d] === 1) shape.splice(d, 1);
  return reshapeLike('squeeze', gradFnName, x, shape);
}

// derivatives.yaml (alias): self: grad. What `x[...]` returns.
export function alias(x: Tensor): Tensor {
  return reshapeLike('alias', 'AliasBackward0', x, x.shape);
}

// derivatives.yaml: self: grad
export function clone(x: Tensor): Tensor {
  const out = new Tensor(x.data.slice(), x.shape, x.dtype);
  record(out, 'CloneBackward0', [x], () => (g) => [g]);
  return traceOrigin(out, 'clone', [x]);
}

/**
 * Shares storage and the version counter, as PyTorch's detach() does; cuts the graph.
 * No `base`: autograd does not treat it as a view, so in-place ops on it are allowed
 * (and bump the shared version, which a later backward through `x` notices).
 */
export function detach(x: Tensor): Tensor {
  return new Tensor(x.data, x.shape, x.dtype, x.version);
}
