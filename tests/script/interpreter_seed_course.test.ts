/**
 * The seed course's and PyTorch tutorials' examples through runScript, checking
 * the structured result the app uses (graph, backward trace, cuts, loop series,
 * variables) against what real PyTorch printed for the same scripts
 * (tests/corpus/expected).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../core/run/run_script';
import type { GraphData } from '../../core/run/run_result';
import { CORPUS, expectedFor, normalizeAddresses } from '../cli/corpus_helpers';

function runCorpus(name: string) {
  const source = fs.readFileSync(path.join(CORPUS, `${name}.py`), 'utf8');
  return runScript(source, { fileName: `${name}.py` });
}

/** Tensor data of the n-th print record's first value in the PyTorch fixture. */
function printedData(name: string, n: number): unknown {
  const rec = expectedFor(name).json.records.filter((r) => 'print' in r)[n] as { print: { tensor: { data: unknown } }[] };
  return rec.print[0].tensor.data;
}

function nodeNamed(g: GraphData, name: string, variable?: string) {
  return g.nodes.find((n) => n.name === name && (variable === undefined || n.variable === variable));
}

describe('seed course: x**2 - 5 with backward(gradient=torch.ones(5))', () => {
  const { result, session } = runCorpus('001_seed_course_loss');

  it('prints what PyTorch prints', () => {
    expect(result.error).toBeNull();
    expect(result.stdout).toBe(expectedFor('001_seed_course_loss').stdout);
  });

  it('builds the graph loss -> PowBackward0 -> AccumulateGrad(x)', () => {
    const sub = nodeNamed(result.graph, 'SubBackward0', 'loss');
    const pow = nodeNamed(result.graph, 'PowBackward0');
    const acc = nodeNamed(result.graph, 'AccumulateGrad', 'x');
    expect(sub && pow && acc).toBeTruthy();
    expect(result.graph.edges).toContainEqual({ from: sub!.id, to: pow!.id, inputNr: 0, shape: [5] });
    expect(result.graph.edges).toContainEqual({ from: pow!.id, to: acc!.id, inputNr: 0, shape: [5] });
    expect(acc!.shape).toEqual([5]);
  });

  it('traces the backward pass in engine order, with the gradients PyTorch computed', () => {
    expect(result.backwards).toHaveLength(1);
    const trace = result.backwards[0];
    expect(trace.line).toBe(7);
    expect(trace.root).toBe('loss');
    expect(trace.steps.map((s) => s.name)).toEqual(['SubBackward0', 'PowBackward0', 'AccumulateGrad']);
    expect(trace.steps[0].gradIn.values).toEqual([1, 1, 1, 1, 1]);
    // x.grad as PyTorch printed it (second print of the script).
    expect(trace.steps[2].gradIn.values).toEqual(printedData('001_seed_course_loss', 1));
    expect(trace.steps[1].gradsOut[0]?.values).toEqual(printedData('001_seed_course_loss', 1));
  });

  it('exposes the last backward and the variables to the analytic module', () => {
    const last = session.lastBackward;
    expect(last?.line).toBe(7);
    expect(last?.leaves.map((l) => l.name)).toEqual(['x']);
    expect(last?.gradient?.shape).toEqual([5]);
    const x = result.variables.find((v) => v.name === 'x');
    expect(x?.grad?.values).toEqual(printedData('001_seed_course_loss', 1));
    expect(x?.tensor?.requiresGrad).toBe(true);
    expect(x?.node).toBe(nodeNamed(result.graph, 'AccumulateGrad', 'x')?.id);
  });
});

describe('seed course: detach() and no_grad cut the graph', () => {
  it('a.detach() shares storage and is recorded as a detach cut', () => {
    const { result } = runCorpus('002_detach_shares_storage');
    expect(result.stdout).toBe(expectedFor('002_detach_shares_storage').stdout);
    expect(result.graph.cuts).toEqual([{ variable: 'b', reason: 'detach', line: 6 }]);
  });

  it('c**2 under no_grad is recorded as a no_grad cut', () => {
    const { result } = runCorpus('003_no_grad_context');
    expect(normalizeAddresses(result.stdout)).toBe(expectedFor('003_no_grad_context').stdout);
    expect(result.graph.cuts).toEqual([{ variable: 'd', reason: 'no_grad', line: 6 }]);
    expect(nodeNamed(result.graph, 'PowBackward0', 'e')).toBeTruthy();
  });

  it('the BCE tutorial records both cuts', () => {
    const { result } = runCorpus('006_tutorial_bce_logits');
    expect(result.graph.cuts).toEqual([
      { variable: 'z', reason: 'no_grad', line: 19 },
      { variable: 'z_det', reason: 'detach', line: 21 },
    ]);
  });
});

describe('PyTorch tutorials', () => {
  it('Q = 3*a**3 - b**2 has the graph PyTorch builds', () => {
    const { result } = runCorpus('004_tutorial_Q');
    expect(result.stdout).toBe(expectedFor('004_tutorial_Q').stdout);
    const names = result.graph.nodes.map((n) => n.name).sort();
    expect(names).toEqual(['AccumulateGrad', 'AccumulateGrad', 'MulBackward0', 'PowBackward0', 'PowBackward0', 'SubBackward0']);
    expect(result.graph.nodes.filter((n) => n.name === 'AccumulateGrad').map((n) => n.variable).sort()).toEqual(['a', 'b']);
  });

  it('the graph matches the next_functions chain PyTorch printed', () => {
    const { result } = runCorpus('039_next_functions_graph');
    const lines = expectedFor('039_next_functions_graph').stdout.split('\n');
    // loss.grad_fn.name() is line 2; its next function is SubBackward0, whose inputs are (MulBackward0, None).
    expect(lines[1]).toBe('SumBackward0');
    const sum = nodeNamed(result.graph, 'SumBackward0', 'loss')!;
    const next = (id: string) => result.graph.edges.filter((e) => e.from === id).map((e) => result.graph.nodes.find((n) => n.id === e.to)!.name);
    expect(next(sum.id)).toEqual(['SubBackward0']);
    const sub = result.graph.nodes.find((n) => n.name === 'SubBackward0')!;
    expect(lines[3]).toBe('SubBackward0 ((<MulBackward0 object at 0xADDR>, 0), (None, 0))');
    expect(next(sub.id)).toEqual(['MulBackward0']);
    const mul = result.graph.nodes.find((n) => n.name === 'MulBackward0' && next(n.id).length === 2)!;
    expect(next(mul.id)).toEqual(['AccumulateGrad', 'AccumulateGrad']);
  });

  it('the gradient-descent loop reports its loss per iteration', () => {
    const { result } = runCorpus('007_gradient_descent_loop');
    const printed = expectedFor('007_gradient_descent_loop').stdout.split('\n').filter((l) => l.startsWith('step '));
    const loss = result.series.find((s) => s.variable === 'loss');
    expect(loss?.line).toBe(9);
    expect(loss?.values).toHaveLength(20);
    expect(loss?.values.map((v, i) => `step ${i}: loss ${v.toFixed(4)}`)).toEqual(printed);
    expect(result.series.find((s) => s.variable === 'w')?.values).toHaveLength(20);
    expect(result.backwards.length).toBe(20);
  });
});
