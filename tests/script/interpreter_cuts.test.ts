import { describe, expect, it } from 'vitest';
import { runScript } from '../../core/run/run_script';

function cuts(source: string): { variable: string; reason: string }[] {
  return runScript(source).result.graph.cuts.map(({ variable, reason }) => ({ variable, reason }));
}

describe('graph cuts', () => {
  it('a loss computed under no_grad through a temporary is cut', () => {
    const src = 'import torch\nx = torch.tensor([1., 2.], requires_grad=True)\nwith torch.no_grad():\n    loss = x**2 - 5\n';
    expect(cuts(src)).toEqual([{ variable: 'loss', reason: 'no_grad' }]);
  });

  it('a result computed from a detached tensor is cut, and an untracked computation is not', () => {
    const src = 'import torch\na = torch.ones(2, requires_grad=True)\nb = a.detach()\nc = torch.ones(2) * 3\n';
    expect(cuts(src)).toEqual([{ variable: 'b', reason: 'detach' }]);
  });
});
