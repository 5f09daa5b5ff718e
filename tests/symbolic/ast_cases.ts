/**
 * Builds engine computations from the small JSON expression trees that
 * tests/oracle/gen_sympy.py also evaluates with PyTorch and sympy, so one
 * list of cases drives all three oracles.
 *
 * A node is a leaf name ("x"), a Python number, or [op, ...args].
 */
import * as T from '../../core/index';
import type { Tensor } from '../../core/index';
import { leaf } from './helpers';

export type Ast = string | number | readonly [string, ...Ast[]];

export interface OracleCase {
  readonly name: string;
  readonly expr: Ast;
  readonly leaves: Record<string, number[] | number[][]>;
  /** backward(gradient=...); null for a scalar root. */
  readonly gradient: number[] | number[][] | null;
  readonly dtype: 'float32' | 'float64';
}

type Value = Tensor | number;

function tensorOf(v: Value): Tensor {
  if (typeof v === 'number') throw new Error('expected a tensor operand');
  return v;
}

export function build(ast: Ast, env: Record<string, Tensor>): Value {
  if (typeof ast === 'number') return ast;
  if (typeof ast === 'string') {
    const t = env[ast];
    if (!t) throw new Error(`unknown leaf ${ast}`);
    return t;
  }
  const [op, ...rest] = ast;
  const a = (i: number): Value => build(rest[i], env);
  const n = (i: number): number => rest[i] as number;
  switch (op) {
    case 'add': return T.add(a(0), a(1));
    case 'sub': {
      const l = a(0);
      const r = a(1);
      return typeof l === 'number' ? T.rsub(tensorOf(r), l) : T.sub(l, r);
    }
    case 'mul': return T.mul(a(0), a(1));
    case 'div': return T.div(a(0), a(1));
    case 'pow': return T.pow(a(0), a(1));
    case 'neg': return T.neg(tensorOf(a(0)));
    case 'exp': case 'log': case 'sqrt': case 'abs': case 'sin': case 'cos': case 'tanh': case 'sigmoid': case 'relu':
      return T.unary(op, tensorOf(a(0)));
    case 'sum': return T.sum(tensorOf(a(0)));
    case 'mean': return T.mean(tensorOf(a(0)));
    case 'sum_dim': return T.sum(tensorOf(a(0)), n(1), Boolean(rest[2]));
    case 'mean_dim': return T.mean(tensorOf(a(0)), n(1), Boolean(rest[2]));
    case 'max': return T.max(tensorOf(a(0)));
    case 'matmul': return T.matmul(tensorOf(a(0)), tensorOf(a(1)));
    case 'T': return T.t(tensorOf(a(0)));
    case 'transpose': return T.transpose(tensorOf(a(0)), n(1), n(2));
    case 'reshape': return T.reshape(tensorOf(a(0)), rest.slice(1) as number[]);
    case 'unsqueeze': return T.unsqueeze(tensorOf(a(0)), n(1));
    case 'select': return T.select(tensorOf(a(0)), n(1), n(2));
    case 'slice': return T.slice(tensorOf(a(0)), n(1), n(2), n(3), n(4));
    case 'mse': return T.mseLoss(tensorOf(a(0)), tensorOf(a(1)));
    case 'bce': return T.binaryCrossEntropyWithLogits(tensorOf(a(0)), tensorOf(a(1)));
    case 'const': {
      const c = T.tensor(rest[0] as unknown as number[], { dtype: 'float32' });
      c.label = (rest[1] as string | undefined) ?? null;
      return c;
    }
    default: throw new Error(`unknown op ${op}`);
  }
}

export interface BuiltCase {
  readonly root: Tensor;
  readonly leaves: { name: string; tensor: Tensor }[];
  readonly gradient: Tensor | null;
}

/** Leaves with requires_grad, the root traced, no backward yet. */
export function buildCase(c: OracleCase): BuiltCase {
  const env: Record<string, Tensor> = {};
  for (const [name, data] of Object.entries(c.leaves)) env[name] = leaf(name, data, c.dtype);
  T.setTracing(true);
  let root: Value;
  try {
    root = build(c.expr, env);
  } finally {
    T.setTracing(false);
  }
  const r = tensorOf(root);
  r.label = 'f';
  const gradient = c.gradient === null ? null : T.tensor(c.gradient, { dtype: c.dtype });
  return { root: r, leaves: Object.entries(env).map(([name, tensor]) => ({ name, tensor })), gradient };
}
