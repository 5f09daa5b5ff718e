import { gmap, gzip } from './grad_math';
import { binaryMap, sumToShape } from './kernels';
import { binaryOp } from './binary';
import type { Operand } from './operands';
import { constantOf } from './operands';
import { isFloating } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';

// derivatives.yaml: self: grad / other, other: -grad * ((self / other) / other)
// True division: integer operands give the default float dtype.
export function div(a: Operand, b: Operand): Tensor {
  return binaryOp('div', 'DivBackward0', a, b, 'div', (ctx, parts) => {
    const sa = parts.a === null ? null : ctx.save(parts.a);
    const sb = parts.b === null ? null : ctx.save(parts.b);
    // PyTorch saves a scalar operand as a wrapped-number tensor, so even `(x * 3).sum()` cannot backward twice.
    if (parts.a === null || parts.b === null) ctx.saveScalar();
    const aShape = parts.a?.shape ?? [];
    const bShape = parts.b?.shape ?? [];
    const aConst = constantOf(a);
    const bConst = constantOf(b);
    return (g, needs) => {
      const av = sa?.get();
      const bv = sb?.get();
      let ga: Tensor | null = null;
      let gb: Tensor | null = null;
      if (needs[0]) ga = bv ? sumToShape(gzip(g, bv, (p, q) => p / q), aShape) : gmap(g, (v) => v / bConst);
      if (needs[1] && bv) {
        // div_tensor_other_backward: -grad * ((self / other) / other), rounded after each op like the kernels.
        const r = g.dtype === 'float32' ? Math.fround : (v: number): number => v;
        const local = av
          ? binaryMap(av.data, av.shape, bv.data, bv.shape, g.dtype, (p, q) => r(r(p / q) / q))
          : gmap(bv, (q) => r(r(aConst / q) / q));
        gb = sumToShape(gzip(g, local, (p, q) => -p * q), bShape);
      }
      return [ga, gb];
    };
  }, (d) => (isFloating(d) ? d : 'float32'));
}
