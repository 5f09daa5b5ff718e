/**
 * F.nll_loss and F.cross_entropy for an (N, C) input and N int64 class
 * indices, as PyTorch's CPU kernels (aten/src/ATen/native/LossNLL.cpp,
 * nll_loss_out_frame / nll_loss_backward_out_frame) compute them, without
 * class weights. cross_entropy is log_softmax over dim 1, then nll_loss, so
 * its graph reads NllLossBackward0 → LogSoftmaxBackward0.
 */
import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { indexError, runtimeError, valueError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';
import { logSoftmax } from '../ops/softmax';

/** PyTorch's default ignore_index: targets equal to it add nothing and are not counted. */
const IGNORE_INDEX = -100;
const CASCADE_LEVELS = 8;

function checkArgs(input: Tensor, target: Tensor, reduction: string): void {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw valueError(`${reduction} is not a valid value for reduction`);
  }
  const batch = target.shape.length === 0 ? 1 : target.shape[0];
  if (input.shape[0] !== batch) {
    throw valueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${batch}).`);
  }
  if (target.shape.length > 1) throw runtimeError('0D or 1D target tensor expected, multi-target not supported');
  if (target.dtype !== 'int64') {
    throw runtimeError(`expected scalar type Long but found ${target.dtype === 'float32' ? 'Float' : target.dtype === 'float64' ? 'Double' : 'Bool'}`);
  }
  const c = input.shape[1];
  for (const t of target.data) {
    if (t !== IGNORE_INDEX && (t < 0 || t >= c)) throw indexError(`Target ${t} is out of bounds.`);
  }
}

/**
 * The summed loss: PyTorch adds -input[b, target[b]] into an 8-level cascade
 * (level_power = max(4, ceil(log2 N) / 8)) so rounding error grows slowly,
 * then adds the levels in order; all in the input's dtype.
 */
function cascadeLoss(x: Float32Array | Float64Array, targets: ArrayLike<number>, c: number): { total: number; counted: number } {
  const r = x instanceof Float32Array ? Math.fround : (v: number): number => v;
  const n = targets.length;
  const levelPower = Math.max(4, Math.floor(Math.ceil(Math.log2(Math.max(n, 1))) / CASCADE_LEVELS));
  const mask = (1 << levelPower) - 1;
  const sums = new Array<number>(CASCADE_LEVELS).fill(0);
  let counted = 0;
  for (let b = 0; b < n; b++) {
    const t = targets[b];
    if (t === IGNORE_INDEX) continue;
    counted++;
    sums[0] = r(sums[0] - x[b * c + t]);
    for (let j = 0; j + 1 < CASCADE_LEVELS; j++) {
      if ((b & (mask * 2 ** (j * levelPower))) !== 0) break;
      sums[j + 1] = r(sums[j + 1] + sums[j]);
      sums[j] = 0;
    }
  }
  let total = 0;
  for (const s of sums) total = r(total + s);
  return { total, counted };
}

export function nllLoss(input: Tensor, target: Tensor, reduction: string = 'mean'): Tensor {
  checkArgs(input, target, reduction);
  const c = input.shape[1];
  const x = input.data as Float32Array | Float64Array;
  const targets = target.data;
  const n = targets.length;
  let out: Tensor;
  let counted = n;
  if (reduction === 'none') {
    const v = allocate(input.dtype, n);
    for (let b = 0; b < n; b++) v[b] = targets[b] === IGNORE_INDEX ? 0 : -x[b * c + targets[b]];
    out = new Tensor(v, [n], input.dtype);
  } else {
    const sum = cascadeLoss(x, targets, c);
    counted = sum.counted;
    const v = allocate(input.dtype, 1);
    v[0] = reduction === 'mean' ? sum.total / counted : sum.total;
    out = new Tensor(v, [], input.dtype);
  }
  record(out, 'NllLossBackward0', [input, null], () => (g) => {
    const gi = allocate(g.dtype, input.numel);
    const gv = g.data;
    const r = g.dtype === 'float32' ? Math.fround : (v: number): number => v;
    const scalar = reduction === 'none' ? 0 : -(reduction === 'mean' ? r(gv[0] / counted) : gv[0]);
    for (let b = 0; b < n; b++) {
      if (targets[b] === IGNORE_INDEX) continue;
      gi[b * c + targets[b]] = reduction === 'none' ? -gv[b] : scalar;
    }
    return [new Tensor(gi, input.shape, g.dtype), null];
  });
  return traceOrigin(out, 'nll_loss', [input], { reduction });
}

/** F.cross_entropy(input, target): log_softmax over the classes, then nll_loss. */
export function crossEntropy(input: Tensor, target: Tensor, reduction: string = 'mean'): Tensor {
  return nllLoss(logSoftmax(input, 1), target, reduction);
}
