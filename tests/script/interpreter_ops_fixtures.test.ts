/**
 * The engine fixtures (tests/oracle/fixtures/ops.json, from real PyTorch)
 * replayed through the interpreter, one test per case and per scenario:
 * values, dtype, shape, flags, grad_fn and next_functions names, repr,
 * gradients, warnings, and exact error type and message.
 */
import { describe, expect, it } from 'vitest';
import { isTensor } from '../../core/index';
import type { OpCase, Scenario } from './ops_fixture_replay';
import {
  argText, callText, dataDiff, errorDiff, inputLines, loadOpsFixture, outputDiff, run, tensorDiff, tensorLiteral, warningsOf,
} from './ops_fixture_replay';

/** Scripts start with two import lines, so list index i is script line i + 3. */
const FIRST_LINE = 3;

/** Fixture entries that fail on known engine gaps (reported to the lead), run as expected failures. */
const KNOWN_ENGINE_GAPS: Record<string, string> = {
};

const fixture = loadOpsFixture();

function replayCase(c: OpCase): string | null {
  const lines = [...(c.seed === undefined ? [] : [`torch.manual_seed(${c.seed})`]), ...inputLines(c.inputs)];
  lines.push(`out = ${callText(c.fn, c.args, c.kwargs)}`);
  const callLine = lines.length - 1 + FIRST_LINE;
  if (c.error !== undefined && c.phase === 'forward') return errorDiff(run(lines).result, c.error, callLine);
  const backward = c.grads !== undefined || c.phase === 'backward';
  if (backward) lines.push(c.grad_output ? `out.backward(${tensorLiteral(c.grad_output)})` : 'out.backward()');
  const { result, variables } = run(lines);
  if (c.error !== undefined) {
    const d = errorDiff(result, c.error, lines.length - 1 + FIRST_LINE);
    if (d !== null) return d;
  } else if (result.error !== null) {
    return `${result.error.type}: ${result.error.message} (line ${result.error.line})`;
  }
  const d = outputDiff(variables.get('out'), c.output ?? null);
  if (d !== null) return `output: ${d}`;
  for (const [name, want] of Object.entries(c.grads ?? {})) {
    const t = variables.get(name);
    if (!isTensor(t)) return `${name} is not a tensor`;
    if (want === null ? t.grad !== null : t.grad === null) return `${name}.grad: ${t.grad === null ? 'None' : 'set'}, want ${want === null ? 'None' : 'a tensor'}`;
    if (want !== null && t.grad !== null) {
      const g = dataDiff(t.grad, want);
      if (g !== null) return `${name}.grad: ${g}`;
    }
  }
  const warnings = warningsOf(result);
  if (JSON.stringify(warnings) !== JSON.stringify(c.warnings ?? [])) return `warnings ${JSON.stringify(warnings)}, want ${JSON.stringify(c.warnings ?? [])}`;
  return null;
}

function stepLines(s: Scenario, upTo: number): string[] {
  const lines = inputLines(s.inputs);
  s.steps.slice(0, upTo + 1).forEach((step, k) => {
    let line: string;
    if (step.backward !== undefined) {
      const args = [step.gradient ? tensorLiteral(step.gradient) : null, step.retain_graph ? 'retain_graph=True' : null].filter((a) => a !== null);
      line = `${step.backward.slice(1)}.backward(${args.join(', ')})`;
    } else if (step.set !== undefined) {
      const [attr, target, v] = step.set;
      line = `${target.slice(1)}.${attr} = ${argText(v)}`;
    } else {
      line = `${step.let ?? `v${k}`} = ${callText(step.fn as string, step.args ?? [], step.kwargs ?? {})}`;
    }
    if (step.no_grad) lines.push('with torch.no_grad():', `    ${line}`);
    else lines.push(line);
  });
  return lines;
}

function replayScenario(s: Scenario): string | null {
  const leaves = Object.keys(s.inputs);
  for (let k = 0; k < s.results.length; k++) {
    const step = s.steps[k];
    const want = s.results[k];
    const lines = stepLines(s, k);
    const line = lines.length - 1 + FIRST_LINE;
    const { result, variables } = run(lines);
    if (want.error !== undefined) {
      const d = errorDiff(result, want.error, line);
      return d === null ? null : `step ${k}: ${d}`;
    }
    if (result.error !== null) return `step ${k}: ${result.error.type}: ${result.error.message}`;
    if ('value' in want) {
      const d = outputDiff(variables.get(step.let ?? `v${k}`), want.value ?? null);
      if (d !== null) return `step ${k}: ${d}`;
    }
    if (want.grads !== undefined) {
      for (const name of leaves) {
        const t = variables.get(name);
        const g = want.grads[name];
        if (!isTensor(t)) return `step ${k}: ${name} is not a tensor`;
        if ((g === null) !== (t.grad === null)) return `step ${k}: ${name}.grad presence differs`;
        if (g !== null && t.grad !== null) {
          const d = dataDiff(t.grad, g);
          if (d !== null) return `step ${k}: ${name}.grad ${d}`;
        }
      }
    }
    const warnings = warningsOf(result, line);
    if (JSON.stringify(warnings) !== JSON.stringify(want.warnings ?? [])) return `step ${k}: warnings ${JSON.stringify(warnings)}`;
  }
  const { variables } = run(stepLines(s, s.steps.length - 1));
  for (const [name, want] of Object.entries(s.final)) {
    const t = variables.get(name);
    const d = tensorDiff(t, want.value);
    if (d !== null) return `final ${name}: ${d}`;
    if (isTensor(t) && (want.grad === null) !== (t.grad === null)) return `final ${name}.grad presence differs`;
    if (isTensor(t) && want.grad !== null && t.grad !== null) {
      const g = dataDiff(t.grad, want.grad);
      if (g !== null) return `final ${name}.grad: ${g}`;
    }
  }
  return null;
}

describe('ops.json cases through the interpreter', () => {
  for (const c of fixture.cases) {
    const test = KNOWN_ENGINE_GAPS[c.name] === undefined ? it : it.fails;
    test(c.name, () => expect(replayCase(c)).toBeNull());
  }
});

describe('ops.json scenarios through the interpreter', () => {
  for (const s of fixture.scenarios) {
    const test = KNOWN_ENGINE_GAPS[s.name] === undefined ? it : it.fails;
    test(s.name, () => expect(replayScenario(s)).toBeNull());
  }
});
