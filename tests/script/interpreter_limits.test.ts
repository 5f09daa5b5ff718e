/**
 * Limits and bad input: every one gives a clear error quickly, never a hang,
 * a crash or an escaped JS exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../core/run/run_script';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('limits', () => {
  it('stops after the maximum number of statements', () => {
    const src = 'import torch\nx = 0\nfor i in range(1000000):\n    x += 1\n';
    const { value, ms } = timed(() => runScript(src, { limits: { maxStatements: 10_000 } }).result);
    expect(value.error?.type).toBe('LimitExceeded');
    expect(value.error?.message).toContain('10000 statements');
    expect(value.error?.line).toBe(4);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses a huge tensor before allocating it', () => {
    const { value, ms } = timed(() => runScript('import torch\nx = torch.zeros(100000, 100000)\n').result);
    expect(value.error?.type).toBe('LimitExceeded');
    expect(value.error?.message).toContain('10000000000 elements');
    expect(value.error?.line).toBe(2);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses a broadcast whose result is past the limit', () => {
    const src = 'import torch\na = torch.ones(5000, 1)\nb = torch.ones(1, 5000)\nc = a * b\n';
    const r = runScript(src, { limits: { maxTensorElements: 1_000_000 } }).result;
    expect(r.error?.type).toBe('LimitExceeded');
    expect(r.error?.line).toBe(4);
  });

  it('counts the elements all variables hold', () => {
    const src = 'import torch\na = torch.ones(1000)\nb = torch.ones(1000)\nc = torch.ones(1000)\n';
    const r = runScript(src, { limits: { maxTotalElements: 2500 } }).result;
    expect(r.error?.type).toBe('LimitExceeded');
    expect(r.error?.line).toBe(4);
  });

  it('stops at the wall-time limit', () => {
    const src = 'import torch\nx = torch.ones(3)\nfor i in range(100000000):\n    y = x * 2\n';
    const { value, ms } = timed(() => runScript(src, { limits: { maxWallTimeMs: 200, maxLoopIterations: 1e9, maxStatements: 1e9 } }).result);
    expect(value.error?.type).toBe('LimitExceeded');
    expect(value.error?.message).toContain('200 ms');
    expect(ms).toBeLessThan(2000);
  });

  it('stops a loop past the iteration limit', () => {
    const r = runScript('for i in range(10**9):\n    pass\n', { limits: { maxLoopIterations: 1000 } }).result;
    expect(r.error?.type).toBe('LimitExceeded');
    expect(r.error?.message).toContain('1000 iterations');
  });

  it('cancels when the app asks, between statements', () => {
    let checks = 0;
    const src = 'import torch\nfor i in range(1000000):\n    x = torch.ones(2) * i\n';
    const r = runScript(src, { shouldCancel: () => ++checks > 500 }).result;
    expect(r.error).toMatchObject({ type: 'Cancelled', line: 3 });
    expect(checks).toBe(501);
  });

  it('reports loop progress', () => {
    const seen: number[] = [];
    runScript('for i in range(5):\n    pass\n', { onProgress: (p) => seen.push(p.iteration), progressIntervalMs: 0 });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses integers too large to compute', () => {
    const r = runScript('x = 10 ** 10 ** 10\n').result;
    expect(r.error?.type).toBe('LimitExceeded');
  });
});

describe('bad input never crashes', () => {
  it('100,000 nested parentheses give a SyntaxError-family error, not a stack overflow', () => {
    const src = `x = ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n`;
    const r = runScript(src).result;
    expect(r.ok).toBe(false);
    expect(['SyntaxError', 'RecursionError', 'NotImplementedError', 'MemoryError']).toContain(r.error?.type);
  });

  it('constructs outside the subset name the construct, line and column', () => {
    const r = runScript('import torch\nx = 1\nclass A:\n    pass\n').result;
    expect(r.error?.type).toBe('NotImplementedError');
    expect(r.error?.message).toMatch(/Autograd Lab does not support .*class.* \(line 3, column 1\)/);
    const r2 = runScript('import numpy as np\n').result;
    expect(r2.error?.message).toBe("Autograd Lab does not support 'import numpy' (line 1, column 8)");
    const r3 = runScript('import torch\ny = torch.flip(torch.ones(1), [0])\n').result;
    expect(r3.error?.message).toBe("Autograd Lab does not support 'torch.flip()' (line 2, column 5)");
    const r4 = runScript('print(enumerate([1]))\n').result;
    expect(r4.error?.message).toContain("'enumerate()'");
  });

  it('syntax errors carry the line and column', () => {
    const r = runScript('import torch\n\nx = torch.tensor([1., 2.])\ny = x + * 2\n').result;
    expect(r.error).toMatchObject({ type: 'SyntaxError', line: 4 });
    expect(r.error?.message).toMatch(/\(line 4, column \d+\)$/);
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^SyntaxError: /);
  });

  it('any printable input either runs or fails with a Python-style error', () => {
    const atoms = ['x', '1', '2.5', 'torch', '.', '(', ')', '[', ']', ',', '+', '-', '*', '/', '**', '@', '=', ':',
      'import', 'for', 'in', 'range', 'with', 'print', '"s"', 'None', 'True', '\n', '    ', 'x.grad', '.backward()',
      'torch.tensor([1., 2.], requires_grad=True)', '.sum()', 'x[0]', 'f"{x}"', 'lambda', 'if', '#'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...atoms), { maxLength: 30 }), (parts) => {
        const src = `import torch\n${parts.join(' ')}\n`;
        const { result } = runScript(src, { limits: { maxWallTimeMs: 2000, maxStatements: 10_000 } });
        expect(result.error === null || /^[A-Z][A-Za-z]*$/.test(result.error.type)).toBe(true);
        expect(result.error?.type).not.toBe('SystemError');
      }),
      { numRuns: 300 },
    );
  });
});
