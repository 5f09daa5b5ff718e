import { record, traceOrigin } from '../autograd/record';
import type { DType, Storage } from '../tensor/dtype';
import { allocate } from '../tensor/dtype';
import { runtimeError, valueError } from '../tensor/errors';
import { broadcastShapes, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { cascadeSum } from '../ops/cascade_sum';
import { expandTo } from '../ops/expand';
import { binaryMap } from '../ops/kernels';
import { expf, logf } from '../ops/sleef_f32';
import { sigmoidValues } from '../ops/unary';
import { resultTypeOf } from '../ops/operands';

export type Reduction = 'mean' | 'sum' | 'none';

function checkReduction(r: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw valueError(`${r} is not a valid value for reduction`);
  return r;
}

function reduceLoss(elems: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return elems;
  const data = allocate(elems.dtype, 1);
  const s = cascadeSum(elems.data, 0, elems.numel);
  // The CPU mean is sum() then div_, each rounded in the dtype.
  data[0] = reduction === 'mean' ? s / elems.numel : s;
  return new Tensor(data, [], elems.dtype);
}

/** The upstream gradient per element: expanded for mean/sum, as is for 'none'. */
function gradPerElement(g: Tensor, reduction: Reduction, i: number, n: number): number {
  if (reduction === 'none') return g.data[i];
  return reduction === 'mean' ? g.data[0] / n : g.data[0];
}

const capitalName: Record<DType, string> = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' };

/** F.mse_loss's Python-level UserWarning when the target broadcasts (text of torch 1.13), or null. */
export function mseLossSizeWarning(input: Tensor, target: Tensor): string | null {
  if (sameShape(input.shape, target.shape)) return null;
  return `Using a target size (${sizeText(target.shape)}) that is different to the input size (${sizeText(input.shape)}). ` +
    'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.';
}

/**
 * F.mse_loss: the operands are broadcast first (ExpandBackward0 on the one
 * that grows), then the kernel computes fl(fl(x - y)²) per element and
 * PyTorch's cascade sum.
 * derivatives.yaml (mse_loss): self: mse_loss_backward(grad, self, target, reduction)
 *                              target: mse_loss_backward(grad, target, self, reduction)
 * mse_loss_backward is fl(fl(norm * fl(x - y)) * grad) with norm = 2/N for
 * 'mean', else 2, in the dtype of its `self`; its TensorIterator refuses
 * operands of another dtype, so an int64 target fails in backward, not forward.
 */
export function mseLoss(input: Tensor, target: Tensor, reduction: string = 'mean'): Tensor {
  const red = checkReduction(reduction);
  const shape = broadcastShapes(input.shape, target.shape);
  const x = expandTo(input, shape);
  const y = expandTo(target, shape);
  const dtype = resultTypeOf(x, y);
  const round = dtype === 'float32' ? Math.fround : (v: number): number => v;
  const diff = binaryMap(x.data, x.shape, y.data, y.shape, dtype, (p, q) => {
    const d = round(p - q);
    return d * d;
  });
  const out = reduceLoss(diff, red);
  record(out, 'MseLossBackward0', [x, y], (ctx) => {
    const sx = ctx.save(x);
    const sy = ctx.save(y);
    return (g, needs) => {
      const xv = sx.get();
      const yv = sy.get();
      const gx = needs[0] ? mseBackward(g, xv, yv, red) : null;
      const gy = needs[1] ? mseBackward(g, yv, xv, red) : null;
      return [gx, gy];
    };
  });
  return traceOrigin(out, 'mse_loss', [input, target], { reduction: red });
}

function mseBackward(g: Tensor, self: Tensor, other: Tensor, red: Reduction): Tensor {
  for (const t of [other, g]) {
    if (t.dtype !== self.dtype) throw runtimeError(`Found dtype ${capitalName[t.dtype]} but expected ${capitalName[self.dtype]}`);
  }
  const n = self.numel;
  const round = self.dtype === 'float32' ? Math.fround : (v: number): number => v;
  const norm = round(red === 'mean' ? 2 / n : 2);
  const out = allocate(self.dtype, n);
  const full = g.numel === n;
  for (let i = 0; i < n; i++) out[i] = round(norm * round(self.data[i] - other.data[i])) * g.data[full ? i : 0];
  return new Tensor(out, self.shape, self.dtype);
}

function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/**
 * loss = -w [pw·y·log σ(x) + (1 - y) log(1 - σ(x))], computed with log-sigmoid
 * so large logits do not overflow.
 * derivatives.yaml: self: w [(1 - y + pw·y) σ(x) - pw·y] grad; target: -w [pw log σ(x) - log(1 - σ(x))] grad
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor, target: Tensor, weight: Tensor | null = null, posWeight: Tensor | null = null, reduction: string = 'mean',
): Tensor {
  const red = checkReduction(reduction);
  if (!sameShape(input.shape, target.shape)) {
    throw valueError(`Target size (${sizeText(target.shape)}) must be the same as input size (${sizeText(input.shape)})`);
  }
  const n = input.numel;
  const dtype = resultTypeOf(input, target);
  const wAt = expander(weight, input.shape);
  const pwAt = expander(posWeight, input.shape);
  const elems = bceElements(input, target, weight, posWeight, wAt, pwAt, dtype);
  const out = reduceLoss(new Tensor(elems, input.shape, dtype), red);
  const inputs = [input, target, weight, posWeight];
  record(out, 'BinaryCrossEntropyWithLogitsBackward0', [input, target], (ctx) => {
    const sx = ctx.save(input);
    const sy = ctx.save(target);
    return (g, needs) => {
      const xs = sx.get();
      const ys = sy.get();
      const gx = needs[0] ? bceInputGrad(g, xs, ys, weight, posWeight, wAt, pwAt, red) : null;
      const gy = allocate(g.dtype, n);
      for (let i = 0; i < n; i++) {
        const x = xs.data[i];
        const w = wAt(i, 1);
        const pw = pwAt(i, 1);
        const up = gradPerElement(g, red, i, n);
        gy[i] = -w * (pw * logSigmoid(x) - logSigmoid(-x)) * up;
      }
      return [gx, needs[1] ? new Tensor(gy, ys.shape, g.dtype) : null];
    };
  });
  return traceOrigin(out, 'binary_cross_entropy_with_logits', inputs.filter((t): t is Tensor => t !== null), {
    reduction: red, hasWeight: weight !== null, hasPosWeight: posWeight !== null,
  });
}

/**
 * The elementwise loss, op by op as PyTorch 1.13's composite
 * binary_cross_entropy_with_logits writes it, rounding in the dtype after
 * each op (m = max(-x, 0), the log-sum-exp shift):
 *   (1 - y)·x + m + log(exp(-m) + exp(-x - m)), or with pos_weight
 *   (1 - y)·x + (1 + (pw - 1)·y)·(log(exp(-m) + exp(-x - m)) + m); then · weight.
 * float32 exp and log are SLEEF's, as PyTorch's vectorized kernels compute them.
 */
function bceElements(
  input: Tensor, target: Tensor, weight: Tensor | null, posWeight: Tensor | null,
  wAt: (i: number, fallback: number) => number, pwAt: (i: number, fallback: number) => number, dtype: DType,
): Storage {
  const f32 = dtype === 'float32';
  const r = f32 ? Math.fround : (v: number): number => v;
  const ex = f32 ? expf : Math.exp;
  const out = allocate(dtype, input.numel);
  for (let i = 0; i < input.numel; i++) {
    const x = input.data[i];
    const y = target.data[i];
    const m = Math.max(-x, 0);
    const lse = (f32 ? logf : Math.log)(r(ex(-m) + ex(r(-x - m))));
    const linear = r(r(1 - y) * x);
    let v: number;
    if (posWeight !== null) {
      const logWeight = r(r(r(pwAt(i, 1) - 1) * y) + 1);
      v = r(linear + r(logWeight * r(lse + m)));
    } else {
      v = r(r(linear + m) + lse);
    }
    out[i] = weight !== null ? r(v * wAt(i, 1)) : v;
  }
  return out;
}

/**
 * binary_cross_entropy_with_logits_backward for the input, op by op as
 * PyTorch 1.13 writes it, so float32 rounds where PyTorch's kernels do:
 *   pos_weight: t = pw·y; (t + 1 - y) · σ(x) - t, else σ(x) - y;
 *   then · grad, · weight, and / N for 'mean'.
 */
function bceInputGrad(
  g: Tensor, xs: Tensor, ys: Tensor, weight: Tensor | null, posWeight: Tensor | null,
  wAt: (i: number, fallback: number) => number, pwAt: (i: number, fallback: number) => number, red: Reduction,
): Tensor {
  const n = xs.numel;
  const dtype = g.dtype === 'float64' ? 'float64' : 'float32';
  const r = dtype === 'float32' ? Math.fround : (v: number): number => v;
  const sig = sigmoidValues(xs.data, dtype);
  const out = allocate(g.dtype, n);
  for (let i = 0; i < n; i++) {
    const y = ys.data[i];
    let v: number;
    if (posWeight !== null) {
      const t = r(pwAt(i, 1) * y);
      v = r(r(r(r(t + 1) - y) * sig[i]) - t);
    } else {
      v = r(sig[i] - y);
    }
    v = r(v * (red === 'none' ? g.data[i] : g.data[0]));
    if (weight !== null) v = r(v * wAt(i, 1));
    out[i] = red === 'mean' ? v / n : v;
  }
  return new Tensor(out, xs.shape, g.dtype);
}

function sizeText(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** Reads a broadcast weight at the flat index of the input. */
function expander(w: Tensor | null, shape: readonly number[]): (i: number, fallback: number) => number {
  if (w === null) return (_i, fallback) => fallback;
  const ones = new Tensor(allocate('float64', shape.reduce((a, s) => a * s, 1)).fill(1), shape, 'float64');
  const expanded = binaryMap(ones.data, ones.shape, w.data, w.shape, 'float64', (_a, b) => b);
  if (!sameShape(expanded.shape, shape)) throw runtimeError(`weight of shape [${w.shape.join(', ')}] cannot be broadcast to the input's shape [${shape.join(', ')}]`);
  return (i) => expanded.data[i];
}

