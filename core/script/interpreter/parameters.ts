/**
 * torch.nn.Parameter: a tensor subclass that prints as `Parameter
 * containing:` and its tensor, and is named `Parameter` in errors. The engine
 * has one Tensor class, so the interpreter remembers which tensors are
 * parameters; ops on a parameter give plain tensors, as in PyTorch (its
 * __torch_function__ is disabled), and in-place updates keep the object.
 */
import type { Tensor } from '../../index';

const parameters = new WeakSet<Tensor>();

export function markParameter(t: Tensor): Tensor {
  parameters.add(t);
  return t;
}

export function isParameter(t: Tensor): boolean {
  return parameters.has(t);
}
