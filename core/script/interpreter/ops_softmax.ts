/**
 * Tensor ops (see ops_table.ts for the shape of a spec), registered into
 * opsTable (torch.name and Tensor.name) and functionalTable (F.name).
 * softmax and log_softmax are reproduced over the last dimension only
 * of float32 tensors (PyTorch's other-dim kernels and its float64 SLEEF
 * exp/log round differently and are not ported).
 */
import type { Tensor } from '../../index';
import { isLastDim, logSoftmax, softmax } from '../../index';
import { toInt } from './args';
import { notSupported } from './errors';
import type { OpSpec } from './ops_table';

function softmaxLike(name: 'softmax' | 'log_softmax', f: (x: Tensor, dim: number) => Tensor): OpSpec {
  return {
    params: ['dim', 'dtype='],
    run: (x, a) => {
      if (a.get('dtype') !== undefined && a.get('dtype') !== null) throw notSupported(`${name}(dtype=...)`);
      const dim = toInt(a.get('dim'), `${name}(): argument 'dim'`);
      // float64 rows use SLEEF's double exp/log, not ported: results would differ in the last bit.
      if (x.dtype === 'float64') throw notSupported(`${name}(x, dim)`, 'on float64 tensors; use float32');
      if (x.shape.length > 0 && !isLastDim(x, dim)) {
        throw notSupported(`${name}(x, dim)`, 'over a dimension other than the last; move it last with x.transpose() first');
      }
      return f(x, dim);
    },
  };
}

export const softmaxOps: Record<string, OpSpec> = {
  softmax: softmaxLike('softmax', softmax),
  log_softmax: softmaxLike('log_softmax', logSoftmax),
};

export const softmaxFunctional: Record<string, OpSpec> = {
  softmax: softmaxLike('softmax', softmax),
  log_softmax: softmaxLike('log_softmax', logSoftmax),
};
