/**
 * PyTorch's strides as core keeps them (tests/oracle/fixtures/strides.json,
 * from gen_strides.py): after each step of a chain of views and elementwise
 * ops, the shape, strides, is_contiguous(), grad_fn and next_functions names,
 * or the exact error (view of a non-viewable layout).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';
import type { IndexItem, Tensor } from '../../core/index';

type Op = [string, ...unknown[]];
interface Result { shape?: number[]; strides?: number[]; is_contiguous?: boolean; grad_fn?: string | null; next?: (string | null)[] | null; error?: string }
interface Chain { shape: number[]; ops: Op[]; results: Result[] }

const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/strides.json', import.meta.url), 'utf8')) as { chains: Chain[] };

function indexItems(spec: unknown[]): IndexItem[] {
  return spec.map((i): IndexItem => {
    if (i === null) return { kind: 'slice', start: null, stop: null, step: null };
    if (Array.isArray(i)) return { kind: 'slice', start: i[0] as number | null, stop: i[1] as number | null, step: i[2] as number | null };
    return { kind: 'int', index: i as number };
  });
}

function step(x: Tensor, [name, ...args]: Op): Tensor {
  switch (name) {
    case 't': return T.t(x);
    case 'T': return T.reversedDims(x);
    case 'transpose': return T.transpose(x, args[0] as number, args[1] as number);
    case 'permute': return T.permute(x, args[0] as number[]);
    case 'view': return T.view(x, args[0] as number[]);
    case 'reshape': return T.reshape(x, args[0] as number[]);
    case 'flatten': return T.flatten(x);
    case 'contiguous': return T.contiguous(x);
    case 'clone': return T.clone(x);
    case 'unsqueeze': return T.unsqueeze(x, args[0] as number);
    case 'squeeze': return args.length === 0 ? T.squeeze(x) : T.squeeze(x, args[0] as number);
    case 'index': return T.index(x, indexItems(args[0] as unknown[]));
    case 'mul': return T.mul(x, new T.Scalar(args[0] as number, 'float'));
    // Python's 2 * x is x.__rmul__(2), so x comes first, as the interpreter does it.
    case 'rmul': return T.mul(x, new T.Scalar(args[0] as number, 'float'));
    case 'add_ones_right': return T.add(x, T.ones(x.shape));
    case 'add_ones_left': return T.add(T.ones(x.shape), x);
    case 'add_row': return T.add(x, T.ones([x.shape[x.shape.length - 1]]));
    case 'matmul_left': return T.matmul(T.ones([2, x.shape[0]]), x);
    case 'exp': return T.exp(x);
    case 'neg': return T.neg(x);
    case 'sigmoid': return T.sigmoid(x);
    case 'sum': return T.sum(x, args[0] as number);
  }
  throw new Error(`no step ${name}`);
}

describe('strides, contiguity and reshape/view follow PyTorch', () => {
  for (const c of fixture.chains) {
    it(`[${c.shape}] ${c.ops.map((o) => o.join(' ')).join(' → ')}`, () => {
      const n = c.shape.reduce((a, s) => a * s, 1);
      let x = T.reshape(T.arange(new T.Scalar(0, 'float'), new T.Scalar(n, 'float')), c.shape);
      x = new T.Tensor(x.data, x.shape, x.dtype);
      x.setRequiresGrad(true);
      c.results.forEach((want, k) => {
        if (want.error !== undefined) {
          expect(() => step(x, c.ops[k])).toThrow(want.error);
          return;
        }
        x = step(x, c.ops[k]);
        expect({
          shape: x.shape, strides: x.strides, is_contiguous: T.isContiguousTensor(x),
          grad_fn: x.gradFn?.name ?? null, next: x.gradFn ? x.gradFn.nextEdges.map((e) => e.node?.name ?? null) : null,
        }, `step ${k}`).toEqual(want);
      });
    });
  }
});
