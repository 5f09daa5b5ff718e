/** Builds leaves the way the interpreter does: float32 data, requires_grad, a variable label. */
import { setTracing, tensor } from '../../core/index';
import type { Tensor } from '../../core/index';
import type { NestedData } from '../../core/tensor/creation';
import type { DType } from '../../core/tensor/dtype';

export function leaf(name: string, data: NestedData, dtype: DType = 'float32'): Tensor {
  const t = tensor(data, { dtype, requiresGrad: true });
  t.label = name;
  return t;
}

export function constant(name: string | null, data: NestedData, dtype: DType = 'float32'): Tensor {
  const t = tensor(data, { dtype });
  t.label = name;
  return t;
}

/** Runs fn with the symbolic trace on, as the interpreter does. */
export function traced<T>(fn: () => T): T {
  setTracing(true);
  try {
    return fn();
  } finally {
    setTracing(false);
  }
}
