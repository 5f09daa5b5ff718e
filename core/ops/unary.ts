import { record, traceOrigin } from '../autograd/record';
import type { DType } from '../tensor/dtype';
import { isFloating } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { gscale } from './grad_math';
import { unaryMap } from './kernels';

/**
 * Elementwise functions, written like PyTorch's derivatives.yaml: the forward,
 * what backward needs (the input or the result), and the local derivative.
 * `local(v, g)` returns the gradient flowing to the input for one element,
 * where v is the saved input or result.
 */
interface UnarySpec {
  readonly gradFn: string;
  readonly forward: (x: number) => number;
  readonly saves: 'input' | 'result';
  readonly local: (v: number, g: number) => number;
  /** Integer inputs: 'float' promotes to float32 (exp of an int tensor), 'keep' keeps the dtype. */
  readonly ints: 'float' | 'keep';
}

function sigmoidOf(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export const unarySpecs = {
  // self: grad * result
  exp: { gradFn: 'ExpBackward0', forward: Math.exp, saves: 'result', local: (r, g) => g * r, ints: 'float' },
  // self: grad.div(self)
  log: { gradFn: 'LogBackward0', forward: Math.log, saves: 'input', local: (x, g) => g / x, ints: 'float' },
  // self: grad / (2 * result)
  sqrt: { gradFn: 'SqrtBackward0', forward: Math.sqrt, saves: 'result', local: (r, g) => g / (2 * r), ints: 'float' },
  // self: grad * self.sgn()  (the subgradient at 0 is 0)
  abs: { gradFn: 'AbsBackward0', forward: Math.abs, saves: 'input', local: (x, g) => g * Math.sign(x), ints: 'keep' },
  // self: grad * self.cos()
  sin: { gradFn: 'SinBackward0', forward: Math.sin, saves: 'input', local: (x, g) => g * Math.cos(x), ints: 'float' },
  // self: grad * -self.sin()
  cos: { gradFn: 'CosBackward0', forward: Math.cos, saves: 'input', local: (x, g) => -g * Math.sin(x), ints: 'float' },
  // self: tanh_backward(grad, result) = grad * (1 - result^2)
  tanh: { gradFn: 'TanhBackward0', forward: Math.tanh, saves: 'result', local: (r, g) => g * (1 - r * r), ints: 'float' },
  // self: sigmoid_backward(grad, result) = grad * result * (1 - result)
  sigmoid: { gradFn: 'SigmoidBackward0', forward: sigmoidOf, saves: 'result', local: (r, g) => g * r * (1 - r), ints: 'float' },
  // self: threshold_backward(grad, result, 0): the subgradient at 0 is 0
  relu: { gradFn: 'ReluBackward0', forward: (x) => (x > 0 ? x : 0), saves: 'result', local: (r, g) => (r > 0 ? g : 0), ints: 'keep' },
  // self: -grad * (result * result); `2 / x` is `x.reciprocal() * 2` in PyTorch (Tensor.__rdiv__)
  reciprocal: { gradFn: 'ReciprocalBackward0', forward: (x) => 1 / x, saves: 'result', local: (r, g) => -g * r * r, ints: 'float' },
} satisfies Record<string, UnarySpec>;

export type UnaryName = keyof typeof unarySpecs;

export function unary(name: UnaryName, x: Tensor): Tensor {
  const spec: UnarySpec = unarySpecs[name];
  const dtype: DType = isFloating(x.dtype) || spec.ints === 'keep' ? (x.dtype === 'bool' ? 'int64' : x.dtype) : 'float32';
  const out = unaryMap(x, dtype, spec.forward);
  record(out, spec.gradFn, [x], (ctx) => {
    const saved = spec.saves === 'input' ? ctx.save(x) : ctx.saveOutput();
    return (g, _needs, gOwned) => [gscale(g, saved.get(), spec.local, gOwned)];
  });
  return traceOrigin(out, name, [x]);
}

export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const sin = (x: Tensor): Tensor => unary('sin', x);
export const cos = (x: Tensor): Tensor => unary('cos', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
