/**
 * torch.optim.SGD, as its single-tensor (non-foreach) CPU path runs it: the
 * same tensor ops in the same order, so every value rounds as PyTorch's do.
 * torch/optim/sgd.py, _single_tensor_sgd (1.13 and 2.x alike):
 *   d_p = grad if not maximize else -grad
 *   if weight_decay != 0: d_p = d_p.add(param, alpha=weight_decay)
 *   if momentum != 0:
 *       buf = clone(d_p).detach() on the first step, else buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
 *       d_p = d_p.add(buf, alpha=momentum) if nesterov else buf
 *   param.add_(d_p, alpha=-lr)
 */
import { withGradMode } from '../autograd/grad_mode';
import { add } from '../ops/add';
import { inplace } from '../ops/inplace';
import { neg } from '../ops/neg';
import { clone, detach } from '../ops/view';
import { Scalar } from '../tensor/scalar';
import type { Tensor } from '../tensor/tensor';
import { Optimizer } from './optimizer';

export interface SgdOptions {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;
}

/** A Python float as the op's Scalar argument (converted to the tensor's dtype by the kernel). */
const float = (v: number): Scalar => new Scalar(v, 'float');

export class SGD extends Optimizer {
  readonly options: SgdOptions;
  /** state[p]['momentum_buffer'], created on p's first step with momentum. */
  readonly #buffers: (Tensor | null)[];

  constructor(params: readonly Tensor[], options: SgdOptions) {
    super(params);
    this.options = options;
    this.#buffers = this.params.map(() => null);
  }

  stateTensors(): Tensor[] {
    return this.#buffers.filter((b): b is Tensor => b !== null);
  }

  step(): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = this.options;
    withGradMode(false, () => {
      this.params.forEach((param, i) => {
        const grad = param.grad;
        if (grad === null) return;
        let dp = maximize ? neg(grad) : grad;
        if (weightDecay !== 0) dp = add(dp, param, float(weightDecay));
        if (momentum !== 0) {
          let buf = this.#buffers[i];
          if (buf === null) {
            buf = detach(clone(dp));
            this.#buffers[i] = buf;
          } else {
            inplace('mul', buf, float(momentum));
            inplace('add', buf, dp, float(1 - dampening));
          }
          dp = nesterov ? add(dp, buf, float(momentum)) : buf;
        }
        inplace('add', param, dp, float(-lr));
      });
    });
  }
}
