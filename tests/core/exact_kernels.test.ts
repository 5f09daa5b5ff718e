/**
 * The last bits of core's float kernels against real PyTorch
 * (tests/oracle/fixtures/exact_kernels.json, from gen_exact_kernels.py):
 * outputs and gradients must be bit-identical, in float32 and float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';
import type { DType, Tensor } from '../../core/index';

interface Values { data: (number | string)[]; shape: number[]; dtype: DType }
interface Case {
  name: string;
  op: string;
  kwargs: Record<string, string>;
  inputs: Values[];
  output: Values;
  grad_output: Values;
  grads: Values[];
  /** Tensors the op reads but does not differentiate (targets, weights). */
  constants?: Values[];
}

const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/exact_kernels.json', import.meta.url), 'utf8')) as { cases: Case[] };

function num(v: number | string): number {
  return typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;
}

function tensorOf(v: Values, requiresGrad = false): Tensor {
  const flat = T.tensor(v.data.map(num), { dtype: v.dtype });
  const t = T.reshape(flat, v.shape);
  const leaf = new T.Tensor(t.data, t.shape, t.dtype);
  if (requiresGrad) leaf.setRequiresGrad(true);
  return leaf;
}

const ops: Record<string, (xs: Tensor[], kw: Record<string, string>, cs: Tensor[]) => Tensor> = {
  mm: ([a, b]) => T.mm(a, b),
  mv: ([a, b]) => T.mv(a, b),
  dot: ([a, b]) => T.dot(a, b),
  matmul: ([a, b]) => T.matmul(a, b),
  bmm: ([a, b]) => T.bmm(a, b),
  sum: ([x]) => T.sum(x),
  mean: ([x]) => T.mean(x),
  mse_loss: ([x, y], kw) => T.mseLoss(x, y, kw.reduction),
  exp: ([x]) => T.exp(x),
  sigmoid: ([x]) => T.sigmoid(x),
  reciprocal: ([x]) => T.reciprocal(x),
  tanh: ([x]) => T.tanh(x),
  log: ([x]) => T.log(x),
  sin: ([x]) => T.sin(x),
  cos: ([x]) => T.cos(x),
  pow_scalar: ([x], kw) => T.pow(x, new T.Scalar(Number(kw.exponent), 'float')),
  pow: ([a, b]) => T.pow(a, b),
  div: ([a, b]) => T.div(a, b),
  bce_with_logits: ([x], kw, [y, w, pw]) => T.binaryCrossEntropyWithLogits(x, y, w ?? null, pw ?? null, kw.reduction),
};

/** The first element whose bits differ, or null. */
function bitDiff(got: Tensor, want: Values): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, want ${want.dtype}`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape [${got.shape}], want [${want.shape}]`;
  for (let i = 0; i < want.data.length; i++) {
    const w = num(want.data[i]);
    if (!Object.is(got.data[i], w) && !(Number.isNaN(w) && Number.isNaN(got.data[i]))) return `[${i}] = ${got.data[i]}, want ${w}`;
  }
  return null;
}

describe('float kernels are bit-exact with PyTorch', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const inputs = c.inputs.map((v) => tensorOf(v, true));
      const out = ops[c.op](inputs, c.kwargs, (c.constants ?? []).map((v) => tensorOf(v)));
      expect(bitDiff(out, c.output)).toBeNull();
      T.backward(out, tensorOf(c.grad_output));
      inputs.forEach((x, i) => {
        expect(x.grad, `grad of input ${i}`).not.toBeNull();
        expect(bitDiff(x.grad as Tensor, c.grads[i]), `grad of input ${i}`).toBeNull();
      });
    });
  }
});
