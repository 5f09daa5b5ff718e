import { traceOrigin } from '../autograd/record';
import { indexError, runtimeError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';

/**
 * `x.argmax()` / `x.argmin()` over all elements: the flat index (int64, 0-d)
 * of the first extreme in row-major order. A NaN counts as the extreme, so
 * the first NaN wins. Not differentiable: the result never has a grad_fn.
 */
function argExtreme(kind: 'argmax' | 'argmin', x: Tensor, keepdim: boolean): Tensor {
  if (x.dtype === 'bool') throw runtimeError(`"${kind}_cpu" not implemented for 'Bool'`);
  if (x.numel === 0) throw indexError(`${kind}(): Expected reduction dim to be specified for input.numel() == 0.`);
  const d = x.data;
  let best = 0;
  if (d[0] === d[0]) {
    for (let i = 1; i < d.length; i++) {
      const v = d[i];
      if (v !== v) {
        best = i;
        break;
      }
      if (kind === 'argmax' ? v > d[best] : v < d[best]) best = i;
    }
  }
  // keepdim keeps every dim as 1: shape [1, 1] for a matrix.
  const shape = keepdim ? x.shape.map(() => 1) : [];
  return traceOrigin(new Tensor(Float64Array.of(best), shape, 'int64'), kind, [x]);
}

export function argmax(x: Tensor, keepdim = false): Tensor {
  return argExtreme('argmax', x, keepdim);
}

export function argmin(x: Tensor, keepdim = false): Tensor {
  return argExtreme('argmin', x, keepdim);
}
