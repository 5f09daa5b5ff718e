/**
 * Every LaTeX formula the lab shows must render with KaTeX (the renderer's
 * math engine): for each corpus script with a backward(), for every oracle
 * case, and for random expression trees. KaTeX throws on what it cannot
 * parse (`\[` inside math, unbalanced braces), so `throwOnError` is the check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { backward } from '../../core/index';
import { runScript } from '../../core/run/run_script';
import { analyzeBackward } from '../../core/symbolic/index';
import type { LeafAnalysis } from '../../core/symbolic/index';
import type { Ast, OracleCase } from './ast_cases';
import { buildCase } from './ast_cases';

const corpus = new URL('../corpus/', import.meta.url).pathname;
const scripts = readdirSync(corpus).filter((f) => f.endsWith('.py')).sort();
const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/sympy.json', import.meta.url), 'utf8')) as { cases: OracleCase[] };

function expectRenders(r: LeafAnalysis, where: string): void {
  for (const tex of [r.latex, r.equation]) {
    if (tex === null) continue;
    expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' }), `${where} ${r.leaf}: ${tex}`).not.toThrow();
  }
}

function analyzeScript(file: string): LeafAnalysis[] {
  const { result, session } = runScript(readFileSync(`${corpus}${file}`, 'utf8'), { fileName: file });
  const last = session.lastBackward;
  if (result.error !== null || last === null) return [];
  return analyzeBackward(last.capture ?? { root: last.root, gradient: last.gradient, leaves: last.leaves });
}

describe('KaTeX renders every formula', () => {
  it('of the script corpus', () => {
    let rendered = 0;
    for (const file of scripts) {
      for (const r of analyzeScript(file)) {
        expect(r.latex, `${file} ${r.leaf} has LaTeX`).not.toBeNull();
        expectRenders(r, file);
        rendered++;
      }
    }
    expect(rendered).toBeGreaterThan(30);
  });

  it('of the oracle cases', () => {
    for (const c of fixture.cases) {
      const built = buildCase(c);
      backward(built.root, built.gradient);
      for (const r of analyzeBackward(built)) expectRenders(r, c.name);
    }
  });

  it('of random trees with indexing, slicing, transposes and reductions', () => {
    const inner: fc.Arbitrary<Ast> = fc.oneof(
      fc.constantFrom<Ast>('x', ['pow', 'x', 2], ['sin', 'x'], ['mul', 'x', 'y'], ['div', 'x', ['add', 2, ['sigmoid', 'y']]], ['tanh', ['sub', 'x', 'y']]),
    );
    const outer = fc.tuple(inner, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 })).map(([e, how, k]): Ast => {
      const m: Ast = ['reshape', e, 2, 3];
      switch (how) {
        case 0: return ['sum', ['pow', ['select', m, k, k], 2]];
        case 1: return ['sum', ['exp', ['slice', m, 1, k, 3, 2]]];
        // An unnamed constant column, as the script corpus writes it (tensor([[1.5], [-2.], [0.25]])).
        case 2: return ['sum', ['mul', ['T', m], ['const', [[1.5], [-2], [0.25]]] as unknown as Ast]];
        case 3: return ['mean', ['matmul', m, ['T', ['reshape', 'y', 2, 3]]]];
        case 4: return ['sum', ['sum_dim', ['pow', m, 3], k, 0]];
        default: return ['sum', ['unsqueeze', ['select', e, 0, 4], 0]];
      }
    });
    fc.assert(
      fc.property(outer, (expr) => {
        const c: OracleCase = { name: 'random', expr, leaves: { x: [0.5, -1, 2, 1.5, -0.25, 3], y: [1, 2, -1, 0.5, 0.75, -2] }, gradient: null, dtype: 'float64' };
        const built = buildCase(c);
        backward(built.root, built.gradient);
        for (const r of analyzeBackward(built)) {
          expect(r.agree, `${r.leaf}: ${r.formula}`).toBe(true);
          expectRenders(r, JSON.stringify(expr));
        }
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});
