/**
 * torch.optim.Adam, as its single-tensor (non-foreach, non-fused) CPU path
 * runs it in PyTorch 2.x (torch/optim/adam.py, _single_tensor_adam):
 *   step_t += 1                                  (a float32 tensor)
 *   if weight_decay != 0: grad = grad.add(param, alpha=weight_decay)
 *   exp_avg.lerp_(grad, 1 - beta1)
 *   exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
 *   bias_correction1 = 1 - beta1 ** step; bias_correction2 = 1 - beta2 ** step
 *   step_size = lr / bias_correction1; bias_correction2_sqrt = math.sqrt(bias_correction2)
 *   amsgrad: torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq), then its sqrt below
 *   denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
 *   param.addcdiv_(exp_avg, denom, value=-step_size)
 * PyTorch 1.13 updates the first moment as exp_avg.mul_(beta1).add_(grad,
 * alpha=1 - beta1); 2.1 replaced that with lerp_ (pytorch#104796), which
 * rounds differently from the second step on. FIRST_MOMENT picks the form.
 */
import { withGradMode } from '../autograd/grad_mode';
import { add } from '../ops/add';
import { div } from '../ops/div';
import { inplace } from '../ops/inplace';
import { neg } from '../ops/neg';
import { addcdiv_, addcmul_, lerp_, maximumInto } from '../ops/pointwise';
import { sqrt } from '../ops/unary';
import { zeros } from '../tensor/creation';
import { Scalar } from '../tensor/scalar';
import type { Tensor } from '../tensor/tensor';
import { Optimizer } from './optimizer';
import { pyPow } from './py_pow';

export interface AdamOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  readonly maximize: boolean;
}

/** 'lerp' as PyTorch 2.1+ computes the first moment; 'mul_add' as 1.13 does. */
export type FirstMoment = 'lerp' | 'mul_add';
export const FIRST_MOMENT: FirstMoment = 'lerp';

interface AdamState {
  /** state['step']: a float32 tensor in PyTorch, so the count is kept rounded to float32. */
  step: number;
  readonly expAvg: Tensor;
  readonly expAvgSq: Tensor;
  readonly maxExpAvgSq: Tensor | null;
}

const float = (v: number): Scalar => new Scalar(v, 'float');

export class Adam extends Optimizer {
  readonly options: AdamOptions;
  readonly #state: (AdamState | null)[];
  readonly #firstMoment: FirstMoment;

  constructor(params: readonly Tensor[], options: AdamOptions, firstMoment: FirstMoment = FIRST_MOMENT) {
    super(params);
    this.options = options;
    this.#state = this.params.map(() => null);
    this.#firstMoment = firstMoment;
  }

  stateTensors(): Tensor[] {
    const out: Tensor[] = [];
    for (const s of this.#state) {
      if (s === null) continue;
      out.push(s.expAvg, s.expAvgSq);
      if (s.maxExpAvgSq !== null) out.push(s.maxExpAvgSq);
    }
    return out;
  }

  step(): void {
    const { lr, beta1, beta2, eps, weightDecay, amsgrad, maximize } = this.options;
    withGradMode(false, () => {
      this.params.forEach((param, i) => {
        const g = param.grad;
        if (g === null) return;
        let grad = maximize ? neg(g) : g;
        // Lazy state initialization, for parameters that have a gradient.
        const state = (this.#state[i] ??= {
          step: 0,
          expAvg: zeros(param.shape, { dtype: param.dtype }),
          expAvgSq: zeros(param.shape, { dtype: param.dtype }),
          maxExpAvgSq: amsgrad ? zeros(param.shape, { dtype: param.dtype }) : null,
        });
        state.step = Math.fround(state.step + 1);
        if (weightDecay !== 0) grad = add(grad, param, float(weightDecay));
        if (this.#firstMoment === 'lerp') {
          lerp_(state.expAvg, grad, 1 - beta1);
        } else {
          inplace('mul', state.expAvg, float(beta1));
          inplace('add', state.expAvg, grad, float(1 - beta1));
        }
        inplace('mul', state.expAvgSq, float(beta2));
        addcmul_(state.expAvgSq, grad, grad, 1 - beta2);

        const biasCorrection1 = 1 - pyPow(beta1, state.step);
        const biasCorrection2 = 1 - pyPow(beta2, state.step);
        const stepSize = lr / biasCorrection1;
        const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        let second = state.expAvgSq;
        if (amsgrad && state.maxExpAvgSq !== null) {
          maximumInto(state.maxExpAvgSq, state.expAvgSq);
          second = state.maxExpAvgSq;
        }
        const denom = div(sqrt(second), float(biasCorrection2Sqrt));
        inplace('add', denom, float(eps));
        addcdiv_(param, state.expAvg, denom, -stepSize);
      });
    });
  }
}
