import type { BackwardFn } from '../autograd/node';
import type { SaveContext } from '../autograd/record';
import { record, traceOrigin } from '../autograd/record';
import type { DType } from '../tensor/dtype';
import { Scalar } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';
import type { ArithCode } from './kernels';
import { binaryMap } from './kernels';
import { lazyArith } from './lazy_arith';
import type { Operand } from './operands';
import { withElementwiseLayout } from './layout';
import { resultTypeOf, valuesAs } from './operands';

export interface BinaryParts {
  /** The tensor operands as given (null for a Python scalar): graph inputs. */
  readonly a: Tensor | null;
  readonly b: Tensor | null;
  readonly dtype: DType;
}

/**
 * Shared shape of every broadcasting binary op: promote, compute, record the
 * grad_fn and the symbolic origin. Each op file supplies only its math.
 */
export function binaryOp(
  op: string,
  gradName: string,
  lhs: Operand,
  rhs: Operand,
  f: ((x: number, y: number) => number) | ArithCode,
  makeBackward: (ctx: SaveContext, parts: BinaryParts) => BackwardFn,
  outDtype?: (promoted: DType) => DType,
): Tensor {
  const promoted = resultTypeOf(lhs, rhs);
  const dtype = outDtype ? outDtype(promoted) : promoted;
  const x = valuesAs(lhs, promoted);
  const y = valuesAs(rhs, promoted);
  const out = (typeof f === 'string' ? lazyArith(f, x, y, dtype) : null) ?? binaryMap(x.data, x.shape, y.data, y.shape, dtype, f);
  // bool + bool is logical or, bool * bool logical and: clamp to 0/1.
  if (dtype === 'bool') for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i] !== 0 ? 1 : 0;
  const parts: BinaryParts = {
    a: lhs instanceof Tensor ? lhs : null,
    b: rhs instanceof Tensor ? rhs : null,
    dtype,
  };
  withElementwiseLayout(out, [lhs, rhs]);
  record(out, gradName, [parts.a, parts.b], (ctx) => makeBackward(ctx, parts));
  return traceOrigin(out, op, [originOperand(lhs), originOperand(rhs)]);
}

function originOperand(v: Operand): Tensor | number {
  return v instanceof Scalar ? v.value : v;
}
