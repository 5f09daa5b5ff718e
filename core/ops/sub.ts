import { record, traceOrigin } from '../autograd/record';
import { typeError } from '../tensor/errors';
import { scalarOf, type Scalar } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';
import { gneg } from './grad_math';
import { sumToShape, unaryMap } from './kernels';
import { addScaled } from './alpha';
import { binaryOp } from './binary';
import type { Operand } from './operands';
import { resultTypeOf } from './operands';
import { withElementwiseLayout } from './layout';

function refuseBool(a: Operand, b: Operand): void {
  if (a instanceof Tensor && b instanceof Tensor && a.dtype === 'bool' && b.dtype === 'bool') {
    throw typeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
}

// derivatives.yaml: self: grad, other: -grad
export function sub(a: Operand, b: Operand, alpha?: number | Scalar): Tensor {
  refuseBool(a, b);
  if (alpha !== undefined && scalarOf(alpha).value !== 1) return addScaled('sub', a, b, alpha);
  return binaryOp('sub', 'SubBackward0', a, b, 'sub', (_ctx, parts) => {
    const aShape = parts.a?.shape ?? [];
    const bShape = parts.b?.shape ?? [];
    return (g, needs) => [
      needs[0] ? sumToShape(g, aShape) : null,
      needs[1] ? sumToShape(gneg(g), bShape) : null,
    ];
  });
}

/** `scalar - x`: PyTorch's rsub, whose grad_fn (RsubBackward1) has x as its only input. */
export function rsub(x: Tensor, s: number | Scalar): Tensor {
  const dtype = resultTypeOf(x, s);
  const c = scalarOf(s).value;
  const out = unaryMap(x, dtype, (v) => c - v);
  withElementwiseLayout(out, [x]);
  record(out, 'RsubBackward1', [x], () => (g) => [gneg(g)]);
  return traceOrigin(out, 'sub', [c, x]);
}
