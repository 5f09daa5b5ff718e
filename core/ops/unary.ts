import { record, traceOrigin } from '../autograd/record';
import type { DType } from '../tensor/dtype';
import { isFloating } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { gscale } from './grad_math';
import { unaryMap } from './kernels';
import { fmaf } from '../random/avx2_mathfun';
import { cosf, expf, logf, sinf, tanhf } from './sleef_f32';
import { withElementwiseLayout } from './layout';

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
  /** float32 as PyTorch's CPU kernel rounds it, where that differs from rounding the double result once. */
  readonly forward32?: (src: ArrayLike<number>, out: Float32Array) => void;
  /** The local derivative with the float32 rounding of PyTorch's backward kernel. */
  readonly local32?: (v: number, g: number) => number;
}

const fl = Math.fround;

/** Elements [0, end) that a 2-vector AVX2 loop covers (cpu_kernel_vec); the rest take the scalar lambda. */
function vectorEnd(n: number): number {
  return n - (n % 16);
}


/** Kernels that map a Vectorized<float> function (SLEEF) over every element, tail included. */
function mapAll(fn: (v: number) => number): (src: ArrayLike<number>, out: Float32Array) => void {
  return (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = fn(src[i]);
  };
}

// sigmoid_kernel: vector lanes compute 1 / (exp(0 - x) + 1) with SLEEF's exp, the
// scalar tail 1 / (1 + std::exp(-x)) with glibc's (correctly rounded) expf.
function sigmoid32(src: ArrayLike<number>, out: Float32Array): void {
  const end = vectorEnd(out.length);
  for (let i = 0; i < end; i++) out[i] = 1 / fl(expf(-src[i]) + 1);
  for (let i = end; i < out.length; i++) out[i] = 1 / fl(1 + fl(Math.exp(-src[i])));
}

function sigmoidOf(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export const unarySpecs = {
  // self: grad * result
  exp: { gradFn: 'ExpBackward0', forward: Math.exp, saves: 'result', local: (r, g) => g * r, ints: 'float', forward32: mapAll(expf) },
  // self: grad.div(self)
  log: { gradFn: 'LogBackward0', forward: Math.log, saves: 'input', local: (x, g) => g / x, ints: 'float', forward32: mapAll(logf) },
  // self: grad / (2 * result)
  sqrt: { gradFn: 'SqrtBackward0', forward: Math.sqrt, saves: 'result', local: (r, g) => g / (2 * r), ints: 'float' },
  // self: grad * self.sgn()  (the subgradient at 0 is 0)
  abs: { gradFn: 'AbsBackward0', forward: Math.abs, saves: 'input', local: (x, g) => g * Math.sign(x), ints: 'keep' },
  // self: grad * self.cos()
  sin: {
    gradFn: 'SinBackward0', forward: Math.sin, saves: 'input', local: (x, g) => g * Math.cos(x), ints: 'float',
    forward32: mapAll(sinf), local32: (x, g) => g * cosf(x),
  },
  // self: grad * -self.sin()
  cos: {
    gradFn: 'CosBackward0', forward: Math.cos, saves: 'input', local: (x, g) => -g * Math.sin(x), ints: 'float',
    forward32: mapAll(cosf), local32: (x, g) => g * -sinf(x),
  },
  // self: tanh_backward(grad, result) = grad * (1 - result^2)
  // (the AVX2 build contracts 1 - y*y into one fused multiply-add)
  tanh: {
    gradFn: 'TanhBackward0', forward: Math.tanh, saves: 'result', local: (r, g) => g * (1 - r * r), ints: 'float',
    forward32: mapAll(tanhf), local32: (r, g) => g * fmaf(-r, r, 1),
  },
  // self: sigmoid_backward(grad, result); the kernel computes grad * (1 - result) * result
  sigmoid: {
    gradFn: 'SigmoidBackward0', forward: sigmoidOf, saves: 'result', local: (r, g) => g * (1 - r) * r, ints: 'float',
    forward32: sigmoid32, local32: (r, g) => fl(g * fl(1 - r)) * r,
  },
  // self: threshold_backward(grad, result, 0): the subgradient at 0 is 0
  relu: { gradFn: 'ReluBackward0', forward: (x) => (x > 0 ? x : 0), saves: 'result', local: (r, g) => (r > 0 ? g : 0), ints: 'keep' },
  // self: -grad * (result * result); `2 / x` is `x.reciprocal() * 2` in PyTorch (Tensor.__rdiv__)
  reciprocal: {
    gradFn: 'ReciprocalBackward0', forward: (x) => 1 / x, saves: 'result', local: (r, g) => -g * (r * r), ints: 'float',
    local32: (r, g) => -g * fl(r * r),
  },
} satisfies Record<string, UnarySpec>;

export type UnaryName = keyof typeof unarySpecs;

/** sigmoid of every element as torch.sigmoid computes it in `dtype` (for losses that call input.sigmoid()). */
export function sigmoidValues(src: ArrayLike<number>, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  if (dtype === 'float32') {
    const out = new Float32Array(src.length);
    sigmoid32(src, out);
    return out;
  }
  return Float64Array.from(src, sigmoidOf);
}

export function unary(name: UnaryName, x: Tensor): Tensor {
  const spec: UnarySpec = unarySpecs[name];
  const dtype: DType = isFloating(x.dtype) || spec.ints === 'keep' ? (x.dtype === 'bool' ? 'int64' : x.dtype) : 'float32';
  const out = unaryMap(x, dtype, spec.forward);
  if (dtype === 'float32' && spec.forward32) spec.forward32(x.data, out.data as Float32Array);
  withElementwiseLayout(out, [x]);
  record(out, spec.gradFn, [x], (ctx) => {
    const saved = spec.saves === 'input' ? ctx.save(x) : ctx.saveOutput();
    return (g, _needs, gOwned) => [gscale(g, saved.get(), g.dtype === 'float32' && spec.local32 ? spec.local32 : spec.local, gOwned)];
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
