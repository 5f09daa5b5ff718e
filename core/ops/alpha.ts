import { fma } from '../random/fma';
import { isFloating } from '../tensor/dtype';
import type { DType } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { Scalar, scalarOf } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';
import { record, traceOrigin } from '../autograd/record';
import { gscaleBy } from './grad_math';
import { binaryMap, sumToShape } from './kernels';
import type { Operand } from './operands';
import { withElementwiseLayout } from './layout';
import { resultTypeOf, valuesAs } from './operands';

/**
 * `torch.add(x, y, alpha=a)` = x + a*y and `torch.sub(x, y, alpha=a)` = x - a*y,
 * one AddBackward0/SubBackward0 node as in PyTorch (not a MulBackward0 under it).
 *
 * The CPU kernel (ufunc/add.h) computes `self + alpha * other`, and in
 * PyTorch's AVX2 build both the vectorized and the scalar loop are one fused
 * multiply-add (measured against torch 1.13: no rounding of the product).
 */
export function addScaled(op: 'add' | 'sub', a: Operand, b: Operand, alpha: number | Scalar): Tensor {
  const s = scalarOf(alpha);
  const dtype = resultTypeOf(a, b);
  if (!isFloating(dtype) && s.kind === 'float') {
    throw runtimeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
  // sub_kernel is add_kernel with -alpha.
  const c = roundTo(dtype, op === 'sub' ? -s.value : s.value);
  const x = valuesAs(a, dtype);
  const y = valuesAs(b, dtype);
  // float32: the product of two floats is exact in a double, so one double add then the store's rounding is the fused result.
  const f = dtype === 'float64' ? (p: number, q: number): number => fma(c, q, p) : (p: number, q: number): number => p + c * q;
  const out = binaryMap(x.data, x.shape, y.data, y.shape, dtype, f);
  withElementwiseLayout(out, [a, b]);
  const ta = a instanceof Tensor ? a : null;
  const tb = b instanceof Tensor ? b : null;
  const aShape = ta?.shape ?? [];
  const bShape = tb?.shape ?? [];
  // derivatives.yaml: self: grad, other: maybe_multiply(grad, alpha) (sub: maybe_multiply(-grad, alpha))
  record(out, op === 'add' ? 'AddBackward0' : 'SubBackward0', [ta, tb], () => (g, needs) => [
    needs[0] ? sumToShape(g, aShape) : null,
    needs[1] ? sumToShape(gscaleBy(g, c), bShape) : null,
  ]);
  // The symbolic module has no alpha form, so this is its own op there (shown as untraced).
  return traceOrigin(out, `${op}_alpha`, [originOperand(a), originOperand(b)], { alpha: s.value });
}

function roundTo(dtype: DType, v: number): number {
  return dtype === 'float32' ? Math.fround(v) : v;
}

function originOperand(v: Operand): Tensor | number {
  return v instanceof Scalar ? v.value : v;
}
