/**
 * sum/mean over dims and the broadcast-gradient sums against real PyTorch
 * (tests/oracle/fixtures/dim_sums.json, from gen_dim_sums.py): every output
 * element must have the same bits, in float32 and float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';
import type { Tensor } from '../../core/index';

/** Tensors are stored as their raw little-endian bytes in base64 (exact and compact). */
interface Packed { bytes: string; shape: number[]; dtype: 'float32' | 'float64' }
interface Reduction { name: string; op: 'sum' | 'mean'; dim: number | number[]; keepdim: boolean; output: Packed }
type View =
  | { op: 'permute'; dims: number[] }
  | { op: 'expand'; shape: number[] }
  | { op: 'slice'; dim: number; start: number | null; stop: number | null; step: number | null };
/** `view`, when present, is taken of the input first: its strides decide PyTorch's order of adds. */
interface ReductionCase { input: Packed; view?: View; reductions: Reduction[] }
interface BroadcastResult {
  name: string;
  kind: 'sum' | 'mean' | 'gradient';
  op: 'mul' | 'add' | 'sub';
  b_grad: Packed;
  /** For `(x view * b).sum()`: whether summing a row-major copy of b's gradient gives PyTorch's bits too. */
  row_major_agrees?: boolean;
}
interface BroadcastCase { x: Packed; x_view?: View; b: Packed; grad_output: Packed; results: BroadcastResult[] }

const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/dim_sums.json', import.meta.url), 'utf8')) as {
  reductions: ReductionCase[];
  broadcasts: BroadcastCase[];
};

function tensorOf(v: Packed, requiresGrad = false): Tensor {
  const raw = Buffer.from(v.bytes, 'base64');
  const bytes = new Uint8Array(raw).buffer;
  const data = v.dtype === 'float32' ? new Float32Array(bytes) : new Float64Array(bytes);
  const leaf = new T.Tensor(data, v.shape, v.dtype);
  if (requiresGrad) leaf.setRequiresGrad(true);
  return leaf;
}

/** Null when `actual` has exactly the expected shape, dtype and bits; else what differs. */
function mismatch(actual: Tensor, expected: Packed): string | null {
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype}`;
  if (actual.shape.join() !== expected.shape.join()) return `shape [${actual.shape.join()}]`;
  const data = actual.data;
  const want = tensorOf(expected).data;
  let wrong = 0;
  let first = -1;
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(data[i], want[i])) {
      wrong++;
      if (first < 0) first = i;
    }
  }
  return wrong === 0 ? null : `${wrong} of ${want.length} differ, first at ${first}: ${data[first]} vs ${want[first]}`;
}

const binary = { mul: T.mul, add: T.add, sub: T.sub };

function viewOf(x: Tensor, v: View | undefined): Tensor {
  if (v === undefined) return x;
  if (v.op === 'permute') return T.permute(x, v.dims);
  if (v.op === 'expand') return T.expandTo(x, v.shape);
  return T.slice(x, v.dim, v.start, v.stop, v.step);
}

describe('sum and mean over dims match PyTorch bit for bit', () => {
  const cases = fixture.reductions.flatMap((c) => c.reductions.map((r) => ({ input: c.input, view: c.view, ...r })));
  it.each(cases)('$name', ({ input, view, op, dim, keepdim, output }) => {
    const x = viewOf(tensorOf(input), view);
    const out = op === 'sum' ? T.sum(x, dim, keepdim) : T.mean(x, dim, keepdim);
    expect(mismatch(out, output)).toBeNull();
  });
});

/**
 * Includes `(x.t() * b).sum()`, where PyTorch's gradient for b is
 * `grad.expand(...) * x.t()`: its strides follow x.t() (the expanded grad has
 * stride 0 everywhere), so sum_to walks it column-wise. The generator marks
 * with `row_major_agrees: false` the cases where a row-major walk would give
 * other bits; they check that mul's gradient carries PyTorch's layout.
 */
describe('broadcast gradients (sum_to) match PyTorch bit for bit', () => {
  const all = fixture.broadcasts.flatMap((c) => c.results.map((r) => ({ ...c, ...r })));
  it('includes cases that only a column-wise walk gets right', () => {
    expect(all.filter((c) => c.row_major_agrees === false).length).toBeGreaterThan(0);
  });
  it.each(all)('$name', (c) => {
    expect(bGradMismatch(c)).toBeNull();
  });
});

function bGradMismatch({ x: xv, x_view, b: bv, grad_output, kind, op, b_grad }: BroadcastCase & BroadcastResult): string | null {
  const x = tensorOf(xv, true);
  const b = tensorOf(bv, true);
  const out = binary[op](viewOf(x, x_view), b);
  if (kind === 'sum') T.backward(T.sum(out));
  else if (kind === 'mean') T.backward(T.mean(out));
  else T.backward(out, tensorOf(grad_output));
  if (b.grad === null) return 'no gradient';
  return mismatch(b.grad, b_grad);
}
