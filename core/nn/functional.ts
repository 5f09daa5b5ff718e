import { record, traceOrigin } from '../autograd/record';
import type { DType } from '../tensor/dtype';
import { allocate } from '../tensor/dtype';
import { runtimeError, valueError } from '../tensor/errors';
import { broadcastShapes, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { cascadeSum } from '../ops/cascade_sum';
import { expandTo } from '../ops/expand';
import { binaryMap } from '../ops/kernels';
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

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
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
  const elems = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const x = input.data[i];
    const y = target.data[i];
    const pw = pwAt(i, 1);
    elems[i] = -wAt(i, 1) * (pw * y * logSigmoid(x) + (1 - y) * logSigmoid(-x));
  }
  const out = reduceLoss(new Tensor(elems, input.shape, dtype), red);
  const inputs = [input, target, weight, posWeight];
  record(out, 'BinaryCrossEntropyWithLogitsBackward0', [input, target], (ctx) => {
    const sx = ctx.save(input);
    const sy = ctx.save(target);
    return (g, needs) => {
      const xs = sx.get();
      const ys = sy.get();
      const gx = allocate(g.dtype, n);
      const gy = allocate(g.dtype, n);
      for (let i = 0; i < n; i++) {
        const x = xs.data[i];
        const y = ys.data[i];
        const w = wAt(i, 1);
        const pw = pwAt(i, 1);
        const up = gradPerElement(g, red, i, n);
        gx[i] = w * ((1 - y + pw * y) * sigmoid(x) - pw * y) * up;
        gy[i] = -w * (pw * logSigmoid(x) - logSigmoid(-x)) * up;
      }
      return [needs[0] ? new Tensor(gx, xs.shape, g.dtype) : null, needs[1] ? new Tensor(gy, ys.shape, g.dtype) : null];
    };
  });
  return traceOrigin(out, 'binary_cross_entropy_with_logits', inputs.filter((t): t is Tensor => t !== null), {
    reduction: red, hasWeight: weight !== null, hasPosWeight: posWeight !== null,
  });
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

