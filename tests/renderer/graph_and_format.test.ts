// The Graph tab's pure parts on real runs of the core interpreter, checked
// against real PyTorch (/usr/bin/python3): the layout's nodes and cuts, the
// local derivative factors, and number formatting as PyTorch prints it.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { runScript } from '../../core/run/run_script';
import { layoutGraph } from '../../renderer/src/lib/graph_layout';
import { localFactor, ruleFor } from '../../renderer/src/lib/local_derivative';
import { tensorText } from '../../renderer/src/lib/torch_format';

const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('graph layout', () => {
  it('lays out every node, a leaf variable per AccumulateGrad, and shapes on edges', () => {
    const script = readFileSync('tests/corpus/004_tutorial_Q.py', 'utf8');
    const { result } = runScript(script);
    const laid = layoutGraph(result.graph, result.variables, script);
    for (const n of result.graph.nodes) expect(laid.nodes.some((l) => l.graphNode === n.id && l.label === n.name)).toBe(true);
    const leaves = laid.nodes.filter((n) => n.kind === 'leaf').map((n) => n.label).sort();
    expect(leaves).toEqual(['a', 'b']);
    expect(laid.edges.filter((e) => e.label === '[2]')).toHaveLength(result.graph.edges.length);
    // Leaves above the loss (rankdir BT): every leaf is higher than the root node.
    const root = laid.nodes.find((n) => n.label === 'SubBackward0')!;
    for (const leaf of laid.nodes.filter((n) => n.kind === 'leaf')) expect(leaf.y).toBeLessThan(root.y);
    for (const n of laid.nodes) {
      expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width / 2).toBeLessThanOrEqual(laid.width);
    }
  });

  it('draws a detached tensor as a cut node joined by a dashed edge to its source', () => {
    const script = 'import torch\na = torch.tensor([1., 2.], requires_grad=True)\nb = a.detach()\nloss = (a * 3).sum()\nloss.backward()\n';
    const { result } = runScript(script);
    const laid = layoutGraph(result.graph, result.variables, script);
    const cut = laid.nodes.find((n) => n.kind === 'cut');
    expect(cut).toMatchObject({ label: 'b', sub: 'detach() · cut' });
    const aNode = result.variables.find((v) => v.name === 'a')!.node;
    expect(laid.edges.find((e) => e.from === cut!.id)).toMatchObject({ to: aNode, dashed: true, label: 'detach()' });
  });
});

describe('local derivatives', () => {
  it('PowBackward0 of x**2 multiplies by 2x: the factor PyTorch printed as x.grad', () => {
    const script = readFileSync('tests/corpus/001_seed_course_loss.py', 'utf8');
    const expectedGrad = readFileSync('tests/corpus/expected/001_seed_course_loss.stdout', 'utf8').split('\n')[1];
    const { result } = runScript(script);
    const pow = result.backwards[0].steps.find((s) => s.name === 'PowBackward0')!;
    // The incoming gradient is all ones, so grad out / grad in is x.grad itself.
    expect(tensorText(localFactor(pow.gradIn, pow.gradsOut[0])!)).toBe(expectedGrad);
    expect(ruleFor('PowBackward0')).toContain('n · selfⁿ⁻¹');
  });
});

describe('number formatting', () => {
  const cases: number[][] = [
    [-4, -1, 4, 11, 20],
    [0.1, 1.0, 0.0001],
    [1.5, -2.25],
    [0.5],
    [1e9, 1],
    [3.14159, 2.71828, -1.41421],
    [12345.678, 0.5],
    [NaN, 1, Infinity],
  ];
  it.skipIf(!hasTorch)('writes 1-D tensors as PyTorch prints them', () => {
    const code = `import torch, json\nfor v in json.loads(input()):\n    print(torch.tensor([float(x) for x in v]))\n`;
    const input = JSON.stringify(cases.map((c) => c.map((v) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v))));
    const printed = execFileSync(PYTHON, ['-c', code], { input: input + '\n', encoding: 'utf8' }).trimEnd().split('\n');
    expect(cases.map((c) => tensorText(c))).toEqual(printed);
  });
});
