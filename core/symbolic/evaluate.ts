/**
 * Evaluates an expression to a float64 tensor with the engine's own kernels
 * and grad mode off: no graph is built and nothing is traced.
 */
import { withGradMode } from '../autograd/grad_mode';
import { add } from '../ops/add';
import { div } from '../ops/div';
import { binaryMap, unaryMap } from '../ops/kernels';
import { mm, matmul } from '../ops/matmul';
import { mul } from '../ops/mul';
import { neg } from '../ops/neg';
import { permute } from '../ops/permute';
import { pow } from '../ops/pow';
import { max, mean, min, sum } from '../ops/reduce';
import { select, slice } from '../ops/index';
import { sub } from '../ops/sub';
import { unary } from '../ops/unary';
import { reshape } from '../ops/view';
import { sameShape, stridesOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import type { Expr, OpExpr } from './expr';

const f64 = (data: Float64Array, shape: readonly number[]): Tensor => new Tensor(data, shape, 'float64');

function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** Broadcasts x to `shape` (which x's shape must broadcast to). */
export function expandTo(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const zeros = new Float64Array(shape.reduce((a, s) => a * s, 1));
  return binaryMap(x.data, x.shape, zeros, shape, 'float64', (v) => v);
}

/** Places g into zeros of `shape` at [start::step] (or the single index start) along dim. */
function embed(g: Tensor, node: OpExpr): Tensor {
  const shape = node.shape;
  const dim = node.attrs.dim ?? 0;
  const start = node.attrs.start ?? 0;
  const step = node.attrs.step ?? 1;
  const len = node.attrs.keep ? node.args[0].shape[dim] : 1;
  const expected = node.args[0].shape;
  const src = expandTo(g, expected).data;
  const outer = shape.slice(0, dim).reduce((a, s) => a * s, 1);
  const inner = stridesOf(shape)[dim] ?? 1;
  const size = shape[dim];
  const out = new Float64Array(shape.reduce((a, s) => a * s, 1));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < len; j++) {
      const dst = (a * size + start + j * step) * inner;
      for (let b = 0; b < inner; b++) out[dst + b] = src[o++];
    }
  }
  return f64(out, shape);
}

/** -w [pw·y·logσ(x) + (1 - y)·logσ(-x)] per element, as core/nn/functional computes it. */
function bceLogits(node: OpExpr, args: readonly Tensor[]): Tensor {
  const full = args.map((t) => expandTo(t, node.shape).data);
  const [x, y] = full;
  let k = 2;
  const w = node.attrs.weighted ? full[k++] : null;
  const pw = node.attrs.posWeighted ? full[k++] : null;
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) {
    const p = pw === null ? 1 : pw[i];
    out[i] = -(w === null ? 1 : w[i]) * (p * y[i] * logSigmoid(x[i]) + (1 - y[i]) * logSigmoid(-x[i]));
  }
  return f64(out, node.shape);
}

function applyOp(node: OpExpr, args: readonly Tensor[]): Tensor {
  const [a, b] = args;
  switch (node.op) {
    case 'add': return add(a, b);
    case 'sub': return sub(a, b);
    case 'mul': return mul(a, b);
    case 'div': return div(a, b);
    case 'pow': {
      const [ea, eb] = node.args;
      if (eb.kind === 'num') return pow(a, eb.value);
      if (ea.kind === 'num') return pow(ea.value, b);
      return pow(a, b);
    }
    case 'eq': return binaryMap(a.data, a.shape, b.data, b.shape, 'float64', (x, y) => (x === y ? 1 : 0));
    case 'neg': return neg(a);
    case 'logsigmoid': return unaryMap(a, 'float64', logSigmoid);
    case 'sign': return unaryMap(a, 'float64', (x) => (Number.isNaN(x) ? x : Math.sign(x)));
    case 'step': return unaryMap(a, 'float64', (x) => (x > 0 ? 1 : 0));
    case 'exp': case 'log': case 'sqrt': case 'abs': case 'sin': case 'cos': case 'tanh': case 'sigmoid': case 'relu':
      return unary(node.op, a);
    case 'matmul': return matmul(a, b);
    case 'outer': return mm(reshape(a, [a.numel, 1]), reshape(b, [1, b.numel]));
    case 'permute': return permute(a, node.attrs.dims ?? []);
    case 'reshape': return f64(Float64Array.from(a.data), node.shape);
    case 'expand': return expandTo(a, node.shape);
    case 'sum': return node.attrs.dims == null ? sum(a) : sum(a, node.attrs.dims, node.attrs.keepdim ?? false);
    case 'mean': return node.attrs.dims == null ? mean(a) : mean(a, node.attrs.dims, node.attrs.keepdim ?? false);
    case 'max': return max(a);
    case 'min': return min(a);
    case 'select': return select(a, node.attrs.dim ?? 0, node.attrs.index ?? 0);
    case 'slice': return slice(a, node.attrs.dim ?? 0, node.attrs.start ?? 0, node.attrs.stop ?? 0, node.attrs.step ?? 1);
    case 'embed': return embed(a, node);
    case 'bce_logits': return bceLogits(node, args);
  }
}

export interface EvalOptions {
  /** Values to use instead of a leaf's snapshot, by leaf id (perturbations, curves). */
  readonly leafValues?: ReadonlyMap<number, Float64Array>;
  /** Shared results for nodes that do not change between calls (see `volatile`). */
  readonly cache?: Map<number, Tensor>;
  /** Node ids whose value depends on `leafValues`: never read from or written to `cache`. */
  readonly volatile?: ReadonlySet<number>;
}

/** The value of `e` as a float64 tensor of e.shape. */
export function evaluate(e: Expr, options: EvalOptions = {}): Tensor {
  return withGradMode(false, () => {
    const local = new Map<number, Tensor>();
    const shared = options.cache;
    const get = (n: Expr): Tensor | undefined => local.get(n.id) ?? (options.volatile?.has(n.id) ? undefined : shared?.get(n.id));
    // Iterative post-order: long in-place chains make deep expressions.
    const stack: { n: Expr; ready: boolean }[] = [{ n: e, ready: false }];
    while (stack.length > 0) {
      const { n, ready } = stack.pop()!;
      if (get(n) !== undefined) continue;
      if (n.kind === 'op' && !ready) {
        stack.push({ n, ready: true });
        for (const a of n.args) if (get(a) === undefined) stack.push({ n: a, ready: false });
        continue;
      }
      let value: Tensor;
      if (n.kind === 'num') value = f64(Float64Array.of(n.value), []);
      else if (n.kind === 'leaf') value = f64(options.leafValues?.get(n.id) ?? n.value, n.shape);
      else value = applyOp(n, n.args.map((a) => get(a)!));
      if (value.dtype !== 'float64') value = f64(Float64Array.from(value.data), value.shape);
      local.set(n.id, value);
      if (shared && !options.volatile?.has(n.id)) shared.set(n.id, value);
    }
    return get(e)!;
  });
}
