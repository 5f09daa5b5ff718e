/**
 * Formulas against sympy and values against real PyTorch, on the cases of
 * tests/oracle/gen_sympy.py (fixture tests/oracle/fixtures/sympy.json).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backward } from '../../core/index';
import { analyzeBackward, toleranceFor } from '../../core/symbolic/index';
import type { LeafAnalysis } from '../../core/symbolic/index';
import type { OracleCase } from './ast_cases';
import { buildCase } from './ast_cases';

interface FixtureCase extends OracleCase {
  readonly torch: Record<string, number[]>;
  readonly sympy: Record<string, string> | null;
  readonly ours: Record<string, string | null>;
  readonly verdicts?: Record<string, { equivalent: boolean; difference: string }>;
}

const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/sympy.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };

function analyze(c: OracleCase): LeafAnalysis[] {
  const built = buildCase(c);
  backward(built.root, built.gradient);
  return analyzeBackward(built);
}

function closeTo(actual: readonly number[], expected: readonly number[], dtype: 'float32' | 'float64'): void {
  const tol = toleranceFor(dtype);
  const scale = Math.max(1, ...expected.map(Math.abs));
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(tol.atol * scale + tol.rtol * Math.abs(expected[i])));
}

const sympyAvailable = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import sympy'], { stdio: 'ignore' }).status === 0;

describe('analytic derivatives against PyTorch and sympy', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const results = analyze(c);
      expect(results.map((r) => r.leaf).sort()).toEqual(Object.keys(c.torch).sort());
      for (const r of results) {
        const torchGrad = c.torch[r.leaf];
        expect(r.reason).toBeNull();
        expect(r.agree, `${r.leaf}: ${JSON.stringify(r.mismatches)}`).toBe(true);
        closeTo(r.autograd, torchGrad, c.dtype);
        closeTo(r.analytic!, torchGrad, c.dtype);
        const reliable = r.numeric!.map((v, i) => (r.unreliableNumeric.includes(i) ? torchGrad[i] : v));
        closeTo(reliable, torchGrad, c.dtype);
        // The formula whose sympy verdict is checked in; a change needs `npm run oracle`.
        expect(r.formula).toBe(c.ours[r.leaf]);
        if (c.verdicts) expect(c.verdicts[r.leaf].equivalent, c.verdicts[r.leaf].difference).toBe(true);
      }
    });
  }

  it.skipIf(!sympyAvailable)('live: sympy.simplify(ours - theirs) == 0 for every elementwise case', () => {
    const items = fixture.cases.filter((c) => c.sympy !== null).flatMap((c) => {
      const results = analyze(c);
      return results.map((r) => ({ id: `${c.name}/${r.leaf}`, ours: r.formula, theirs: c.sympy![r.leaf], symbols: Object.keys(c.leaves) }));
    });
    expect(items.length).toBeGreaterThan(20);
    const out = execFileSync('/usr/bin/python3', [new URL('../oracle/sympy_equiv.py', import.meta.url).pathname], { input: JSON.stringify(items) });
    const verdicts = JSON.parse(out.toString()) as { id: string; equivalent: boolean; difference: string }[];
    for (const v of verdicts) expect(v.equivalent, `${v.id}: ours - theirs = ${v.difference}`).toBe(true);
  });
});
