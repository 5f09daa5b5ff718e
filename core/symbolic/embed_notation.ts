/**
 * How a gradient placed into zeros (the backward of `x[1]` or `x[1:3]`) is
 * written. PyTorch calls it select_backward / slice_backward; a person writes
 * "2*x[1] at index 1, 0 elsewhere". Two notations, both real PyTorch that
 * evaluates to the same tensor, and both plain math in LaTeX:
 *
 * - a 0/1 mask times what is placed, when the mask is short enough to read:
 *   `2*x[1]*tensor([0., 1., 0., 0., 0.])`, i.e. 2 x_1 [0 1 0 0 0]. For a matrix
 *   row or column this is an outer product: row 1 of m gets g as
 *   `g*tensor([[0.], [1.], [0.]])` = [0; 1; 0] gᵀ. A slice whose gradient is
 *   the same along the sliced dim (a sum's ones) is a mask as well.
 * - otherwise `zeros(5).slice_scatter(2*x[1:3], start=1, end=3)` (torch's own
 *   name for "put this there"), written in LaTeX as "2x[1:3] at [1:3], 0 elsewhere".
 *
 * A mask times g differs from placing g only where g is infinite or NaN
 * (0*inf): the evaluated values always place g (core/symbolic/evaluate.ts).
 */
import { broadcastShapes, sameShape } from '../tensor/shape';
import type { Expr, OpExpr } from './expr';
import type { Literal } from './literal';
import { maskLiteral } from './literal';

/** Masks up to this long are written out; longer ones read worse than a scatter. */
export const MASK_MAX_LENGTH = 10;

export interface MaskForm {
  readonly kind: 'mask';
  /** What is multiplied by the mask. */
  readonly factor: Expr;
  /** `factor.unsqueeze(d)` first, so a gradient of a column lines up with its mask. */
  readonly unsqueeze: number | null;
  readonly mask: Literal;
  readonly maskShape: readonly number[];
}

export interface ScatterForm {
  readonly kind: 'scatter';
  /** `select_scatter` or `slice_scatter`. */
  readonly method: string;
  /** Keyword or positional arguments after the source, as text. */
  readonly args: string;
  /** The index the gradient lands at, as a subscript (`1`, `:, 1`, `1:3`). */
  readonly at: string;
}

/** `x[1:3]`, `x[::2]`, `m[:, 1:]`: the subscript of a slice as Python writes it (defaults left out). */
export function sliceSubscript(dim: number, start: number, stop: number, step: number, size: number): string {
  const range = `${start === 0 ? '' : start}:${stop >= size ? '' : stop}${step === 1 ? '' : `:${step}`}`;
  return [...Array<string>(dim).fill(':'), range].join(', ');
}

function sliceAt(n: OpExpr): string {
  const size = n.shape[n.attrs.dim ?? 0];
  return sliceSubscript(n.attrs.dim ?? 0, n.attrs.start ?? 0, n.attrs.stop ?? size, n.attrs.step ?? 1, size);
}

/** A full-shape mask is written out up to this many elements. */
const FULL_MASK_MAX_ELEMENTS = 16;

function fits(lined: readonly number[], maskShape: readonly number[], shape: readonly number[]): boolean {
  try {
    return sameShape(broadcastShapes(lined, maskShape), shape);
  } catch {
    return false;
  }
}

function maskOf(n: OpExpr, factor: Expr, unsqueeze: number | null): MaskForm | null {
  const d = n.attrs.dim ?? 0;
  const size = n.shape[d];
  if (size > MASK_MAX_LENGTH) return null;
  const lined = unsqueeze === null ? factor.shape : [...factor.shape.slice(0, unsqueeze), 1, ...factor.shape.slice(unsqueeze)];
  const start = n.attrs.start ?? 0;
  const step = n.attrs.step ?? 1;
  const stop = n.attrs.keep ? (n.attrs.stop ?? size) : start + 1;
  const inside = (k: number): boolean => k >= start && k < stop && (k - start) % step === 0;
  // The shortest mask that broadcasts right: its dims after `dim` have length 1, leading ones are left out.
  const compact = [size, ...Array<number>(n.shape.length - d - 1).fill(1)];
  if (fits(lined, compact, n.shape)) return { kind: 'mask', factor, unsqueeze, mask: maskLiteral(inside, compact), maskShape: compact };
  // A factor smaller than the result (a scalar over a matrix slice) needs the whole mask.
  const total = n.shape.reduce((a, s) => a * s, 1);
  if (total > FULL_MASK_MAX_ELEMENTS || !fits(lined, n.shape, n.shape)) return null;
  const inner = n.shape.slice(d + 1).reduce((a, s) => a * s, 1);
  return { kind: 'mask', factor, unsqueeze, mask: maskLiteral((i) => inside(Math.floor(i / inner) % size), n.shape), maskShape: n.shape };
}

export function embedForm(n: OpExpr): MaskForm | ScatterForm {
  const g = n.args[0];
  const d = n.attrs.dim ?? 0;
  if (!n.attrs.keep) {
    const mask = maskOf(n, g, d > 0 && g.shape.length > 0 ? d : null);
    if (mask) return mask;
    const at = [...Array<string>(d).fill(':'), String(n.attrs.start ?? 0)].join(', ');
    return { kind: 'scatter', method: 'select_scatter', args: `${d}, ${n.attrs.start ?? 0}`, at };
  }
  // A slice's gradient that is the same all along the sliced dim is a mask times that value.
  const h = g.kind === 'op' && g.op === 'expand' ? g.args[0] : g;
  const hd = d - (n.shape.length - h.shape.length);
  if (hd < 0 || h.shape[hd] === 1) {
    const mask = maskOf(n, h, null);
    if (mask) return mask;
  }
  const size = n.shape[d];
  // start, end and step are always given: PyTorch 1.13 mishandles a defaulted step.
  const kw = [`start=${n.attrs.start ?? 0}`, `end=${Math.min(n.attrs.stop ?? size, size)}`, `step=${n.attrs.step ?? 1}`];
  if (d !== 0) kw.unshift(`dim=${d}`);
  return { kind: 'scatter', method: 'slice_scatter', args: kw.join(', '), at: sliceAt(n) };
}

/**
 * `m[1][2]` as `m[1, 2]` and `m[1:3][:, 0]` as `m[1:3, 0]`: a chain of selects
 * and slices as one subscript, as a person indexes. Returns the tensor indexed
 * and the items, or null when the chain indexes one dim twice (then it stays nested).
 */
export function indexChain(n: OpExpr): { base: Expr; items: string[] } | null {
  const chain: OpExpr[] = [];
  let base: Expr = n;
  while (base.kind === 'op' && (base.op === 'select' || base.op === 'slice')) {
    chain.unshift(base);
    base = base.args[0];
  }
  const items = base.shape.map(() => ':');
  const live = base.shape.map((_, i) => i);
  for (const op of chain) {
    const d = op.attrs.dim ?? 0;
    const o = live[d];
    if (items[o] !== ':') return null;
    if (op.op === 'select') {
      items[o] = String(op.attrs.index ?? 0);
      live.splice(d, 1);
    } else {
      const size = op.args[0].shape[d];
      items[o] = sliceSubscript(0, op.attrs.start ?? 0, op.attrs.stop ?? size, op.attrs.step ?? 1, size);
      if (items[o] === ':') return null;
    }
  }
  while (items.length > 1 && items[items.length - 1] === ':') items.pop();
  return { base, items };
}
