/**
 * Lazy evaluation (core/tensor/pending.ts) must never be observable. With the
 * threshold lowered to 1, so that every float elementwise result and every
 * sum/mean gradient is lazy, the PyTorch fixtures and the whole corpus still
 * match real PyTorch byte for byte. Random programs that mix lazy results
 * with every kind of in-place write and storage sharing give bit-identical
 * values to the eager engine.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '../../core/index';
import { resultTypeOf } from '../../core/ops/operands';
import { manualSeed } from '../../core/random/index';
import { runScript } from '../../core/run/run_script';
import { lazyThreshold, setLazyThreshold } from '../../core/tensor/pending';
import { corpusScripts, expectedFor, normalizeAddresses } from '../cli/corpus_helpers';
import { loadOpsFixture, replayCase, replayScenario } from '../script/ops_fixture_replay';

const DEFAULT = lazyThreshold();

function withThreshold<R>(n: number, fn: () => R): R {
  setLazyThreshold(n);
  try {
    return fn();
  } finally {
    setLazyThreshold(DEFAULT);
  }
}

describe('everything lazy (threshold 1) against the PyTorch fixtures', () => {
  beforeAll(() => setLazyThreshold(1));
  afterAll(() => setLazyThreshold(DEFAULT));

  const fixture = loadOpsFixture();
  it('replays every ops.json case', () => {
    const failures = fixture.cases.map((c) => [c.name, replayCase(c)]).filter(([, d]) => d !== null);
    expect(failures).toEqual([]);
  });
  it('replays every ops.json scenario', () => {
    const failures = fixture.scenarios.map((s) => [s.name, replayScenario(s)]).filter(([, d]) => d !== null);
    expect(failures).toEqual([]);
  });

  for (const script of corpusScripts()) {
    it(`corpus ${script.name} prints what PyTorch printed`, () => {
      const want = expectedFor(script.name);
      const { result } = runScript(readFileSync(script.file, 'utf8'));
      expect(normalizeAddresses(result.stdout)).toBe(want.stdout);
      const err = want.json.error;
      if (err !== null && !script.expectSyntaxError) expect(result.error && `${result.error.type}: ${result.error.message}`).toBe(`${err.type}: ${err.message}`);
    });
  }
});

/** Stdout of a script run eagerly and with everything lazy: the two must agree, and match `want` when given. */
function bothWays(source: string): { eager: string; lazy: string } {
  const eager = withThreshold(Infinity, () => runScript(`import torch\n${source}`).result);
  const lazy = withThreshold(1, () => runScript(`import torch\n${source}`).result);
  expect(lazy.error).toEqual(eager.error);
  return { eager: eager.stdout, lazy: lazy.stdout };
}

describe('writes after a lazy result read the values from before', () => {
  const cases: [string, string, string][] = [
    ['in-place op', 'x = torch.ones(4)\ny = x * 2\nx.add_(1)\nprint(y)', 'tensor([2., 2., 2., 2.])\n'],
    ['augmented assignment', 'x = torch.ones(4)\ny = x - 3\nx *= 5\nprint(y)', 'tensor([-2., -2., -2., -2.])\n'],
    ['zero_', 'x = torch.ones(4)\ny = x + x\nx.zero_()\nprint(y)', 'tensor([2., 2., 2., 2.])\n'],
    ['item assignment', 'x = torch.ones(4)\ny = x / 2\nx[1] = 7.\nprint(y, x)', 'tensor([0.5000, 0.5000, 0.5000, 0.5000]) tensor([1., 7., 1., 1.])\n'],
    ['a slice view', 'x = torch.ones(4)\nv = x[1:3]\ny = x * 3\nv.zero_()\nprint(y)', 'tensor([3., 3., 3., 3.])\n'],
    ['.data, which shares storage but not the version counter', 'x = torch.ones(4)\ny = x * 2\nx.data.add_(1)\nprint(y)', 'tensor([2., 2., 2., 2.])\n'],
    ['set_data', 'x = torch.ones(4)\ny = x + 1\nx.data = torch.zeros(4)\nprint(y, x)', 'tensor([2., 2., 2., 2.]) tensor([0., 0., 0., 0.])\n'],
    ['detach()', 'x = torch.ones(4)\nd = x.detach()\ny = d * 2\nx.add_(1)\nprint(y)', 'tensor([2., 2., 2., 2.])\n'],
    [
      'a .grad accumulated by a second backward',
      'x = torch.ones(3, requires_grad=True)\n(x * 2).sum().backward()\ng = x.grad * 10\n(x * 2).sum().backward()\nprint(g, x.grad)',
      'tensor([20., 20., 20.]) tensor([4., 4., 4.])\n',
    ],
    ['a chain of lazy results', 'x = torch.ones(4)\na = x + 1\nb = a * a\nc = b - a\nx.mul_(0)\nprint(a, b, c)', 'tensor([2., 2., 2., 2.]) tensor([4., 4., 4., 4.]) tensor([2., 2., 2., 2.])\n'],
    ['a lazy result written in place', 'x = torch.ones(4)\na = x + 1\nb = a * 2\na.add_(10)\nprint(a, b)', 'tensor([12., 12., 12., 12.]) tensor([4., 4., 4., 4.])\n'],
  ];
  for (const [name, source, want] of cases) {
    it(name, () => {
      const { eager, lazy } = bothWays(source);
      expect(eager).toBe(want);
      expect(lazy).toBe(want);
    });
  }

  it('a saved tensor modified in place still fails backward, as in PyTorch', () => {
    const source = 'x = torch.ones(3, requires_grad=True)\na = x * 2\nb = a * a\na.add_(1)\nb.sum().backward()';
    const eager = withThreshold(Infinity, () => runScript(`import torch\n${source}`).result.error);
    const lazy = withThreshold(1, () => runScript(`import torch\n${source}`).result.error);
    expect(eager?.message).toMatch(/^one of the variables needed for gradient computation has been modified by an inplace operation/);
    expect(lazy).toEqual(eager);
  });

  it('a loop that grows a chain 10,000 ops long stays bounded and exact', () => {
    const source = 'x = torch.zeros(5, dtype=torch.float64)\nfor i in range(10000):\n    x = x + 0.1\nprint(x.sum().item())';
    const { eager, lazy } = bothWays(source);
    expect(lazy).toBe(eager);
    expect(Number(eager)).toBeCloseTo(5000, 6);
  });
});

describe('large tensors (the default threshold) through the engine', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`(x*x - 5).sum() and its gradient equal the eager engine bit for bit (${dtype})`, () => {
      manualSeed(3);
      const x = T.randn([100_003], { dtype, requiresGrad: true });
      const run = (): [number, number[]] => {
        x.grad = null;
        const loss = T.sum(T.sub(T.mul(x, x), 5));
        T.backward(loss);
        const g = x.grad as T.Tensor | null;
        return [loss.data[0], Array.from(g?.data ?? [])];
      };
      const lazy = run();
      const eager = withThreshold(Infinity, run);
      expect(lazy[0]).toBe(eager[0]);
      expect(lazy[1]).toEqual(eager[1]);
    });
  }

  it('a uniform gradient reaches .grad as values, not a recipe', () => {
    const x = T.ones([50_000], { requiresGrad: true });
    T.backward(T.mean(x));
    expect(x.grad?.pending).toBeNull();
    expect(x.grad?.data[49_999]).toBe(Math.fround(1 / 50_000));
  });
});

/*
 * Random programs over a pool of small tensors: arithmetic (lazy when the
 * threshold is 1), then in-place ops, zero_, item writes, slices, detach,
 * `.data` aliases and set_data, in any order. Every tensor's final values and
 * every sum must be identical with and without laziness.
 */
type Action =
  | { kind: 'arith'; op: 'add' | 'sub' | 'mul' | 'div'; a: number; b: number | null; s: number }
  | { kind: 'inplace'; op: 'add' | 'sub' | 'mul' | 'div'; a: number; b: number }
  | { kind: 'zero'; a: number }
  | { kind: 'fill'; a: number; at: number; v: number }
  | { kind: 'slice'; a: number }
  | { kind: 'detach'; a: number }
  | { kind: 'alias'; a: number }
  | { kind: 'setData'; a: number; b: number }
  | { kind: 'sum'; a: number };

const idx = fc.nat({ max: 40 });
const opArb = fc.constantFrom('add' as const, 'sub' as const, 'mul' as const, 'div' as const);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('arith' as const), op: opArb, a: idx, b: fc.option(idx), s: fc.double({ min: -4, max: 4, noNaN: true }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('inplace' as const), op: opArb, a: idx, b: idx }) },
  fc.record({ kind: fc.constant('zero' as const), a: idx }),
  fc.record({ kind: fc.constant('fill' as const), a: idx, at: fc.nat({ max: 5 }), v: fc.double({ min: -9, max: 9, noNaN: true }) }),
  fc.record({ kind: fc.constant('slice' as const), a: idx }),
  fc.record({ kind: fc.constant('detach' as const), a: idx }),
  fc.record({ kind: fc.constant('alias' as const), a: idx }),
  fc.record({ kind: fc.constant('setData' as const), a: idx, b: idx }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sum' as const), a: idx }) },
);

const arith = { add: T.add, sub: T.sub, mul: T.mul, div: T.div } as const;

function execute(actions: readonly Action[]): number[][] {
  manualSeed(7);
  const pool: T.Tensor[] = [T.randn([6]), T.randn([6]), T.randn([6], { dtype: 'float64' })];
  const sums: number[] = [];
  const pick = (i: number): T.Tensor => pool[i % pool.length];
  for (const act of actions) {
    const a = pick(act.a);
    switch (act.kind) {
      case 'arith': {
        const b = act.b === null ? act.s : pick(act.b);
        if (b instanceof T.Tensor && b.numel !== a.numel && b.numel !== 1 && a.numel !== 1) break;
        pool.push(arith[act.op](a, b));
        break;
      }
      case 'inplace': {
        const b = pick(act.b);
        if (b.numel !== a.numel && b.numel !== 1) break;
        if (resultTypeOf(a, b) !== a.dtype) break;
        T.inplace(act.op, a, b);
        break;
      }
      case 'zero': T.zero_(a); break;
      case 'fill': T.fillOffsets(a, [act.at % a.numel], [act.v]); break;
      case 'slice': if (a.numel >= 2) pool.push(T.slice(a, 0, 1, a.shape[0], null)); break;
      case 'detach': pool.push(T.detach(a)); break;
      case 'alias': pool.push(new T.Tensor(a.data, a.shape, a.dtype)); break;
      case 'setData': {
        const b = pick(act.b);
        if (b !== a && b.dtype === a.dtype && b.numel === a.numel && b.shape.length === a.shape.length) a.data = b.data;
        break;
      }
      case 'sum': sums.push(T.sum(a).data[0]); break;
    }
  }
  return [sums, ...pool.map((t) => Array.from(t.data))];
}

describe('random programs mixing lazy results with in-place writes', () => {
  it('give the eager engine\'s values bit for bit', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 40 }), (actions) => {
        const eager = withThreshold(Infinity, () => execute(actions));
        const lazy = withThreshold(1, () => execute(actions));
        expect(lazy).toEqual(eager);
      }),
      { numRuns: 400, seed: 20261125 },
    );
  });
});
