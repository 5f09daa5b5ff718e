import { sumToShape } from './kernels';
import { binaryOp } from './binary';
import type { Operand } from './operands';
import type { Tensor } from '../tensor/tensor';

// derivatives.yaml: self: grad, other: grad (each summed back to its own shape)
export function add(a: Operand, b: Operand): Tensor {
  return binaryOp('add', 'AddBackward0', a, b, 'add', (_ctx, parts) => {
    const aShape = parts.a?.shape ?? [];
    const bShape = parts.b?.shape ?? [];
    return (g, needs) => [
      needs[0] ? sumToShape(g, aShape) : null,
      needs[1] ? sumToShape(g, bShape) : null,
    ];
  });
}
