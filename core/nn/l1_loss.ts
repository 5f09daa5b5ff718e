/**
 * F.l1_loss. Since PyTorch 1.13 (and in 2.x) it is a composite with no
 * backward of its own: torch.broadcast_tensors, then
 * apply_loss_reduction((input - target).abs(), reduction), so the graph reads
 * ExpandBackward0 (for an operand that grows), SubBackward0, AbsBackward0 and
 * MeanBackward0 / SumBackward0, and every value rounds as those ops do.
 */
import { broadcastShapes } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { valueError } from '../tensor/errors';
import { expandTo } from '../ops/expand';
import { mean, sum } from '../ops/reduce';
import { sub } from '../ops/sub';
import { abs } from '../ops/unary';

export function l1Loss(input: Tensor, target: Tensor, reduction: string = 'mean'): Tensor {
  const shape = broadcastShapes(input.shape, target.shape);
  const x = expandTo(input, shape);
  const y = expandTo(target, shape);
  // _Reduction.get_enum runs after broadcast_tensors, before the kernel.
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw valueError(`${reduction} is not a valid value for reduction`);
  }
  const elems = abs(sub(x, y));
  if (reduction === 'none') return elems;
  return reduction === 'mean' ? mean(elems) : sum(elems);
}
