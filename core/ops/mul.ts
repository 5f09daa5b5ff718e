import { gmul, gmulInto, gmulTwiceInto, gscaleBy } from './grad_math';
import { sumToShape } from './kernels';
import { elementwiseStrides } from '../tensor/strides';
import { binaryOp } from './binary';
import type { Operand } from './operands';
import { constantOf } from './operands';
import type { Tensor } from '../tensor/tensor';

// derivatives.yaml: self: grad * other, other: grad * self
export function mul(a: Operand, b: Operand): Tensor {
  return binaryOp('mul', 'MulBackward0', a, b, 'mul', (ctx, parts) => {
    const sa = parts.a === null ? null : ctx.save(parts.a);
    const sb = parts.b === null ? null : ctx.save(parts.b);
    // PyTorch saves a scalar operand as a wrapped-number tensor, so even `(x * 3).sum()` cannot backward twice.
    if (parts.a === null || parts.b === null) ctx.saveScalar();
    const aShape = parts.a?.shape ?? [];
    const bShape = parts.b?.shape ?? [];
    return (g, needs, gOwned) => {
      const av = sa?.get();
      const bv = sb?.get();
      // x * x: both edges reach the same node. When the engine owns g and no one watches the
      // step-by-step flow, send the sum g*x + g*x down one edge in one pass; otherwise send g*x
      // down both, as PyTorch does, and let the engine add them.
      if (needs[0] && needs[1] && av !== undefined && av === bv) {
        if (gOwned && g.numel === av.numel && g.dtype === av.dtype) return [sumToShape(gmulTwiceInto(g, av), aShape), null];
        const ga = sumToShape(gmulInto(g, av, gOwned), aShape);
        return [ga, ga];
      }
      const ga = needs[0] ? timesOperand(g, bv, constantOf(b), aShape) : null;
      const gb = needs[1] ? timesOperand(g, av, constantOf(a), bShape) : null;
      return [ga, gb];
    };
  });
}

function timesOperand(g: Tensor, t: Tensor | undefined, c: number, shape: readonly number[]): Tensor {
  if (t === undefined) return gscaleBy(g, c);
  // The product's layout is TensorIterator's, e.g. transposed like `t` when g is expanded: sum_to adds in that order.
  const p = gmul(g, t);
  p.strides = elementwiseStrides([g, t], p.shape);
  return sumToShape(p, shape);
}
