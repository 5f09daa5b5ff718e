/**
 * fast-check: random expression trees over the supported ops give the same
 * gradient three ways (autograd, analytic, finite differences). Trees are
 * built so values stay finite and away from domain edges (log and sqrt of
 * 1 + u**2, division by 2 + sin(u)); kinks of relu/abs may still be hit, and
 * then the finite difference is flagged and left out, as the module does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backward } from '../../core/index';
import { analyzeBackward } from '../../core/symbolic/index';
import type { Ast, OracleCase } from './ast_cases';
import { buildCase } from './ast_cases';

const unaryOps = ['sin', 'cos', 'tanh', 'sigmoid', 'relu', 'abs', 'neg'] as const;

const elementwise: fc.Arbitrary<Ast> = fc.letrec<{ node: Ast }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom<Ast>('x', 'y'),
    fc.tuple(fc.constantFrom('add', 'sub', 'mul'), tie('node'), tie('node')).map(([op, a, b]): Ast => [op, a, b]),
    fc.tuple(fc.constantFrom(...unaryOps), tie('node')).map(([op, a]): Ast => [op, a]),
    fc.tuple(tie('node'), tie('node')).map(([a, b]): Ast => ['div', a, ['add', 2, ['sin', b]]]),
    tie('node').map((a): Ast => ['pow', ['tanh', a], 2]),
    tie('node').map((a): Ast => ['pow', ['add', 1.5, ['sigmoid', a]], 3]),
    tie('node').map((a): Ast => ['exp', ['tanh', a]]),
    tie('node').map((a): Ast => ['log', ['add', 1, ['pow', a, 2]]]),
    tie('node').map((a): Ast => ['sqrt', ['add', 1, ['pow', a, 2]]]),
    tie('node').map((a): Ast => ['pow', 2, ['tanh', a]]),
    fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), tie('node')).map(([c, a]): Ast => ['mul', Math.round(c * 4) / 4, a]),
  ),
})).node;

const values = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 });

/** Roots: the elementwise tree, its sum or mean, or a reduction over a dim of its 2x2 reshape. */
const rooted = fc.tuple(elementwise, fc.constantFrom('none', 'sum', 'mean', 'sum_dim', 'matmul')).map(([e, how]): { expr: Ast; scalar: boolean; shape: number[] } => {
  if (how === 'sum' || how === 'mean') return { expr: [how, e], scalar: true, shape: [] };
  if (how === 'sum_dim') return { expr: ['sum_dim', ['reshape', e, 2, 2], 0, 0], scalar: false, shape: [2] };
  if (how === 'matmul') return { expr: ['matmul', ['reshape', e, 2, 2], ['T', ['reshape', 'y', 2, 2]]], scalar: false, shape: [2, 2] };
  return { expr: e, scalar: false, shape: [4] };
});

function check(c: OracleCase): void {
  const built = buildCase(c);
  backward(built.root, built.gradient);
  for (const r of analyzeBackward(built)) {
    expect(r.reason, r.formula ?? '').toBeNull();
    expect(r.agree, `${r.leaf}: d/d${r.leaf} ${r.expression} = ${r.formula}: ${JSON.stringify(r.mismatches)}`).toBe(true);
  }
}

describe('random expression trees: autograd = analytic = numeric', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype} leaves`, () => {
      fc.assert(
        fc.property(rooted, values, values, fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }), (root, x, y, g) => {
          // float32 autograd loses precision in long chains; keep those trees shallower in value.
          const gradient = root.scalar ? null : root.shape.length === 2 ? [[g[0], g[1]], [g[2], g[3]]] : root.shape[0] === 2 ? g.slice(0, 2) : g;
          check({ name: 'property', expr: root.expr, leaves: { x, y }, gradient, dtype });
        }),
        { numRuns: dtype === 'float64' ? 120 : 60, seed: dtype === 'float64' ? 20240501 : 7 },
      );
    });
  }
});
