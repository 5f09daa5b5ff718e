import { record, traceOrigin } from '../autograd/record';
import type { DType } from '../tensor/dtype';
import { isFloating } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { Scalar, scalarOf } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';
import { gzip } from './grad_math';
import { binaryMap, sumToShape, unaryMap } from './kernels';
import { binaryOp } from './binary';
import { resultTypeOf } from './operands';
import { logf } from './sleef_f32';
import { withElementwiseLayout } from './layout';

function intPow(base: number, exp: number): number {
  if (exp < 0) throw runtimeError('Integers to negative integer powers are not allowed.');
  return Math.pow(base, exp);
}

/** x ** y for tensor or scalar operands, dispatching to PyTorch's three overloads. */
export function pow(a: Tensor | number | Scalar, b: Tensor | number | Scalar): Tensor {
  if (a instanceof Tensor && !(b instanceof Tensor)) return powTensorScalar(a, b);
  if (!(a instanceof Tensor) && b instanceof Tensor) return powScalarTensor(a, b);
  if (a instanceof Tensor && b instanceof Tensor) return powTensorTensor(a, b);
  throw runtimeError('pow expects at least one tensor operand');
}

/**
 * x ** e for a scalar e as PyTorch's CPU kernel computes it in `dtype`
 * (pow_tensor_scalar_optimized_kernel and pow_out): exponents 0, 1, ±0.5, 2,
 * 3, -1 and -2 are exact arithmetic (sqrt, x*x, 1/x...), each op rounded to
 * the dtype; any other exponent is the C library's pow.
 */
export function powScalarExponent(e: number, dtype: DType): (v: number) => number {
  const r = dtype === 'float32' ? Math.fround : (v: number): number => v;
  switch (e) {
    case 0: return () => 1;
    case 1: return (v) => v;
    case 0.5: return Math.sqrt;
    case 2: return (v) => v * v;
    case 3: return (v) => r(v * v) * v;
    case -0.5: return (v) => 1 / r(Math.sqrt(v));
    case -1: return (v) => 1 / v;
    case -2: return (v) => 1 / r(v * v);
  }
  const ef = r(e);
  return (v) => Math.pow(v, ef);
}

// derivatives.yaml (pow.Tensor_Scalar): self: pow_backward(grad, self, exponent)
//   = grad * (exponent * self.pow(exponent - 1)), each op rounded in the dtype.
// The exponent-0 case is explicit: its gradient is zero even where x**-1 is inf.
function powTensorScalar(x: Tensor, e: number | Scalar): Tensor {
  const s = scalarOf(e);
  const dtype = resultTypeOf(x, s);
  const p = s.value;
  const f = isFloating(dtype) ? powScalarExponent(p, dtype) : (v: number) => intPow(v, p);
  const out = unaryMap(x, dtype, f);
  withElementwiseLayout(out, [x]);
  record(out, 'PowBackward0', [x], (ctx) => {
    const sx = ctx.save(x);
    return (g) => {
      const xv = sx.get();
      if (p === 0) return [gzip(g, xv, () => 0)];
      const r = g.dtype === 'float32' ? Math.fround : (v: number): number => v;
      const pr = r(p);
      const below = powScalarExponent(p - 1, g.dtype);
      return [gzip(g, xv, (gv, v) => gv * r(pr * r(below(v))))];
    };
  });
  return traceOrigin(out, 'pow', [x, p]);
}

// derivatives.yaml (pow.Tensor_Tensor):
//   self: grad * exponent * self ** (exponent - 1)
//   exponent: grad * result * log(self), masked to 0 where self == 0 and exponent >= 0
function powTensorTensor(x: Tensor, y: Tensor): Tensor {
  const dtype = resultTypeOf(x, y);
  const f = isFloating(dtype) ? Math.pow : intPow;
  return binaryOp('pow', 'PowBackward1', x, y, f, (ctx) => {
    const sx = ctx.save(x);
    const sy = ctx.save(y);
    const so = ctx.saveOutput();
    return (g, needs) => {
      const xv = sx.get();
      const yv = sy.get();
      let gx: Tensor | null = null;
      let gy: Tensor | null = null;
      const r = g.dtype === 'float32' ? Math.fround : (v: number): number => v;
      const log = g.dtype === 'float32' ? logf : Math.log;
      if (needs[0]) {
        // pow_backward_self: where(exponent == 0, 0, grad * (exponent * pow(self, exponent - 1)))
        const local = binaryMap(xv.data, xv.shape, yv.data, yv.shape, g.dtype, (a, b) => (b === 0 ? 0 : b * r(Math.pow(a, r(b - 1)))));
        gx = sumToShape(gzip(g, local, (p, q) => p * q), x.shape);
      }
      if (needs[1]) {
        // pow_backward_exponent: grad * where(self == 0 & exponent >= 0, 0, result * log(self))
        const res = so.get();
        const logx = binaryMap(xv.data, xv.shape, yv.data, yv.shape, g.dtype, (a, b) => (a === 0 && b >= 0 ? 0 : log(a)));
        gy = sumToShape(gzip(g, gzip(res, logx, (p, q) => p * q), (p, q) => p * q), y.shape);
      }
      return [gx, gy];
    };
  });
}

// derivatives.yaml (pow.Scalar): exponent: grad * result * log(self), 0 where self == 0 and exponent >= 0.
// PyTorch 2.x names this PowBackward2 (1.13 printed PowBackward1).
function powScalarTensor(base: number | Scalar, y: Tensor): Tensor {
  const s = scalarOf(base);
  const dtype = resultTypeOf(s, y);
  const c = s.value;
  const f = isFloating(dtype) ? (v: number) => Math.pow(c, v) : (v: number) => intPow(c, v);
  const out = unaryMap(y, dtype, f);
  withElementwiseLayout(out, [y]);
  // log(self) of the wrapped scalar, computed as a tensor op in the dtype.
  const logc = dtype === 'float32' ? logf(Math.fround(c)) : Math.log(c);
  record(out, 'PowBackward2', [y], (ctx) => {
    const sy = ctx.save(y);
    const so = ctx.saveOutput();
    return (g) => {
      const yv = sy.get();
      const res = so.get();
      const local = gzip(res, yv, (r, e) => (c === 0 && e >= 0 ? 0 : r * logc));
      return [gzip(g, local, (p, q) => p * q)];
    };
  });
  return traceOrigin(out, 'pow', [c, y]);
}
