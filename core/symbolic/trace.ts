/**
 * The symbolic trace: the expression a tensor was computed by, read from the
 * `origin` records the ops leave while tracing is on, in terms of named leaf
 * variables and constants. Values are snapshotted (as float64) now, so later
 * in-place writes by the script (an optimizer step) do not change it.
 */
import type { Tensor } from '../tensor/tensor';
import type { Origin } from '../autograd/origin';
import type { Expr, LeafExpr } from './expr';
import { ExprPool, SymbolicError } from './expr';
import { coefOf, float } from './coef';
import { shortestFloat32 } from './format_number';
import { literalOf } from './literal';

/** Past this many nodes (as printed), a trace is too large to show as a formula. */
export const MAX_TRACE_NODES = 600;

export interface Trace {
  readonly pool: ExprPool;
  readonly root: Expr;
  /** Leaf variables (tensors that require grad), by tensor. */
  readonly vars: ReadonlyMap<Tensor, LeafExpr>;
  /** Why part of the computation has no symbolic form (then the trace cannot be evaluated either). */
  readonly unsupported: string | null;
  /** Printed size of the root's expression. */
  readonly size: number;
  readonly tooLarge: boolean;
}

export interface TraceOptions {
  /** Names to use for leaf variables (the caller's names win over tensor labels). */
  readonly names?: ReadonlyMap<Tensor, string>;
  readonly maxNodes?: number;
  /** Names already taken (e.g. by the gradient), so no leaf reuses them. */
  readonly reserved?: readonly string[];
}

/** Assigns each leaf tensor a unique readable name. */
class Namer {
  readonly #used = new Set<string>();
  #constants = 0;
  #vars = 0;

  constructor(reserved: readonly string[]) {
    for (const r of reserved) this.#used.add(r);
  }

  take(wanted: string | null, kind: 'var' | 'const'): string {
    if (wanted === null) {
      let name: string;
      do name = kind === 'var' ? `w${++this.#vars}` : `c${++this.#constants}`;
      while (this.#used.has(name));
      this.#used.add(name);
      return name;
    }
    let name = wanted;
    for (let k = 2; this.#used.has(name); k++) name = `${wanted}_${k}`;
    this.#used.add(name);
    return name;
  }
}

function snapshot(t: Tensor): Float64Array {
  return Float64Array.from(t.data);
}

/** A small unnamed constant printed by value, as `tensor([1., 2.])`. */
const LITERAL_MAX_ELEMENTS = 6;

export function traceTensor(root: Tensor, options: TraceOptions = {}): Trace {
  const pool = new ExprPool();
  const namer = new Namer(options.reserved ?? []);
  const vars = new Map<Tensor, LeafExpr>();
  const memo = new Map<Tensor, Expr>();
  let unsupported: string | null = null;

  // The caller's names are taken first so they win any clash with a label.
  for (const [t, name] of options.names ?? []) {
    vars.set(t, pool.leaf('var', namer.take(name, 'var'), t.shape, snapshot(t), t.dtype));
  }

  const leafOf = (t: Tensor): Expr => {
    const known = vars.get(t);
    if (known) return known;
    if (t.gradFn !== null) {
      // In the graph, but its op left no origin (tracing was off, or zero_()).
      unsupported ??= `${t.gradFn.name} has no symbolic trace`;
    }
    if (t.requiresGrad) {
      const v = pool.leaf('var', namer.take(t.label, 'var'), t.shape, snapshot(t), t.dtype);
      vars.set(t, v);
      return v;
    }
    if (t.label === null && t.shape.length === 0) {
      return pool.num(t.dtype === 'float32' ? float(shortestFloat32(t.data[0])) : coefOf(t.data[0]));
    }
    if (t.label === null && t.numel <= LITERAL_MAX_ELEMENTS && t.numel > 0) {
      const literal = literalOf(t.data, t.shape, t.dtype);
      return pool.leaf('const', literal.text, t.shape, snapshot(t), t.dtype, literal);
    }
    return pool.leaf('const', namer.take(t.label, 'const'), t.shape, snapshot(t), t.dtype);
  };

  const operand = (v: Tensor | number): Expr => (typeof v === 'number' ? pool.num(v) : memo.get(v)!);

  // Iterative post-order over the origin graph: in-place loops can make it deep.
  const stack: { t: Tensor; expanded: boolean }[] = [{ t: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (memo.has(top.t)) continue;
    const origin = top.t.origin;
    // A named tensor outside the graph is a constant, even if computed by traced ops (ys = 2*xs + 1).
    if (origin === null || vars.has(top.t) || (!top.t.requiresGrad && top.t.label !== null)) {
      memo.set(top.t, leafOf(top.t));
      continue;
    }
    if (!top.expanded) {
      stack.push({ t: top.t, expanded: true });
      for (const input of origin.inputs) if (typeof input !== 'number' && !memo.has(input)) stack.push({ t: input, expanded: false });
      continue;
    }
    try {
      memo.set(top.t, fromOrigin(pool, origin, operand));
    } catch (e) {
      if (!(e instanceof SymbolicError)) throw e;
      unsupported ??= e.message;
      memo.set(top.t, leafOf(top.t));
    }
  }

  const expr = memo.get(root)!;
  const size = pool.size(expr);
  const maxNodes = options.maxNodes ?? MAX_TRACE_NODES;
  return { pool, root: expr, vars, unsupported, size, tooLarge: size > maxNodes };
}

const UNARY_OPS = new Set(['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'neg']);
const BINARY_OPS = new Set(['add', 'sub', 'mul', 'div', 'pow']);

function fromOrigin(pool: ExprPool, origin: Origin, operand: (v: Tensor | number) => Expr): Expr {
  const args = origin.inputs.map(operand);
  const a = origin.attrs;
  const op = origin.op;
  if (UNARY_OPS.has(op)) return pool.op(op as 'exp', [args[0]]);
  if (BINARY_OPS.has(op)) return pool.op(op as 'add', [args[0], args[1]]);
  switch (op) {
    case 'matmul':
    case 'bmm':
      return pool.op('matmul', [args[0], args[1]]);
    case 'expand':
      return pool.expand(args[0], a.shape as number[]);
    case 'permute':
      return pool.permute(args[0], a.dims as number[]);
    case 'reshape':
      return reshapeOf(pool, args[0], a.shape as number[], (a.via as string | undefined) ?? null);
    case 'sum':
    case 'mean':
      return pool.op(op, [args[0]], { dims: (a.dim as number[] | null) ?? null, keepdim: Boolean(a.keepdim) });
    case 'max':
    case 'min':
      return pool.op(op, [args[0]]);
    case 'norm':
      return pool.op('sqrt', [pool.op('sum', [pool.pow(args[0], pool.num(2))], { dims: null, keepdim: false })]);
    case 'select':
      return pool.op('select', [args[0]], { dim: a.dim as number, index: a.index as number });
    case 'slice': {
      const [dim, start, stop, step] = [a.dim as number, a.start as number, a.stop as number, a.step as number];
      // `x[:, 1]` records a full slice of dim 0 (as PyTorch does): it selects everything.
      if (start === 0 && step === 1 && stop >= args[0].shape[dim]) return args[0];
      return pool.op('slice', [args[0]], { dim, start, stop, step });
    }
    case 'reciprocal':
      return pool.div(pool.num(1), args[0]);
    // torch.add(x, y, alpha=a) is x + a*y; torch.sub(x, y, alpha=a) is x - a*y.
    case 'add_alpha':
    case 'sub_alpha': {
      const scaled = pool.mul(pool.num(coefOf(a.alpha as number)), args[1]);
      return op === 'add_alpha' ? pool.add(args[0], scaled) : pool.sub(args[0], scaled);
    }
    case 'clone':
    case 'contiguous':
    case 'alias':
      // A copy or a new memory layout has the same value and derivative: it adds nothing to a formula.
      return args[0];
    case 'mse_loss':
      return reduceLoss(pool, pool.pow(pool.sub(args[0], args[1]), pool.num(2)), a.reduction as string);
    case 'binary_cross_entropy_with_logits':
      return bceWithLogits(pool, args, a);
    default:
      throw new SymbolicError(`the op '${op}' has no symbolic rule`);
  }
}

/**
 * `v @ B` with a 1-D v runs as unsqueeze, mm, squeeze: fold it back into the
 * matmul the script wrote, so the formula and its derivative read naturally.
 */
function reshapeOf(pool: ExprPool, x: Expr, shape: readonly number[], via: string | null): Expr {
  if (x.kind === 'op' && x.op === 'matmul' && shape.length === 1) {
    const [left, right] = x.args;
    if (left.kind === 'op' && left.op === 'reshape' && left.args[0].shape.length === 1 && left.shape.length === 2 && left.shape[0] === 1 && right.shape.length === 2) {
      return pool.op('matmul', [left.args[0], right]);
    }
  }
  return pool.reshape(x, shape, via);
}

function reduceLoss(pool: ExprPool, elems: Expr, reduction: string): Expr {
  if (reduction === 'none') return elems;
  return pool.op(reduction === 'sum' ? 'sum' : 'mean', [elems], { dims: null, keepdim: false });
}

/**
 * Kept as one elementwise op, as PyTorch's derivatives.yaml does: its
 * derivative reads `sigmoid(z) - y`, which the expanded log-sigmoid form
 * would hide behind sigmoid(-z) = 1 - sigmoid(z).
 */
function bceWithLogits(pool: ExprPool, args: readonly Expr[], attrs: Readonly<Record<string, unknown>>): Expr {
  const elems = pool.op('bce_logits', args, { weighted: Boolean(attrs.hasWeight), posWeighted: Boolean(attrs.hasPosWeight) });
  return reduceLoss(pool, elems, attrs.reduction as string);
}
