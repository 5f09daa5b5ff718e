/**
 * The builder's loss expression: a small Python expression parser with errors
 * in plain words at a 1-based column, the names it uses, and the shape of its
 * result where that can be worked out (broadcasting, matmul, reductions).
 * The run itself remains the authority; this only catches mistakes as you type.
 */

export interface ExprProblem {
  message: string;
  col: number;
  /** Column just past the problem, for underlining. */
  endCol: number;
}

type Tok = { kind: 'num' | 'name' | 'op' | 'end'; text: string; col: number };

export type Expr =
  | { kind: 'num'; col: number; endCol: number; value: string }
  | { kind: 'name'; col: number; endCol: number; id: string }
  | { kind: 'unary'; col: number; endCol: number; op: string; operand: Expr }
  | { kind: 'binary'; col: number; endCol: number; op: string; left: Expr; right: Expr }
  | { kind: 'attr'; col: number; endCol: number; target: Expr; attr: string }
  | { kind: 'call'; col: number; endCol: number; callee: Expr; args: Expr[]; keywords: Array<{ name: string; value: Expr }> }
  | { kind: 'list'; col: number; endCol: number; items: Expr[] };

const OPS = ['**', '//', '==', '!=', '<=', '>=', '+', '-', '*', '/', '@', '(', ')', '[', ']', ',', '.', '=', '<', '>', '%'];

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = /^(?:\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(rest);
    if (num) {
      toks.push({ kind: 'num', text: num[0], col: i + 1 });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      toks.push({ kind: 'name', text: name[0], col: i + 1 });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw problem(`"${ch}" cannot appear in an expression.`, i + 1, i + 2);
    toks.push({ kind: 'op', text: op, col: i + 1 });
    i += op.length;
  }
  toks.push({ kind: 'end', text: '', col: text.length + 1 });
  return toks;
}

function problem(message: string, col: number, endCol = col + 1): ExprProblem {
  return { message, col, endCol: Math.max(endCol, col + 1) };
}

const BINARY: Record<string, number> = { '==': 1, '!=': 1, '<': 1, '<=': 1, '>': 1, '>=': 1, '+': 2, '-': 2, '*': 3, '/': 3, '//': 3, '%': 3, '@': 3 };
const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'else', 'lambda', 'for', 'in', 'is', 'def', 'return', 'import']);

class Parser {
  pos = 0;
  constructor(readonly toks: Tok[]) {}

  get tok(): Tok {
    return this.toks[this.pos];
  }
  describe(t: Tok): string {
    return t.kind === 'end' ? 'the end of the expression' : `"${t.text}"`;
  }
  expect(text: string, opener?: Tok): Tok {
    const t = this.tok;
    if (t.kind === 'op' && t.text === text) {
      this.pos++;
      return t;
    }
    if (opener && t.kind === 'end') throw problem(`"${opener.text}" at column ${opener.col} is never closed: add "${text}".`, opener.col);
    throw problem(`Expected "${text}" here, found ${this.describe(t)}.`, t.col, t.col + Math.max(1, t.text.length));
  }
  expression(minPrec = 0): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.tok;
      const prec = t.kind === 'op' ? BINARY[t.text] : undefined;
      if (prec === undefined || prec < minPrec) break;
      this.pos++;
      const right = this.expression(prec + 1);
      left = { kind: 'binary', op: t.text, left, right, col: left.col, endCol: right.endCol };
    }
    return left;
  }
  unary(): Expr {
    const t = this.tok;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.pos++;
      // Python: -x**2 is -(x**2); the operand of unary minus is a power.
      const operand = this.unary();
      return { kind: 'unary', op: t.text, operand, col: t.col, endCol: operand.endCol };
    }
    return this.power();
  }
  power(): Expr {
    const base = this.postfix(this.atom());
    if (this.tok.kind === 'op' && this.tok.text === '**') {
      this.pos++;
      const exponent = this.unary(); // right-associative, binds tighter on the left than unary minus
      return { kind: 'binary', op: '**', left: base, right: exponent, col: base.col, endCol: exponent.endCol };
    }
    return base;
  }
  postfix(expr: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (t.kind === 'op' && t.text === '.') {
        this.pos++;
        const name = this.tok;
        if (name.kind !== 'name') throw problem(`Expected a method or attribute name after ".", found ${this.describe(name)}.`, name.col);
        this.pos++;
        expr = { kind: 'attr', target: expr, attr: name.text, col: expr.col, endCol: name.col + name.text.length };
      } else if (t.kind === 'op' && t.text === '(') {
        this.pos++;
        const args: Expr[] = [];
        const keywords: Array<{ name: string; value: Expr }> = [];
        while (!(this.tok.kind === 'op' && this.tok.text === ')')) {
          if (this.tok.kind === 'end') throw problem(`"(" at column ${t.col} is never closed: add ")".`, t.col);
          const next = this.toks[this.pos + 1];
          if (this.tok.kind === 'name' && next?.kind === 'op' && next.text === '=') {
            const name = this.tok.text;
            this.pos += 2;
            keywords.push({ name, value: this.expression() });
          } else {
            if (keywords.length > 0) throw problem('A positional argument cannot follow a keyword argument.', this.tok.col);
            args.push(this.expression());
          }
          if (this.tok.kind === 'op' && this.tok.text === ',') this.pos++;
          else if (!(this.tok.kind === 'op' && this.tok.text === ')')) this.expect(')', t);
        }
        const close = this.expect(')', t);
        expr = { kind: 'call', callee: expr, args, keywords, col: expr.col, endCol: close.col + 1 };
      } else if (t.kind === 'op' && t.text === '[') {
        throw problem('Indexing is not available in the builder; switch to Code mode for it.', t.col);
      } else {
        return expr;
      }
    }
  }
  atom(): Expr {
    const t = this.tok;
    if (t.kind === 'num') {
      this.pos++;
      return { kind: 'num', value: t.text, col: t.col, endCol: t.col + t.text.length };
    }
    if (t.kind === 'name') {
      if (KEYWORDS.has(t.text)) throw problem(`"${t.text}" is a Python keyword and cannot be used in the loss.`, t.col, t.col + t.text.length);
      this.pos++;
      return { kind: 'name', id: t.text, col: t.col, endCol: t.col + t.text.length };
    }
    if (t.kind === 'op' && (t.text === '(' || t.text === '[')) {
      this.pos++;
      const close = t.text === '(' ? ')' : ']';
      const items: Expr[] = [];
      while (!(this.tok.kind === 'op' && this.tok.text === close)) {
        if (this.tok.kind === 'end') throw problem(`"${t.text}" at column ${t.col} is never closed: add "${close}".`, t.col);
        items.push(this.expression());
        if (this.tok.kind === 'op' && this.tok.text === ',') this.pos++;
        else if (!(this.tok.kind === 'op' && this.tok.text === close)) this.expect(close, t);
      }
      const end = this.expect(close, t);
      if (t.text === '(' && items.length === 1) return { ...items[0], col: t.col, endCol: end.col + 1 };
      return { kind: 'list', items, col: t.col, endCol: end.col + 1 };
    }
    if (t.kind === 'end') throw problem('The expression ends too early: something is missing here.', t.col);
    throw problem(`${this.describe(t)} cannot start a value here.`, t.col, t.col + t.text.length);
  }
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; problem: ExprProblem };

export function parseExpression(text: string): ParseResult {
  try {
    if (text.trim() === '') return { ok: false, problem: problem('Type the loss, for example x**2 - 5.', 1) };
    const parser = new Parser(tokenize(text));
    const expr = parser.expression();
    const t = parser.tok;
    if (t.kind !== 'end') {
      const hint = t.kind === 'op' && t.text === ')' ? 'This ")" has no matching "(".' : `Unexpected ${parser.describe(t)}: an operator such as + or * is missing before it?`;
      throw problem(hint, t.col, t.col + t.text.length);
    }
    return { ok: true, expr };
  } catch (e) {
    if (e && typeof e === 'object' && 'col' in e && 'message' in e) return { ok: false, problem: e as ExprProblem };
    throw e;
  }
}

/** Variable names the expression reads (not `torch`, `F`, `math`, methods or keywords). */
export function namesUsed(expr: Expr): Array<{ id: string; col: number; endCol: number }> {
  const out: Array<{ id: string; col: number; endCol: number }> = [];
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'name':
        out.push({ id: e.id, col: e.col, endCol: e.endCol });
        break;
      case 'unary':
        walk(e.operand);
        break;
      case 'binary':
        walk(e.left);
        walk(e.right);
        break;
      case 'attr':
        walk(e.target);
        break;
      case 'call':
        walk(e.callee);
        e.args.forEach(walk);
        e.keywords.forEach((k) => walk(k.value));
        break;
      case 'list':
        e.items.forEach(walk);
        break;
    }
  };
  walk(expr);
  return out;
}

/** Rewrites every use of `from` as `to`, leaving attributes and keywords alone (used for the detach toggle). */
export function renameVariable(text: string, from: string, to: string): string {
  const parsed = parseExpression(text);
  if (!parsed.ok) return text;
  const uses = namesUsed(parsed.expr).filter((u) => u.id === from).sort((a, b) => b.col - a.col);
  let out = text;
  for (const use of uses) out = out.slice(0, use.col - 1) + to + out.slice(use.endCol - 1);
  return out;
}

// ── shapes ────────────────────────────────────────────────────────────────

export type Shape = number[];

export function broadcast(a: Shape, b: Shape): Shape | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

export function shapeText(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

const ELEMENTWISE = new Set(['exp', 'log', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'sqrt', 'abs', 'neg', 'clone', 'detach', 'square', 'float', 'double']);
const REDUCE = new Set(['sum', 'mean', 'max', 'min', 'prod']);

/**
 * Shape of the expression given the tensors' shapes; null when it cannot be
 * known here (an unknown function). Throws an ExprProblem on a sure mismatch.
 */
export function inferShape(expr: Expr, shapes: ReadonlyMap<string, Shape>): Shape | null {
  const go = (e: Expr): Shape | null => {
    switch (e.kind) {
      case 'num':
        return [];
      case 'name': {
        const s = shapes.get(e.id);
        if (s) return s;
        if (e.id === 'torch' || e.id === 'F' || e.id === 'math') return null;
        throw problem(`There is no tensor called "${e.id}". Add it to the list above or fix the spelling.`, e.col, e.endCol);
      }
      case 'unary':
        return go(e.operand);
      case 'list':
        return null;
      case 'binary': {
        const l = go(e.left);
        const r = go(e.right);
        if (!l || !r) return null;
        if (e.op === '@') return matmulShape(l, r, e);
        const out = broadcast(l, r);
        if (!out) {
          throw problem(`Shapes ${shapeText(l)} and ${shapeText(r)} cannot be combined with "${e.op}": sizes must match or be 1, counting from the right.`, e.col, e.endCol);
        }
        return out;
      }
      case 'attr': {
        if (e.attr === 'T') {
          const s = go(e.target);
          return s ? [...s].reverse() : null;
        }
        go(e.target);
        return null;
      }
      case 'call':
        return callShape(e, go);
    }
  };
  return go(expr);
}

function matmulShape(l: Shape, r: Shape, e: Expr): Shape {
  const fail = (): never => {
    throw problem(`Cannot multiply shapes ${shapeText(l)} @ ${shapeText(r)}: the inner sizes must match.`, e.col, e.endCol);
  };
  if (l.length === 0 || r.length === 0) throw problem('"@" needs tensors with at least one dimension on both sides.', e.col, e.endCol);
  if (l.length === 1 && r.length === 1) return l[0] === r[0] ? [] : fail();
  if (l.length === 2 && r.length === 2) return l[1] === r[0] ? [l[0], r[1]] : fail();
  if (l.length === 1 && r.length === 2) return l[0] === r[0] ? [r[1]] : fail();
  if (l.length === 2 && r.length === 1) return l[1] === r[0] ? [l[0]] : fail();
  return fail();
}

function callShape(e: Extract<Expr, { kind: 'call' }>, go: (e: Expr) => Shape | null): Shape | null {
  const callee = e.callee;
  const args = e.args.map(go);
  e.keywords.forEach((k) => go(k.value));
  const dimArg = e.keywords.find((k) => k.name === 'dim')?.value;
  const keepdim = e.keywords.some((k) => k.name === 'keepdim' && k.value.kind === 'name' && k.value.id === 'True');
  const reduce = (s: Shape | null, dimExpr: Expr | undefined): Shape | null => {
    if (!s) return null;
    if (!dimExpr) return [];
    if (dimExpr.kind !== 'num' && !(dimExpr.kind === 'unary' && dimExpr.operand.kind === 'num')) return null;
    const raw = dimExpr.kind === 'num' ? Number(dimExpr.value) : -Number((dimExpr.operand as { value: string }).value);
    const dim = raw < 0 ? raw + s.length : raw;
    if (dim < 0 || dim >= s.length) throw problem(`dim=${raw} is out of range for a tensor with ${s.length} dimension${s.length === 1 ? '' : 's'}.`, dimExpr.col, dimExpr.endCol);
    return keepdim ? s.map((n, i) => (i === dim ? 1 : n)) : s.filter((_, i) => i !== dim);
  };
  if (callee.kind === 'attr') {
    const fn = callee.attr;
    const owner = callee.target;
    const isModule = owner.kind === 'name' && (owner.id === 'torch' || owner.id === 'F' || owner.id === 'math');
    if (isModule) {
      if (ELEMENTWISE.has(fn) && args.length === 1) return args[0];
      if (REDUCE.has(fn)) return reduce(args[0], dimArg ?? e.args[1]);
      if (fn === 'pow' && args.length === 2) return args[0] && args[1] ? broadcast(args[0], args[1]) : null;
      if (fn === 'matmul' && args.length === 2 && args[0] && args[1]) return matmulShape(args[0], args[1], e);
      if (fn === 'mse_loss' || fn === 'binary_cross_entropy_with_logits' || fn === 'binary_cross_entropy') return [];
      return null;
    }
    const self = go(owner);
    if (ELEMENTWISE.has(fn)) return self;
    if (REDUCE.has(fn)) return reduce(self, dimArg ?? e.args[0]);
    if (fn === 'pow') return self;
    if (fn === 't') return self ? [...self].reverse() : null;
    if (fn === 'matmul' && self && args[0]) return matmulShape(self, args[0], e);
    return null;
  }
  go(callee);
  return null;
}
