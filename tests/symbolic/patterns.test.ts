/**
 * The notation of derivatives, pattern by pattern, as a person writes them:
 * text and LaTeX for small scripts run by the interpreter, and each one's
 * values checked three ways (autograd, analytic, finite differences). That
 * the formulas are the right functions is checked by sympy element by element
 * and by running them in PyTorch (tests/oracle/gen_sympy.py, oracle.test.ts).
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../core/run/run_script';
import { analyzeBackward, toleranceFor } from '../../core/symbolic/index';
import type { LeafAnalysis } from '../../core/symbolic/index';

function analyze(lines: string[]): Map<string, LeafAnalysis> {
  const { result, session } = runScript(['import torch', ...lines].join('\n'));
  expect(result.error).toBeNull();
  const last = session.lastBackward!;
  const results = analyzeBackward(last.capture ?? { root: last.root, gradient: last.gradient, leaves: last.leaves });
  for (const r of results) {
    expect(r.agree, `${r.leaf}: ${r.formula} ${JSON.stringify(r.mismatches)}`).toBe(true);
    const tol = toleranceFor(r.dtype);
    r.autograd.forEach((g, i) => expect(Math.abs(r.analytic![i] - g)).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(g)));
    expect(() => katex.renderToString(r.equation!, { throwOnError: true })).not.toThrow();
  }
  return new Map(results.map((r) => [r.leaf, r]));
}

function expectFormula(r: LeafAnalysis | undefined, text: string, latex: string): void {
  expect(r?.formula).toBe(text);
  expect(r?.latex).toBe(latex);
}

const X5 = 'x = torch.tensor([1., 2., 3., 4., 5.], requires_grad=True)';
const M34 = 'm = torch.arange(12.).reshape(3, 4).requires_grad_()';

describe('a gradient placed by indexing', () => {
  // select_backward(2*x[1], ...) to a learner: "2*x[1] at index 1, 0 elsewhere".
  it('x[1] is the value times a one-hot mask', () => {
    const r = analyze([X5, '(x[1] ** 2).backward()']);
    expectFormula(r.get('x'), '2*x[1]*tensor([0., 1., 0., 0., 0.])', '2 x_{[1]} \\begin{bmatrix}0 & 1 & 0 & 0 & 0\\end{bmatrix}');
  });

  it('a matrix row is the outer product of a one-hot column and the row gradient', () => {
    const r = analyze([M34, '(m[1] ** 2).sum().backward()']);
    expectFormula(r.get('m'), '2*m[1]*tensor([[0.], [1.], [0.]])', '\\begin{bmatrix}0 \\\\ 1 \\\\ 0\\end{bmatrix} \\, \\left(2 m_{[1]}\\right)^{\\top}');
  });

  it('a matrix column is the column gradient times a one-hot row', () => {
    const r = analyze([M34, '(m[:, 2] ** 3).sum().backward()']);
    expectFormula(r.get('m'), '(3*m[:, 2]**2).unsqueeze(1)*tensor([0., 0., 1., 0.])', '3 m_{[{:}, 2]}^{2} \\begin{bmatrix}0 & 0 & 1 & 0\\end{bmatrix}');
  });

  it('a slice whose gradient varies is placed with slice_scatter', () => {
    const r = analyze([X5, '(x[1:3] ** 2).sum().backward()']);
    expectFormula(r.get('x'), 'zeros(5).slice_scatter(2*x[1:3], start=1, end=3, step=1)',
      '\\left[\\, 2 x_{[1{:}3]} \\text{ at } [1{:}3],\\ 0 \\text{ elsewhere} \\,\\right]');
  });

  it('a gradient that depends on no variable is written by value (corpus 033)', () => {
    const r = analyze([M34, '(m[0].sum() + m[:, 1].sum() * 2 + m[1, 2] * 5).backward()']);
    expectFormula(r.get('m'), 'tensor([[1., 3., 1., 1.], [0., 2., 5., 0.], [0., 2., 0., 0.]])',
      '\\begin{bmatrix}1 & 3 & 1 & 1 \\\\ 0 & 2 & 5 & 0 \\\\ 0 & 2 & 0 & 0\\end{bmatrix}');
    expect(r.get('m')!.expression).toBe('m[0].sum() + 2*m[:, 1].sum() + 5*m[1, 2]');
  });

  it('a mask over a function of the leaf stays after the function', () => {
    const r = analyze([X5, 'torch.sin(x)[4].backward()']);
    expectFormula(r.get('x'), 'cos(x)*tensor([0., 0., 0., 0., 1.])', '\\cos\\left(x\\right) \\, \\begin{bmatrix}0 & 0 & 0 & 0 & 1\\end{bmatrix}');
  });
});

describe('broadcasts and matrix products', () => {
  // outer(ones(3), v): each row of the gradient is v.
  it('sum(A @ v) by A is v in every row', () => {
    const r = analyze(['A = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)', 'v = torch.tensor([1., -1.])', '(A @ v).sum().backward()']);
    expectFormula(r.get('A'), 'v.expand(3, 2)', '\\mathbf{1}_{3} \\, v^{\\top}');
  });

  it('sum(v @ B) by B is v in every column', () => {
    const r = analyze(['v = torch.tensor([1., -1.])', 'B = torch.tensor([[1., 0., -1.], [0.5, 1., 2.]], requires_grad=True)', '(v @ B).sum().backward()']);
    expectFormula(r.get('B'), 'v.unsqueeze(1).expand(2, 3)', 'v \\, \\mathbf{1}_{3}^{\\top}');
  });

  // Raw: ((x.T @ (2*(x @ W.T))).T; (A @ B).T = B.T @ A.T cancels both transposes.
  it('a linear layer x @ W.T: the transposes cancel', () => {
    const r = analyze(['x = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])', 'W = torch.tensor([[0.5, -1.], [2., 1.], [0., 1.]], requires_grad=True)', '((x @ W.T) ** 2).sum().backward()']);
    expectFormula(r.get('W'), '2*(W @ x.T @ x)', '2 W \\, x^{\\top} \\, x');
  });

  it('torch.bmm and batched @ transpose each matrix of the batch', () => {
    const r = analyze([
      'A = torch.tensor([[[1., 2.], [3., 4.]], [[0.5, -1.], [2., 1.]]], requires_grad=True)',
      'B = torch.tensor([[[1., 0., -1.], [0.5, 1., 2.]], [[2., 1., 0.], [-1., 0.5, 1.]]], requires_grad=True)',
      '(torch.bmm(A, B) * (A @ B)).sum().backward()',
    ]);
    expect(r.get('A')!.expression).toBe('((A @ B)**2).sum()');
    expectFormula(r.get('A'), '2*(A @ B @ B.transpose(1, 2))', '2 A \\, B \\, B^{\\top}');
    expectFormula(r.get('B'), '2*(A.transpose(1, 2) @ (A @ B))', '2 A^{\\top} \\, \\left(A \\, B\\right)');
  });

  it('the mean moves out of a matrix product as a fraction in front (corpus 028)', () => {
    const r = analyze([
      'x = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])', 'target = torch.tensor([1., 2., 3.])',
      'w = torch.tensor([0.1, -0.1], requires_grad=True)', 'b = torch.tensor(0., requires_grad=True)',
      'torch.nn.functional.mse_loss(x @ w + b, target).backward()',
    ]);
    expectFormula(r.get('w'), '2*(x.T @ (x @ w + b - target))/3', '\\frac{2}{3} x^{\\top} \\, \\left(x \\, w + b - \\mathrm{target}\\right)');
    expectFormula(r.get('b'), '2*(x @ w + b - target).sum()/3', '\\frac{2}{3} \\sum \\left(x \\, w + b - \\mathrm{target}\\right)');
  });

  it('a transposed constant folds to its values (corpus 030)', () => {
    const r = analyze(['x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)', '(x.T * torch.tensor([[1.], [2.], [3.]])).sum().backward()']);
    expectFormula(r.get('x'), 'tensor([[1., 2., 3.], [1., 2., 3.]])', '\\begin{bmatrix}1 & 2 & 3 \\\\ 1 & 2 & 3\\end{bmatrix}');
  });
});

describe('sums, reshapes and constants', () => {
  it('numeric factors move out of a sum (corpus 007)', () => {
    const r = analyze([
      'xs = torch.tensor([0., 1., 2., 3., 4.])', 'ys = 2 * xs + 1',
      'w = torch.tensor(0.5, requires_grad=True)', 'b = torch.tensor(0.25, requires_grad=True)',
      '((w * xs + b - ys) ** 2).mean().backward()',
    ]);
    expectFormula(r.get('b'), '2*(w*xs + b - ys).sum()/5', '\\frac{2}{5} \\sum \\left(w \\, \\mathrm{xs} + b - \\mathrm{ys}\\right)');
    expectFormula(r.get('w'), '2*(xs*(w*xs + b - ys)).sum()/5', '\\frac{2}{5} \\sum \\mathrm{xs} \\, \\left(w \\, \\mathrm{xs} + b - \\mathrm{ys}\\right)');
  });

  it('reshapes that cancel leave the elementwise derivative', () => {
    const r = analyze(['x = torch.tensor([0.5, -1., 2., 1.5, -0.25, 3.], requires_grad=True)', '((x ** 2).reshape(2, 3) ** 3).sum(0).sum().backward()']);
    expectFormula(r.get('x'), '6*x**5', '6 x^{5}');
  });

  it('a constant leaves a reshape chain; the rest stays as the script shaped it (corpus 031)', () => {
    const r = analyze(['x = torch.arange(6.).requires_grad_()', 'v = x.view(2, 3)', 'r = x.reshape(3, 2)', '(v.sum() + r.sum() * 2 + (v.t().reshape(6) * x).sum()).backward()']);
    expect(r.get('x')!.formula).toBe('x.view(2, 3).T.reshape(6) + x.reshape(3, 2).T.reshape(6) + 3');
  });

  it('torch.add(x, y, alpha=3) is x + 3*y', () => {
    const r = analyze(['x = torch.tensor([1., 2.], requires_grad=True)', 'y = torch.tensor([0.5, -1.], requires_grad=True)', '(torch.add(x, y, alpha=3) ** 2).sum().backward()']);
    expectFormula(r.get('x'), '2*(x + 3*y)', '2 \\left(x + 3 y\\right)');
    expectFormula(r.get('y'), '6*(x + 3*y)', '6 \\left(x + 3 y\\right)');
  });
});

describe('LaTeX as on a whiteboard', () => {
  it('tanh squared is \\tanh^{2}, products sit side by side', () => {
    const r = analyze(['x = torch.tensor([-1., 0.5, 2.], requires_grad=True)', '(torch.sigmoid(x) * torch.tanh(x)).sum().backward()']);
    expectFormula(r.get('x'), 'sigmoid(x)*(1 - tanh(x)**2) + tanh(x)*sigmoid(x)*(1 - sigmoid(x))',
      '\\sigma\\left(x\\right) \\, \\left(1 - \\tanh^{2}\\left(x\\right)\\right) + \\tanh\\left(x\\right) \\, \\sigma\\left(x\\right) \\, \\left(1 - \\sigma\\left(x\\right)\\right)');
  });

  it('a weighted VJP keeps v in front; a number goes before it', () => {
    const r = analyze(['a = torch.tensor([2., 3.], requires_grad=True)', 'Q = 3 * a ** 3', 'Q.backward(torch.tensor([0.5, -2.]))']);
    expectFormula(r.get('a'), 'v*(9*a**2)', 'v \\, \\left(9 a^{2}\\right)');
    const s = analyze(['x = torch.tensor([1., 2.], requires_grad=True)', '(x * 2).backward(torch.tensor([0.1, 1.0]))']);
    expectFormula(s.get('x'), '2*v', '2 v');
  });
});
