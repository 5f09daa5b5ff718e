/**
 * What torch.optim.SGD and Adam share: the parameter list (one group), and
 * zero_grad. Hyperparameters arrive already checked (the interpreter raises
 * PyTorch's ValueErrors, which quote the Python values).
 */
import { zero_ } from '../ops/inplace';
import { valueError } from '../tensor/errors';
import type { Tensor } from '../tensor/tensor';

export abstract class Optimizer {
  readonly params: readonly Tensor[];

  /**
   * As Optimizer.__init__ and add_param_group check them: not empty, every
   * tensor a leaf (or retaining its grad). Duplicates are allowed (PyTorch
   * warns); `duplicated` tells the caller whether to.
   */
  constructor(params: readonly Tensor[]) {
    if (params.length === 0) throw valueError('optimizer got an empty parameter list');
    for (const p of params) {
      if (!(p.isLeaf || p.retainsGrad)) throw valueError("can't optimize a non-leaf Tensor");
    }
    this.params = params.slice();
  }

  get duplicated(): boolean {
    return new Set(this.params).size !== this.params.length;
  }

  /**
   * zero_grad(set_to_none): PyTorch 2.x defaults to True (1.13 to False).
   * Zeroing detaches the gradient first, then writes zeros into it in place.
   */
  zeroGrad(setToNone = true): void {
    for (const p of this.params) {
      const g = p.grad;
      if (g === null) continue;
      if (setToNone) {
        p.grad = null;
        continue;
      }
      g.becomeLeaf(false);
      zero_(g);
    }
  }

  /** One update of every parameter that has a gradient, under no_grad. */
  abstract step(): void;

  /** The tensors the optimizer's state holds (momentum buffers, moments), for memory accounting. */
  abstract stateTensors(): Tensor[];
}
