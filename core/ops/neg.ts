import { record, traceOrigin } from '../autograd/record';
import { typeError } from '../tensor/errors';
import type { Tensor } from '../tensor/tensor';
import { gmap } from './grad_math';
import { unaryMap } from './kernels';
import { withElementwiseLayout } from './layout';

// derivatives.yaml: self: grad.neg()
export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') {
    throw typeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
  const out = unaryMap(x, x.dtype, (v) => -v);
  withElementwiseLayout(out, [x]);
  record(out, 'NegBackward0', [x], () => (g) => [gmap(g, (v) => -v)]);
  return traceOrigin(out, 'neg', [x]);
}
