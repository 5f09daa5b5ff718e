import { describe, expect, it } from 'vitest';
import { backward, ones, pow, sub, mul, tensor } from '../../core/index';
import { analyzeBackward } from '../../core/symbolic/index';
import { leaf, constant, traced } from './helpers';

describe('the seed course and the autograd tutorial', () => {
  it('x**2 - 5 with gradient=ones(5) gives 2*x, equal to x.grad', () => {
    const x = leaf('x', [1, 2, 3, 4, 5]);
    const loss = traced(() => sub(pow(x, 2), 5));
    loss.label = 'loss';
    backward(loss, ones([5]));
    const [r] = analyzeBackward({ root: loss, gradient: ones([5]), leaves: [{ name: 'x', tensor: x }] });
    expect(r.formula).toBe('2*x');
    expect(r.latex).toBe('2 x');
    expect(r.expression).toBe('x**2 - 5');
    expect(r.autograd).toEqual(Array.from(x.grad!.data));
    expect(r.analytic).toEqual(Array.from(x.grad!.data));
    expect(r.agree).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-6);
  });

  it('Q = 3*a**3 - b**2 with a ones external gradient gives 9*a**2 and -2*b', () => {
    const a = leaf('a', [2, 3]);
    const b = leaf('b', [6, 4]);
    const Q = traced(() => sub(mul(3, pow(a, 3)), pow(b, 2)));
    Q.label = 'Q';
    const g = constant('external_grad', [1, 1]);
    backward(Q, g);
    const [ra, rb] = analyzeBackward({ root: Q, gradient: g, leaves: [{ name: 'a', tensor: a }, { name: 'b', tensor: b }] });
    expect(ra.formula).toBe('9*a**2');
    expect(ra.latex).toBe('9 a^{2}');
    expect(rb.formula).toBe('-2*b');
    expect(rb.latex).toBe('-2 b');
    expect(ra.analytic).toEqual(Array.from(a.grad!.data));
    expect(rb.analytic).toEqual(Array.from(b.grad!.data));
    expect(ra.agree && rb.agree).toBe(true);
  });

  it('a non-ones gradient v gives the weighted VJP v*(9*a**2)', () => {
    const a = leaf('a', [2, 3]);
    const b = leaf('b', [6, 4]);
    const Q = traced(() => sub(mul(3, pow(a, 3)), pow(b, 2)));
    const v = constant('v', [0.5, -2]);
    backward(Q, v);
    const [ra, rb] = analyzeBackward({ root: Q, gradient: v, leaves: [{ name: 'a', tensor: a }, { name: 'b', tensor: b }] });
    expect(ra.formula).toBe('v*(9*a**2)');
    expect(rb.formula).toBe('v*(-2*b)');
    expect(ra.agree && rb.agree).toBe(true);
  });

  it('an unnamed custom gradient is called v; a numeric factor goes in front of it', () => {
    const x = leaf('x', [1, 2, 3]);
    const y = traced(() => mul(x, 2));
    const g = tensor([0.1, 1.0, 0.0001], { dtype: 'float32' });
    backward(y, g);
    const [r] = analyzeBackward({ root: y, gradient: g, leaves: [{ name: 'x', tensor: x }] });
    expect(r.formula).toBe('2*v');
    expect(r.latex).toBe('2 v');
    expect(r.analytic).toEqual(Array.from(x.grad!.data));
  });
});
