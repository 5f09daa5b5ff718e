/**
 * Used by tests/oracle/gen_sympy.py: reads the oracle cases on stdin and
 * prints Autograd Lab's derivative formula for each case and leaf, as JSON
 * {case: {leaf: formula | null}}.
 */
import { readFileSync } from 'node:fs';
import { backward } from '../../core/index';
import { analyzeBackward } from '../../core/symbolic/index';
import type { OracleCase } from './ast_cases';
import { buildCase } from './ast_cases';

const cases = JSON.parse(readFileSync(0, 'utf8')) as OracleCase[];
const out: Record<string, Record<string, string | null>> = {};
for (const c of cases) {
  const built = buildCase(c);
  backward(built.root, built.gradient);
  out[c.name] = Object.fromEntries(analyzeBackward(built).map((r) => [r.leaf, r.formula]));
}
process.stdout.write(JSON.stringify(out));
