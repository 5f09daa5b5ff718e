import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { Scalar } from '../tensor/scalar';
import { broadcastShapes, stridesOf } from '../tensor/shape';
import type { Shape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { sumToShape } from './kernels';
import { withElementwiseLayout } from './layout';
import type { Operand } from './operands';
import { resultTypeOf, valuesAs } from './operands';

const TYPE_NAMES = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' } as const;

/** Offsets into a row-major tensor of `shape` for each element of the broadcast `outShape`, in order. */
export function broadcastIndex(shape: Shape, outShape: Shape): Int32Array {
  const own = stridesOf(shape);
  const lead = outShape.length - shape.length;
  const strides = outShape.map((_, d) => (d < lead || shape[d - lead] === 1 ? 0 : own[d - lead]));
  const n = outShape.reduce((p, s) => p * s, 1);
  const out = new Int32Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  let o = 0;
  for (let i = 0; i < n; i++) {
    out[i] = o;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d]++;
      o += strides[d];
      if (idx[d] < outShape[d]) break;
      o -= strides[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * `torch.where(cond, x, y)`: x where cond holds, else y, broadcast together,
 * in the promoted dtype of x and y (Python numbers promote as wrapped numbers).
 * derivatives.yaml: self: where(condition, grad, 0), other: where(condition, 0, grad).
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool') {
    throw runtimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${TYPE_NAMES[cond.dtype]}`);
  }
  const dtype = resultTypeOf(a, b);
  const x = valuesAs(a, dtype);
  const y = valuesAs(b, dtype);
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape), y.shape);
  const ci = broadcastIndex(cond.shape, shape);
  const xi = broadcastIndex(x.shape, shape);
  const yi = broadcastIndex(y.shape, shape);
  const c = cond.data;
  const xd = x.data;
  const yd = y.data;
  const data = allocate(dtype, ci.length);
  for (let i = 0; i < data.length; i++) data[i] = c[ci[i]] !== 0 ? xd[xi[i]] : yd[yi[i]];
  const out = withElementwiseLayout(new Tensor(data, shape, dtype), [cond, a, b]);
  const ta = a instanceof Tensor ? a : null;
  const tb = b instanceof Tensor ? b : null;
  record(out, 'WhereBackward0', [ta, tb], (ctx) => {
    const sc = ctx.save(cond);
    return (g, needs) => {
      const cv = sc.get().data;
      const take = (side: boolean, target: Tensor | null): Tensor | null => {
        if (target === null) return null;
        const gd = g.data;
        const gx = allocate(g.dtype, gd.length);
        for (let i = 0; i < gx.length; i++) gx[i] = (cv[ci[i]] !== 0) === side ? gd[i] : 0;
        const full = new Tensor(gx, shape, g.dtype);
        full.strides = out.strides;
        return sumToShape(full, target.shape);
      };
      return [needs[0] ? take(true, ta) : null, needs[1] ? take(false, tb) : null];
    };
  });
  return traceOrigin(out, 'where', [cond, operandOrigin(a), operandOrigin(b)]);
}

function operandOrigin(v: Operand): Tensor | number {
  return v instanceof Scalar ? v.value : v;
}
