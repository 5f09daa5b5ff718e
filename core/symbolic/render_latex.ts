/** LaTeX rendering for KaTeX: `2 x`, `9 a^{2}`, `\frac{1}{2 \sqrt{x}}`, `G B^{\top}`. */
import { pyFloatRepr } from '../print/py_repr';
import type { Coef } from './coef';
import type { Expr, OpExpr } from './expr';

const SUM = 0;
const PRODUCT = 1;
const UNARY = 2;
const POWER = 3;
const ATOM = 4;

interface Out {
  readonly s: string;
  readonly prec: number;
  /** A bare number: `2 x` is written without a dot. */
  readonly numeric?: boolean;
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

function floatLatex(v: number): string {
  const r = pyFloatRepr(v);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(r);
  if (!m) return r;
  return `${m[1]} \\times 10^{${Number(m[2])}}`;
}

function coefLatex(c: Coef): Out {
  if (c.kind === 'rat') {
    if (c.q === 1) return { s: String(c.p), prec: c.p < 0 ? UNARY : ATOM, numeric: true };
    const frac = `\\frac{${Math.abs(c.p)}}{${c.q}}`;
    return c.p < 0 ? { s: `-${frac}`, prec: UNARY } : { s: frac, prec: ATOM, numeric: true };
  }
  return { s: floatLatex(c.v), prec: c.v < 0 ? UNARY : ATOM, numeric: true };
}

const paren = (s: string): string => `\\left(${s}\\right)`;
const wrap = (o: Out, min: number): string => (o.prec < min ? paren(o.s) : o.s);
const wrapRight = (o: Out, min: number): string => (o.prec < min || o.prec === UNARY ? paren(o.s) : o.s);
const fn = (name: string, a: Out): Out => ({ s: `${name}${paren(a.s)}`, prec: ATOM });
const shapeLatex = (shape: readonly number[]): string => shape.join(' \\times ');

function dimsLatex(n: OpExpr): string {
  return n.attrs.dims == null ? '' : `_{\\text{dim } ${n.attrs.dims.join(',')}}`;
}

function renderOp(n: OpExpr, args: readonly Out[]): Out {
  const [a, b] = args;
  switch (n.op) {
    case 'add': return { s: `${wrap(a, SUM)} + ${wrapRight(b, SUM)}`, prec: SUM };
    case 'sub': return { s: `${wrap(a, SUM)} - ${wrapRight(b, PRODUCT)}`, prec: SUM };
    case 'mul': {
      const sep = a.numeric && !b.numeric ? ' ' : ' \\cdot ';
      return { s: `${wrap(a, PRODUCT)}${sep}${wrapRight(b, PRODUCT + 1)}`, prec: PRODUCT };
    }
    case 'div': return { s: `\\frac{${a.s}}{${b.s}}`, prec: ATOM };
    case 'matmul': return { s: `${wrap(a, PRODUCT)} \\, ${wrapRight(b, PRODUCT + 1)}`, prec: PRODUCT };
    case 'outer': return { s: `${wrap(a, PRODUCT)} \\, ${wrap(b, ATOM)}^{\\top}`, prec: PRODUCT };
    case 'pow': {
      const base = a.prec <= POWER || n.args[0].kind === 'op' ? paren(a.s) : a.s;
      const e = n.args[1];
      if (e.kind === 'num' && e.value === 0.5) return { s: `\\sqrt{${a.s}}`, prec: ATOM };
      return { s: `${base}^{${b.s}}`, prec: POWER };
    }
    case 'neg': return { s: `-${wrap(a, PRODUCT)}`, prec: Math.min(UNARY, a.prec) };
    case 'exp': return { s: `e^{${a.s}}`, prec: POWER };
    case 'log': return fn('\\log', a);
    case 'sqrt': return { s: `\\sqrt{${a.s}}`, prec: ATOM };
    case 'abs': return { s: `\\left|${a.s}\\right|`, prec: ATOM };
    case 'sin': return fn('\\sin', a);
    case 'cos': return fn('\\cos', a);
    case 'tanh': return fn('\\tanh', a);
    case 'sigmoid': return fn('\\sigma', a);
    case 'relu': return fn('\\operatorname{relu}', a);
    case 'logsigmoid': return fn('\\log \\sigma', a);
    case 'sign': return fn('\\operatorname{sign}', a);
    case 'step': return { s: `\\mathbb{1}\\left[${a.s} > 0\\right]`, prec: ATOM };
    case 'eq': return { s: `\\mathbb{1}\\left[${a.s} = ${b.s}\\right]`, prec: ATOM };
    case 'sum': return { s: `\\sum${dimsLatex(n)} ${wrap(a, ATOM)}`, prec: PRODUCT };
    case 'mean': return { s: `\\operatorname{mean}${dimsLatex(n)}${paren(a.s)}`, prec: ATOM };
    case 'max': return { s: `\\max${paren(a.s)}`, prec: ATOM };
    case 'min': return { s: `\\min${paren(a.s)}`, prec: ATOM };
    case 'permute': {
      const dims = n.attrs.dims ?? [];
      if (dims.length === 2 && dims[0] === 1) return { s: `${wrap(a, ATOM)}^{\\top}`, prec: POWER };
      return { s: `\\operatorname{permute}_{(${dims.join(',')})}${paren(a.s)}`, prec: ATOM };
    }
    case 'reshape': return { s: `\\operatorname{${n.attrs.via ?? 'reshape'}}_{${shapeLatex(n.shape)}}${paren(a.s)}`, prec: ATOM };
    case 'expand': {
      const x = n.args[0];
      const ones = `\\mathbf{1}_{${shapeLatex(n.shape)}}`;
      if (x.kind === 'num' && x.value === 1) return { s: ones, prec: ATOM };
      if (x.kind === 'num' && x.value === 0) return { s: `\\mathbf{0}_{${shapeLatex(n.shape)}}`, prec: ATOM };
      return { s: `${wrap(a, PRODUCT)} ${ones}`, prec: PRODUCT };
    }
    case 'select': return { s: `${wrap(a, ATOM)}_{[${':, '.repeat(n.attrs.dim ?? 0)}${n.attrs.index}]}`, prec: ATOM };
    case 'slice': return { s: `${wrap(a, ATOM)}_{[${':, '.repeat(n.attrs.dim ?? 0)}${n.attrs.start}:${n.attrs.stop}${n.attrs.step === 1 ? '' : `:${n.attrs.step}`}]}`, prec: ATOM };
    case 'bce_logits': return { s: `\\operatorname{BCE}_{\\sigma}${paren(args.map((x) => x.s).join(', '))}`, prec: ATOM };
    case 'embed': return { s: `\\operatorname{${n.attrs.keep ? 'slice' : 'select'}\\_backward}${paren(a.s)}`, prec: ATOM };
  }
}

/** The expression as LaTeX. */
export function renderLatex(e: Expr): string {
  const memo = new Map<number, Out>();
  const go = (x: Expr): Out => {
    const m = memo.get(x.id);
    if (m) return m;
    let out: Out;
    if (x.kind === 'leaf') out = { s: x.literal?.latex ?? latexName(x.name), prec: ATOM };
    else if (x.kind === 'num') out = coefLatex(x.coef);
    else out = renderOp(x, x.args.map(go));
    memo.set(x.id, out);
    return out;
  };
  return go(e).s;
}
