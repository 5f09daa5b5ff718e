import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { runtimeError, valueError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { binaryMap } from '../ops/kernels';
import { resultTypeOf } from '../ops/operands';

export type Reduction = 'mean' | 'sum' | 'none';

function checkReduction(r: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw valueError(`${r} is not a valid value for reduction`);
  return r;
}

function reduceLoss(elems: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return elems;
  let s = 0;
  for (let i = 0; i < elems.numel; i++) s += elems.data[i];
  const data = allocate(elems.dtype, 1);
  data[0] = reduction === 'mean' ? s / elems.numel : s;
  return new Tensor(data, [], elems.dtype);
}

/** The upstream gradient per element: expanded for mean/sum, as is for 'none'. */
function gradPerElement(g: Tensor, reduction: Reduction, i: number, n: number): number {
  if (reduction === 'none') return g.data[i];
  return reduction === 'mean' ? g.data[0] / n : g.data[0];
}

// derivatives.yaml (mse_loss): self: mse_loss_backward(grad, self, target, reduction) = 2 (x - y) grad [/ N]
//                              target: -self's gradient
export function mseLoss(input: Tensor, target: Tensor, reduction: string = 'mean'): Tensor {
  const red = checkReduction(reduction);
  if (!sameShape(input.shape, target.shape)) {
    throw runtimeError(`mse_loss: input shape [${input.shape.join(', ')}] and target shape [${target.shape.join(', ')}] must match (Autograd Lab does not broadcast losses)`);
  }
  const dtype = resultTypeOf(input, target);
  const diff = binaryMap(input.data, input.shape, target.data, target.shape, dtype, (x, y) => (x - y) * (x - y));
  const out = reduceLoss(diff, red);
  record(out, 'MseLossBackward0', [input, target], (ctx) => {
    const sx = ctx.save(input);
    const sy = ctx.save(target);
    return (g, needs) => {
      const x = sx.get();
      const y = sy.get();
      const n = x.numel;
      const gx = allocate(g.dtype, n);
      for (let i = 0; i < n; i++) gx[i] = 2 * (x.data[i] - y.data[i]) * gradPerElement(g, red, i, n);
      const gradX = new Tensor(gx, x.shape, g.dtype);
      let gradY: Tensor | null = null;
      if (needs[1]) {
        const gy = allocate(g.dtype, n);
        for (let i = 0; i < n; i++) gy[i] = -gx[i];
        gradY = new Tensor(gy, y.shape, g.dtype);
      }
      return [needs[0] ? gradX : null, gradY];
    };
  });
  return traceOrigin(out, 'mse_loss', [input, target], { reduction: red });
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

