/**
 * Simplification to what a person would write: `2*x`, not `1*2*x**1`.
 *
 * Elementwise arithmetic is brought to a normal form (a constant plus a sum of
 * coefficient-times-monomial terms, each monomial a product of powers) and
 * rebuilt: constants fold, like terms and like factors combine (`x*x` becomes
 * `x**2`), and a numeric coefficient distributes over a sum. Shapes stay
 * right: elementwise ops commute with broadcasting, so an `expand` under one
 * can be dropped as long as the result is expanded back to the node's shape.
 */
import type { Coef } from './coef';
import * as C from './coef';
import type { Expr, LeafExpr, OpExpr, UnaryFn } from './expr';
import { ExprPool, isElementwise, isUnary, postOrder } from './expr';
import { sameShape } from '../tensor/shape';
import { foldConstants } from './fold';

interface Factor {
  readonly base: Expr;
  readonly exp: Coef;
}

/** coef * Π base^exp, factors in first-seen order. */
interface Mono {
  coef: Coef;
  factors: Map<number, Factor>;
}

/** constant + Σ terms, keyed by the monomial (without its coefficient). */
interface Lin {
  constant: Coef;
  terms: Map<string, Mono>;
}

function monoKey(m: Mono): string {
  return [...m.factors.values()].map((f) => `${f.base.id}^${C.key(f.exp)}`).sort().join('*');
}

function monoConst(c: Coef): Mono {
  return { coef: c, factors: new Map() };
}

function monoMul(a: Mono, b: Mono): Mono {
  const factors = new Map(a.factors);
  for (const [id, f] of b.factors) {
    const prev = factors.get(id);
    if (prev === undefined) {
      factors.set(id, f);
      continue;
    }
    const exp = C.add(prev.exp, f.exp);
    if (C.isZero(exp)) factors.delete(id);
    else factors.set(id, { base: f.base, exp });
  }
  return { coef: C.mul(a.coef, b.coef), factors };
}

function monoPow(m: Mono, n: Coef): Mono {
  const factors = new Map<number, Factor>();
  for (const [id, f] of m.factors) factors.set(id, { base: f.base, exp: C.mul(f.exp, n) });
  return { coef: C.pow(m.coef, n), factors };
}

function linAdd(a: Lin, b: Lin, scale: Coef = C.ONE): Lin {
  const terms = new Map(a.terms);
  for (const [k, m] of b.terms) {
    const scaled = C.mul(m.coef, scale);
    const prev = terms.get(k);
    const coef = prev === undefined ? scaled : C.add(prev.coef, scaled);
    if (C.isZero(coef)) terms.delete(k);
    else terms.set(k, { coef, factors: (prev ?? m).factors });
  }
  return { constant: C.add(a.constant, C.mul(b.constant, scale)), terms };
}

function linScale(a: Lin, s: Coef): Lin {
  return linAdd({ constant: C.ZERO, terms: new Map() }, a, s);
}

function linOfMono(m: Mono): Lin {
  if (C.isZero(m.coef)) return { constant: C.ZERO, terms: new Map() };
  if (m.factors.size === 0) return { constant: m.coef, terms: new Map() };
  return { constant: C.ZERO, terms: new Map([[monoKey(m), m]]) };
}

/** A type guard in one direction only: a false result says nothing about e's kind. */
const isOp = (e: Expr, ...ops: string[]): e is OpExpr & { readonly __op: true } => e.kind === 'op' && ops.includes(e.op);

/**
 * expand(x) under an elementwise op is x: broadcasting does the rest. So is a
 * reshape that only puts 1s in front (`v.unsqueeze(0)` from a sum's backward).
 */
function stripExpand(e: Expr): Expr {
  while (isOp(e, 'expand') || (isOp(e, 'reshape') && onlyLeadingOnes(e.args[0].shape, e.shape))) e = e.args[0];
  return e;
}

function onlyLeadingOnes(from: readonly number[], to: readonly number[]): boolean {
  const lead = to.length - from.length;
  return lead > 0 && to.slice(0, lead).every((s) => s === 1) && sameShape(to.slice(lead), from);
}

export class Simplifier {
  readonly #memo = new Map<number, Expr>();

  constructor(readonly pool: ExprPool) {}

  simplify(e: Expr): Expr {
    const known = this.#memo.get(e.id);
    if (known) return known;
    let out: Expr;
    if (e.kind !== 'op') out = e;
    else {
      const args = e.args.map((a) => this.simplify(a));
      out = isElementwise(e.op) ? this.#elementwise(e, args) : this.#structural(e, args);
      // The simplified form may have shrunk to a broadcastable shape; restore it.
      if (!sameShape(out.shape, e.shape)) out = this.pool.expand(out, e.shape);
    }
    this.#memo.set(e.id, out);
    return out;
  }

  #elementwise(e: OpExpr, rawArgs: readonly Expr[]): Expr {
    const p = this.pool;
    const args = rawArgs.map(stripExpand);
    if (['add', 'sub', 'mul', 'div', 'neg'].includes(e.op) || (e.op === 'pow' && args[1].kind === 'num')) {
      return this.fromLin(this.lin(p.op(e.op, args, e.attrs)));
    }
    if (isUnary(e.op)) {
      const folded = foldUnary(e.op, args[0]);
      if (folded !== null) return p.num(folded);
    }
    if (e.op === 'eq' && args[0].kind === 'num' && args[1].kind === 'num') return p.num(args[0].value === args[1].value ? 1 : 0);
    if (e.op === 'pow' && args[0].kind === 'num' && args[0].value === 1) return p.num(1);
    return p.op(e.op, args, e.attrs);
  }

  /**
   * `c*a` as (c, a) when `a` is a product with a numeric coefficient; (1, a) otherwise.
   * An expand keeps its coefficient: it is only a broadcast of what is under it.
   */
  #splitCoef(a: Expr): { coef: Coef; rest: Expr } {
    // c*ones(2, 2) @ y is c*(ones(2, 2) @ y).
    if (isOp(a, 'expand') && a.args[0].kind === 'num' && !C.isZero(a.args[0].coef) && !C.isOne(a.args[0].coef)) {
      return { coef: a.args[0].coef, rest: this.pool.expand(this.pool.num(1), a.shape) };
    }
    if (a.kind !== 'op' || isOp(a, 'expand')) return { coef: C.ONE, rest: a };
    const m = this.mono(a);
    if (m.factors.size === 0 || C.isOne(m.coef)) return { coef: C.ONE, rest: a };
    return { coef: m.coef, rest: this.pool.expand(this.fromMono({ coef: C.ONE, factors: m.factors }), a.shape) };
  }

  #structural(e: OpExpr, args: readonly Expr[]): Expr {
    const p = this.pool;
    const x = args[0];
    // Linear ops let a numeric factor out, as a person writes it: 2*(w*xs + b - ys).sum()/5, x.T @ G/3.
    if (LINEAR_OPS.has(e.op)) {
      const parts = args.map((a, i) => (i === 0 || e.op === 'matmul' || e.op === 'outer' ? this.#splitCoef(a) : { coef: C.ONE, rest: a }));
      const coef = parts.reduce((c, part) => C.mul(c, part.coef), C.ONE);
      if (!C.isOne(coef)) {
        const inner = this.simplify(p.op(e.op, parts.map((part) => part.rest), e.attrs));
        return this.fromMono(monoMul(monoConst(coef), this.mono(inner)));
      }
    }
    // A one-element value as a 0-d expression, looking through expand, reshape and
    // permute, and through full reductions kept as [1, 1]: x.unsqueeze(0).sum(1, keepdim=True) is x.sum().
    const scalar = (v: Expr): Expr | null => {
      let s = v;
      while (isOp(s, 'expand', 'reshape', 'permute') && numel(s.args[0].shape) === 1) s = s.args[0];
      if (s.shape.length === 0) return s;
      if (numel(s.shape) === 1 && isOp(s, 'sum', 'mean')) return this.simplify(p.op(s.op, [s.args[0]], { dims: null, keepdim: false }));
      return null;
    };
    const zero = (v: Expr): boolean => {
      const s = stripExpand(v);
      return s.kind === 'num' && s.value === 0;
    };
    switch (e.op) {
      case 'reshape': {
        const s = scalar(x);
        if (s !== null) return p.expand(s, e.shape);
        const split = this.#splitConstant(e, x);
        if (split !== null) return split;
        if (isOp(x, 'reshape')) return p.reshape(x.args[0], e.shape, e.attrs.via ?? null);
        return this.#pushThrough(e, x) ?? p.reshape(x, e.shape, e.attrs.via ?? null);
      }
      case 'permute': {
        const s = scalar(x);
        if (s !== null) return p.expand(s, e.shape);
        const split = this.#splitConstant(e, x);
        if (split !== null) return split;
        const dims = e.attrs.dims ?? [];
        // A transpose of a broadcast is the broadcast of the transpose.
        if (isOp(x, 'expand')) {
          const y = p.reshape(x.args[0], [...Array<number>(x.shape.length - x.args[0].shape.length).fill(1), ...x.args[0].shape]);
          return p.expand(this.simplify(p.permute(y, dims)), e.shape);
        }
        if (isOp(x, 'permute')) {
          const inner = x.attrs.dims ?? [];
          return p.permute(x.args[0], dims.map((d) => inner[d]));
        }
        // (A @ B).T = B.T @ A.T, when that cancels transposes: (x.T @ G).T is G.T @ x (batches alike).
        const r = x.shape.length;
        const swap = x.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
        if (isOp(x, 'matmul') && r >= 2 && x.args.every((a) => a.shape.length === r) && dims.every((d, i) => d === swap[i])) {
          const [a, b] = x.args;
          const transposes = (m: Expr): number => (isOp(m, 'permute') ? 1 : 0);
          const needs = (m: Expr): number => (isOp(m, 'permute') || (isOp(m, 'expand') && m.args[0].kind === 'num') ? 0 : 1);
          if (needs(a) + needs(b) < 1 + transposes(a) + transposes(b)) {
            return this.simplify(p.op('matmul', [this.simplify(p.permute(b, swap)), this.simplify(p.permute(a, swap))]));
          }
        }
        return this.#pushThrough(e, x) ?? p.permute(x, dims);
      }
      case 'expand':
        return p.expand(stripExpand(x), e.shape);
      case 'sum':
      case 'mean': {
        const s = scalar(x);
        if (s !== null) {
          const count = e.op === 'sum' ? reducedCount(e) : 1;
          return p.expand(this.simplify(p.mul(p.num(count), s)), e.shape);
        }
        const dims = e.attrs.dims ?? x.shape.map((_, i) => i);
        // Reducing every non-trivial dim: reshapes and transposes do not change a sum.
        if (x.shape.every((n, i) => n === 1 || dims.includes(i)) && (e.attrs.dims != null || isOp(x, 'reshape', 'permute'))) {
          let inner = x;
          while (isOp(inner, 'reshape', 'permute')) inner = inner.args[0];
          return p.expand(p.op(e.op, [inner], { dims: null, keepdim: false }), e.shape);
        }
        // The sum of a broadcast: repeated copies multiply, the rest is summed.
        if (isOp(x, 'expand')) {
          // A lower-rank operand broadcasts as if it had leading 1s.
          const y = p.reshape(x.args[0], [...Array<number>(x.shape.length - x.args[0].shape.length).fill(1), ...x.args[0].shape]);
          const repeated = dims.filter((d) => y.shape[d] === 1 && x.shape[d] !== 1);
          const summed = dims.filter((d) => y.shape[d] !== 1);
          let inner: Expr = summed.length > 0 ? p.op(e.op, [y], { dims: summed, keepdim: true }) : y;
          const factor = e.op === 'sum' ? repeated.reduce((a, d) => a * x.shape[d], 1) : 1;
          if (factor !== 1) inner = p.mul(p.num(factor), inner);
          const kept = x.shape.map((n, i) => (dims.includes(i) ? 1 : n));
          return this.simplify(p.reshape(p.expand(inner, kept), e.shape));
        }
        return p.op(e.op, [x], e.attrs);
      }
      case 'outer': {
        if (args.some(zero)) return p.expand(p.num(0), e.shape);
        // ones(n) ⊗ v is v in every row: a broadcast, which is how a person reads it.
        const [u, w] = args.map(stripExpand);
        const [n, m] = e.shape;
        if (u.kind === 'num' && w.kind === 'num') return p.expand(p.num(C.mul(u.coef, w.coef)), e.shape);
        if (u.kind === 'num') return this.#scaled(u.coef, p.expand(p.reshape(args[1], [m]), e.shape));
        if (w.kind === 'num') return this.#scaled(w.coef, p.expand(p.reshape(args[0], [n, 1], 'unsqueeze'), e.shape));
        return p.op(e.op, args, e.attrs);
      }
      case 'matmul':
      case 'embed':
        if (args.some(zero)) return p.expand(p.num(0), e.shape);
        return p.op(e.op, args, e.attrs);
      default:
        return p.op(e.op, args, e.attrs);
    }
  }

  /**
   * A reshape or transpose of an elementwise expression is the same expression
   * of reshaped operands: ((x**2).reshape(2, 3)**2).reshape(6) is x**4. Taken
   * only when it makes the expression smaller (reshapes of reshapes cancel).
   */
  #pushThrough(e: OpExpr, x: Expr): Expr | null {
    const p = this.pool;
    if (x.kind !== 'op' || !isElementwise(x.op) || p.size(x) > PUSH_MAX_NODES) return null;
    if (!x.args.every((a) => a.shape.length === 0 || sameShape(a.shape, x.shape))) return null;
    const args = x.args.map((a) => (a.shape.length === 0 ? a : this.simplify(p.op(e.op, [a], e.attrs))));
    const pushed = this.simplify(p.op(x.op, args, x.attrs));
    const [before, after] = [1 + p.size(x), p.size(pushed)];
    // Fewer reshapes is the point; the normal form may spell the rest a little longer, (x*y)**2 as x**2*y**2.
    if (after < before || (after <= before + 2 && movements(pushed) < 1 + movements(x))) return pushed;
    return null;
  }

  #scaled(c: Coef, e: Expr): Expr {
    return C.isOne(c) ? e : this.fromMono(monoMul(monoConst(c), this.#atom(e, C.ONE)));
  }

  /**
   * A reshape or transpose of `rest + c` is the reshape of rest, plus c:
   * `x.reshape(3, 2).T + 1` rather than `(x.reshape(3, 2) + 1).T`.
   */
  #splitConstant(e: OpExpr, x: Expr): Expr | null {
    const l = this.lin(x);
    if (C.isZero(l.constant) || l.terms.size === 0) return null;
    const rest = this.pool.expand(this.fromLin({ constant: C.ZERO, terms: l.terms }), x.shape);
    const moved = this.simplify(this.pool.op(e.op, [rest], e.attrs));
    return this.simplify(this.pool.add(moved, this.pool.num(l.constant)));
  }

  // ---- normal form ----------------------------------------------------------

  readonly #lins = new Map<number, Lin>();
  readonly #monos = new Map<number, Mono>();

  /** The normal form of a sum (memoised: scripts reuse tensors, so expressions share nodes). */
  lin(e: Expr): Lin {
    e = stripExpand(e);
    const known = this.#lins.get(e.id);
    if (known) return known;
    const l = this.#linOf(e);
    this.#lins.set(e.id, l);
    return l;
  }

  mono(e: Expr): Mono {
    e = stripExpand(e);
    const known = this.#monos.get(e.id);
    if (known) return known;
    const m = this.#monoOf(e);
    this.#monos.set(e.id, m);
    return m;
  }

  #linOf(e: Expr): Lin {
    if (e.kind === 'num') return { constant: e.coef, terms: new Map() };
    if (isOp(e, 'add')) return linAdd(this.lin(e.args[0]), this.lin(e.args[1]));
    if (isOp(e, 'sub')) return linAdd(this.lin(e.args[0]), this.lin(e.args[1]), C.MINUS_ONE);
    if (isOp(e, 'neg')) return linScale(this.lin(e.args[0]), C.MINUS_ONE);
    const m = this.mono(e);
    // c * (a + b) distributes: linear, so always valid.
    if (m.factors.size === 1) {
      const [f] = m.factors.values();
      if (C.isOne(f.exp) && isOp(f.base, 'add', 'sub', 'neg')) return linScale(this.lin(f.base), m.coef);
    }
    return linOfMono(m);
  }

  #monoOf(e: Expr): Mono {
    if (e.kind === 'num') return monoConst(e.coef);
    if (isOp(e, 'mul')) return monoMul(this.mono(e.args[0]), this.mono(e.args[1]));
    if (isOp(e, 'neg')) return monoMul(monoConst(C.MINUS_ONE), this.mono(e.args[0]));
    if (isOp(e, 'div')) {
      const den = this.mono(e.args[1]);
      if (!C.isZero(den.coef)) return monoMul(this.mono(e.args[0]), monoPow(den, C.MINUS_ONE));
    }
    if (isOp(e, 'pow') && e.args[1].kind === 'num') {
      const n = e.args[1].coef;
      if (C.isZero(n)) return monoConst(C.ONE);
      const inner = this.mono(e.args[0]);
      // (a*b)**n = a**n * b**n and (a**k)**n = a**(k*n) hold for integer n;
      // otherwise only for a single plain base.
      if (C.isInteger(n)) return monoPow(inner, n);
      if (C.isOne(inner.coef) && inner.factors.size === 1) {
        const [f] = inner.factors.values();
        if (C.isOne(f.exp)) return monoPow(inner, n);
      }
      return this.#atom(this.#rebuildBase(e.args[0]), n);
    }
    if (isOp(e, 'add', 'sub')) {
      const l = this.lin(e);
      if (l.terms.size === 0) return monoConst(l.constant);
      if (l.terms.size === 1 && C.isZero(l.constant)) return [...l.terms.values()][0];
      return this.#atom(this.fromLin(l), C.ONE);
    }
    return this.#atom(e, C.ONE);
  }

  #rebuildBase(e: Expr): Expr {
    return isOp(e, 'add', 'sub', 'mul', 'div', 'neg', 'pow') ? this.fromLin(this.lin(e)) : e;
  }

  #atom(base: Expr, exp: Coef): Mono {
    if (base.kind === 'num') return monoConst(C.pow(base.coef, exp));
    return { coef: C.ONE, factors: new Map([[base.id, { base, exp }]]) };
  }

  // ---- rebuilding -----------------------------------------------------------

  fromLin(l: Lin): Expr {
    const content = commonFactor(l);
    if (content !== null) {
      // 2*x/5 - 6/5 reads better as 2*(x - 3)/5.
      const inner = this.#fromLinPlain(linScale(l, C.inv(content)));
      return this.fromMono({ coef: content, factors: new Map([[inner.id, { base: inner, exp: C.ONE }]]) });
    }
    return this.#fromLinPlain(l);
  }

  #fromLinPlain(l: Lin): Expr {
    const p = this.pool;
    const terms = [...l.terms.values()].filter((m) => !C.isZero(m.coef));
    // Lead with a positive term when there is one: `y - x`, not `-x + y`.
    const firstPositive = terms.findIndex((m) => !C.isNegative(m.coef));
    if (firstPositive > 0) terms.unshift(...terms.splice(firstPositive, 1));
    let acc: Expr | null = null;
    // `1 - sigmoid(x)`, not `-sigmoid(x) + 1`.
    let constant = l.constant;
    if (terms.length > 0 && C.isNegative(terms[0].coef) && !C.isZero(constant) && !C.isNegative(constant)) {
      acc = p.num(constant);
      constant = C.ZERO;
    }
    for (const m of terms) {
      const negative = C.isNegative(m.coef);
      const magnitude = this.fromMono({ coef: negative ? C.neg(m.coef) : m.coef, factors: m.factors });
      if (acc === null) acc = negative ? p.neg(magnitude) : magnitude;
      else acc = negative ? p.sub(acc, magnitude) : p.add(acc, magnitude);
    }
    if (!C.isZero(constant) || acc === null) {
      if (acc === null) return p.num(constant);
      acc = C.isNegative(constant) ? p.sub(acc, p.num(C.neg(constant))) : p.add(acc, p.num(constant));
    }
    return acc;
  }

  /**
   * sqrt(x)**3 as x*sqrt(x), sqrt(x)**2 as x (sqrt's domain is x >= 0): the
   * derivative of 1/sqrt(x) reads -1/(2*x*sqrt(x)).
   */
  #evenRoots(m: Mono): Mono {
    let out: Mono | null = null;
    for (const [id, f] of m.factors) {
      if (!isOp(f.base, 'sqrt') || !C.isInteger(f.exp) || Math.abs(C.valueOf(f.exp)) < 2) continue;
      const e = C.valueOf(f.exp);
      const whole = Math.trunc(e / 2);
      const base: Mono = out ?? { coef: m.coef, factors: new Map(m.factors) };
      base.factors.delete(id);
      if (e % 2 !== 0) base.factors.set(id, { base: f.base, exp: C.rational(Math.sign(e)) });
      out = monoMul(base, monoPow(this.mono(f.base.args[0]), C.rational(whole)));
    }
    return out ?? m;
  }

  /** A monomial as `coef*a*b**2/(q*c)`; a negative coefficient gives neg(...). */
  fromMono(m: Mono): Expr {
    const p = this.pool;
    m = this.#evenRoots(m);
    if (C.isNegative(m.coef)) return p.neg(this.fromMono({ coef: C.neg(m.coef), factors: m.factors }));
    const num: Expr[] = [];
    const den: Expr[] = [];
    const c = m.coef;
    if (c.kind === 'rat') {
      if (c.p !== 1 || m.factors.size === 0) num.push(p.num(c.p));
      if (c.q !== 1) den.push(p.num(c.q));
    } else if (c.v !== 1 || m.factors.size === 0) {
      num.push(p.num(c));
    }
    // Variables before functions of them, as people write: 2*x*exp(x), not 2*exp(x)*x.
    // A literal tensor (a mask, a folded constant) goes last: cos(x)*tensor([0., 1., 0.]).
    const rank = (f: Factor): number => (f.base.kind === 'leaf' ? (f.base.literal !== null ? 3 : f.base.role === 'grad' ? 0 : 1) : 2);
    const ordered = [...m.factors.values()].sort((a, b) => rank(a) - rank(b));
    for (const f of ordered) {
      const positive = !C.isNegative(f.exp);
      const e = positive ? f.exp : C.neg(f.exp);
      const factor = C.isOne(e) ? f.base : p.pow(f.base, p.num(e));
      (positive ? num : den).push(factor);
    }
    const chain = (xs: Expr[]): Expr => xs.reduce((acc, x) => p.mul(acc, x));
    const top = num.length > 0 ? chain(num) : p.num(1);
    return den.length > 0 ? p.div(top, chain(den)) : top;
  }
}

/**
 * The rational content shared by every coefficient of a sum of two or more
 * parts (sign taken from the leading term), or null when it is 1 or a
 * coefficient is a float.
 */
function commonFactor(l: Lin): Coef | null {
  const parts = [...l.terms.values()].map((m) => m.coef);
  if (!C.isZero(l.constant)) parts.push(l.constant);
  if (parts.length < 2 || parts.some((c) => c.kind !== 'rat')) return null;
  const rats = parts as { kind: 'rat'; p: number; q: number }[];
  const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
  const num = rats.reduce((g, c) => gcd(g, c.p), 0);
  const den = rats.reduce((m, c) => (m * c.q) / gcd(m, c.q), 1);
  const leadingNegative = rats.every((c) => c.p < 0);
  // Factor out only what reads better: 2*(x - 3)/5, 2*(x + b), (sigmoid(z) - y)/3;
  // but 3*x**2 - 1/2 and 4 - 2*x stay as they are.
  const sameDenominator = den > 1 && rats.every((c) => c.q === den);
  const sharedInteger = num > 1 && (den > 1 || C.isZero(l.constant));
  if (!sameDenominator && !sharedInteger) return null;
  return C.rational(leadingNegative ? -num : num, den);
}

/**
 * Ops linear in their (first, or for products each) operand: numeric factors
 * move out of them. Not embed: `zeros(5).slice_scatter(2*x[1:3], ...)` reads
 * better with the 2 where it applies.
 */
const LINEAR_OPS = new Set<string>(['reshape', 'permute', 'sum', 'mean', 'select', 'slice', 'matmul', 'outer']);

/** Past this size, pushing a reshape into an expression is not tried (it rebuilds the expression). */
const PUSH_MAX_NODES = 200;

/** How many reshapes and transposes an expression has. */
function movements(e: Expr): number {
  return postOrder(e).filter((n) => isOp(n, 'reshape', 'permute')).length;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, n) => a * n, 1);
}

function reducedCount(n: OpExpr): number {
  const x = n.args[0];
  const dims = n.attrs.dims ?? x.shape.map((_, i) => i);
  return dims.reduce((a, d) => a * x.shape[d], 1);
}

/** Unary functions of constants fold only when the result is exact and readable. */
function foldUnary(fn: UnaryFn, x: Expr): Coef | null {
  if (x.kind !== 'num') return null;
  const v = x.value;
  switch (fn) {
    case 'neg': return C.neg(x.coef);
    case 'abs': return v < 0 ? C.neg(x.coef) : x.coef;
    case 'sign': return C.rational(Math.sign(v));
    case 'step': return C.rational(v > 0 ? 1 : 0);
    case 'relu': return v > 0 ? x.coef : C.ZERO;
    case 'exp': return v === 0 ? C.ONE : null;
    case 'log': return v === 1 ? C.ZERO : null;
    case 'sin':
    case 'tanh':
      return v === 0 ? C.ZERO : null;
    case 'cos': return v === 0 ? C.ONE : null;
    case 'sigmoid': return v === 0 ? C.rational(1, 2) : null;
    case 'sqrt': {
      if (x.coef.kind !== 'rat' || v < 0) return null;
      const [a, b] = [Math.sqrt(x.coef.p), Math.sqrt(x.coef.q)];
      return Number.isInteger(a) && Number.isInteger(b) ? C.rational(a, b) : null;
    }
    default: return null;
  }
}

/** Removes the expands a final formula does not need: it is broadcast to the leaf's shape anyway. */
export function stripTopExpands(pool: ExprPool, e: Expr): Expr {
  e = stripExpand(e);
  if (e.kind === 'op' && isElementwise(e.op)) {
    const args = e.args.map((a) => stripTopExpands(pool, a));
    return args.every((a, i) => a === e.args[i]) ? e : pool.op(e.op, args, e.attrs);
  }
  return e;
}

/**
 * Presents a weighted VJP as `v*(9*a**2)`: when every term carries the
 * gradient `v` once, factor it out in front.
 */
export function factorGradient(s: Simplifier, e: Expr, gradient: LeafExpr): Expr {
  const l = s.lin(e);
  if (!C.isZero(l.constant) || l.terms.size === 0) return e;
  const rest: Lin = { constant: C.ZERO, terms: new Map() };
  for (const m of l.terms.values()) {
    const f = m.factors.get(gradient.id);
    if (f === undefined || !C.isOne(f.exp)) return e;
    const factors = new Map(m.factors);
    factors.delete(gradient.id);
    const without: Mono = { coef: m.coef, factors };
    rest.terms.set(monoKey(without), without);
  }
  const r = s.fromLin(rest);
  if (r.kind === 'num' && r.value === 1) return gradient;
  // A plain number goes in front, as for any coefficient: 2*v.
  if (r.kind === 'num') return s.pool.mul(r, gradient);
  return s.pool.mul(gradient, r);
}

/** Full simplification of a derivative for display and evaluation. */
export function simplifyDerivative(pool: ExprPool, e: Expr, gradient: LeafExpr | null): Expr {
  const s = new Simplifier(pool);
  let out = stripTopExpands(pool, s.simplify(e));
  out = stripTopExpands(pool, s.simplify(out));
  const folded = foldConstants(pool, out);
  // Folded tensors take their place in the normal form: cos(x)*tensor([0., 1.]), constants combined.
  if (folded !== out) out = stripTopExpands(pool, s.simplify(folded));
  if (gradient !== null) out = factorGradient(s, out, gradient);
  // A number stands for every element (`3`), but a vector spread over a matrix
  // is shown as such: `v.expand(3, 2)` says "each row is v" where `v` alone would not.
  if (numel(out.shape) > 1 && !sameShape(out.shape, e.shape)) out = pool.expand(out, e.shape);
  return foldConstants(pool, out);
}
