/**
 * Chart data for the Gradients view, computed here so the renderer only draws.
 * For a 0-D or 1-D leaf the x axis is the leaf's value; for more dimensions
 * it is the element index (row-major).
 */
import type { Expr, LeafExpr } from './expr';
import { ExprPool, isElementwise, postOrder, substitute } from './expr';
import { evaluate } from './evaluate';
import { renderText } from './render_text';
import { simplifyDerivative } from './simplify';
import { vjp } from './vjp';
import type { Downsampled } from './downsample';
import { DOWNSAMPLE_TARGET, DOWNSAMPLE_THRESHOLD, lttbIndices, minMaxIndices } from './downsample';

/** One series: x and y of equal length; NaN (null in JSON) where undefined. */
export interface ChartSeries {
  readonly x: number[];
  readonly y: number[];
  /** Set when the series was longer than 10^4 points and was thinned. */
  readonly downsampled: Downsampled | null;
}

/** f(t) and f'(t) on a dense grid, when the root is elementwise in this one leaf. */
export interface ChartCurves {
  /** What f is, in t: `t**2 - 5` (a summand of the root when the root sums or averages). */
  readonly f: string;
  readonly df: string;
  readonly fCurve: ChartSeries;
  readonly dfCurve: ChartSeries;
  /** The t range covered: the leaf's values, padded by 10%. */
  readonly range: readonly [number, number];
}

export interface GradientChart {
  readonly leaf: string;
  readonly xAxis: 'value' | 'index';
  readonly xLabel: string;
  readonly yLabel: string;
  /** Autograd `.grad` as points (x: leaf value or element index). */
  readonly autograd: ChartSeries;
  /** The analytic derivative at the same x, for a line; null without a closed form. */
  readonly analytic: ChartSeries | null;
  /** Finite differences at the same x, as points. */
  readonly numeric: ChartSeries;
  readonly curves: ChartCurves | null;
}

export const CURVE_POINTS = 256;

function series(x: ArrayLike<number>, y: ArrayLike<number>, method: Downsampled['method']): ChartSeries {
  const n = x.length;
  if (n <= DOWNSAMPLE_THRESHOLD) return { x: Array.from(x), y: Array.from(y), downsampled: null };
  const keep = method === 'lttb' ? lttbIndices(x, y, DOWNSAMPLE_TARGET) : minMaxIndices(y, DOWNSAMPLE_TARGET);
  return { x: keep.map((i) => x[i]), y: keep.map((i) => y[i]), downsampled: { from: n, to: keep.length, method } };
}

export interface ChartInput {
  readonly leaf: LeafExpr;
  readonly rootName: string;
  readonly autograd: Float64Array;
  readonly analytic: Float64Array | null;
  readonly numeric: Float64Array;
  /** For the dense curves: the trace, and G's single value when G is uniform (else null). */
  readonly pool: ExprPool | null;
  readonly root: Expr | null;
  readonly uniformGradient: number | null;
}

export function buildChart(input: ChartInput): GradientChart {
  const { leaf } = input;
  const byValue = leaf.shape.length <= 1;
  const n = leaf.value.length;
  // Over a value axis, points are sorted by x so lines and LTTB make sense.
  const order = Array.from({ length: n }, (_, i) => i);
  if (byValue) order.sort((a, b) => leaf.value[a] - leaf.value[b]);
  const xs = order.map((i) => (byValue ? leaf.value[i] : i));
  const pick = (v: Float64Array): number[] => order.map((i) => v[i]);
  const method: Downsampled['method'] = byValue ? 'lttb' : 'minmax';
  const curves = byValue && input.pool && input.root && input.uniformGradient !== null
    ? denseCurves(input.pool, input.root, leaf, input.uniformGradient)
    : null;
  return {
    leaf: leaf.name,
    xAxis: byValue ? 'value' : 'index',
    xLabel: byValue ? leaf.name : `element index of ${leaf.name} (row-major)`,
    yLabel: `∂${input.rootName}/∂${leaf.name}`,
    autograd: series(xs, pick(input.autograd), method),
    analytic: input.analytic === null ? null : series(xs, pick(input.analytic), method),
    numeric: series(xs, pick(input.numeric), method),
    curves,
  };
}

/**
 * When the root is elementwise in this leaf alone (possibly summed or
 * averaged), every element follows one scalar function f; the autograd points
 * lie on f'. Constants must be single numbers for f to be one function.
 */
function denseCurves(pool: ExprPool, root: Expr, leaf: LeafExpr, g: number): ChartCurves | null {
  let inner = root;
  let count = 1;
  if (root.kind === 'op' && (root.op === 'sum' || root.op === 'mean') && root.attrs.dims == null) {
    inner = root.args[0];
    if (root.op === 'mean') count = Math.max(1, inner.shape.reduce((a, s) => a * s, 1));
  }
  const dependsOnLeaf = new Set<number>([leaf.id]);
  for (const node of postOrder(inner)) {
    if (node.kind === 'leaf' && node !== leaf && (node.role === 'var' || node.value.length !== 1)) return null;
    if (node.kind === 'op') {
      if (!isElementwise(node.op)) return null;
      if (node.args.some((a) => dependsOnLeaf.has(a.id))) dependsOnLeaf.add(node.id);
    }
  }
  if (!dependsOnLeaf.has(inner.id)) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of leaf.value) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) return null;
  const pad = hi > lo ? 0.1 * (hi - lo) : Math.max(1, Math.abs(lo) * 0.5);
  lo -= pad;
  hi += pad;
  const ts = Float64Array.from({ length: CURVE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (CURVE_POINTS - 1));
  const t = pool.leaf('var', 't', [CURVE_POINTS], ts, 'float64');
  // A mean's 1/N stays exact (t**3/4), and a uniform gradient g scales f.
  const weighted = (e: Expr): Expr => {
    const scaled = g === 1 ? e : pool.mul(pool.num(g), e);
    return count === 1 ? scaled : pool.div(scaled, pool.num(count));
  };
  const fT = weighted(substitute(pool, inner, (l) => (l === leaf ? t : l)));
  const derivative = vjp(pool, fT, pool.expand(pool.num(1), fT.shape), [t]).get(t) ?? pool.num(0);
  const dfT = simplifyDerivative(pool, derivative, null);
  const flat = (e: Expr): number[] => {
    const v = evaluate(e).data;
    return v.length === 1 ? Array.from(ts, () => v[0]) : Array.from(v);
  };
  const tx = Array.from(ts);
  return {
    f: renderText(simplifyDerivative(pool, fT, null)),
    df: renderText(dfT),
    fCurve: { x: tx, y: flat(fT), downsampled: null },
    dfCurve: { x: tx, y: flat(dfT), downsampled: null },
    range: [lo, hi],
  };
}
