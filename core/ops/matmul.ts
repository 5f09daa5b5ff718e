import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { broadcastShapes } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { dotProduct, gemmNN, gemmNT, gemmTN } from './gemm';
import { expandTo } from './expand';
import { reshape, reshapeNamed, squeeze, unsqueeze } from './view';

type Mat = Float32Array | Float64Array;

function product(kernel: typeof gemmNN, a: Tensor, b: Tensor, m: number, k: number, n: number): Tensor {
  const out = allocate(a.dtype, m * n) as Mat;
  kernel(a.data as Mat, b.data as Mat, out, m, k, n);
  return new Tensor(out, [m, n], a.dtype);
}

function sameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw runtimeError(`expected scalar type ${capital(a.dtype)} but found ${capital(b.dtype)}`);
}

// derivatives.yaml: self: grad.mm(mat2.t()), mat2: self.t().mm(grad)
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2) throw runtimeError('self must be a matrix');
  if (b.shape.length !== 2) throw runtimeError('mat2 must be a matrix');
  const [m, k] = a.shape;
  const [k2, n] = b.shape;
  if (k !== k2) throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${k2}x${n})`);
  sameDtype(a, b);
  const out = product(gemmNN, a, b, m, k, n);
  record(out, 'MmBackward0', [a, b], (ctx) => {
    const sa = ctx.save(a);
    const sb = ctx.save(b);
    return (g, needs) => [
      needs[0] ? product(gemmNT, g, sb.get(), m, n, k) : null,
      needs[1] ? product(gemmTN, sa.get(), g, k, m, n) : null,
    ];
  });
  return traceOrigin(out, 'matmul', [a, b]);
}

// derivatives.yaml: self: grad.ger(vec), vec: self.t().mv(grad)
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.shape.length !== 2 || v.shape.length !== 1) throw runtimeError('vector + matrix @ vector expected');
  const [m, k] = a.shape;
  // PyTorch 1.13's wording (2.x says `size mismatch, got input (2), mat (2x3), vec (2)`).
  if (v.shape[0] !== k) throw runtimeError(`size mismatch, got ${m}, ${m}x${k},${v.shape[0]}`);
  sameDtype(a, v);
  const out = new Tensor(product(gemmNN, a, v, m, k, 1).data, [m], a.dtype);
  record(out, 'MvBackward0', [a, v], (ctx) => {
    const sa = ctx.save(a);
    const sv = ctx.save(v);
    return (g, needs) => [
      needs[0] ? product(gemmNN, g, sv.get(), m, 1, k) : null,
      needs[1] ? new Tensor(product(gemmTN, sa.get(), g, k, m, 1).data, [k], g.dtype) : null,
    ];
  });
  return traceOrigin(out, 'matmul', [a, v]);
}

// derivatives.yaml: self: grad * tensor, tensor: grad * self
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 1 || b.shape.length !== 1) {
    throw runtimeError(`1D tensors expected, but got ${a.shape.length}D and ${b.shape.length}D tensors`);
  }
  if (a.numel !== b.numel) {
    throw runtimeError(`inconsistent tensor size, expected tensor [${a.numel}] and src [${b.numel}] to have the same number of elements, but got ${a.numel} and ${b.numel} elements respectively`);
  }
  if (a.dtype !== b.dtype) {
    throw runtimeError(`dot : expected both vectors to have same dtype, but found ${capital(a.dtype)} and ${capital(b.dtype)}`);
  }
  const data = allocate(a.dtype, 1);
  data[0] = dotProduct(a.data as Mat, b.data as Mat, a.numel);
  const out = new Tensor(data, [], a.dtype);
  record(out, 'DotBackward0', [a, b], (ctx) => {
    const sa = ctx.save(a);
    const sb = ctx.save(b);
    return (g, needs) => [needs[0] ? scaleBy(sb.get(), g.data[0]) : null, needs[1] ? scaleBy(sa.get(), g.data[0]) : null];
  });
  return traceOrigin(out, 'matmul', [a, b]);
}

function capital(d: Tensor['dtype']): string {
  return d === 'float32' ? 'Float' : d === 'float64' ? 'Double' : d === 'int64' ? 'Long' : 'Bool';
}

function scaleBy(t: Tensor, c: number): Tensor {
  const out = allocate(t.dtype, t.numel);
  for (let i = 0; i < out.length; i++) out[i] = t.data[i] * c;
  return new Tensor(out, t.shape, t.dtype);
}

/** torch.matmul: dot, mv, mm, and vector or batch forms built from them as PyTorch does. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra === 0 || rb === 0) {
    throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${ra}D and ${rb}D`);
  }
  if (ra === 1 && rb === 1) return dot(a, b);
  if (ra === 2 && rb === 1) return mv(a, b);
    // PyTorch squeezes in place here (squeeze_(dim)), which 2.x names SqueezeBackward4.
  if (ra === 1 && rb === 2) return squeeze(mm(unsqueeze(a, 0), b), 0, 'SqueezeBackward4');
  if (ra === 2 && rb === 2) return mm(a, b);
  if (ra >= 3 && (rb === 1 || rb === 2)) {
    // Fold the batch into rows, as PyTorch does, then restore it.
    const k = a.shape[ra - 1];
    const rows = a.numel / k;
    const folded = reshape(a, [rows, k]);
    const right = rb === 1 ? unsqueeze(b, 1) : b;
    const prod = mm(folded, right);
    const outShape = rb === 1 ? a.shape.slice(0, -1) : [...a.shape.slice(0, -1), b.shape[1]];
    return reshapeNamed(prod, outShape, 'UnsafeViewBackward0');
  }
  if (ra >= 3 && rb >= 3) return batchedMatmul(a, b);
  throw runtimeError(`Autograd Lab does not support matmul of ${ra}D and ${rb}D tensors; use 1D or 2D operands, or batches on both sides`);
}

/**
 * N-D @ N-D as PyTorch 1.13's matmul does it: broadcast the batch dims
 * (ExpandBackward0), fold them into one (a view: ReshapeAliasBackward0 in
 * 1.13, ViewBackward0 in 2.x), bmm, then _unsafe_view to the result's shape.
 */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const [n, m1] = a.shape.slice(-2);
  const [m2, p] = b.shape.slice(-2);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const count = batch.reduce((x, y) => x * y, 1);
  const left = reshape(expandTo(a, [...batch, n, m1], true), [count, n, m1]);
  const right = reshape(expandTo(b, [...batch, m2, p], true), [count, m2, p]);
  return reshapeNamed(bmm(left, right), [...batch, n, p], 'UnsafeViewBackward0');
}

/** One product per batch entry, each with the exact gemm kernels. */
function batchProduct(kernel: typeof gemmNN, a: Tensor, b: Tensor, count: number, m: number, k: number, n: number): Tensor {
  const out = allocate(a.dtype, count * m * n) as Mat;
  const ad = a.data as Mat;
  const bd = b.data as Mat;
  for (let i = 0; i < count; i++) {
    kernel(ad.subarray(i * m * k, (i + 1) * m * k), bd.subarray(i * k * n, (i + 1) * k * n), out.subarray(i * m * n, (i + 1) * m * n), m, k, n);
  }
  return new Tensor(out, [count, m, n], a.dtype);
}

// derivatives.yaml: self: grad.bmm(mat2.transpose(1, 2).conj()), mat2: self.transpose(1, 2).conj().bmm(grad)
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 3) throw runtimeError('batch1 must be a 3D tensor');
  if (b.shape.length !== 3) throw runtimeError('batch2 must be a 3D tensor');
  const [count, m, k] = a.shape;
  const [count2, k2, n] = b.shape;
  if (count2 !== count || k2 !== k) {
    throw runtimeError(`Expected size for first two dimensions of batch2 tensor to be: [${count}, ${k}] but got: [${count2}, ${k2}].`);
  }
  sameDtype(a, b);
  const out = batchProduct(gemmNN, a, b, count, m, k, n);
  record(out, 'BmmBackward0', [a, b], (ctx) => {
    const sa = ctx.save(a);
    const sb = ctx.save(b);
    return (g, needs) => [
      needs[0] ? batchProduct(gemmNT, g, sb.get(), count, m, n, k) : null,
      needs[1] ? batchProduct(gemmTN, sa.get(), g, count, k, m, n) : null,
    ];
  });
  return traceOrigin(out, 'bmm', [a, b]);
}
