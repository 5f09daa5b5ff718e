/**
 * LaTeX rendering for KaTeX, as written on a whiteboard: `2 x`, `9 a^{2}`,
 * `\frac{1}{2 \sqrt{z}}`, `\tanh^{2}(x)`, `\frac{2}{5} \sum (w x + b - y)`,
 * `x^{\top} G`, `\mathbf{1}_{3} v^{\top}` (each row is v). Products are
 * written side by side; `\cdot` only where two numbers would run together.
 * Every formula must render with KaTeX (tests/symbolic/katex.test.ts).
 */
import type { Coef } from './coef';
import { embedForm, indexChain, sliceSubscript } from './embed_notation';
import type { Expr, OpExpr } from './expr';
import { latexNumber } from './literal';

const SUM = 0;
const PRODUCT = 1;
const UNARY = 2;
const POWER = 3;
const ATOM = 4;

interface Out {
  readonly s: string;
  readonly prec: number;
  /** Starts with a digit: `2 x` but `x \cdot 2`. */
  readonly numeric?: boolean;
  /** A big operator (Σ) that takes everything after it: parenthesised when something follows. */
  readonly big?: boolean;
  /** Safe under a superscript as is: a name, a number, a bracketed or function form. */
  readonly base?: boolean;
  /** Holds a sum or a matrix product: a numeric divisor reads better in front, \frac{2}{3} x^{\top} G. */
  readonly heavy?: boolean;
}

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega']);

/** `x` → x, `w1` → w_{1}, `x_2` → x_{2}, `alpha` → \alpha, `loss` → \mathrm{loss}. */
export function latexName(name: string): string {
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (m) return `${latexName(m[1])}_{${m[2]}}`;
  if (GREEK.has(name)) return `\\${name}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

function coefLatex(c: Coef): Out {
  if (c.kind === 'rat') {
    if (c.q === 1) return { s: String(c.p), prec: c.p < 0 ? UNARY : ATOM, numeric: true, base: c.p >= 0 };
    const frac = `\\frac{${Math.abs(c.p)}}{${c.q}}`;
    return c.p < 0 ? { s: `-${frac}`, prec: UNARY } : { s: frac, prec: ATOM, numeric: true };
  }
  const s = latexNumber(c.v, 'float64');
  const plain = /^[\d.]+$/.test(s);
  return { s, prec: c.v < 0 ? UNARY : plain ? ATOM : PRODUCT, numeric: true, base: plain };
}

const paren = (s: string): string => `\\left(${s}\\right)`;
const wrap = (o: Out, min: number): string => (o.prec < min ? paren(o.s) : o.s);
const wrapRight = (o: Out, min: number): string => (o.prec < min || o.prec === UNARY ? paren(o.s) : o.s);
/** As the base of ^{2} or ^{\top}: `x^{2}`, `\left(2 x\right)^{2}`, `\left(\frac{1}{3}\right)^{\top}`. */
const sup = (o: Out): string => (o.base ? o.s : paren(o.s));
const atom = (s: string): Out => ({ s, prec: ATOM, base: true });
const shapeLatex = (shape: readonly number[]): string => shape.join(' \\times ');

/** Functions written `\tanh^{2}(x)` when squared, as in textbooks. */
const NAMED_FNS: Partial<Record<OpExpr['op'], string>> = {
  log: '\\log', sin: '\\sin', cos: '\\cos', tanh: '\\tanh', sigmoid: '\\sigma',
  relu: '\\operatorname{relu}', logsigmoid: '\\log \\sigma', sign: '\\operatorname{sign}',
};

function dimsLatex(n: OpExpr): string {
  return n.attrs.dims == null ? '' : `_{\\text{dim } ${n.attrs.dims.join(',')}}`;
}

function product(a: Out, b: Out): Out {
  // `x \, y` side by side; a dot only where a number would follow, `x \cdot 2`.
  const left = a.big ? paren(a.s) : wrap(a, PRODUCT);
  // A number times a product needs no brackets (it is a scalar); x ⊙ (A B) does.
  const right = (b.big || a.numeric) && b.prec === PRODUCT && !b.s.startsWith('-') ? b.s : wrapRight(b, PRODUCT + 1);
  const bracketed = right.startsWith('\\left(');
  const sep = (b.numeric || b.prec === UNARY) && !bracketed ? ' \\cdot ' : a.numeric && !a.big ? ' ' : ' \\, ';
  return { s: `${left}${sep}${right}`, prec: PRODUCT, numeric: a.numeric && !a.big, big: b.big, heavy: a.heavy || b.heavy || a.big || b.big };
}

type Go = (e: Expr) => Out;

function isLastTwoSwap(dims: readonly number[]): boolean {
  const r = dims.length;
  return r >= 2 && dims[r - 2] === r - 1 && dims[r - 1] === r - 2 && dims.slice(0, r - 2).every((d, i) => d === i);
}

/** `\frac{2}{5} \sum (...)` for a big operator over a number; `\frac{x}{2}` otherwise. */
function quotient(n: OpExpr, a: Out, b: Out, go: Go): Out {
  const [top, bottom] = n.args;
  if (bottom.kind === 'num' && (a.big || a.heavy)) {
    const factors: Expr[] = [];
    const flatten = (e: Expr): void => {
      if (e.kind === 'op' && e.op === 'mul') e.args.forEach(flatten);
      else factors.push(e);
    };
    flatten(top);
    const lead = factors[0].kind === 'num' && factors.length > 1 ? factors.shift()! : null;
    const rest = factors.map(go).reduce(product);
    const frac = atom(`\\frac{${lead === null ? 1 : coefLatex((lead as { coef: Coef }).coef).s}}{${b.s}}`);
    return product({ ...frac, numeric: true }, rest);
  }
  return { s: `\\frac{${a.s}}{${b.s}}`, prec: ATOM, numeric: a.numeric };
}

function expandLatex(n: OpExpr, a: Out, go: Go): Out {
  const x = n.args[0];
  const to = n.shape;
  if (x.kind === 'num' && x.value === 1) return atom(`\\mathbf{1}_{${shapeLatex(to)}}`);
  if (x.kind === 'num' && x.value === 0) return atom(`\\mathbf{0}_{${shapeLatex(to)}}`);
  // A vector in every row is 1 vᵀ; a column in every column is c 1ᵀ.
  if (to.length === 2 && x.shape.length === 1) return { s: `\\mathbf{1}_{${to[0]}} \\, ${sup(a)}^{\\top}`, prec: PRODUCT };
  if (to.length === 2 && x.shape.length === 2 && x.shape[1] === 1 && x.kind === 'op' && x.op === 'reshape' && x.args[0].shape.length === 1) {
    return { s: `${wrap(go(x.args[0]), PRODUCT)} \\, \\mathbf{1}_{${to[1]}}^{\\top}`, prec: PRODUCT };
  }
  if (x.shape.length === 0) return { s: `${wrap(a, PRODUCT)} \\, \\mathbf{1}_{${shapeLatex(to)}}`, prec: PRODUCT };
  return atom(`\\operatorname{broadcast}_{${shapeLatex(to)}}${paren(a.s)}`);
}

function reshapeLatex(n: OpExpr, a: Out): Out {
  if (n.shape.length === 1) return atom(`\\operatorname{flatten}${paren(a.s)}`);
  const name = n.attrs.via === 'unsqueeze' || n.attrs.via === 'squeeze' ? n.attrs.via : 'reshape';
  return atom(`\\operatorname{${name}}_{${shapeLatex(n.shape)}}${paren(a.s)}`);
}

function embedLatex(n: OpExpr, go: Go): Out {
  const form = embedForm(n);
  if (form.kind === 'scatter') {
    const at = form.at.replace(/:/g, '{:}');
    return atom(`\\left[\\, ${go(n.args[0]).s} \\text{ at } [${at}],\\ 0 \\text{ elsewhere} \\,\\right]`);
  }
  const f = go(form.factor);
  const mask = atom(form.mask.latex);
  // Row i of a matrix is the outer product e_i gᵀ; column j is g e_jᵀ.
  if (n.shape.length === 2 && !n.attrs.keep && (n.attrs.dim ?? 0) === 0) return { s: `${form.mask.latex} \\, ${sup(f)}^{\\top}`, prec: PRODUCT };
  if (form.factor.shape.length === 0 || (n.shape.length === 2 && !n.attrs.keep)) return product(f, mask);
  return { s: `${wrap(f, PRODUCT)} \\odot ${form.mask.latex}`, prec: PRODUCT };
}

function renderOp(n: OpExpr, args: readonly Out[], go: Go): Out {
  const [a, b] = args;
  const named = NAMED_FNS[n.op];
  if (named !== undefined) return { ...atom(`${named}${paren(a.s)}`), base: false };
  switch (n.op) {
    case 'add': return { s: `${wrap(a, SUM)} + ${wrapRight(b, SUM)}`, prec: SUM };
    case 'sub': return { s: `${wrap(a, SUM)} - ${wrapRight(b, PRODUCT)}`, prec: SUM };
    case 'mul': return product(a, b);
    case 'div': return quotient(n, a, b, go);
    case 'matmul': return { ...product(a, b), numeric: false, heavy: true };
    case 'outer': return { s: `${wrap(a, PRODUCT)} \\, ${sup(b)}^{\\top}`, prec: PRODUCT, heavy: true };
    case 'pow': {
      const [base, e] = n.args;
      if (e.kind === 'num' && e.value === 0.5) return atom(`\\sqrt{${a.s}}`);
      const fnName = base.kind === 'op' ? NAMED_FNS[base.op] : undefined;
      // tanh(x)**2 as \tanh^{2}(x).
      if (fnName !== undefined && e.kind === 'num' && e.value > 0 && Number.isInteger(e.value)) {
        return { s: `${fnName}^{${b.s}}${paren(go(base.kind === 'op' ? base.args[0] : base).s)}`, prec: ATOM };
      }
      return { s: `${sup(a)}^{${b.s}}`, prec: POWER };
    }
    case 'neg': return { s: `-${wrap(a, PRODUCT)}`, prec: Math.min(UNARY, a.prec) };
    case 'exp': return { s: `e^{${a.s}}`, prec: POWER };
    case 'sqrt': return atom(`\\sqrt{${a.s}}`);
    case 'abs': return atom(`\\left|${a.s}\\right|`);
    case 'step': return atom(`\\mathbb{1}\\left[${a.s} > 0\\right]`);
    case 'eq': return atom(`\\mathbb{1}\\left[${a.s} = ${b.s}\\right]`);
    // Σ takes the product after it, as usual: \sum x (w x + b - y).
    case 'sum': return { s: `\\sum${dimsLatex(n)} ${wrap(a, PRODUCT)}`, prec: PRODUCT, big: true, heavy: true };
    case 'mean': return atom(`\\operatorname{mean}${dimsLatex(n)}${paren(a.s)}`);
    case 'max': return atom(`\\max${paren(a.s)}`);
    case 'min': return atom(`\\min${paren(a.s)}`);
    case 'permute': {
      const dims = n.attrs.dims ?? [];
      // A matrix, or each matrix of a batch, transposed.
      if (isLastTwoSwap(dims)) return { s: `${sup(a)}^{\\top}`, prec: POWER };
      return atom(`\\operatorname{permute}_{(${dims.join(',')})}${paren(a.s)}`);
    }
    case 'reshape': return reshapeLatex(n, a);
    case 'expand': return expandLatex(n, a, go);
    case 'select':
    case 'slice': {
      const chain = indexChain(n);
      if (chain !== null) return atom(`${sup(go(chain.base))}_{[${chain.items.join(', ').replace(/:/g, '{:}')}]}`);
      if (n.op === 'select') return atom(`${sup(a)}_{[${'{:}, '.repeat(n.attrs.dim ?? 0)}${n.attrs.index}]}`);
      const size = n.args[0].shape[n.attrs.dim ?? 0];
      const at = sliceSubscript(n.attrs.dim ?? 0, n.attrs.start ?? 0, n.attrs.stop ?? size, n.attrs.step ?? 1, size);
      return atom(`${sup(a)}_{[${at.replace(/:/g, '{:}')}]}`);
    }
    case 'bce_logits': return atom(`\\operatorname{BCE}_{\\sigma}${paren(args.map((x) => x.s).join(', '))}`);
    case 'embed': return embedLatex(n, go);
    default: return atom(`\\operatorname{${n.op}}${paren(args.map((x) => x.s).join(', '))}`);
  }
}

/** The expression as LaTeX. */
export function renderLatex(e: Expr): string {
  const memo = new Map<number, Out>();
  const go = (x: Expr): Out => {
    const m = memo.get(x.id);
    if (m) return m;
    let out: Out;
    if (x.kind === 'leaf') out = x.literal ? atom(x.literal.latex) : atom(latexName(x.name));
    else if (x.kind === 'num') out = coefLatex(x.coef);
    else out = renderOp(x, x.args.map(go), go);
    memo.set(x.id, out);
    return out;
  };
  return go(e).s;
}
