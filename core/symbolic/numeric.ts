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

/** One-sided slopes that differ by more than this (relative) mark a kink. */
const KINK_TOLERANCE = 1e-2;

function isKink(dPlus: number, dMinus: number): boolean {
  if (!Number.isFinite(dPlus) || !Number.isFinite(dMinus)) return true;
  return Math.abs(dPlus - dMinus) > KINK_TOLERANCE * Math.max(1, Math.abs(dPlus), Math.abs(dMinus));
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
  const unreliable: number[] = [];
  if (!dep.has(root.id)) {
    out.fill(0);
    return { values: out, unreliable, sampled: null, mode: 'elementwise' };
  }
  const x = leaf.value;
  const h = Float64Array.from(x, stepFor);
  const cache = new Map<number, Tensor>();
  const at = (values: Float64Array, e: Expr): Float64Array => evaluate(e, { leafValues: new Map([[leaf.id, values]]), cache, volatile: dep }).data as Float64Array;

  const sep = separable(root, leaf, weights, dep);
  if (sep !== null) {
    const plus = at(Float64Array.from(x, (v, i) => v + h[i]), sep.inner);
    const minus = at(Float64Array.from(x, (v, i) => v - h[i]), sep.inner);
    const mid = at(x, sep.inner);
    for (let i = 0; i < n; i++) {
      const w = sep.weight(i);
      const dPlus = (w * (plus[i] - mid[i])) / h[i];
      const dMinus = (w * (mid[i] - minus[i])) / h[i];
      out[i] = (w * (plus[i] - minus[i])) / (2 * h[i]);
      if (w !== 0 && isKink(dPlus, dMinus)) unreliable.push(i);
    }
    return { values: out, unreliable, sampled: null, mode: 'elementwise' };
  }

  const objective = (values: Float64Array): number => {
    const r = at(values, root);
    let s = 0;
    for (let i = 0; i < r.length; i++) s += weights[i] * r[i];
    return s;
  };
  const f0 = objective(x);
  const budget = Math.max(1, Math.floor(NUMERIC_BUDGET / Math.max(1, workOf(root, dep) * 3)));
  const count = Math.min(n, budget);
  const indices = count === n ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: count }, (_, k) => Math.floor((k * n) / count));
  const moved = Float64Array.from(x);
  for (const i of indices) {
    moved[i] = x[i] + h[i];
    const fPlus = objective(moved);
    moved[i] = x[i] - h[i];
    const fMinus = objective(moved);
    moved[i] = x[i];
    out[i] = (fPlus - fMinus) / (2 * h[i]);
    if (isKink((fPlus - f0) / h[i], (f0 - fMinus) / h[i])) unreliable.push(i);
  }
  return { values: out, unreliable, sampled: count === n ? null : { count, of: n }, mode: 'per-element' };
}
