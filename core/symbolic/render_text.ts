/**
 * Plain-text rendering, Python-ish so a learner can read it as PyTorch code:
 * `2*x`, `9*a**2`, `v*(9*a**2)`, `G @ B.T`, `(x > 0)`.
 */
import { pyFloatRepr } from '../print/py_repr';
import type { Coef } from './coef';
import { embedForm, indexChain, sliceSubscript } from './embed_notation';
import type { Expr, OpExpr } from './expr';

/** Binding strength, as Python parses: sums < products < unary minus < powers < atoms. */
const SUM = 0;
const PRODUCT = 1;
const UNARY = 2;
const POWER = 3;
const ATOM = 4;

interface Out {
  readonly s: string;
  readonly prec: number;
}

export function coefText(c: Coef): Out {
  if (c.kind === 'rat') {
    if (c.q === 1) return { s: String(c.p), prec: c.p < 0 ? UNARY : ATOM };
    return { s: `${c.p}/${c.q}`, prec: PRODUCT };
  }
  const s = Number.isInteger(c.v) && Math.abs(c.v) < 1e16 ? pyFloatRepr(c.v) : pyFloatRepr(c.v);
  return { s, prec: c.v < 0 || Object.is(c.v, -0) ? UNARY : ATOM };
}

const wrap = (o: Out, min: number): string => (o.prec < min ? `(${o.s})` : o.s);

/** Right operands of binary operators: a leading minus is always parenthesised, `a*(-b)`. */
const wrapRight = (o: Out, min: number): string => (o.prec < min || o.prec === UNARY ? `(${o.s})` : o.s);

function shapeArgs(shape: readonly number[]): string {
  return shape.join(', ');
}

function dimsArg(dims: readonly number[]): string {
  return dims.length === 1 ? String(dims[0]) : `(${dims.join(', ')})`;
}

function reduction(name: string, x: Out, n: OpExpr): Out {
  const args: string[] = [];
  if (n.attrs.dims != null) args.push(dimsArg(n.attrs.dims));
  if (n.attrs.dims != null && n.attrs.keepdim) args.push('keepdim=True');
  return { s: `${wrap(x, ATOM)}.${name}(${args.join(', ')})`, prec: ATOM };
}

function subscript(dim: number, item: string): string {
  return [...Array<string>(dim).fill(':'), item].join(', ');
}


function reshapeText(x: Out, n: OpExpr): Out {
  const from = n.args[0].shape;
  const to = n.shape;
  const base = wrap(x, ATOM);
  if (n.attrs.via === 'unsqueeze' && to.length === from.length + 1) {
    const d = to.findIndex((s, i) => s === 1 && (i >= from.length || from[i] !== 1 || to.slice(0, i).concat(to.slice(i + 1)).every((v, k) => v === from[k])));
    if (d >= 0) return { s: `${base}.unsqueeze(${d})`, prec: ATOM };
  }
  if (n.attrs.via === 'squeeze' && to.length === from.length - 1) {
    const d = from.findIndex((s, i) => s === 1 && from.slice(0, i).concat(from.slice(i + 1)).every((v, k) => v === to[k]));
    if (d >= 0) return { s: `${base}.squeeze(${d})`, prec: ATOM };
  }
  if (n.attrs.via === 'flatten' && to.length === 1) return { s: `${base}.flatten()`, prec: ATOM };
  const method = n.attrs.via === 'view' ? 'view' : 'reshape';
  return { s: `${base}.${method}(${shapeArgs(to)})`, prec: ATOM };
}

const FUNCTION_NAMES: Partial<Record<OpExpr['op'], string>> = {
  exp: 'exp', log: 'log', sqrt: 'sqrt', abs: 'abs', sin: 'sin', cos: 'cos', tanh: 'tanh',
  sigmoid: 'sigmoid', relu: 'relu', logsigmoid: 'logsigmoid', sign: 'sign',
};

function embedText(n: OpExpr, go: (e: Expr) => Out): Out {
  const form = embedForm(n);
  if (form.kind === 'mask') {
    const f = go(form.factor);
    const factor = form.unsqueeze === null ? wrap(f, PRODUCT) : `${wrap(f, ATOM)}.unsqueeze(${form.unsqueeze})`;
    return { s: `${factor}*${form.mask.text}`, prec: PRODUCT };
  }
  const source = go(n.args[0]).s;
  return { s: `zeros(${shapeArgs(n.shape)}).${form.method}(${source}${form.args ? `, ${form.args}` : ''})`, prec: ATOM };
}

function renderOp(n: OpExpr, args: readonly Out[], go: (e: Expr) => Out): Out {
  const [a, b] = args;
  const fnName = FUNCTION_NAMES[n.op];
  if (fnName !== undefined) return { s: `${fnName}(${a.s})`, prec: ATOM };
  switch (n.op) {
    case 'add': return { s: `${wrap(a, SUM)} + ${wrapRight(b, SUM)}`, prec: SUM };
    case 'sub': return { s: `${wrap(a, SUM)} - ${wrapRight(b, PRODUCT)}`, prec: SUM };
    case 'mul': return { s: `${wrap(a, PRODUCT)}*${wrapRight(b, PRODUCT + 1)}`, prec: PRODUCT };
    case 'div': return { s: `${wrap(a, PRODUCT)}/${wrapRight(b, PRODUCT + 1)}`, prec: PRODUCT };
    case 'matmul': return { s: `${wrap(a, PRODUCT)} @ ${wrapRight(b, PRODUCT + 1)}`, prec: PRODUCT };
    case 'pow': return { s: `${wrap(a, POWER + 1)}**${wrapRight(b, POWER)}`, prec: POWER };
    // -2*b reads as (-2)*b in Python, which is the same number: no parentheses needed over a product.
    case 'neg': return { s: `-${wrap(a, PRODUCT)}`, prec: Math.min(UNARY, a.prec) };
    case 'step': return { s: `(${a.s} > 0)`, prec: ATOM };
    case 'eq': return { s: `(${a.s} == ${b.s})`, prec: ATOM };
    case 'outer': return { s: `outer(${a.s}, ${b.s})`, prec: ATOM };
    case 'bce_logits': {
      const named = [a.s, b.s];
      let k = 2;
      if (n.attrs.weighted) named.push(`weight=${args[k++].s}`);
      if (n.attrs.posWeighted) named.push(`pos_weight=${args[k++].s}`);
      return { s: `binary_cross_entropy_with_logits(${named.join(', ')}, reduction='none')`, prec: ATOM };
    }
    case 'sum':
    case 'mean': {
      // F.binary_cross_entropy_with_logits(z, y) means by default: write it as the script did.
      const x = n.args[0];
      if (x.kind === 'op' && x.op === 'bce_logits' && n.attrs.dims == null) {
        const inner = a.s.replace(/, reduction='none'\)$/, n.op === 'mean' ? ')' : ", reduction='sum')");
        return { s: inner, prec: ATOM };
      }
      return reduction(n.op, a, n);
    }
    case 'max': return { s: `${wrap(a, ATOM)}.max()`, prec: ATOM };
    case 'min': return { s: `${wrap(a, ATOM)}.min()`, prec: ATOM };
    case 'permute': {
      const dims = n.attrs.dims ?? [];
      if (dims.length === 2 && dims[0] === 1) return { s: `${wrap(a, ATOM)}.T`, prec: ATOM };
      const moved = dims.map((d, i) => (d === i ? -1 : i)).filter((i) => i >= 0);
      if (moved.length === 2) return { s: `${wrap(a, ATOM)}.transpose(${moved[0]}, ${moved[1]})`, prec: ATOM };
      return { s: `${wrap(a, ATOM)}.permute(${dims.join(', ')})`, prec: ATOM };
    }
    case 'reshape': return reshapeText(a, n);
    case 'expand': {
      const x = n.args[0];
      if (x.kind === 'num' && x.value === 1) return { s: `ones(${shapeArgs(n.shape)})`, prec: ATOM };
      if (x.kind === 'num' && x.value === 0) return { s: `zeros(${shapeArgs(n.shape)})`, prec: ATOM };
      if (x.kind === 'num') return { s: `${wrap(a, PRODUCT)}*ones(${shapeArgs(n.shape)})`, prec: PRODUCT };
      return { s: `${wrap(a, ATOM)}.expand(${shapeArgs(n.shape)})`, prec: ATOM };
    }
    case 'select':
    case 'slice': {
      const chain = indexChain(n);
      if (chain !== null) return { s: `${wrap(go(chain.base), ATOM)}[${chain.items.join(', ')}]`, prec: ATOM };
      if (n.op === 'select') return { s: `${wrap(a, ATOM)}[${subscript(n.attrs.dim ?? 0, String(n.attrs.index))}]`, prec: ATOM };
      const size = n.args[0].shape[n.attrs.dim ?? 0];
      return { s: `${wrap(a, ATOM)}[${sliceSubscript(n.attrs.dim ?? 0, n.attrs.start ?? 0, n.attrs.stop ?? size, n.attrs.step ?? 1, size)}]`, prec: ATOM };
    }
    case 'embed': return embedText(n, go);
    default:
      return { s: `${n.op}(${args.map((x) => x.s).join(', ')})`, prec: ATOM };
  }
}

/** The expression as Python-ish text. */
export function renderText(e: Expr): string {
  const memo = new Map<number, Out>();
  const go = (x: Expr): Out => {
    const m = memo.get(x.id);
    if (m) return m;
    let out: Out;
    if (x.kind === 'leaf') out = { s: x.literal?.text ?? x.name, prec: ATOM };
    else if (x.kind === 'num') out = coefText(x.coef);
    else out = renderOp(x, x.args.map(go), go);
    memo.set(x.id, out);
    return out;
  };
  return go(e).s;
}
