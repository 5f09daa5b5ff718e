/**
 * Symbolic reverse mode: the derivative of sum(G * root) with respect to each
 * leaf variable, i.e. the vector-Jacobian product backward(gradient=G)
 * computes. One rule per op, written like PyTorch's derivatives.yaml; each
 * rule returns the gradient of one input, already summed back to its shape.
 */
import type { Expr, LeafExpr, OpExpr } from './expr';
import { ExprPool, SymbolicError, postOrder } from './expr';
import { MINUS_ONE, add as addCoef } from './coef';

type Rule = (p: ExprPool, node: OpExpr, g: Expr, input: number) => Expr | null;

/** The transpose of a matrix, or of each matrix of a batch (the last two dims swapped). */
const t2 = (p: ExprPool, a: Expr): Expr => {
  const dims = a.shape.map((_, i) => i);
  const r = dims.length;
  [dims[r - 2], dims[r - 1]] = [dims[r - 1], dims[r - 2]];
  return p.permute(a, dims);
};

const rules: Record<OpExpr['op'], Rule> = {
  // self: grad, other: grad
  add: (p, n, g, i) => p.sumTo(g, n.args[i].shape),
  // self: grad, other: -grad
  sub: (p, n, g, i) => p.sumTo(i === 0 ? g : p.neg(g), n.args[i].shape),
  // self: grad * other, other: grad * self
  mul: (p, n, g, i) => p.sumTo(p.mul(g, n.args[1 - i]), n.args[i].shape),
  // self: grad / other, other: -grad * self / other**2
  div: (p, n, g, i) => {
    const [a, b] = n.args;
    const local = i === 0 ? p.div(g, b) : p.neg(p.div(p.mul(g, a), p.pow(b, p.num(2))));
    return p.sumTo(local, n.args[i].shape);
  },
  // self: grad * exponent * self**(exponent - 1); exponent: grad * self**exponent * log(self)
  pow: (p, n, g, i) => {
    const [a, b] = n.args;
    if (i === 0) {
      if (b.kind === 'num') {
        if (b.value === 0) return null;
        return p.sumTo(p.mul(g, p.mul(b, p.pow(a, p.num(addCoef(b.coef, MINUS_ONE))))), a.shape);
      }
      return p.sumTo(p.mul(g, p.mul(b, p.pow(a, p.sub(b, p.num(1))))), a.shape);
    }
    return p.sumTo(p.mul(g, p.mul(n, p.fn('log', a))), b.shape);
  },
  // Comparisons have no gradient (PyTorch refuses to differentiate them).
  eq: () => null,
  neg: (p, _n, g) => p.neg(g),
  exp: (p, n, g) => p.mul(g, n),
  log: (p, n, g) => p.div(g, n.args[0]),
  sqrt: (p, n, g) => p.div(g, p.mul(p.num(2), n)),
  // The subgradient at 0 is 0: sign(0) = 0, as PyTorch's sgn.
  abs: (p, n, g) => p.mul(g, p.fn('sign', n.args[0])),
  sin: (p, n, g) => p.mul(g, p.fn('cos', n.args[0])),
  cos: (p, n, g) => p.neg(p.mul(g, p.fn('sin', n.args[0]))),
  tanh: (p, n, g) => p.mul(g, p.sub(p.num(1), p.pow(n, p.num(2)))),
  sigmoid: (p, n, g) => p.mul(g, p.mul(n, p.sub(p.num(1), n))),
  // threshold_backward: the subgradient at 0 is 0, so the mask is x > 0.
  relu: (p, n, g) => p.mul(g, p.fn('step', n.args[0])),
  // d/dx log σ(x) = 1 - σ(x) = σ(-x)
  logsigmoid: (p, n, g) => p.mul(g, p.fn('sigmoid', p.neg(n.args[0]))),
  // derivatives.yaml: self: w [(1 - y + pw·y) σ(x) - pw·y]; target: -w [pw·logσ(x) - logσ(-x)]
  bce_logits: (p, n, g, i) => {
    const [x, y] = n.args;
    let k = 2;
    const w = n.attrs.weighted ? n.args[k++] : null;
    const pw = n.attrs.posWeighted ? n.args[k++] : null;
    const weigh = (e: Expr): Expr => (w === null ? e : p.mul(w, e));
    const pwy = pw === null ? y : p.mul(pw, y);
    let local: Expr;
    if (i === 0) {
      const sig = p.fn('sigmoid', x);
      local = weigh(pw === null ? p.sub(sig, y) : p.sub(p.mul(p.add(p.sub(p.num(1), y), pwy), sig), pwy));
    } else if (i === 1) {
      const ls = p.fn('logsigmoid', x);
      local = p.neg(weigh(p.sub(pw === null ? ls : p.mul(pw, ls), p.fn('logsigmoid', p.neg(x)))));
    } else if (n.attrs.weighted && i === 2) {
      local = pw === null ? p.op('bce_logits', [x, y], {}) : p.op('bce_logits', [x, y, pw], { posWeighted: true });
    } else {
      local = p.neg(weigh(p.mul(y, p.fn('logsigmoid', x))));
    }
    return p.sumTo(p.mul(g, local), n.args[i].shape);
  },
  sign: () => null,
  step: () => null,
  // mm and bmm: self: grad @ mat2.T, mat2: self.T @ grad; mv, dot and vector @ matrix likewise.
  matmul: (p, n, g, i) => {
    const [a, b] = n.args;
    const ra = a.shape.length;
    const rb = b.shape.length;
    if (ra === 1 && rb === 1) return p.mul(g, i === 0 ? b : a);
    if (ra === 2 && rb === 1) return i === 0 ? p.op('outer', [g, b]) : p.op('matmul', [t2(p, a), g]);
    if (ra === 1 && rb === 2) return i === 0 ? p.op('matmul', [b, g]) : p.op('outer', [a, g]);
    return i === 0 ? p.op('matmul', [g, t2(p, b)]) : p.op('matmul', [t2(p, a), g]);
  },
  outer: (p, n, g, i) => (i === 0 ? p.op('matmul', [g, n.args[1]]) : p.op('matmul', [t2(p, g), n.args[0]])),
  permute: (p, n, g) => {
    const dims = n.attrs.dims ?? [];
    const inv = new Array<number>(dims.length);
    dims.forEach((d, k) => (inv[d] = k));
    return p.permute(g, inv);
  },
  reshape: (p, n, g) => p.reshape(g, n.args[0].shape),
  expand: (p, n, g) => p.sumTo(g, n.args[0].shape),
  sum: (p, n, g) => expandBack(p, n, g),
  mean: (p, n, g) => p.div(expandBack(p, n, g), p.num(reducedCount(n))),
  // evenly_distribute_backward: ties share the gradient equally.
  max: (p, n, g) => tieShare(p, n, g),
  min: (p, n, g) => tieShare(p, n, g),
  select: (p, n, g) => p.op('embed', [g], { shape: n.args[0].shape, dim: n.attrs.dim, start: n.attrs.index, step: 1, keep: false }),
  slice: (p, n, g) => p.op('embed', [g], { shape: n.args[0].shape, dim: n.attrs.dim, start: n.attrs.start, stop: n.attrs.stop, step: n.attrs.step, keep: true }),
  embed: (p, n, g) => (n.attrs.keep
    ? p.op('slice', [g], { dim: n.attrs.dim, start: n.attrs.start, stop: n.attrs.stop, step: n.attrs.step })
    : p.op('select', [g], { dim: n.attrs.dim, index: n.attrs.start })),
};

function reducedCount(n: OpExpr): number {
  const x = n.args[0];
  const dims = n.attrs.dims ?? x.shape.map((_, i) => i);
  return dims.reduce((a, d) => a * x.shape[d], 1);
}

/** The gradient of a reduction, broadcast back over the reduced dims. */
function expandBack(p: ExprPool, n: OpExpr, g: Expr): Expr {
  const x = n.args[0];
  const dims = n.attrs.dims;
  if (dims === null || dims === undefined) return p.expand(g, x.shape);
  const kept = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
  return p.expand(n.attrs.keepdim ? g : p.reshape(g, kept, 'unsqueeze'), x.shape);
}

function tieShare(p: ExprPool, n: OpExpr, g: Expr): Expr {
  const mask = p.op('eq', [n.args[0], n]);
  return p.mul(g, p.div(mask, p.sum(mask, null, false)));
}

/**
 * d sum(g * root) / d leaf for each leaf, or null where the root does not
 * depend on the leaf. Throws SymbolicError for an op without a rule.
 */
export function vjp(pool: ExprPool, root: Expr, g: Expr, leaves: readonly LeafExpr[]): Map<LeafExpr, Expr | null> {
  const order = postOrder(root);
  const targets = new Set(leaves.map((l) => l.id));
  // Only nodes with a wanted leaf below them need a gradient.
  const needed = new Set<number>();
  for (const n of order) {
    if (targets.has(n.id) || (n.kind === 'op' && n.args.some((a) => needed.has(a.id)))) needed.add(n.id);
  }
  const adjoint = new Map<number, Expr>([[root.id, g]]);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const gNode = adjoint.get(node.id);
    if (node.kind !== 'op' || gNode === undefined) continue;
    const rule = rules[node.op];
    if (!rule) throw new SymbolicError(`the op '${node.op}' has no derivative rule`);
    node.args.forEach((arg, i) => {
      if (!needed.has(arg.id)) return;
      const contribution = rule(pool, node, gNode, i);
      if (contribution === null) return;
      const prev = adjoint.get(arg.id);
      adjoint.set(arg.id, prev === undefined ? contribution : pool.add(prev, contribution));
    });
  }
  return new Map(leaves.map((l) => [l, adjoint.get(l.id) ?? null]));
}
