import { sumToShape } from './kernels';
import { addScaled } from './alpha';
import { binaryOp } from './binary';
import type { Operand } from './operands';
import type { Scalar } from '../tensor/scalar';
import type { Tensor } from '../tensor/tensor';

// derivatives.yaml: self: grad, other: grad (each summed back to its own shape)
export function add(a: Operand, b: Operand, alpha?: number | Scalar): Tensor {
  if (alpha !== undefined && (typeof alpha === 'number' ? alpha : alpha.value) !== 1) return addScaled('add', a, b, alpha);
  return binaryOp('add', 'AddBackward0', a, b, 'add', (_ctx, parts) => {
    const aShape = parts.a?.shape ?? [];
    const bShape = parts.b?.shape ?? [];
    return (g, needs) => [
      needs[0] ? sumToShape(g, aShape) : null,
      needs[1] ? sumToShape(g, bShape) : null,
    ];
  });
}
