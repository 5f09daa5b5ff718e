// `autograd-lab check FILE|- [--json] [--seed N]`: runs a script, then checks
// the gradients of its last backward() three ways: autograd, the analytic
// derivative (derived symbolically from what the script computed) and
// central finite differences. Exit code 0 when every leaf agrees (also when
// there is no backward() to check), 1 when a leaf disagrees or the script
// fails, 2 on usage errors.
//
// --json prints one JSON object per line, one per leaf (issue 4's contract):
// {"leaf": "x", "formula": "2*x", "latex": "2 x", "autograd": [..], "analytic": [..] | null,
//  "numeric": [..], "max_abs_error": n, "agree": true}

import { runScript } from '../../core/run/run_script';
import type { LastBackward } from '../../core/run/run_script';
import { formatTraceback } from '../../core/run/stderr';
import { analyzeBackward } from '../../core/symbolic/index';
import type { LeafAnalysis } from '../../core/symbolic/index';
import type { ScriptCommandIo } from './script_input';
import { parseScriptArgs, readScript } from './script_input';

export type CheckCommandIo = ScriptCommandIo;

export const CHECK_USAGE = `Usage: autograd-lab check FILE|- [--json] [--seed N]

Runs a script, then checks each leaf's gradient from its last backward():
autograd (.grad) against the analytic derivative and finite differences.
  FILE       the script; - reads it from stdin
  --json     one JSON object per leaf: {"leaf", "formula", "latex", "autograd",
             "analytic", "numeric", "max_abs_error", "agree"}
  --seed N   seed of the default generator when the script sets none (default 0)
Exit status: 0 when every leaf agrees, 1 otherwise.
`;

/** The contract's record, keys in the documented order. Non-finite numbers print as null. */
export function checkRecord(r: LeafAnalysis): Record<string, unknown> {
  return {
    leaf: r.leaf,
    formula: r.formula,
    latex: r.latex,
    autograd: r.autograd,
    analytic: r.analytic,
    numeric: r.numeric,
    max_abs_error: r.maxAbsError,
    agree: r.agree,
  };
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n';
}

/** Formulas longer than this are cut in the table and printed whole below it, so the columns stay aligned. */
export const FORMULA_COLUMN_WIDTH = 40;
/** A root expression longer than this goes on its own line. */
const EXPRESSION_INLINE_WIDTH = 50;

function cell(formula: string): string {
  return formula.length <= FORMULA_COLUMN_WIDTH ? formula : `${formula.slice(0, FORMULA_COLUMN_WIDTH - 1)}…`;
}

function readable(results: readonly LeafAnalysis[], last: LastBackward, file: string): string {
  const root = results[0]?.root ?? 'f';
  const expression = results[0]?.expression;
  let out = `${file}: last backward() at line ${last.line}, d${root}/d(leaf)`;
  if (!expression) out += '\n\n';
  else if (expression.length <= EXPRESSION_INLINE_WIDTH) out += ` where ${root} = ${expression}\n\n`;
  else out += ` where\n  ${root} = ${expression}\n\n`;
  const rows = [['leaf', 'formula', 'max abs error', 'max rel error', 'agree']];
  for (const r of results) rows.push([r.leaf, r.formula === null ? '(none)' : cell(r.formula), fmt(r.maxAbsError), fmt(r.maxRelError), r.agree ? 'yes' : 'NO']);
  out += table(rows);
  const long = results.filter((r) => r.formula !== null && r.formula.length > FORMULA_COLUMN_WIDTH);
  if (long.length > 0) out += `\nin full:\n${long.map((r) => `  d${root}/d${r.leaf} = ${r.formula}`).join('\n')}\n`;
  for (const r of results) {
    if (r.reason) out += `\n${r.leaf}: ${r.reason}`;
    if (r.unreliableNumeric.length > 0) out += `\n${r.leaf}: finite differences straddle a kink or domain edge at element(s) ${r.unreliableNumeric.join(', ')} (not counted)`;
    if (r.numericSampled) out += `\n${r.leaf}: finite differences computed for ${r.numericSampled.count} of ${r.numericSampled.of} elements`;
    for (const m of r.mismatches) {
      out += `\n${r.leaf}[${m.index}]: autograd ${m.autograd} vs ${m.against} ${m.other} (abs error ${fmt(m.absError)})`;
    }
    if (r.moreMismatches > 0) out += `\n${r.leaf}: ... and ${r.moreMismatches} more mismatches`;
  }
  const bad = results.filter((r) => !r.agree).length;
  const leaves = results.length === 1 ? 'the leaf agrees' : `all ${results.length} leaves agree`;
  out += bad === 0 ? `\n\n${leaves}\n` : `\n\n${bad} of ${results.length} leaves disagree\n`;
  return out.replace(/\n\n\n/g, '\n\n');
}

export async function runCheckCommand(argv: string[], io: CheckCommandIo): Promise<number> {
  const args = parseScriptArgs('check', argv, CHECK_USAGE, io);
  if (typeof args === 'number') return args;
  const source = await readScript('check', args, io);
  if (typeof source === 'number') return source;
  const { shown, json } = args;
  const { result, session } = runScript(source, { seed: args.seed, fileName: shown });
  if (result.error !== null) {
    if (json) io.stdout(`${JSON.stringify({ error: { type: result.error.type, message: result.error.message, line: result.error.line } })}\n`);
    else io.stderr(formatTraceback(result.error, source, shown));
    return 1;
  }
  const last = session.lastBackward;
  // No backward() means no leaf to check: vacuously all agree (no JSON lines).
  if (last === null) {
    if (!json) io.stdout(`${shown}: the script never calls backward(): nothing to check\n`);
    return 0;
  }
  // The capture froze values and gradients when backward() ran (see core/symbolic/index.ts).
  const results = analyzeBackward(last.capture ?? { root: last.root, gradient: last.gradient, leaves: last.leaves });
  if (json) for (const r of results) io.stdout(`${JSON.stringify(checkRecord(r))}\n`);
  else if (results.length === 0) io.stdout(`${shown}: no leaf received a gradient in the last backward(): nothing to check\n`);
  else io.stdout(readable(results, last, shown));
  return results.every((r) => r.agree) ? 0 : 1;
}
