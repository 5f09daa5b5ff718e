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
  /** sympy element by element, for tensor formulas (tests/oracle/sympy_tensor.py). */
  readonly tensor_verdicts?: Record<string, { equivalent: boolean; difference: string }>;
  /** max |formula text run by real PyTorch - .grad| per leaf. */
  readonly torch_eval_error: Record<string, number>;
}

/** Cases whose kinks (relu, abs, ties) sympy cannot confirm everywhere: values only. */
const KINKS = new Set(['relu_abs_chain', 'activation_chain', 'max_ties']);

/** The formula run by PyTorch agrees with .grad as closely as autograd and analytic must. */
function expectEvaluates(error: number, grad: readonly number[], dtype: 'float32' | 'float64', what: string): void {
  const tol = toleranceFor(dtype);
  const scale = Math.max(1, ...grad.map(Math.abs));
  expect(error, what).toBeLessThanOrEqual(tol.atol * scale + tol.rtol * scale);
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
        else if (!KINKS.has(c.name)) expect(c.tensor_verdicts?.[r.leaf].equivalent, c.tensor_verdicts?.[r.leaf].difference).toBe(true);
        expectEvaluates(c.torch_eval_error[r.leaf], torchGrad, c.dtype, `${r.leaf} = ${r.formula} run by PyTorch`);
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

  it.skipIf(!sympyAvailable)('live: tensor formulas equal sympy element by element, and run in PyTorch to .grad', () => {
    const items = fixture.cases.filter((c) => c.sympy === null && !KINKS.has(c.name)).map((c) => ({
      case: c,
      formulas: Object.fromEntries(analyze(c).map((r) => [r.leaf, r.formula])),
      gradient_name: 'v' in c.leaves ? 'grad_output' : 'v',
    }));
    expect(items.length).toBeGreaterThan(20);
    const out = execFileSync('/usr/bin/python3', [new URL('../oracle/sympy_tensor.py', import.meta.url).pathname], { input: JSON.stringify(items) });
    const results = JSON.parse(out.toString()) as { name: string; verdicts: Record<string, { equivalent: boolean; difference: string }>; torch_eval_error: Record<string, number> }[];
    for (const res of results) {
      const c = fixture.cases.find((k) => k.name === res.name)!;
      for (const [leaf, v] of Object.entries(res.verdicts)) {
        expect(v.equivalent, `${res.name}/${leaf}: ${v.difference}`).toBe(true);
        expectEvaluates(res.torch_eval_error[leaf], c.torch[leaf], c.dtype, `${res.name}/${leaf} run by PyTorch`);
      }
    }
  });
});
