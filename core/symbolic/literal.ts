/**
 * Small constant tensors written out by value, as a person types them:
 * `tensor([[1., 2.], [3., 4.]])` in text (a PyTorch literal) and a bmatrix
 * in LaTeX. Used for unnamed constants of a script and for derivatives that
 * fold to a constant (`x[1]*10 + x[1:3].sum()` has gradient `tensor([0., 11., 1., 0., 0.])`).
 */
import { pyFloatRepr } from '../print/py_repr';
import type { DType } from '../tensor/dtype';
import { shortestFloat32 } from './format_number';

/** Up to this many elements a derivative that is constant is folded to its value. */
export const FOLD_MAX_ELEMENTS = 16;

export interface Literal {
  readonly text: string;
  readonly latex: string;
}

/** As a PyTorch literal is usually typed: `1.`, `0.5`. */
export function literalNumber(v: number, dtype: DType): string {
  const r = pyFloatRepr(dtype === 'float32' ? shortestFloat32(v) : v);
  return r.endsWith('.0') ? r.slice(0, -1) : r;
}

/** The same number in LaTeX: `1`, `0.5`, `-2`, `1 \times 10^{-5}`. */
export function latexNumber(v: number, dtype: DType): string {
  if (Number.isNaN(v)) return '\\mathrm{nan}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  const r = pyFloatRepr(dtype === 'float32' ? shortestFloat32(v) : v);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(r);
  if (m) return `${m[1].replace(/\.0$/, '')} \\times 10^{${Number(m[2])}}`;
  return r.endsWith('.0') ? r.slice(0, -2) : r;
}

/** Concise enough to print by value: folding `log(2)` into 0.6931471805599453 would hide it. */
export function isConciseNumber(v: number, dtype: DType): boolean {
  return Number.isFinite(v) && literalNumber(v, dtype).replace(/^-/, '').length <= 7;
}

function nested(values: ArrayLike<number>, shape: readonly number[], fmt: (v: number) => string, open: string, sep: string, close: string): string {
  const rec = (dim: number, offset: number): string => {
    if (dim === shape.length) return fmt(values[offset]);
    const stride = shape.slice(dim + 1).reduce((a, s) => a * s, 1);
    const parts: string[] = [];
    for (let i = 0; i < shape[dim]; i++) parts.push(rec(dim + 1, offset + i * stride));
    return `${open}${parts.join(sep)}${close}`;
  };
  return rec(0, 0);
}

/**
 * Text and LaTeX of a constant tensor. LaTeX shows a vector as a row and a
 * matrix as a matrix, as PyTorch prints them; higher ranks as typed text.
 */
export function literalOf(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Literal {
  const text = `tensor(${nested(values, shape, (v) => literalNumber(v, dtype), '[', ', ', ']')})`;
  const num = (v: number): string => latexNumber(v, dtype);
  let latex: string;
  if (shape.length === 0) latex = num(values[0]);
  else if (shape.length === 1) latex = `\\begin{bmatrix}${Array.from(values, num).join(' & ')}\\end{bmatrix}`;
  else if (shape.length === 2) latex = bmatrix(values, shape[0], shape[1], num);
  // KaTeX has no \[ inside math: brackets are \lbrack and \rbrack.
  else latex = `\\mathtt{${nested(values, shape, (v) => literalNumber(v, dtype), '\\lbrack ', ',\\ ', '\\rbrack ')}}`;
  return { text, latex };
}

function bmatrix(values: ArrayLike<number>, rows: number, cols: number, num: (v: number) => string): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, (_, c) => num(values[r * cols + c])).join(' & '));
  return `\\begin{bmatrix}${lines.join(' \\\\ ')}\\end{bmatrix}`;
}

/** A 0/1 mask shaped `shape` (values row-major) as a literal. */
export function maskLiteral(ones: (flat: number) => boolean, shape: readonly number[]): Literal & { values: Float64Array } {
  const n = shape.reduce((a, s) => a * s, 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = ones(i) ? 1 : 0;
  return { ...literalOf(values, shape, 'float64'), values };
}
