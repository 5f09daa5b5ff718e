/**
 * Central finite differences in float64, the third, independent opinion.
 * The root is re-evaluated from its expression (never through autograd) with
 * one leaf element moved by a per-element step h = cbrt(eps) * max(1, |x|),
 * which balances truncation error (O(h^2)) against rounding (O(eps/h)).
 */
import type { Tensor } from '../tensor/tensor';
import type { Expr, LeafExpr } from './expr';
import { isElementwise, postOrder } from './expr';
import { evaluate } from './evaluate';

const STEP_SCALE = Math.cbrt(2 ** -52);

/** Work budget (element-operations) before numeric differences are sampled. */
export const NUMERIC_BUDGET = 2e8;

export interface NumericGradient {
  /** d sum(G * root) / d leaf per element; NaN where not computed or undefined. */
  readonly values: Float64Array;
  /**
   * Per-element estimate of the difference's own error: |D(h) - D(2h)|. It is
   * tiny where f is smooth (O(h^2)) and grows to O(h) at a point where f is
   * only once differentiable (relu(x)**2 at 0), so comparisons allow for it.
   */
  readonly errorBound: Float64Array;
  /**
   * Elements where the one-sided differences disagree (a kink such as relu or
   * abs at 0) or the function is undefined nearby (log or sqrt of a
   * non-positive number): the central difference there is no derivative.
   */
  readonly unreliable: number[];
  /** How many elements were computed, when the budget forced a sample. */
  readonly sampled: { readonly count: number; readonly of: number } | null;
  /** 'elementwise': all elements moved at once (the root is separable in the leaf). */
  readonly mode: 'elementwise' | 'per-element';
}

export function stepFor(x: number): number {
  return STEP_SCALE * Math.max(1, Math.abs(x));
}

/**
 * A kink (relu or abs at 0) shows as one-sided slopes whose jump does not
 * shrink with the step; at a smooth point the jump is f''·h, so it doubles
 * with 2h. Non-finite values nearby mean a domain edge (log, sqrt of <= 0).
 * Arguments: f at x-2h, x-h, x, x+h, x+2h.
 */
function isKink(fm2: number, fm1: number, f0: number, fp1: number, fp2: number, h: number): boolean {
  if (![fm2, fm1, f0, fp1, fp2].every(Number.isFinite)) return true;
  const jump1 = (fp1 - f0) / h - (f0 - fm1) / h;
  const jump2 = (fp2 - f0) / (2 * h) - (f0 - fm2) / (2 * h);
  const noise = (64 * 2 ** -52 * Math.max(Math.abs(fm2), Math.abs(fm1), Math.abs(f0), Math.abs(fp1), Math.abs(fp2))) / h;
  if (Math.abs(jump1) <= noise) return false;
  return Math.abs(jump2 - 2 * jump1) > 0.5 * Math.abs(jump1);
}

/** Nodes whose value changes with the leaf. */
function dependents(root: Expr, leaf: LeafExpr): Set<number> {
  const out = new Set<number>([leaf.id]);
  for (const n of postOrder(root)) if (n.kind === 'op' && n.args.some((a) => out.has(a.id))) out.add(n.id);
  return out;
}

/**
 * When every leaf-dependent node is elementwise with the leaf's own shape,
 * element i of the result depends on element i of the leaf only; a full sum
 * or mean on top keeps that. Returns the elementwise part and the weight each
 * of its elements carries in sum(G * root), or null.
 */
function separable(root: Expr, leaf: LeafExpr, weights: Float64Array, dep: Set<number>): { inner: Expr; weight: (i: number) => number } | null {
  let inner = root;
  let weight = (i: number): number => weights[i];
  if (root.kind === 'op' && (root.op === 'sum' || root.op === 'mean') && root.attrs.dims == null) {
    inner = root.args[0];
    const scale = root.op === 'mean' ? weights[0] / Math.max(1, inner.shape.reduce((a, s) => a * s, 1)) : weights[0];
    weight = () => scale;
  }
  const sameShape = (s: readonly number[]): boolean => s.length === leaf.shape.length && s.every((v, i) => v === leaf.shape[i]);
  for (const n of postOrder(inner)) {
    if (!dep.has(n.id) || n === leaf) continue;
    if (n.kind !== 'op' || !isElementwise(n.op) || !sameShape(n.shape)) return null;
  }
  return { inner, weight };
}

/** Rough cost of one re-evaluation of the leaf-dependent part. */
function workOf(root: Expr, dep: Set<number>): number {
  let w = 0;
  for (const n of postOrder(root)) {
    if (!dep.has(n.id)) continue;
    const size = Math.max(1, n.shape.reduce((a, s) => a * s, 1));
    const k = n.kind === 'op' && n.op === 'matmul' ? Math.max(1, n.args[0].shape[n.args[0].shape.length - 1] ?? 1) : 1;
    w += size * k;
  }
  return w;
}

function broadcastWeights(g: Float64Array, n: number): Float64Array {
  if (g.length === n) return g;
  return new Float64Array(n).fill(g[0] ?? 1);
}

/**
 * d sum(G * root) / d leaf by central differences. `gradient` holds G's
 * values in the root's shape (a single value broadcasts).
 */
export function numericGradient(root: Expr, leaf: LeafExpr, gradient: Float64Array): NumericGradient {
  const n = leaf.value.length;
  const rootSize = root.shape.reduce((a, s) => a * s, 1);
  const weights = broadcastWeights(gradient, rootSize);
  const dep = dependents(root, leaf);
  const out = new Float64Array(n).fill(NaN);
  const bound = new Float64Array(n);
  const unreliable: number[] = [];
  if (!dep.has(root.id)) {
    out.fill(0);
    return { values: out, errorBound: bound, unreliable, sampled: null, mode: 'elementwise' };
  }
  const x = leaf.value;
  const h = Float64Array.from(x, stepFor);
  const cache = new Map<number, Tensor>();
  const at = (values: Float64Array, e: Expr): Float64Array => evaluate(e, { leafValues: new Map([[leaf.id, values]]), cache, volatile: dep }).data as Float64Array;

  const sep = separable(root, leaf, weights, dep);
  if (sep !== null) {
    const moved = (k: number): Float64Array => at(Float64Array.from(x, (v, i) => v + k * h[i]), sep.inner);
    const [plus, minus, plus2, minus2] = [moved(1), moved(-1), moved(2), moved(-2)];
    const mid = at(x, sep.inner);
    for (let i = 0; i < n; i++) {
      const w = sep.weight(i);
      out[i] = (w * (plus[i] - minus[i])) / (2 * h[i]);
      bound[i] = Math.abs(out[i] - (w * (plus2[i] - minus2[i])) / (4 * h[i]));
      if (w !== 0 && isKink(w * minus2[i], w * minus[i], w * mid[i], w * plus[i], w * plus2[i], h[i])) unreliable.push(i);
    }
    return { values: out, errorBound: bound, unreliable, sampled: null, mode: 'elementwise' };
  }

  const objective = (values: Float64Array): number => {
    const r = at(values, root);
    let s = 0;
    for (let i = 0; i < r.length; i++) s += weights[i] * r[i];
    return s;
  };
  const f0 = objective(x);
  const budget = Math.max(1, Math.floor(NUMERIC_BUDGET / Math.max(1, workOf(root, dep) * 5)));
  const count = Math.min(n, budget);
  const indices = count === n ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: count }, (_, k) => Math.floor((k * n) / count));
  const moved = Float64Array.from(x);
  const at1 = (i: number, k: number): number => {
    moved[i] = x[i] + k * h[i];
    const f = objective(moved);
    moved[i] = x[i];
    return f;
  };
  for (const i of indices) {
    const [fPlus, fMinus, fPlus2, fMinus2] = [at1(i, 1), at1(i, -1), at1(i, 2), at1(i, -2)];
    out[i] = (fPlus - fMinus) / (2 * h[i]);
    bound[i] = Math.abs(out[i] - (fPlus2 - fMinus2) / (4 * h[i]));
    if (isKink(fMinus2, fMinus, f0, fPlus, fPlus2, h[i])) unreliable.push(i);
  }
  return { values: out, errorBound: bound, unreliable, sampled: count === n ? null : { count, of: n }, mode: 'per-element' };
}
