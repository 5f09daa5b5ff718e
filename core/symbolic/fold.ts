/**
 * Constant folding of whole tensors: a part of a derivative that no named
 * tensor enters (indexing gradients, transposed literals) is written by value,
 * `tensor([[1., 3., 1., 1.], ...])`, as a person would compute it by hand.
 * Scalar arithmetic is folded by the simplifier already; here only parts with
 * tensor structure are, and only when every number stays short (folding
 * `log(2)` into 0.6931471805599453 would hide where it came from).
 */
import type { DType } from '../tensor/dtype';
import { coefOf, float } from './coef';
import { evaluate } from './evaluate';
import type { Expr, ExprPool } from './expr';
import { shortestFloat32 } from './format_number';
import { FOLD_MAX_ELEMENTS, isConciseNumber, literalOf } from './literal';

/** Ops whose constant results are worth writing out by value. */
const STRUCTURAL = new Set<string>(['embed', 'permute', 'reshape', 'select', 'slice', 'sum', 'mean', 'matmul', 'outer', 'max', 'min']);

interface Facts {
  /** No named tensor (variable, gradient or named constant) below. */
  readonly constant: boolean;
  /** A literal tensor or a structural op below: folding gives a tensor a person would write. */
  readonly structured: boolean;
  readonly float32: boolean;
}

export function foldConstants(pool: ExprPool, e: Expr): Expr {
  const facts = new Map<number, Facts>();
  const factsOf = (n: Expr): Facts => {
    const known = facts.get(n.id);
    if (known) return known;
    let f: Facts;
    if (n.kind === 'num') f = { constant: true, structured: false, float32: false };
    else if (n.kind === 'leaf') f = { constant: n.literal !== null, structured: n.literal !== null, float32: n.dtype === 'float32' };
    else {
      const args = n.args.map(factsOf);
      const broadcastOfTensor = n.op === 'expand' && n.args[0].kind !== 'num';
      f = {
        constant: args.every((a) => a.constant),
        structured: STRUCTURAL.has(n.op) || broadcastOfTensor || args.some((a) => a.structured),
        float32: args.some((a) => a.float32),
      };
    }
    facts.set(n.id, f);
    return f;
  };
  const memo = new Map<number, Expr>();
  const go = (n: Expr): Expr => {
    const known = memo.get(n.id);
    if (known) return known;
    let out: Expr = n;
    if (n.kind === 'op') {
      const f = factsOf(n);
      const folded = f.constant && f.structured ? foldNode(pool, n, f.float32 ? 'float32' : 'float64') : null;
      const grouped = folded === null && (n.op === 'add' || n.op === 'sub') ? foldConstantTerms(pool, n, factsOf, go) : null;
      if (folded !== null) out = folded;
      else if (grouped !== null) out = grouped;
      else {
        const args = n.args.map(go);
        if (args.some((a, i) => a !== n.args[i])) out = pool.op(n.op, args, n.attrs);
      }
    }
    memo.set(n.id, out);
    return out;
  };
  return go(e);
}

/**
 * In a sum, the constant terms become one tensor: `2*x + tensor([0., 11., 2., 0., 1.])`
 * rather than three placed-gradient tensors side by side. Null when there are fewer than two.
 */
function foldConstantTerms(pool: ExprPool, n: Expr, factsOf: (e: Expr) => Facts, go: (e: Expr) => Expr): Expr | null {
  const terms: { e: Expr; negative: boolean }[] = [];
  const flatten = (x: Expr, negative: boolean): void => {
    if (x.kind === 'op' && (x.op === 'add' || x.op === 'sub')) {
      flatten(x.args[0], negative);
      flatten(x.args[1], x.op === 'sub' ? !negative : negative);
    } else terms.push({ e: x, negative });
  };
  flatten(n, false);
  const isFoldable = (e: Expr): boolean => factsOf(e).constant && factsOf(e).structured;
  const constants = terms.filter((t) => isFoldable(t.e));
  if (constants.length < 2) return null;
  const combine = (ts: typeof terms): Expr =>
    ts.slice(1).reduce<Expr>((acc, t) => (t.negative ? pool.sub(acc, t.e) : pool.add(acc, t.e)), ts[0].negative ? pool.neg(ts[0].e) : ts[0].e);
  const constantSum = combine(constants);
  const folded = foldNode(pool, constantSum, constants.some((t) => factsOf(t.e).float32) ? 'float32' : 'float64');
  if (folded === null) return null;
  const others = terms.filter((t) => !isFoldable(t.e)).map((t) => ({ e: go(t.e), negative: t.negative }));
  return others.length === 0 ? folded : pool.add(combine(others), folded);
}

function foldNode(pool: ExprPool, n: Expr, dtype: DType): Expr | null {
  const size = n.shape.reduce((a, s) => a * s, 1);
  if (size > FOLD_MAX_ELEMENTS || size === 0) return null;
  const values = evaluate(n).data;
  for (let i = 0; i < size; i++) if (!isConciseNumber(values[i], dtype)) return null;
  const first = values[0];
  if (values.every((v) => v === first)) {
    const num = pool.num(dtype === 'float32' ? numCoef32(first) : coefOf(first));
    return pool.expand(num, n.shape);
  }
  const literal = literalOf(values, n.shape, dtype);
  return pool.leaf('const', literal.text, n.shape, Float64Array.from(values), dtype, literal);
}

function numCoef32(v: number): ReturnType<typeof coefOf> {
  return Number.isInteger(v) ? coefOf(v) : float(shortestFloat32(v));
}
