import { record, traceOrigin } from '../autograd/record';
import { isFloating } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { Scalar, scalarOf } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';
import { gzip } from './grad_math';
import { binaryMap, sumToShape, unaryMap } from './kernels';
import { binaryOp } from './binary';
import { resultTypeOf } from './operands';
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

// derivatives.yaml (pow.Tensor_Scalar): self: pow_backward(grad, self, exponent)
// The exponent-0 case is explicit: its gradient is zero even where x**-1 is inf.
function powTensorScalar(x: Tensor, e: number | Scalar): Tensor {
  const s = scalarOf(e);
  const dtype = resultTypeOf(x, s);
  const p = s.value;
  const f = isFloating(dtype) ? (v: number) => Math.pow(v, p) : (v: number) => intPow(v, p);
  const out = unaryMap(x, dtype, f);
  withElementwiseLayout(out, [x]);
  record(out, 'PowBackward0', [x], (ctx) => {
    const sx = ctx.save(x);
    return (g) => {
      const xv = sx.get();
      if (p === 0) return [gzip(g, xv, () => 0)];
      return [gzip(g, xv, (gv, v) => gv * p * Math.pow(v, p - 1))];
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
      if (needs[0]) {
        const local = binaryMap(xv.data, xv.shape, yv.data, yv.shape, g.dtype, (a, b) => (b === 0 ? 0 : b * Math.pow(a, b - 1)));
        gx = sumToShape(gzip(g, local, (p, q) => p * q), x.shape);
      }
      if (needs[1]) {
        const res = so.get();
        const logx = binaryMap(xv.data, xv.shape, yv.data, yv.shape, g.dtype, (a, b) => (a === 0 && b >= 0 ? 0 : Math.log(a)));
        gy = sumToShape(gzip(gzip(g, res, (p, q) => p * q), logx, (p, q) => p * q), y.shape);
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
  const logc = Math.log(c);
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
