/**
 * The analysis around the formulas: capturing a backward() before the script
 * changes its leaves, the size limit, ops without a rule, chart data and
 * downsampling, sampled finite differences.
 */
import { describe, expect, it } from 'vitest';
import { add, backward, inplace, matmul, mean, mul, pow, sub, sum, tensor, withGradMode, zero_, relu, clone } from '../../core/index';
import { MAX_TRACE_NODES, analyzeBackward, captureBackward } from '../../core/symbolic/index';
import { lttbIndices, minMaxIndices } from '../../core/symbolic/downsample';
import { leaf, constant, traced } from './helpers';

describe('captureBackward', () => {
  it('keeps the values and gradient of the backward even after an optimizer step and zero_()', () => {
    const xs = constant('xs', [0, 1, 2, 3, 4]);
    // Computed by traced ops but outside the graph: a constant that keeps its name.
    const ys = traced(() => add(mul(2, xs), 1));
    ys.label = 'ys';
    const w = leaf('w', 0.5);
    const b = leaf('b', 0.1);
    let capture = null;
    let expected: number[] = [];
    for (let step = 0; step < 3; step++) {
      const loss = traced(() => mean(pow(sub(add(mul(w, xs), b), ys), 2)));
      loss.label = 'loss';
      capture = captureBackward({ root: loss, gradient: null, leaves: [{ name: 'w', tensor: w }, { name: 'b', tensor: b }] });
      backward(loss);
      capture.complete();
      expected = [w.grad!.data[0], b.grad!.data[0]];
      withGradMode(false, () => {
        inplace('sub', w, mul(0.05, w.grad!));
        inplace('sub', b, mul(0.05, b.grad!));
      });
      zero_(w.grad!);
      zero_(b.grad!);
    }
    const [rw, rb] = analyzeBackward(capture!);
    expect([rw.autograd[0], rb.autograd[0]]).toEqual(expected);
    expect(rw.agree && rb.agree).toBe(true);
    // The mean's 1/5 and the square's 2 move out of the sum, as a person writes them.
    expect(rw.formula).toBe('2*(xs*(w*xs + b - ys)).sum()/5');
    expect(rb.formula).toBe('2*(w*xs + b - ys).sum()/5');
  });

  it('reports the gradient of this backward, not the accumulated .grad', () => {
    const x = leaf('x', [1, -1]);
    for (let i = 1; i <= 3; i++) backward(traced(() => sum(mul(mul(x, x), i))));
    const root = traced(() => sum(mul(x, 10)));
    const capture = captureBackward({ root, gradient: null, leaves: [{ name: 'x', tensor: x }] });
    backward(root);
    capture.complete();
    const [r] = analyzeBackward(capture);
    expect(r.formula).toBe('10');
    expect(r.autograd).toEqual([10, 10]);
    expect(r.agree).toBe(true);
  });
});

describe('no closed form', () => {
  it('a trace past the size limit says so, and numeric still checks autograd', () => {
    const x = leaf('x', [0.5, 0.25]);
    const y = traced(() => {
      const t = mul(x, 1);
      // In-place updates grow the expression: y = y*x + 1, many times.
      for (let i = 0; i < MAX_TRACE_NODES; i++) {
        inplace('mul', t, 0.5);
        inplace('add', t, x);
      }
      return sum(t);
    });
    backward(y);
    const [r] = analyzeBackward({ root: y, gradient: null, leaves: [{ name: 'x', tensor: x }] });
    expect(r.formula).toBeNull();
    expect(r.analytic).toBeNull();
    expect(r.reason).toMatch(/more than the limit of 600/);
    expect(r.numeric).not.toBeNull();
    expect(r.errors.numeric?.agree).toBe(true);
    expect(r.agree).toBe(true);
  });

  it('a tensor in the graph without a trace gives a reason, not a wrong formula', () => {
    const x = leaf('x', [1, 2]);
    const y = traced(() => mul(x, 3));
    // zero_() on a non-leaf records ZeroBackward0 and clears the trace.
    withGradMode(true, () => zero_(y));
    const z = traced(() => sum(add(y, x)));
    backward(z);
    const [r] = analyzeBackward({ root: z, gradient: null, leaves: [{ name: 'x', tensor: x }] });
    expect(r.formula).toBeNull();
    expect(r.reason).toMatch(/ZeroBackward0 has no symbolic trace/);
    expect(r.agree).toBe(false);
  });
});

describe('chart data', () => {
  it('seed example: points on f\'(t) = 2t, with dense curves over the value range', () => {
    const x = leaf('x', [1, 2, 3, 4, 5]);
    const loss = traced(() => sub(pow(x, 2), 5));
    loss.label = 'loss';
    backward(loss, tensor([1, 1, 1, 1, 1], { dtype: 'float32' }));
    const [{ chart }] = analyzeBackward({ root: loss, gradient: tensor([1, 1, 1, 1, 1], { dtype: 'float32' }), leaves: [{ name: 'x', tensor: x }] });
    expect(chart.xAxis).toBe('value');
    expect(chart.yLabel).toBe('∂loss/∂x');
    expect(chart.autograd.x).toEqual([1, 2, 3, 4, 5]);
    expect(chart.autograd.y).toEqual(Array.from(x.grad!.data));
    expect(chart.analytic!.y).toEqual(Array.from(x.grad!.data));
    const curves = chart.curves!;
    expect(curves.f).toBe('t**2 - 5');
    expect(curves.df).toBe('2*t');
    expect(curves.range[0]).toBeLessThan(1);
    expect(curves.range[1]).toBeGreaterThan(5);
    // Every autograd point lies on the f' curve (it is linear, so interpolation is exact).
    for (let k = 0; k < 5; k++) {
      const t = chart.autograd.x[k];
      const i = curves.dfCurve.x.findIndex((v) => v >= t);
      const [t0, t1] = [curves.dfCurve.x[i - 1], curves.dfCurve.x[i]];
      const [d0, d1] = [curves.dfCurve.y[i - 1], curves.dfCurve.y[i]];
      expect(d0 + ((d1 - d0) * (t - t0)) / (t1 - t0)).toBeCloseTo(chart.autograd.y[k], 9);
    }
    expect(curves.fCurve.y[0]).toBeCloseTo(curves.fCurve.x[0] ** 2 - 5, 12);
  });

  it('a mean divides f by N so the points still lie on f\'', () => {
    const x = leaf('x', [-1, 0.5, 2, 3]);
    const loss = traced(() => mean(pow(x, 3)));
    backward(loss);
    const [{ chart }] = analyzeBackward({ root: loss, gradient: null, leaves: [{ name: 'x', tensor: x }] });
    expect(chart.curves!.f).toBe('t**3/4');
    expect(chart.curves!.df).toBe('3*t**2/4');
  });

  it('no curves when the root mixes elements or the gradient is not uniform', () => {
    const A = leaf('A', [[1, 2], [3, 4]]);
    const B = leaf('B', [[0.5, -1], [2, 1]]);
    const y = traced(() => sum(matmul(A, B)));
    backward(y);
    const [ra] = analyzeBackward({ root: y, gradient: null, leaves: [{ name: 'A', tensor: A }, { name: 'B', tensor: B }] });
    expect(ra.chart.xAxis).toBe('index');
    expect(ra.chart.autograd.x).toEqual([0, 1, 2, 3]);
    expect(ra.chart.curves).toBeNull();
    const x = leaf('x', [1, 2]);
    const v = constant('v', [1, 3]);
    const q = traced(() => pow(x, 2));
    backward(q, v);
    expect(analyzeBackward({ root: q, gradient: v, leaves: [{ name: 'x', tensor: x }] })[0].chart.curves).toBeNull();
  });

  it('downsamples past 10^4 points and says so; the check is still element by element', () => {
    const n = 30_000;
    const data = Array.from({ length: n }, (_, i) => -3 + (6 * i) / (n - 1));
    const x = leaf('x', data, 'float64');
    const y = traced(() => sum(relu(mul(x, x))));
    backward(y);
    const [r] = analyzeBackward({ root: y, gradient: null, leaves: [{ name: 'x', tensor: x }] });
    expect(r.agree).toBe(true);
    expect(r.numeric).toHaveLength(n);
    expect(r.chart.autograd.downsampled).toEqual({ from: n, to: r.chart.autograd.x.length, method: 'lttb' });
    expect(r.chart.autograd.x.length).toBeLessThanOrEqual(2000);
    expect(r.chart.autograd.x[0]).toBe(-3);
    expect(r.chart.autograd.x.at(-1)).toBe(3);
  });
});

describe('downsampling', () => {
  it('LTTB keeps the ends and the spike of a flat series', () => {
    const n = 20_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => (i === 12_345 ? 100 : 0));
    const kept = lttbIndices(x, y, 500);
    expect(kept).toHaveLength(500);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(n - 1);
    expect(kept).toContain(12_345);
  });

  it('min/max keeps every bucket\'s extremes in order', () => {
    const y = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) + (i === 777 ? -5 : 0));
    const kept = minMaxIndices(y, 200);
    expect(kept).toContain(777);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });
});

describe('sampled finite differences', () => {
  it('a large non-separable leaf gets a deterministic sample, marked as such', () => {
    const n = 300;
    const A = leaf('A', Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.sin(i + 2 * j))), 'float64');
    const B = constant('B', Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.cos(i * j))), 'float64');
    const y = traced(() => sum(matmul(clone(A), B)));
    backward(y);
    const [r] = analyzeBackward({ root: y, gradient: null, leaves: [{ name: 'A', tensor: A }] });
    expect(r.formula).toBe('ones(300, 300) @ B.T');
    expect(r.numericSampled).not.toBeNull();
    expect(r.numericSampled!.of).toBe(n * n);
    expect(r.agree).toBe(true);
  }, 60_000);
});
