/**
 * Prints a tree back to Python source that parses to the same tree (up to
 * positions). Parentheses are added only where precedence needs them, and
 * tuples are always parenthesised.
 *
 * Limits, inherited from Python 3.11 f-strings: inside an f-string field a
 * string literal can use neither a backslash nor the f-string's own quote,
 * so such trees (which the parser cannot produce from one quote style) make
 * printAst throw a plain Error. Numbers must be finite and non-negative, as
 * the parser produces them (a negative number is a UnaryOp).
 */
import type { Arguments, Expr, FString, FormattedValue, IndexTuple, Module, Slice, Stmt, Target } from './ast';

export function printAst(module: Module): string {
  const lines: string[] = [];
  printBody(module.body, '', lines);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** Source text of one expression. */
export function printExpr(e: Expr): string {
  return expr(e, Prec.Test, TOP);
}

// Higher binds tighter. Tuples are always printed in parentheses, so atom-level.
const enum Prec {
  Test = 1,
  Or,
  And,
  Not,
  Compare,
  BitOr,
  BitXor,
  BitAnd,
  Shift,
  Arith,
  Term,
  Factor,
  Power,
  Primary,
  Atom,
}

const BINARY_PREC: Record<string, Prec> = {
  '|': Prec.BitOr,
  '^': Prec.BitXor,
  '&': Prec.BitAnd,
  '<<': Prec.Shift,
  '>>': Prec.Shift,
  '+': Prec.Arith,
  '-': Prec.Arith,
  '*': Prec.Term,
  '/': Prec.Term,
  '//': Prec.Term,
  '%': Prec.Term,
  '@': Prec.Term,
  '**': Prec.Power,
};

/** Quoting constraints inside f-string fields. */
interface Ctx {
  /** Quote characters that would end an enclosing f-string. */
  forbidden: string;
  /** Python 3.11 forbids backslashes anywhere in an f-string field. */
  noBackslash: boolean;
}

const TOP: Ctx = { forbidden: '', noBackslash: false };

function printBody(body: Stmt[], indent: string, out: string[]): void {
  for (const s of body) printStmt(s, indent, out);
}

function printStmt(s: Stmt, indent: string, out: string[]): void {
  switch (s.kind) {
    case 'Import':
      out.push(`${indent}import ${s.names.map(aliasText).join(', ')}`);
      return;
    case 'ImportFrom':
      out.push(`${indent}from ${s.module} import ${s.names.map(aliasText).join(', ')}`);
      return;
    case 'Assign':
      out.push(`${indent}${s.targets.map((t) => target(t)).join(' = ')} = ${top(s.value)}`);
      return;
    case 'AugAssign':
      out.push(`${indent}${target(s.target)} ${s.op}= ${top(s.value)}`);
      return;
    case 'ExprStmt':
      out.push(`${indent}${top(s.value)}`);
      return;
    case 'For':
      out.push(`${indent}for ${target(s.target)} in ${top(s.iter)}:`);
      printBlock(s.body, indent, out);
      printElse(s.orelse, indent, out);
      return;
    case 'While':
    case 'If':
      // An elif chain prints as `else:` holding the nested if: the same tree.
      out.push(`${indent}${s.kind === 'If' ? 'if' : 'while'} ${top(s.test)}:`);
      printBlock(s.body, indent, out);
      printElse(s.orelse, indent, out);
      return;
    case 'FunctionDef':
      out.push(`${indent}def ${s.name}(${parameters(s.args, TOP)}):`);
      printBlock(s.body, indent, out);
      return;
    case 'Return':
      out.push(s.value === null ? `${indent}return` : `${indent}return ${top(s.value)}`);
      return;
    case 'Global':
      out.push(`${indent}global ${s.names.join(', ')}`);
      return;
    case 'With': {
      const items = s.items.map((it) => (it.target ? `${top(it.context)} as ${target(it.target)}` : top(it.context)));
      // `with (a, b):` means two items; one tuple item needs its own parentheses.
      const lone = s.items.length === 1 && s.items[0].target === null && s.items[0].context.kind === 'Tuple';
      out.push(`${indent}with ${lone ? `(${items[0]})` : items.join(', ')}:`);
      printBlock(s.body, indent, out);
      return;
    }
    case 'Pass':
      out.push(`${indent}pass`);
      return;
    case 'Break':
      out.push(`${indent}break`);
      return;
    case 'Continue':
      out.push(`${indent}continue`);
      return;
  }
}

function printBlock(body: Stmt[], indent: string, out: string[]): void {
  if (body.length === 0) throw new Error('printAst: a block needs at least one statement');
  printBody(body, indent + '    ', out);
}

function printElse(orelse: Stmt[], indent: string, out: string[]): void {
  if (orelse.length === 0) return;
  out.push(`${indent}else:`);
  printBlock(orelse, indent, out);
}

function parameters(a: Arguments, ctx: Ctx): string {
  const withDefault = (name: string, d: Expr | null): string => (d === null ? name : `${name}=${expr(d, Prec.Test, ctx)}`);
  const first = a.args.length - a.defaults.length;
  const parts = a.args.map((p, i) => withDefault(p.arg, i < first ? null : a.defaults[i - first]));
  if (a.vararg !== null) parts.push(`*${a.vararg.arg}`);
  else if (a.kwonlyargs.length > 0) parts.push('*');
  a.kwonlyargs.forEach((p, i) => parts.push(withDefault(p.arg, a.kwDefaults[i])));
  return parts.join(', ');
}

function aliasText(a: { name: string; asname: string | null }): string {
  return a.asname === null ? a.name : `${a.name} as ${a.asname}`;
}

function top(e: Expr): string {
  return expr(e, Prec.Test, TOP);
}

function target(t: Target): string {
  // Targets are primaries or displays, so they never need parentheses.
  return expr(t, Prec.Test, TOP);
}

function precedence(e: Expr): Prec {
  switch (e.kind) {
    case 'IfExp':
    case 'Lambda':
      return Prec.Test;
    case 'BoolOp':
      return e.op === 'or' ? Prec.Or : Prec.And;
    case 'UnaryOp':
      return e.op === 'not' ? Prec.Not : Prec.Factor;
    case 'Compare':
      return Prec.Compare;
    case 'BinOp':
      return BINARY_PREC[e.op];
    case 'Attribute':
    case 'Subscript':
    case 'Call':
      return Prec.Primary;
    default:
      return Prec.Atom;
  }
}

function expr(e: Expr, min: Prec, ctx: Ctx): string {
  const text = exprText(e, ctx);
  return precedence(e) < min ? `(${text})` : text;
}

function exprText(e: Expr, ctx: Ctx): string {
  switch (e.kind) {
    case 'Name':
      return e.id;
    case 'Int':
      return e.digits;
    case 'Float':
      return floatText(e.value);
    case 'Str':
      return quote(e.value, ctx);
    case 'FString':
      return fstring(e, ctx);
    case 'Bool':
      return e.value ? 'True' : 'False';
    case 'None':
      return 'None';
    case 'Ellipsis':
      return '...';
    case 'List':
      return `[${e.elts.map((x) => expr(x, Prec.Test, ctx)).join(', ')}]`;
    case 'Tuple':
      if (e.elts.length === 1) return `(${expr(e.elts[0], Prec.Test, ctx)},)`;
      return `(${e.elts.map((x) => expr(x, Prec.Test, ctx)).join(', ')})`;
    case 'Attribute': {
      // `1.real` would lex as the float `1.` followed by a name.
      const value = e.value.kind === 'Int' ? `(${e.value.digits})` : expr(e.value, Prec.Primary, ctx);
      return `${value}.${e.attr}`;
    }
    case 'Subscript':
      return `${expr(e.value, Prec.Primary, ctx)}[${indexText(e.index, ctx)}]`;
    case 'Call': {
      const args = e.args.map((a) => expr(a, Prec.Test, ctx));
      const kws = e.keywords.map((k) => `${k.name}=${expr(k.value, Prec.Test, ctx)}`);
      return `${expr(e.func, Prec.Primary, ctx)}(${[...args, ...kws].join(', ')})`;
    }
    case 'UnaryOp':
      if (e.op === 'not') return `not ${expr(e.operand, Prec.Not, ctx)}`;
      return `${e.op}${expr(e.operand, Prec.Factor, ctx)}`;
    case 'BinOp': {
      const p = BINARY_PREC[e.op];
      if (e.op === '**') return `${expr(e.left, Prec.Primary, ctx)} ** ${expr(e.right, Prec.Factor, ctx)}`;
      return `${expr(e.left, p, ctx)} ${e.op} ${expr(e.right, p + 1, ctx)}`;
    }
    case 'BoolOp': {
      const inner = e.op === 'or' ? Prec.And : Prec.Not;
      return e.values.map((v) => expr(v, inner, ctx)).join(` ${e.op} `);
    }
    case 'Compare': {
      let s = expr(e.left, Prec.BitOr, ctx);
      e.ops.forEach((op, i) => {
        s += ` ${op} ${expr(e.comparators[i], Prec.BitOr, ctx)}`;
      });
      return s;
    }
    case 'IfExp':
      return `${expr(e.body, Prec.Or, ctx)} if ${expr(e.test, Prec.Or, ctx)} else ${expr(e.orelse, Prec.Test, ctx)}`;
    case 'Lambda': {
      const params = parameters(e.args, ctx);
      return `lambda${params === '' ? '' : ' '}${params}: ${expr(e.body, Prec.Test, ctx)}`;
    }
    case 'Starred':
      return `*${expr(e.value, Prec.Test, ctx)}`;
  }
}

function indexText(index: Expr | Slice | IndexTuple, ctx: Ctx): string {
  if (index.kind === 'Slice') return sliceText(index, ctx);
  if (index.kind === 'IndexTuple') {
    const parts = index.elts.map((x) => (x.kind === 'Slice' ? sliceText(x, ctx) : expr(x, Prec.Test, ctx)));
    return parts.length === 1 ? `${parts[0]},` : parts.join(', ');
  }
  return expr(index, Prec.Test, ctx);
}

function sliceText(s: Slice, ctx: Ctx): string {
  const part = (x: Expr | null): string => (x === null ? '' : expr(x, Prec.Test, ctx));
  return s.step === null ? `${part(s.lower)}:${part(s.upper)}` : `${part(s.lower)}:${part(s.upper)}:${part(s.step)}`;
}

function floatText(v: number): string {
  if (!(v >= 0)) throw new Error(`printAst: float literal ${v} must be non-negative`);
  if (v === Infinity) return '1e309';
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

// ---------------------------------------------------------------- strings

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** The escaped form of one character inside a literal quoted with `q`. */
function escapeChar(ch: string, q: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  if (ch === q) return '\\' + q;
  if (ch !== ' ' && NOT_PRINTABLE.test(ch)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x100) return '\\x' + cp.toString(16).padStart(2, '0');
    if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
    return '\\U' + cp.toString(16).padStart(8, '0');
  }
  return ch;
}

/** Body of a literal quoted with `q`, escaped as needed; null if `ctx` forbids the escapes. */
function escapeBody(s: string, q: string, ctx: Ctx): string | null {
  let out = '';
  for (const ch of s) {
    const esc = escapeChar(ch, q);
    if (esc !== ch && ctx.noBackslash) return null;
    out += esc;
  }
  return out;
}

function quoteChoices(s: string, ctx: Ctx): string[] {
  // Like Python's repr: single quotes unless the text has one and no double quote.
  const preferred = s.includes("'") && !s.includes('"') ? ['"', "'"] : ["'", '"'];
  return preferred.filter((q) => !ctx.forbidden.includes(q));
}

function quote(s: string, ctx: Ctx): string {
  for (const q of quoteChoices(s, ctx)) {
    const body = escapeBody(s, q, ctx);
    if (body !== null) return q + body + q;
  }
  throw new Error(`printAst: cannot write the string ${JSON.stringify(s)} inside an f-string field`);
}

function fstring(e: FString, ctx: Ctx): string {
  const text = e.parts.map((p) => (typeof p === 'string' ? p : '')).join('');
  for (const q of quoteChoices(text, ctx)) {
    const inner: Ctx = { forbidden: ctx.forbidden + q, noBackslash: true };
    let body = '';
    let ok = true;
    for (const part of e.parts) {
      const piece = typeof part === 'string' ? literalPart(part, q, ctx) : field(part, q, ctx, inner);
      if (piece === null) {
        ok = false;
        break;
      }
      body += piece;
    }
    if (ok) return `f${q}${body}${q}`;
  }
  throw new Error('printAst: cannot write this f-string inside an f-string field');
}

function literalPart(s: string, q: string, ctx: Ctx): string | null {
  const body = escapeBody(s, q, ctx);
  return body === null ? null : body.replace(/[{}]/g, (b) => b + b);
}

/** `{value!conversion:spec}`; the spec is literal text of the f-string, quoted like its other literal parts. */
function field(f: FormattedValue, q: string, ctx: Ctx, inner: Ctx): string | null {
  let valueText: string;
  try {
    // Throws when a nested string cannot be quoted here: try another quote.
    // A lambda's `:` would start the format spec: it needs parentheses in a field.
    valueText = f.value.kind === 'Lambda' ? `(${expr(f.value, Prec.Test, inner)})` : expr(f.value, Prec.Test, inner);
  } catch {
    return null;
  }
  let s = `{${valueText}`;
  if (f.conversion !== null) s += `!${f.conversion}`;
  if (f.formatSpec !== null) {
    if (/[{}]/.test(f.formatSpec)) throw new Error('printAst: a format spec cannot contain braces');
    const spec = escapeBody(f.formatSpec, q, ctx);
    if (spec === null) return null;
    s += `:${spec}`;
  }
  return s + '}';
}
