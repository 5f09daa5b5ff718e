/**
 * Hostile control flow: endless loops, endless or deep recursion and
 * functions that pile up tensors all end in the interpreter's clear errors,
 * quickly, never a hang, a JS stack overflow or an escaped JS exception.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isGradEnabled } from '../../core/index';
import { DEFAULT_LIMITS, runScript } from '../../core/run/run_script';
import type { RunLimits } from '../../core/run/run_script';

function run(src: string, limits: Partial<RunLimits> = {}): { result: ReturnType<typeof runScript>['result']; ms: number } {
  const t0 = performance.now();
  const { result } = runScript(src, { limits });
  return { result, ms: performance.now() - t0 };
}

describe('endless loops stop at the limits', () => {
  it('`while True: pass` stops at the loop limit, on the loop line', () => {
    const { result, ms } = run('x = 1\nwhile True:\n    pass\n');
    expect(result.error).toMatchObject({
      type: 'LimitExceeded',
      message: `Autograd Lab stopped the while loop on line 2 after ${DEFAULT_LIMITS.maxLoopIterations} iterations (the loop limit)`,
      line: 2,
    });
    expect(ms).toBeLessThan(10_000);
  });

  it('a one-line `while 1: continue` stops too', () => {
    const { result } = run('while 1: continue\n', { maxLoopIterations: 5000 });
    expect(result.error?.type).toBe('LimitExceeded');
    expect(result.error?.message).toContain('while loop on line 1 after 5000 iterations');
  });

  it('the statement limit counts the statements of every iteration', () => {
    const { result } = run('i = 0\nwhile True:\n    i += 1\n    j = i\n', { maxLoopIterations: 1e9, maxStatements: 10_000 });
    expect(result.error?.type).toBe('LimitExceeded');
    expect(result.error?.message).toContain('10000 statements');
    expect(result.statements).toBe(10_001);
  });

  it('the wall-time limit stops a loop whose test does the work', () => {
    const src = 'import torch\nx = torch.ones(1000)\nwhile (x * 2).sum() > 0:\n    pass\n';
    const { result, ms } = run(src, { maxWallTimeMs: 300, maxLoopIterations: 1e9, maxStatements: 1e9 });
    expect(result.error?.type).toBe('LimitExceeded');
    expect(result.error?.message).toContain('300 ms');
    expect(ms).toBeLessThan(3000);
  });

  it('a while loop inside a function inside a for loop stops at the loop limit', () => {
    const src = 'def spin():\n    while True:\n        pass\nfor i in range(3):\n    spin()\n';
    const { result } = run(src, { maxLoopIterations: 1000 });
    expect(result.error).toMatchObject({ type: 'LimitExceeded', line: 2 });
    expect(result.error?.traceback).toEqual([{ name: '<module>', line: 5 }, { name: 'spin', line: 2 }]);
  });

  it('the app can cancel a run stuck in a while loop', () => {
    let calls = 0;
    const { result } = runScript('while True:\n    pass\n', { shouldCancel: () => ++calls > 100, limits: { maxLoopIterations: 1e9, maxStatements: 1e9 } });
    expect(result.error?.type).toBe('Cancelled');
  });
});

describe('recursion ends in RecursionError', () => {
  it('infinite recursion: RecursionError at the call depth limit, with a collapsed traceback', () => {
    const { result, ms } = run('def down(n):\n    return down(n + 1)\ndown(0)\n');
    expect(result.error).toMatchObject({ type: 'RecursionError', message: 'maximum recursion depth exceeded', line: 2 });
    // The module's frame counts, as in Python.
    expect(result.error?.traceback?.length).toBe(DEFAULT_LIMITS.maxCallDepth);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toContain(`  [Previous line repeated ${DEFAULT_LIMITS.maxCallDepth - 1 - 3} more times]`);
    expect(lines.length).toBeLessThan(20);
    expect(ms).toBeLessThan(5000);
    expect(isGradEnabled()).toBe(true);
  });

  it('deep recursion through several functions', () => {
    const src = 'def a(n):\n    return b(n + 1)\ndef b(n):\n    return c(n) * 2\ndef c(n):\n    if n < 0:\n        return 0\n    return a(n)\na(0)\n';
    const { result } = run(src);
    expect(result.error).toMatchObject({ type: 'RecursionError', message: 'maximum recursion depth exceeded' });
    expect(result.error?.traceback?.slice(0, 4).map((f) => f.name)).toEqual(['<module>', 'a', 'b', 'c']);
  });

  it('heavy frames (loops, no_grad blocks, nested expressions in every call) past the JS stack still give RecursionError', () => {
    const src = [
      'import torch',
      'def f(n, t):',
      '    for i in range(1):',
      '        with torch.no_grad():',
      '            if n >= 0:',
      '                y = 1 + (2 * (3 + (4 * (5 + (6 * (7 + f(n + 1, t * 2).sum()))))))',
      '    return y',
      'f(0, torch.ones(2))',
      'print("unreachable")',
    ].join('\n');
    // No depth limit of our own: only the JS stack stops it.
    const { result } = run(src, { maxCallDepth: 1e9 });
    expect(result.error).toMatchObject({ type: 'RecursionError', message: 'maximum recursion depth exceeded' });
    expect(result.stdout).toBe('');
    expect(isGradEnabled()).toBe(true);
    // And the run after it is unaffected.
    expect(runScript('import torch\nprint(torch.is_grad_enabled())\n').result.stdout).toBe('True\n');
  });

  it('the default depth fits in the JS stack for the heavy frames above', () => {
    const src = [
      'import torch',
      'def f(n, t):',
      '    if n == 0:',
      '        return t',
      '    for i in range(1):',
      '        with torch.no_grad():',
      '            y = 1 + (2 * (3 + (4 * f(n - 1, t * 2))))',
      '    return y',
      `print(f(${DEFAULT_LIMITS.maxCallDepth - 2}, torch.ones(1)).shape)`,
      `f(${DEFAULT_LIMITS.maxCallDepth - 1}, torch.ones(1))`,
    ].join('\n');
    const { result } = run(src);
    expect(result.stdout).toBe('torch.Size([1])\n');
    // Our own limit, one frame further: not the JS stack.
    expect(result.error).toMatchObject({ type: 'RecursionError', line: 7 });
    expect(result.error?.traceback?.length).toBe(DEFAULT_LIMITS.maxCallDepth);
  });

  const python = fs.existsSync('/usr/bin/python3');
  it.skipIf(!python)('the depth limit counts frames as Python does (sys.setrecursionlimit as the oracle)', () => {
    const body = 'def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\n';
    for (const n of [47, 48, 49]) {
      const py = spawnSync('/usr/bin/python3', ['-c', `import sys\nsys.setrecursionlimit(50)\n${body}print(f(${n}))\n`], { encoding: 'utf8' });
      const pyOutcome = py.status === 0 ? py.stdout : py.stderr.trimEnd().split('\n').pop();
      const { result } = run(`${body}print(f(${n}))\n`, { maxCallDepth: 50 });
      const ours = result.error === null ? result.stdout : `${result.error.type}: ${result.error.message}`;
      expect(ours).toBe(pyOutcome);
    }
  });
});

describe('functions that pile up tensors stop at the memory limits', () => {
  it('a function appending big tensors to a local list', () => {
    const src = 'import torch\ndef grow():\n    xs = []\n    for i in range(1000):\n        xs.append(torch.ones(1000000))\n    return xs\ngrow()\n';
    const { result, ms } = run(src);
    expect(result.error?.type).toBe('LimitExceeded');
    expect(result.error?.message).toContain('tensor elements');
    expect(result.error?.line).toBe(5);
    expect(ms).toBeLessThan(10_000);
  });

  it('a recursion where every frame holds a big tensor', () => {
    const src = 'import torch\ndef hold(n):\n    t = torch.ones(5000000)\n    return hold(n + 1)\nhold(0)\n';
    const { result } = run(src);
    expect(result.error?.type).toBe('LimitExceeded');
    expect(result.error?.message).toContain('tensor elements');
  });

  it('a while loop chaining tensors through the graph inside a function', () => {
    const src = 'import torch\ndef chain(x):\n    y = x\n    while True:\n        y = y * 1.0001\n    return y\nchain(torch.ones(1000000, requires_grad=True))\n';
    const { result, ms } = run(src);
    expect(result.error?.type).toBe('LimitExceeded');
    expect(result.error?.message).toContain('autograd graph');
    expect(ms).toBeLessThan(20_000);
  });

  it('a single huge tensor requested inside a function is refused before it is allocated', () => {
    const { result } = run('import torch\ndef big(*shape):\n    return torch.zeros(*shape)\nbig(100000, 100000)\n');
    expect(result.error).toMatchObject({ type: 'LimitExceeded', line: 3 });
    expect(result.error?.message).toContain('10000000000 elements');
  });

  it('star-args of a huge range are refused, not spread', () => {
    const { result } = run('print(*range(10**12))\n');
    expect(result.error?.type).toBe('MemoryError');
  });
});
