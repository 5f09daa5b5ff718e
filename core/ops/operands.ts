import type { DType, PromotionOperand } from '../tensor/dtype';
import { allocate, castStorage, resultType } from '../tensor/dtype';
import { Scalar, scalarOf } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';

/** What binary ops accept: a tensor, or a Python number. */
export type Operand = Tensor | number | Scalar;

function promotionOperand(v: Operand): PromotionOperand {
  if (v instanceof Tensor) return { kind: 'tensor', dtype: v.dtype, zeroDim: v.shape.length === 0 };
  return { kind: 'scalar', scalar: scalarOf(v).kind };
}

export function resultTypeOf(...vs: Operand[]): DType {
  return resultType(vs.map(promotionOperand));
}

/** The operand's values in `dtype`: the tensor itself when it already matches. */
export function valuesAs(v: Operand, dtype: DType): Tensor {
  if (v instanceof Tensor) {
    if (v.dtype === dtype) return v;
    return new Tensor(castStorage(v.data, dtype), v.shape, dtype);
  }
  const data = allocate(dtype, 1);
  data[0] = scalarOf(v).value;
  return new Tensor(castStorage(data, dtype), [], dtype);
}

export function asTensorOrNull(v: Operand): Tensor | null {
  return v instanceof Tensor ? v : null;
}

export function scalarValue(v: number | Scalar): number {
  return v instanceof Scalar ? v.value : v;
}

/** The number a scalar operand stands for (0 for a tensor, which callers never use). */
export function constantOf(v: Operand): number {
  return v instanceof Tensor ? 0 : scalarValue(v);
}
