import { elementwiseStrides } from '../tensor/strides';
import { Tensor } from '../tensor/tensor';

/** Gives an elementwise result the strides PyTorch's TensorIterator would (see elementwiseStrides). */
export function withElementwiseLayout(out: Tensor, operands: readonly unknown[]): Tensor {
  const inputs = operands.filter((t): t is Tensor => t instanceof Tensor);
  out.strides = elementwiseStrides(inputs, out.shape);
  return out;
}
