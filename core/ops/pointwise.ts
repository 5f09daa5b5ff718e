/**
 * In-place pointwise kernels the optimizers need (addcmul_, addcdiv_, lerp_,
 * maximum into), with the rounding of PyTorch's CPU kernels. Measured against
 * torch 1.13 on float32 and float64, for tensors shorter and longer than a
 * vector loop (7, 40 and 1000 elements):
 * - addcmul_: self + value*t1*t2 is one fused multiply-add of (value*t1) and t2
 *   onto self (GCC contracts the scalar lambda, and the vector one too);
 * - addcdiv_: self + (value*t1)/t2, each step rounded (a quotient is never fused);
 * - lerp_: fma(w, end - self, self) for |w| < 0.5, else fma(w - 1, end - self, end)
 *   (PyTorch 2.x's lerp_vec; 1.13's scalar lambda contracts to the same);
 * - maximum: NaN-propagating max.
 * A Python-number `value`/`weight` is first converted to the tensor's dtype
 * (Scalar::to<scalar_t>).
 *
 * They are untracked writes, as the optimizers make them under no_grad; they
 * bump the version counter and settle lazy readers first like every in-place op.
 */
import { fma } from '../random/fma';
import { fmaf } from '../random/avx2_mathfun';
import { runtimeError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';

type Round = (v: number) => number;

function rounding(t: Tensor): { r: Round; fused: (a: number, b: number, c: number) => number } {
  if (t.dtype === 'float32') return { r: Math.fround, fused: fmaf };
  if (t.dtype === 'float64') return { r: (v) => v, fused: fma };
  throw runtimeError(`Autograd Lab's optimizer kernels take float32 or float64 tensors, not ${t.dtype}`);
}

function checkOperands(op: string, self: Tensor, others: readonly Tensor[]): void {
  for (const o of others) {
    if (o.dtype !== self.dtype || !sameShape(o.shape, self.shape)) {
      throw runtimeError(`${op}: Autograd Lab's kernel expects operands of the same shape and dtype as self`);
    }
  }
}

function write(self: Tensor, fill: (out: Tensor['data']) => void): Tensor {
  self.prepareWrite();
  fill(self.data);
  self.bumpVersion();
  return self;
}

/** self.addcmul_(t1, t2, value=value) */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  checkOperands('addcmul_', self, [t1, t2]);
  const { r, fused } = rounding(self);
  const v = r(value);
  const a = t1.data;
  const b = t2.data;
  return write(self, (out) => {
    for (let i = 0; i < out.length; i++) out[i] = fused(r(v * a[i]), b[i], out[i]);
  });
}

/** self.addcdiv_(t1, t2, value=value) */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  checkOperands('addcdiv_', self, [t1, t2]);
  const { r } = rounding(self);
  const v = r(value);
  const a = t1.data;
  const b = t2.data;
  return write(self, (out) => {
    for (let i = 0; i < out.length; i++) out[i] = out[i] + r(r(v * a[i]) / b[i]);
  });
}

/** self.lerp_(end, weight) with a Python-number weight. */
export function lerp_(self: Tensor, end: Tensor, weight: number): Tensor {
  checkOperands('lerp_', self, [end]);
  const { r, fused } = rounding(self);
  const w = r(weight);
  const e = end.data;
  const small = Math.abs(w) < 0.5;
  const coeff = small ? w : r(w - 1);
  return write(self, (out) => {
    for (let i = 0; i < out.length; i++) {
      const diff = r(e[i] - out[i]);
      out[i] = fused(coeff, diff, small ? out[i] : e[i]);
    }
  });
}

/** torch.maximum(self, other, out=self) */
export function maximumInto(self: Tensor, other: Tensor): Tensor {
  checkOperands('maximum', self, [other]);
  const o = other.data;
  return write(self, (out) => {
    for (let i = 0; i < out.length; i++) {
      const a = out[i];
      const b = o[i];
      out[i] = Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
    }
  });
}
