/**
 * Analytic derivatives of what a script computed, checked against autograd
 * and finite differences: the public surface of core/symbolic.
 *
 * Typical use by the interpreter, at `root.backward(gradient)`:
 *   const capture = captureBackward({ root, gradient, leaves });  // before the engine runs
 *   backward(root, gradient);
 *   capture.complete();                                           // reads the gradients it produced
 *   ... later: analyzeBackward(capture)
 * Capturing first matters when the script then changes the leaves (an
 * optimizer step) or zeroes their .grad. `analyzeBackward({root, gradient,
 * leaves})` without a capture reads the tensors as they are now.
 */
import type { DType } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { sameShape } from '../tensor/shape';
import type { Expr, LeafExpr } from './expr';
import { ExprPool, SymbolicError } from './expr';
import { evaluate, expandTo } from './evaluate';
import { numericGradient } from './numeric';
import type { ErrorSummary, Mismatch, Tolerance } from './compare';
import { compareGradients, toleranceFor } from './compare';
import type { GradientChart } from './chart';
import { buildChart } from './chart';
import { renderText } from './render_text';
import { latexName, renderLatex } from './render_latex';
import { simplifyDerivative } from './simplify';
import type { Trace } from './trace';
import { MAX_TRACE_NODES, traceTensor } from './trace';
import { vjp } from './vjp';

export type { GradientChart, ChartSeries, ChartCurves } from './chart';
export type { Downsampled } from './downsample';
export type { Mismatch, Tolerance, ErrorSummary } from './compare';
export type { Expr, LeafExpr } from './expr';
export { traceTensor, MAX_TRACE_NODES } from './trace';
export { renderText } from './render_text';
export { renderLatex } from './render_latex';
export { evaluate } from './evaluate';
export { numericGradient } from './numeric';
export { toleranceFor } from './compare';

/** Past this many nodes a derivative is not printed (its values are still evaluated). */
export const MAX_FORMULA_NODES = 2000;

export interface BackwardLeaf {
  readonly name: string;
  readonly tensor: Tensor;
  /** The gradient autograd produced; defaults to `tensor.grad`. */
  readonly grad?: Tensor | null;
}

export interface BackwardInput {
  readonly root: Tensor;
  /** The `gradient=` of backward(); null for a scalar root (an implicit 1). */
  readonly gradient: Tensor | null;
  /** The leaves to analyse; by default every leaf variable the root depends on. */
  readonly leaves?: readonly BackwardLeaf[];
}

export interface LeafAnalysis {
  readonly leaf: string;
  /** What was differentiated (the root's variable name, or `f`). */
  readonly root: string;
  readonly shape: number[];
  readonly dtype: DType;
  /** The derivative as Python-ish text (`2*x`), or null without a closed form or when too large to print. */
  readonly formula: string | null;
  readonly latex: string | null;
  /** `\frac{\partial \mathrm{loss}}{\partial x} = 2 x`, ready for KaTeX; null with latex. */
  readonly equation: string | null;
  /** The root's own expression, `x**2 - 5`; null when too large or untraceable. */
  readonly expression: string | null;
  /** The leaf's values at backward time, flat row-major. */
  readonly values: number[];
  readonly autograd: number[];
  /** The analytic derivative evaluated in float64; null without a closed form. */
  readonly analytic: number[] | null;
  /** Central finite differences in float64; NaN where not computed; null when the trace cannot be evaluated. */
  readonly numeric: number[] | null;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly agree: boolean;
  readonly tolerance: Tolerance;
  /** Why there is no closed form (or no formula text), else null. */
  readonly reason: string | null;
  readonly mismatches: Mismatch[];
  readonly moreMismatches: number;
  /** Elements where the finite difference straddles a kink or a domain edge (left out of `agree`). */
  readonly unreliableNumeric: number[];
  readonly numericSampled: { readonly count: number; readonly of: number } | null;
  /** Each opinion against autograd separately (null when that opinion is missing). */
  readonly errors: { readonly analytic: ErrorSummary | null; readonly numeric: ErrorSummary | null };
  readonly chart: GradientChart;
}

interface CapturedLeaf {
  readonly name: string;
  readonly tensor: Tensor;
  readonly expr: LeafExpr;
  readonly gradBefore: Float64Array | null;
  autograd: Float64Array | null;
}

/** A backward() frozen at the moment it ran; see the module comment. */
export class BackwardCapture {
  readonly #leaves: CapturedLeaf[];

  constructor(
    readonly trace: Trace,
    /** G as an expression: `1` broadcast when uniform ones, else a named leaf. */
    readonly gradient: Expr,
    readonly gradientValues: Float64Array,
    readonly rootName: string,
    leaves: CapturedLeaf[],
    readonly error: string | null,
  ) {
    this.#leaves = leaves;
  }

  get leaves(): readonly CapturedLeaf[] {
    return this.#leaves;
  }

  /** Records the gradients backward() just produced: .grad now minus .grad before. */
  complete(): void {
    for (const l of this.#leaves) {
      const g = l.tensor.grad;
      if (g === null) continue;
      const now = Float64Array.from(g.data);
      if (l.gradBefore !== null && l.gradBefore.length === now.length) for (let i = 0; i < now.length; i++) now[i] -= l.gradBefore[i];
      l.autograd = now;
    }
  }

  /** Sets gradients directly (for callers that read them another way). */
  setGradients(byName: ReadonlyMap<string, Tensor | null>): void {
    for (const l of this.#leaves) {
      const g = byName.get(l.name);
      if (g !== undefined) l.autograd = g === null ? null : Float64Array.from(g.data);
    }
  }
}

function allOnes(t: Tensor): boolean {
  for (let i = 0; i < t.numel; i++) if (t.data[i] !== 1) return false;
  return true;
}

/** Freezes the expression, values and current .grad of a backward() about to run. */
export function captureBackward(input: BackwardInput): BackwardCapture {
  const names = new Map<Tensor, string>((input.leaves ?? []).map((l) => [l.tensor, l.name]));
  const leafNames = new Set([...names.values()]);
  const g = input.gradient;
  // A gradient of ones is the plain derivative: leave it out of the formula.
  const named = g !== null && !allOnes(g) && !(g.label === null && g.numel === 1);
  let gradName = g?.label ?? 'v';
  if (leafNames.has(gradName)) gradName = 'grad_output';
  const trace = traceTensor(input.root, { names, reserved: named ? [gradName] : [] });
  const pool = trace.pool;
  let gradient: Expr;
  let gradientValues: Float64Array;
  if (g === null) {
    gradient = pool.expand(pool.num(1), input.root.shape);
    gradientValues = Float64Array.of(1);
  } else if (!named) {
    gradient = pool.expand(pool.num(g.data[0]), input.root.shape);
    gradientValues = Float64Array.of(g.data[0]);
  } else {
    gradient = pool.leaf('grad', gradName, g.shape, Float64Array.from(g.data), g.dtype);
    gradientValues = Float64Array.from(g.data);
  }
  let error: string | null = null;
  if (g !== null && !sameShape(g.shape, input.root.shape) && g.numel !== 1) error = 'the gradient and the root have different shapes';
  const wanted = input.leaves
    ? input.leaves.map((l) => ({ name: l.name, tensor: l.tensor, grad: l.grad }))
    : [...trace.vars].filter(([t]) => t.isLeaf && t.requiresGrad).map(([t, e]) => ({ name: e.name, tensor: t, grad: undefined }));
  const leaves: CapturedLeaf[] = [];
  for (const w of wanted) {
    const expr = trace.vars.get(w.tensor);
    if (!expr) continue;
    const explicit = w.grad === undefined ? undefined : w.grad;
    const before = w.tensor.grad;
    leaves.push({
      name: expr.name,
      tensor: w.tensor,
      expr,
      gradBefore: before === null ? null : Float64Array.from(before.data),
      autograd: explicit === undefined ? null : explicit === null ? null : Float64Array.from(explicit.data),
    });
  }
  return new BackwardCapture(trace, gradient, gradientValues, input.root.label ?? 'f', leaves, error);
}

function uniformValue(values: Float64Array): number | null {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return null;
  return values.length > 0 ? values[0] : null;
}

function broadcastTo(values: Float64Array, n: number): Float64Array {
  if (values.length === n) return values;
  return new Float64Array(n).fill(values[0] ?? 0);
}

interface Derivative {
  formula: Expr | null;
  reason: string | null;
}

function derive(capture: BackwardCapture): Map<LeafExpr, Derivative> {
  const { trace } = capture;
  const out = new Map<LeafExpr, Derivative>();
  const exprs = capture.leaves.map((l) => l.expr);
  const fail = (reason: string): Map<LeafExpr, Derivative> => new Map(exprs.map((e) => [e, { formula: null, reason }]));
  if (trace.unsupported !== null) return fail(`no closed form: ${trace.unsupported}`);
  if (trace.tooLarge) {
    return fail(`no closed form: the expression has ${trace.size} nodes, more than the limit of ${MAX_TRACE_NODES} (in-place updates or a loop grew it)`);
  }
  let raw: Map<LeafExpr, Expr | null>;
  try {
    raw = vjp(trace.pool, trace.root, capture.gradient, exprs);
  } catch (e) {
    if (e instanceof SymbolicError) return fail(`no closed form: ${e.message}`);
    throw e;
  }
  const gradLeaf = capture.gradient.kind === 'leaf' ? capture.gradient : null;
  for (const [leaf, d] of raw) {
    out.set(leaf, { formula: simplifyDerivative(trace.pool, d ?? trace.pool.num(0), gradLeaf), reason: null });
  }
  return out;
}

/** Analyses each leaf of a backward(): formula, values, errors, agreement and chart data. */
export function analyzeBackward(input: BackwardInput | BackwardCapture): LeafAnalysis[] {
  let capture: BackwardCapture;
  if (input instanceof BackwardCapture) {
    capture = input;
  } else {
    capture = captureBackward(input);
    // Called after backward(): the leaves' .grad is the autograd answer.
    const grads = new Map((input.leaves ?? []).map((l) => [l.name, l.grad ?? l.tensor.grad]));
    for (const l of capture.leaves) if (!grads.has(l.name)) grads.set(l.name, l.tensor.grad);
    capture.setGradients(grads);
  }
  const derivatives = derive(capture);
  const { trace, rootName } = capture;
  const evaluable = trace.unsupported === null;
  // Shown in normal form, as the derivative is: `3*a**3`, though PyTorch computed a**3 * 3.
  const expression = evaluable && !trace.tooLarge ? renderText(simplifyDerivative(trace.pool, trace.root, null)) : null;
  const results: LeafAnalysis[] = [];
  for (const leaf of capture.leaves) {
    if (leaf.autograd === null) continue;
    const e = leaf.expr;
    const n = e.value.length;
    const autograd = broadcastTo(leaf.autograd, n);
    const d = derivatives.get(e) ?? { formula: null, reason: 'no closed form' };
    let reason = capture.error ?? d.reason;
    let formula: string | null = null;
    let latex: string | null = null;
    let analytic: Float64Array | null = null;
    if (d.formula !== null && capture.error === null) {
      // A formula is broadcast to the leaf's shape: `2*(x + b)` stands for every element.
      analytic = expandTo(evaluate(d.formula), e.shape).data as Float64Array;
      if (trace.pool.size(d.formula) <= MAX_FORMULA_NODES) {
        formula = renderText(d.formula);
        latex = renderLatex(d.formula);
      } else {
        reason = `the derivative has more than ${MAX_FORMULA_NODES} nodes: too large to print (its values are still compared)`;
      }
    }
    const numeric = evaluable && capture.error === null ? numericGradient(trace.root, e, capture.gradientValues) : null;
    const skip = new Set<number>(numeric?.unreliable ?? []);
    if (numeric) numeric.values.forEach((v, i) => Number.isNaN(v) && skip.add(i));
    const tol = toleranceFor(leaf.tensor.dtype);
    const cmp = compareGradients(autograd, analytic, numeric?.values ?? null, skip, tol, numeric?.errorBound ?? null);
    const uniform = uniformValue(capture.gradientValues);
    results.push({
      leaf: e.name,
      root: rootName,
      shape: e.shape.slice(),
      dtype: leaf.tensor.dtype,
      formula,
      latex,
      equation: latex === null ? null : `\\frac{\\partial ${latexName(rootName)}}{\\partial ${latexName(e.name)}} = ${latex}`,
      expression,
      values: Array.from(e.value),
      autograd: Array.from(autograd),
      analytic: analytic === null ? null : Array.from(analytic),
      numeric: numeric === null ? null : Array.from(numeric.values),
      maxAbsError: cmp.maxAbsError,
      maxRelError: cmp.maxRelError,
      agree: cmp.agree,
      tolerance: tol,
      reason,
      mismatches: cmp.mismatches,
      moreMismatches: cmp.moreMismatches,
      unreliableNumeric: numeric?.unreliable ?? [],
      numericSampled: numeric?.sampled ?? null,
      errors: { analytic: cmp.analytic, numeric: cmp.numeric },
      chart: buildChart({
        leaf: e,
        rootName,
        autograd,
        analytic,
        numeric: numeric?.values ?? new Float64Array(n).fill(NaN),
        pool: evaluable && !trace.tooLarge ? trace.pool : null,
        root: trace.root,
        uniformGradient: uniform,
      }),
    });
  }
  return results;
}

export { ExprPool };
