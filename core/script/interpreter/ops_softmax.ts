/**
 * Tensor ops (see ops_table.ts for the shape of a spec), registered into
 * opsTable (torch.name and Tensor.name) and functionalTable (F.name).
 * softmax, log_softmax and cross_entropy are reproduced bit for bit for
 * float32 tensors, and over the last dim (so cross_entropy too) for float64.
 */
import type { Tensor } from '../../index';
import { crossEntropy, logSoftmax, nllLoss, softmax } from '../../index';
import { toInt, toTensor } from './args';
import { notSupported, typeError } from './errors';
import { isNumber, typeName } from './values';
import type { PyValue } from './values';
import type { OpSpec } from './ops_table';

/**
 * float64 is exact over the last dim only (SLEEF's double exp and log are
 * ported; glibc's exp, which the other-dim kernels use on some columns, is
 * not). Dims out of range pass through to PyTorch's IndexError.
 */
function lastOrInvalid(x: Tensor, dim: number): boolean {
  const rank = Math.max(x.shape.length, 1);
  return dim < -rank || dim >= rank || dim === -1 || dim === rank - 1;
}

function softmaxLike(name: 'softmax' | 'log_softmax', f: (x: Tensor, dim: number) => Tensor): OpSpec {
  return {
    params: ['dim', 'dtype='],
    run: (x, a) => {
      if (a.get('dtype') !== undefined && a.get('dtype') !== null) throw notSupported(`${name}(dtype=...)`);
      const dim = toInt(a.get('dim'), `${name}(): argument 'dim'`);
      if (x.dtype === 'float64' && !lastOrInvalid(x, dim)) {
        throw notSupported(`${name}(x, dim)`, 'on float64 tensors over a dim other than the last; use float32 or move the dim last');
      }
      return f(x, dim);
    },
  };
}

export const softmaxOps: Record<string, OpSpec> = {
  softmax: softmaxLike('softmax', softmax),
  log_softmax: softmaxLike('log_softmax', logSoftmax),
};

/** Arguments beyond the defaults are refused: only unweighted, unsmoothed, ignore_index=-100 losses are ported. */
function lossOp(name: 'cross_entropy' | 'nll_loss', f: (x: Tensor, t: Tensor, reduction: string) => Tensor): OpSpec {
  const extra = name === 'cross_entropy' ? ['label_smoothing='] : [];
  return {
    params: ['target', 'weight=', 'size_average=', 'ignore_index=', 'reduce=', 'reduction=', ...extra],
    run: (x, a) => {
      const target = toTensor(a.get('target'), `${name}(): argument 'target'`);
      const given = (k: string): PyValue | undefined => a.get(k) ?? undefined;
      if (given('weight') !== undefined) throw notSupported(`${name}(weight=...)`);
      if (given('size_average') !== undefined || given('reduce') !== undefined) throw notSupported(`${name}(size_average/reduce=...)`, '; use reduction=');
      const ignore = given('ignore_index');
      if (ignore !== undefined && !(isNumber(ignore) && Number(ignore) === -100)) throw notSupported(`${name}(ignore_index=...)`);
      const smoothing = given('label_smoothing');
      if (smoothing !== undefined && !(isNumber(smoothing) && Number(smoothing) === 0)) throw notSupported(`${name}(label_smoothing=...)`);
      const reduction = given('reduction') ?? 'mean';
      if (typeof reduction !== 'string') throw typeError(`reduction must be str, not ${typeName(reduction)}`);
      if (x.shape.length !== 2) throw notSupported(`${name}(input, target)`, `for a ${x.shape.length}-D input; pass (N, C) scores`);
      return f(x, target, reduction);
    },
  };
}

export const softmaxFunctional: Record<string, OpSpec> = {
  softmax: softmaxLike('softmax', softmax),
  log_softmax: softmaxLike('log_softmax', logSoftmax),
  cross_entropy: lossOp('cross_entropy', crossEntropy),
  nll_loss: lossOp('nll_loss', nllLoss),
};
