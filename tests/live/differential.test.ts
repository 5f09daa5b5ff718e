// Live differential test: random scripts run through real PyTorch (where
// /usr/bin/python3 has torch) and through the `autograd-lab run` CLI; printed
// values, gradients and grad_fn names must agree.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const CLI = 'dist/cli/autograd-lab.js';

type Expr = string;
const leaves = ['a', 'b'];

/** Expressions over a and b (shape (2, 3) and (3,)), kept in the domain of every op. */
const expr: fc.Memo<Expr> = fc.memo((depth) => {
  const leaf = fc.constantFrom(...leaves);
  if (depth <= 1) return leaf;
  const sub = expr(depth - 1);
  // Python numbers appear only beside a tensor, as in `2.5 * x` or `x - 0.5`.
  const operand = fc.oneof(sub, fc.constantFrom('2.5', '0.5', '3'));
  return fc.oneof(
    leaf,
    fc.tuple(sub, fc.constantFrom('+', '-', '*'), operand, fc.boolean()).map(([x, op, y, flip]) => (flip ? `(${y} ${op} ${x})` : `(${x} ${op} ${y})`)),
    fc.tuple(sub, sub).map(([x, y]) => `(${x} / (${y} * ${y} + 1))`),
    fc.tuple(fc.constantFrom('torch.sin', 'torch.cos', 'torch.tanh', 'torch.sigmoid', 'torch.exp'), sub).map(([f, x]) =>
      f === 'torch.exp' ? `torch.exp(torch.tanh(${x}))` : `${f}(${x})`,
    ),
    sub.map((x) => `torch.sqrt(${x} * ${x} + 1)`),
    sub.map((x) => `torch.log(${x} * ${x} + 1)`),
    sub.map((x) => `(${x}) ** 2`),
    sub.map((x) => `-(${x})`),
    sub.map((x) => `(${x}).sum(0, keepdim=True)`),
  );
});

function script(body: Expr, index: number): string {
  return [
    `a = torch.tensor([[0.3, -1.2, 0.7], [1.1, 0.25, -0.6]], requires_grad=True)`,
    `b = torch.tensor([0.9, -0.4, 1.3], requires_grad=True)`,
    `y = ${body}`,
    `loss = (y + torch.zeros(2, 3)).sum()`,
    `loss.backward()`,
    `print("case", ${index}, loss.grad_fn)`,
    `print(loss.item(), y.grad_fn)`,
    `print(y.grad_fn.next_functions if y.grad_fn is not None else None)`,
    `print(a.grad)`,
    `print(b.grad)`,
  ].join('\n');
}

/** Splits printed text into numbers (compared with a tolerance) and everything else (compared exactly). */
function tokens(text: string): (string | number)[] {
  return text
    .replace(/object at 0x[0-9a-f]+/g, 'object at 0xADDR')
    .split(/([-+]?\d+\.?\d*(?:e[-+]?\d+)?)/)
    .filter((t) => t.trim() !== '')
    .map((t) => (/^[-+]?\d+\.?\d*(?:e[-+]?\d+)?$/.test(t) ? Number(t) : t.replace(/\s+/g, ' ')));
}

function agree(ours: string, theirs: string): string | null {
  const a = tokens(ours);
  const b = tokens(theirs);
  if (a.length !== b.length) return `token count ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') {
      // Printed with 4 decimals: allow one unit in the last printed place.
      if (Math.abs(x - y) > 1e-4 + 1e-4 * Math.abs(y)) return `number ${x} vs ${y}`;
    } else if (x !== y) {
      return `text ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
    }
  }
  return null;
}

describe.skipIf(!hasTorch)('live differential against PyTorch (/usr/bin/python3)', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { stdio: 'inherit' });
  });

  it('random expression scripts print the same values, gradients and grad_fn names', () => {
    const bodies = fc.sample(expr(4), { numRuns: 40, seed: 20261125 });
    const cases = bodies.map((b, i) => script(b, i));
    const source = ['import torch', ...cases].join('\n');
    const theirs = execFileSync(PYTHON, ['-'], { input: source, encoding: 'utf8' });
    const ours = execFileSync(process.execPath, [CLI, 'run', '-'], { input: source, encoding: 'utf8' });
    const split = (s: string): string[] => s.split(/^case /m).slice(1);
    const t = split(theirs);
    const o = split(ours);
    expect(o.length).toBe(t.length);
    const mismatches = t.flatMap((text, i) => {
      const why = agree(o[i], text);
      return why === null ? [] : [`case ${i} (${bodies[i]}): ${why}\n--- ours\n${o[i]}--- pytorch\n${text}`];
    });
    expect(mismatches).toEqual([]);
  });
});

if (!hasTorch) console.log('live differential test skipped: /usr/bin/python3 has no torch (apt-get install python3-torch)');
