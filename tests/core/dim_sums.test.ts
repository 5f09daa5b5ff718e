/**
 * sum/mean over dims and the broadcast-gradient sums against real PyTorch
 * (tests/oracle/fixtures/dim_sums.json, from gen_dim_sums.py): every output
 * element must have the same bits, in float32 and float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';
import type { DType, Tensor } from '../../core/index';

interface Values { data: (number | string)[]; shape: number[]; dtype: DType }
interface Reduction { name: string; op: 'sum' | 'mean'; dim: number | number[]; keepdim: boolean; output: Values }
interface ReductionCase { input: Values; reductions: Reduction[] }
interface BroadcastResult { name: string; kind: 'sum' | 'mean' | 'gradient'; op: 'mul' | 'add' | 'sub'; b_grad: Values }
interface BroadcastCase { x: Values; b: Values; grad_output: Values; results: BroadcastResult[] }

const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/dim_sums.json', import.meta.url), 'utf8')) as {
  reductions: ReductionCase[];
  broadcasts: BroadcastCase[];
};

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

/** Null when `actual` has exactly the expected shape, dtype and bits; else what differs. */
function mismatch(actual: Tensor, expected: Values): string | null {
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype}`;
  if (actual.shape.join() !== expected.shape.join()) return `shape [${actual.shape.join()}]`;
  const data = actual.data;
  let wrong = 0;
  let first = -1;
  for (let i = 0; i < expected.data.length; i++) {
    if (!Object.is(data[i], num(expected.data[i]))) {
      wrong++;
      if (first < 0) first = i;
    }
  }
  return wrong === 0 ? null : `${wrong} of ${expected.data.length} differ, first at ${first}: ${data[first]} vs ${num(expected.data[first])}`;
}

const binary = { mul: T.mul, add: T.add, sub: T.sub };

describe('sum and mean over dims match PyTorch bit for bit', () => {
  const cases = fixture.reductions.flatMap((c) => c.reductions.map((r) => ({ input: c.input, ...r })));
  it.each(cases)('$name', ({ input, op, dim, keepdim, output }) => {
    const x = tensorOf(input);
    const out = op === 'sum' ? T.sum(x, dim, keepdim) : T.mean(x, dim, keepdim);
    expect(mismatch(out, output)).toBeNull();
  });
});

describe('broadcast gradients (sum_to) match PyTorch bit for bit', () => {
  const cases = fixture.broadcasts.flatMap((c) => c.results.map((r) => ({ ...c, ...r })));
  it.each(cases)('$name', ({ x: xv, b: bv, grad_output, kind, op, b_grad }) => {
    const x = tensorOf(xv, true);
    const b = tensorOf(bv, true);
    const out = binary[op](x, b);
    if (kind === 'sum') T.backward(T.sum(out));
    else if (kind === 'mean') T.backward(T.mean(out));
    else T.backward(out, tensorOf(grad_output));
    expect(b.grad).not.toBeNull();
    expect(mismatch(b.grad as Tensor, b_grad)).toBeNull();
  });
});
