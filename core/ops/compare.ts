import { runtimeError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { binaryMap } from './kernels';
import type { Operand } from './operands';
import { withElementwiseLayout } from './layout';
import { resultTypeOf, valuesAs } from './operands';

export type Comparison = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const predicates: Record<Comparison, (x: number, y: number) => number> = {
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
};

/** Elementwise comparison: a bool tensor, never part of the graph. */
export function compare(op: Comparison, a: Operand, b: Operand): Tensor {
  const dtype = resultTypeOf(a, b);
  const x = valuesAs(a, dtype);
  const y = valuesAs(b, dtype);
  const out = binaryMap(x.data, x.shape, y.data, y.shape, 'bool', predicates[op]);
  return withElementwiseLayout(out, [a, b]);
}

/** torch.equal: same shape and same values. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!sameShape(a.shape, b.shape)) return false;
  for (let i = 0; i < a.numel; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** torch.allclose: |a - b| <= atol + rtol * |b|, broadcasting; NaNs equal only with equal_nan. */
export function allclose(a: Tensor, b: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
  if (a.dtype !== b.dtype) {
    throw runtimeError(`${a.dtype === 'float32' ? 'Float' : a.dtype === 'float64' ? 'Double' : 'Long'} did not match ${b.dtype === 'float32' ? 'Float' : b.dtype === 'float64' ? 'Double' : 'Long'}`);
  }
  const close = binaryMap(a.data, a.shape, b.data, b.shape, 'bool', (x, y) => {
    if (Number.isNaN(x) || Number.isNaN(y)) return equalNan && Number.isNaN(x) && Number.isNaN(y) ? 1 : 0;
    if (x === y) return 1;
    return Math.abs(x - y) <= atol + rtol * Math.abs(y) ? 1 : 0;
  });
  for (let i = 0; i < close.numel; i++) if (close.data[i] === 0) return false;
  return true;
}
