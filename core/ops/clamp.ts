import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import type { Scalar } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';
import { withElementwiseLayout } from './layout';
import type { Operand } from './operands';
import { resultTypeOf, scalarValue, valuesAs } from './operands';

type Bound = number | Scalar | null;

/** A bound as the kernel sees it: the scalar cast to the result dtype (0.1 is float32's 0.1 on a float32 tensor). */
function boundIn(b: Bound, dtype: Tensor['dtype']): number | null {
  if (b === null) return null;
  return valuesAs(scalarValue(b), dtype).data[0];
}

/**
 * `torch.clamp(x, min, max)` with number bounds, and clamp_min/clamp_max.
 * The kernel is std::min(std::max(v, min), max) with NaN passed through, so
 * a value equal to a bound keeps its own sign of zero and min > max gives max.
 * The gradient passes where min <= x <= max (derivatives.yaml clamp_backward),
 * so it is 0 at NaN and kept at a bound.
 */
function clampWith(x: Tensor, lo: Bound, hi: Bound, gradFn: string, op: string): Tensor {
  const operands: Operand[] = [x];
  if (lo !== null) operands.push(lo);
  if (hi !== null) operands.push(hi);
  const dtype = resultTypeOf(...operands);
  const src = valuesAs(x, dtype).data;
  const min = boundIn(lo, dtype);
  const max = boundIn(hi, dtype);
  const data = allocate(dtype, src.length);
  // A NaN bound (measured against torch 1.13): clamp with one bound leaves x as it is,
  // clamp with both bounds and clamp_min/clamp_max give NaN everywhere.
  const nanBound = (min !== null && min !== min) || (max !== null && max !== max);
  if (nanBound && (op !== 'clamp' || (min !== null && max !== null))) {
    data.fill(NaN);
  } else {
    for (let i = 0; i < src.length; i++) {
      let v = src[i];
      if (v === v) {
        if (min !== null && v < min) v = min;
        if (max !== null && max < v) v = max;
      }
      data[i] = v;
    }
  }
  const out = withElementwiseLayout(new Tensor(data, x.shape, dtype), [x]);
  record(out, gradFn, [x], (ctx) => {
    const sx = ctx.save(x);
    // Compared in x's own dtype, as `self >= min` with a wrapped-number bound is.
    const cmin = boundIn(lo, x.dtype);
    const cmax = boundIn(hi, x.dtype);
    return (g) => {
      const xv = sx.get().data;
      const gd = g.data;
      const gx = allocate(g.dtype, xv.length);
      for (let i = 0; i < gx.length; i++) {
        const v = xv[i];
        const pass = (cmin === null || v >= cmin) && (cmax === null || v <= cmax);
        gx[i] = pass ? gd[g.numel === 1 ? 0 : i] : 0;
      }
      return [new Tensor(gx, x.shape, g.dtype)];
    };
  });
  return traceOrigin(out, op, [x], { min: lo === null ? null : scalarValue(lo), max: hi === null ? null : scalarValue(hi) });
}

export function clamp(x: Tensor, min: Bound, max: Bound): Tensor {
  if (min === null && max === null) throw runtimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  return clampWith(x, min, max, 'ClampBackward1', 'clamp');
}

export function clampMin(x: Tensor, min: number | Scalar): Tensor {
  return clampWith(x, min, null, 'ClampMinBackward0', 'clamp_min');
}

export function clampMax(x: Tensor, max: number | Scalar): Tensor {
  return clampWith(x, null, max, 'ClampMaxBackward0', 'clamp_max');
}
