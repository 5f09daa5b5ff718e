import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { binaryMap, sumToShape } from './kernels';

/**
 * x broadcast to `shape` (a copy recorded as ExpandBackward0). Without
 * `always`, as torch.broadcast_tensors does for F.mse_loss: the tensor itself
 * when its shape already matches (expand_outplace borrows it); with it, as
 * Tensor.expand does inside matmul: a node even for the same shape.
 */
// derivatives.yaml: self: at::sum_to(grad, self.sym_sizes())
export function expandTo(x: Tensor, shape: readonly number[], always = false): Tensor {
  if (!always && sameShape(x.shape, shape)) return x;
  const zeros = allocate(x.dtype, shape.reduce((a, s) => a * s, 1));
  const out = binaryMap(x.data, x.shape, zeros, shape, x.dtype, (v) => v);
  // Expand is a view in PyTorch: repeated dims step 0.
  const offset = shape.length - x.shape.length;
  out.strides = shape.map((size, d) => (d < offset || (x.shape[d - offset] === 1 && size !== 1) ? 0 : x.strides[d - offset]));
  const inShape = x.shape;
  record(out, 'ExpandBackward0', [x], () => (g) => [sumToShape(g, inShape)]);
  return traceOrigin(out, 'expand', [x], { shape: shape.slice() });
}
