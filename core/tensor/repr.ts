import type { PrintOptions } from '../print/tensor_str';
import { formatTensor } from '../print/tensor_str';
import type { Tensor } from './tensor';

/** repr(t) / str(t), exactly as PyTorch prints it. */
export function tensorRepr(t: Tensor, options?: PrintOptions): string {
  return formatTensor(
    {
      shape: t.shape,
      dtype: t.dtype,
      values: t.data,
      requiresGrad: t.isLeaf && t.requiresGrad,
      gradFnName: t.gradFn === null ? null : t.gradFn.name,
    },
    options,
  );
}
